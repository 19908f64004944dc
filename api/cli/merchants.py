"""``credit-platform merchants``: commerce districts, their operators, and a bulk import of
indicator observations (a CSV file; each bad line is reported with its number and why)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from api.auth.scopes import PartnerType
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.repositories.partners import PartnerRepository
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.errors import DomainError
from api.domain.merchants import services
from api.domain.merchants.model import ImportReport
from api.domain.merchants.services import IMPORT_COLUMNS, Recorder
from api.settings import get_settings

T = TypeVar("T")

app = typer.Typer(
    help="Commerce-district merchants: districts, operators, indicator imports.",
    no_args_is_help=True,
)
console = Console(stderr=True)


def _run(work: Callable[[Repositories], Awaitable[T]]) -> T:
    """Run ``work`` in one unit of work on the configured database and commit it."""
    settings = get_settings()

    async def run() -> T:
        engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)
        try:
            async with UnitOfWork(session_factory(engine)) as uow:
                result = await work(uow.repos)
                await uow.commit()
                return result
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except DomainError as error:
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(1) from None


@app.command("districts")
def districts() -> None:
    """List the commerce districts (name and district code)."""

    async def work(repos: Repositories) -> list[tuple[str, str]]:
        return [
            (d.name, d.district.value) for d in await repos.merchant_indicators.commerce_districts()
        ]

    for name, district in _run(work):
        print(f"{name}\t{district}")


@app.command("bind-operator")
def bind_operator(
    partner_id: Annotated[int, typer.Option(help="A partner of type commerce_district.")],
    district: Annotated[
        str, typer.Option(help="The commerce district it operates, e.g. 东城时代.")
    ],
) -> None:
    """Let a commerce-district partner operate a commerce district."""

    async def work(repos: Repositories) -> None:
        found = await PartnerRepository(repos.session).partners(partner_id)
        if not found or found[0].type != PartnerType.COMMERCE_DISTRICT.value:
            console.print(f"[red]partner {partner_id} is not a commerce_district partner[/red]")
            raise typer.Exit(1)
        await services.bind_district_operator(repos.merchant_indicators, partner_id, district)

    _run(work)
    print(f"partner {partner_id} operates {district}")


@app.command(
    "import",
    help="Import a CSV file of indicator observations. Header: "
    + ",".join(IMPORT_COLUMNS)
    + " (note and key optional). Good lines are recorded; each bad line is printed with its "
    "number and why; importing a file again records nothing twice.",
)
def import_indicators(
    file: Annotated[Path, typer.Argument(help="The CSV file (UTF-8).")],
    operator: Annotated[
        int | None,
        typer.Option(help="Record as this district operator (held to its districts)."),
    ] = None,
) -> None:
    now = datetime.now(UTC)
    try:
        content = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        console.print(f"[red]cannot read {file}: {error}[/red]")
        raise typer.Exit(2) from None
    recorder = Recorder(operator, district_operator=operator is not None)

    async def work(repos: Repositories) -> ImportReport:
        return await services.import_observations(
            repos.merchant_indicators, recorder, content, today=city_today(now), now=now
        )

    report = _run(work)
    for refused in report.errors:
        print(f"line {refused.line}: {refused.code}: {refused.message}")
    print(
        f"read {report.lines:,} lines: {report.recorded:,} recorded, "
        f"{report.replayed:,} already recorded, {len(report.errors):,} refused"
    )
    if report.errors:
        raise typer.Exit(1)
