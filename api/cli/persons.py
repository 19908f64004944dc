"""``credit-platform persons``: issue and revoke integrity codes, read a person's access log.

For the demo and tests: the citizen app does the same through the API for a signed-in person.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from api.crypto import KeyedAccessCrypto
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.audit.services import person_access_log
from api.domain.consent.codes import issue_integrity_code, revoke_integrity_code
from api.domain.consent.model import Purpose
from api.domain.consent.persons import require_person
from api.domain.consent.rules import CODE_DEFAULT_LIFETIME
from api.domain.errors import DomainError
from api.domain.paging import MAX_PAGE_SIZE, PageRequest
from api.settings import get_settings

T = TypeVar("T")

app = typer.Typer(help="Persons: integrity codes and access logs.", no_args_is_help=True)
console = Console(stderr=True)


def run_unit_of_work(work: Callable[[Repositories, KeyedAccessCrypto], Awaitable[T]]) -> T:
    """Run ``work`` in one unit of work on the configured database and commit it."""
    settings = get_settings()
    crypto = KeyedAccessCrypto(settings.keys())

    async def run() -> T:
        engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)
        try:
            async with UnitOfWork(session_factory(engine)) as uow:
                result = await work(uow.repos, crypto)
                await uow.commit()
                return result
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except DomainError as error:
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(1) from None


@app.command("issue-code")
def issue_code(
    resident_id: Annotated[str, typer.Option(help="The person's 18-character resident ID.")],
    purpose: Annotated[Purpose, typer.Option(help="The one scenario the code authorises.")],
    minutes: Annotated[
        int, typer.Option(help="How long the code is valid (1 to 60 minutes).")
    ] = int(CODE_DEFAULT_LIFETIME.total_seconds() // 60),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Issue a person's integrity code for one purpose (what the city app shows as a QR code)."""

    async def work(repos: Repositories, crypto: KeyedAccessCrypto) -> dict[str, str]:
        person = await require_person(repos, crypto, resident_id)
        issued = await issue_integrity_code(
            repos,
            crypto,
            person_id=person.id,
            purpose=purpose,
            issued_by_client_id=None,
            now=datetime.now(UTC),
            lifetime=timedelta(minutes=minutes),
        )
        return {
            "code": issued.code,
            "code_id": issued.integrity_code.id,
            "person": person.resident_id_masked,
            "purpose": issued.integrity_code.purpose.value,
            "expires_at": issued.integrity_code.expires_at.isoformat(),
        }

    out = run_unit_of_work(work)
    if as_json:
        print(json.dumps(out))
        return
    print(f"code:       {out['code']}")
    print(f"person:     {out['person']}")
    print(f"purpose:    {out['purpose']}")
    print(f"expires_at: {out['expires_at']}")


@app.command("revoke-code")
def revoke_code(
    code: Annotated[str, typer.Option(help="The code text to revoke.")],
) -> None:
    """Revoke an integrity code at once (revoking twice is harmless)."""

    async def work(repos: Repositories, crypto: KeyedAccessCrypto) -> str:
        revoked = await revoke_integrity_code(
            repos, crypto, code=code, person_id=None, now=datetime.now(UTC)
        )
        return revoked.id

    code_id = run_unit_of_work(work)
    console.print(f"integrity code {code_id} revoked")


@app.command("access-log")
def access_log(
    resident_id: Annotated[str, typer.Option(help="The person's 18-character resident ID.")],
    first: Annotated[int, typer.Option(help=f"How many rows (1 to {MAX_PAGE_SIZE}).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Who read this person's data, newest first (what the person sees in the city app)."""

    async def work(repos: Repositories, crypto: KeyedAccessCrypto) -> list[dict[str, object]]:
        page = await person_access_log(
            repos, crypto, resident_id=resident_id, request=PageRequest(first=first)
        )
        return [
            {
                "at": entry.record.occurred_at.isoformat(),
                "partner": entry.partner_name,
                "partner_type": entry.record.partner_type,
                "purpose": entry.record.purpose.value,
                "fields": list(entry.record.fields),
                "outcome": entry.record.outcome.value,
                "reason": entry.record.reason.value if entry.record.reason else None,
                "code_id": entry.record.code_id,
                "consent_id": entry.record.consent_id,
            }
            for entry, _ in page.items
        ]

    rows = run_unit_of_work(work)
    if as_json:
        print(json.dumps(rows))
        return
    for row in rows:
        why = f" ({row['reason']})" if row["reason"] else ""
        print(
            f"{row['at']}  {row['outcome']}{why}  {row['partner_type']}  {row['partner']}  "
            f"{row['purpose']}"
        )
