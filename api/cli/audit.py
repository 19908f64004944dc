"""``credit-platform audit``: seal the audit trail's chain, and check it is intact, day by day."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

import typer

from api.cli.guard import UserError
from api.db.audit_seal import SealReport, seal_audit_chain
from api.db.engine import create_engine, session_factory, sqlite_begin
from api.db.repositories.audit import AuditRepository
from api.db.repositories.gate import SessionGate
from api.domain.audit.chain import ChainBreak, ChainWalker
from api.domain.clock import CITY_TZ
from api.settings import get_settings

app = typer.Typer(help="The audit trail.", no_args_is_help=True)


@app.callback()
def audit() -> None:
    """The audit trail: append-only and chained per day."""


def _day(value: str | None, option: str) -> date | None:
    """An ISO date given on the command line, or a one-line user error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from None


@dataclass(slots=True)
class Verdict:
    """What a walk of the chains found: days and rows that held, each broken day, unsealed."""

    days: int = 0
    rows: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    unsealed: int = 0
    oldest_unsealed: int | None = None


def _city_midnight(day: date) -> datetime:
    """The instant a city day begins."""
    return datetime.combine(day, time.min, tzinfo=CITY_TZ).astimezone(UTC)


def horizon() -> timedelta:
    """How old an audit row is before it is sealed (``CREDIT_AUDIT_SEAL_HORIZON_SECONDS``)."""
    return timedelta(seconds=get_settings().audit_seal_horizon_seconds)


async def verify_chains(
    url: str, first: date | None, last: date | None, *, now: datetime, horizon: timedelta
) -> Verdict:
    """Walk every day's sealed chain from ``first`` to ``last``; count rows left unsealed.

    An unsealed row that happened before ``now - horizon`` should have been sealed: a
    problem (no sealer runs, or one fails), reported with the breaks.
    """
    engine = create_engine(url, pool_size=1, max_overflow=1)
    # One snapshot for the whole walk: seals that commit meanwhile are not half seen.
    snapshot = (
        engine.execution_options(isolation_level="REPEATABLE READ")
        if engine.dialect.name == "postgresql"
        else sqlite_begin(engine, "DEFERRED")
    )
    verdict = Verdict()
    try:
        async with session_factory(snapshot)() as session:
            repository = AuditRepository(SessionGate(session))
            days = await repository.chain_days(first, last)
            for day in days:
                held, broken = await _verify_one(repository, day)
                verdict.rows += held
                if broken is not None:
                    verdict.breaks.append(broken)
            verdict.days = len(days)
            verdict.unsealed, verdict.oldest_unsealed = await repository.unsealed_before(
                now - horizon,
                _city_midnight(first) if first is not None else None,
                _city_midnight(last + timedelta(days=1)) if last is not None else None,
            )
            await session.rollback()
            return verdict
    finally:
        await engine.dispose()


async def seal_chains(url: str, *, now: datetime, horizon: timedelta) -> SealReport:
    """One sealing round over the database at ``url``."""
    engine = create_engine(url, pool_size=1, max_overflow=1)
    try:
        return await seal_audit_chain(session_factory(engine), now, horizon)
    finally:
        await engine.dispose()


async def _verify_one(repository: AuditRepository, day: date) -> tuple[int, ChainBreak | None]:
    """How many rows of ``day`` held, and its first break (None when the day is intact)."""
    head = await repository.chain_head(day)
    walker = ChainWalker(day)
    async for row in repository.chained_rows(day):
        broken = walker.feed(row, head)
        if broken is not None:
            return walker.rows, broken
    return walker.rows, walker.finish(head)


@app.command()
def verify(
    day: Annotated[str | None, typer.Option("--day", help="One day (YYYY-MM-DD).")] = None,
    first: Annotated[
        str | None, typer.Option("--from", help="The first day to check (YYYY-MM-DD).")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--until", help="The last day to check, inclusive.")
    ] = None,
) -> None:
    """Recompute each day's chain; exit 1 with one line per broken day (and one if rows older
    than the horizon are unsealed), 0 when all hold."""
    if day is not None and (first is not None or last is not None):
        raise UserError("give --day, or --from and --until, not both")
    start = _day(day, "--day") if day is not None else _day(first, "--from")
    end = _day(day, "--day") if day is not None else _day(last, "--until")
    if start is not None and end is not None and start > end:
        raise UserError("--from must not be after --until")
    settings = get_settings()
    verdict = asyncio.run(
        verify_chains(
            settings.resolved_database_url, start, end, now=datetime.now(UTC), horizon=horizon()
        )
    )
    for broken in verdict.breaks:
        print(str(broken))
    if verdict.unsealed:
        print(
            f"unsealed: {verdict.unsealed} row(s) older than "
            f"{settings.audit_seal_horizon_seconds} s, the oldest id {verdict.oldest_unsealed}"
            " (is a sealer running? `credit-platform audit seal`)"
        )
    if verdict.breaks or verdict.unsealed:
        raise typer.Exit(1)
    print(f"audit chain intact: {verdict.days} day(s), {verdict.rows} row(s)")


@app.command()
def seal() -> None:
    """Chain the audit rows older than the horizon, per day in order of id (the worker and
    `jobs run` do it too); safe beside them."""
    settings = get_settings()
    report = asyncio.run(
        seal_chains(settings.resolved_database_url, now=datetime.now(UTC), horizon=horizon())
    )
    late = f", {report.late} late" if report.late else ""
    print(f"sealed {report.sealed} audit row(s) on {len(report.days)} day(s){late}")
