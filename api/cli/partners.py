"""``credit-platform partners``: create partners and clients, list, rotate secrets, disable,
link a village committee to its village."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import (
    PartnerError,
    create_partner,
    disable_partner,
    list_partners,
    rotate_client_secret,
)
from api.auth.scopes import PartnerType, UnknownScopeError, parse_scopes, scope_table_markdown
from api.db.engine import create_engine, session_factory
from api.db.tables import metadata
from api.settings import get_settings

T = TypeVar("T")

app = typer.Typer(help="Partners and their OAuth clients.", no_args_is_help=True)
console = Console(stderr=True)


def run_in_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``work`` in one session on the configured database and commit it."""
    settings = get_settings()

    async def run() -> T:
        engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)
        try:
            async with session_factory(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except PartnerError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None


@app.command()
def create(
    partner_type: Annotated[PartnerType, typer.Option("--type", help="The partner type.")],
    name: Annotated[str, typer.Option(help="The partner's name.")],
    scope: Annotated[
        list[str] | None,
        typer.Option(help="A scope for the client (repeat); default: all its type may hold."),
    ] = None,
    contact: Annotated[str | None, typer.Option(help="Who to contact at the partner.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a partner with one client; its secret is printed once and never again."""
    try:
        scopes = parse_scopes(" ".join(scope or []))
    except UnknownScopeError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    issued = run_in_session(
        lambda session: create_partner(
            session, partner_type=partner_type, name=name, scopes=scopes, contact=contact
        )
    )
    if as_json:
        print(json.dumps(issued.as_json()))
        return
    print(f"partner_id:    {issued.partner_id}")
    print(f"client_id:     {issued.client_id}")
    print(f"client_secret: {issued.client_secret}   (shown once: store it now)")
    print(f"scopes:        {' '.join(sorted(issued.scopes))}")


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List partners, their status and their client ids."""
    partners = run_in_session(list_partners)
    rows = [
        {
            "partner_id": partner.id,
            "name": partner.name,
            "type": partner.type,
            "status": partner.status,
            "client_ids": list(partner.client_ids),
            "created_at": partner.created_at.isoformat(),
        }
        for partner in partners
    ]
    if as_json:
        print(json.dumps(rows))
        return
    for partner in partners:
        clients = ", ".join(partner.client_ids) or "-"
        print(
            f"{partner.id:>5}  {partner.status:<8}  {partner.type:<18}  {partner.name}  [{clients}]"
        )


@app.command("rotate-secret")
def rotate_secret(
    client_id: Annotated[str, typer.Argument(help="The client whose secret to replace.")],
    overlap_seconds: Annotated[
        int | None,
        typer.Option(help="How long the old secret keeps working (default from settings)."),
    ] = None,
    revoke_tokens: Annotated[
        bool,
        typer.Option(help="Compromised: the old secret stops at once and its tokens are refused."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Give a client a new secret (printed once); the old one works for an overlap."""
    seconds = (
        get_settings().oauth_secret_overlap_seconds if overlap_seconds is None else overlap_seconds
    )
    rotated = run_in_session(
        lambda session: rotate_client_secret(
            session,
            client_id,
            overlap=timedelta(seconds=max(0, seconds)),
            revoke_tokens=revoke_tokens,
        )
    )
    until = rotated.previous_valid_until.isoformat() if rotated.previous_valid_until else None
    if as_json:
        print(
            json.dumps(
                {
                    "client_id": rotated.client_id,
                    "client_secret": rotated.client_secret,
                    "previous_secret_valid_until": until,
                }
            )
        )
        return
    print(f"client_id:     {rotated.client_id}")
    print(f"client_secret: {rotated.client_secret}   (shown once: store it now)")
    print(f"old secret:    {'valid until ' + until if until else 'no longer valid'}")


@app.command()
def disable(partner_id: Annotated[int, typer.Argument(help="The partner to disable.")]) -> None:
    """Disable a partner: no new tokens, and its tokens are refused within seconds."""
    run_in_session(lambda session: disable_partner(session, partner_id))
    console.print(f"partner {partner_id} disabled")


async def link_village(session: AsyncSession, partner_id: int, village: str) -> None:
    """Make a village committee partner the committee of a village that has none yet."""
    partners, villages = metadata.tables["partners"], metadata.tables["villages"]
    kind = await session.scalar(select(partners.c.type).where(partners.c.id == partner_id))
    if kind != PartnerType.VILLAGE_COMMITTEE.value:
        raise PartnerError(f"partner {partner_id} is not a village committee")
    found = await session.execute(
        select(villages.c.committee_partner_id).where(villages.c.name == village)
    )
    row = found.first()
    if row is None:
        raise PartnerError(f"no village named {village!r}")
    if row[0] not in (None, partner_id):
        raise PartnerError(f"{village} is run by partner {row[0]}; disable that partner first")
    await session.execute(
        update(villages).where(villages.c.name == village).values(committee_partner_id=partner_id)
    )


@app.command("link-village")
def link_village_command(
    partner_id: Annotated[int, typer.Argument(help="The village committee partner.")],
    village: Annotated[str, typer.Option(help="The village it runs, e.g. 余村.")],
) -> None:
    """Make a village committee the committee of its village (one village, one committee)."""
    run_in_session(lambda session: link_village(session, partner_id, village))
    console.print(f"partner {partner_id} runs {village}")


@app.command()
def scopes() -> None:
    """Print which scopes each partner type may hold, as a Markdown table."""
    print(scope_table_markdown(), end="")
