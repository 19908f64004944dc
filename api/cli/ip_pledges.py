"""``credit-platform ip-pledges``: the figures of IP pledge financing for the credit office."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console

from api.db.engine import create_engine, session_factory
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.errors import DomainError
from api.domain.ippledge import services
from api.domain.ippledge.model import PledgeStatistics
from api.settings import get_settings

app = typer.Typer(help="Intellectual-property pledge financing.", no_args_is_help=True)
console = Console(stderr=True)


@app.command("statistics")
def statistics(
    since: Annotated[
        str | None, typer.Option(help="First day of loans counted (default: a year ago).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last day (default: today).")] = None,
) -> None:
    """Enterprises, pledges, registered value, loans and mean days to loan over a period."""
    now = datetime.now(UTC)
    try:
        last = date.fromisoformat(until) if until else city_today(now)
        first = date.fromisoformat(since) if since else last - timedelta(days=365)
    except ValueError as error:
        console.print(f"[red]a day is written YYYY-MM-DD: {error}[/red]")
        raise typer.Exit(2) from None
    settings = get_settings()

    async def run() -> PledgeStatistics:
        engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)
        try:
            async with UnitOfWork(session_factory(engine)) as uow:
                return await services.pledge_statistics(uow.repos.ip_pledges, first, last, now)
        finally:
            await engine.dispose()

    try:
        figures = asyncio.run(run())
    except DomainError as error:
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(1) from None
    print(f"period\t{first}..{last}")
    print(f"enterprises\t{figures.enterprises}")
    print(f"pledges\t{figures.pledges}")
    print(f"valuation_total\t{figures.valuation_total}")
    print(f"loan_total\t{figures.loan_total}")
    mean = "-" if figures.mean_days_to_loan is None else figures.mean_days_to_loan
    print(f"mean_days_to_loan\t{mean}")
