"""``credit-platform jobs run``: overdue visits, record expiry, repair notices, webhooks."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time
from typing import Annotated

import typer
from rich.console import Console

from api.cli.audit import horizon, seal_chains
from api.cli.worker import run_worker
from api.db.batch_credit.jobs import JobsReport, run_jobs
from api.db.engine import create_engine, session_factory
from api.domain.clock import CITY_TZ, city_today
from api.domain.credit.repair import NoticeKind
from api.observability.metrics import count_job_run
from api.settings import get_settings

app = typer.Typer(
    help="Daily jobs: overdue pay-after-treatment visits, record expiry, repair notices.",
    no_args_is_help=True,
)
console = Console(stderr=True)


async def _run(today: date | None) -> JobsReport:
    engine = create_engine(get_settings().resolved_database_url, pool_size=2, max_overflow=2)
    now = datetime.now(UTC)
    if today is not None and today != city_today(now):
        # A run for another day acts as at the start of that day in the city.
        now = datetime.combine(today, time.min, tzinfo=CITY_TZ).astimezone(UTC)
    try:
        return await run_jobs(session_factory(engine), today=city_today(now), now=now)
    finally:
        await engine.dispose()


@app.command()
def run(
    today: Annotated[
        str | None,
        typer.Option(help="Run as on this city day (YYYY-MM-DD); default: today."),
    ] = None,
) -> None:
    """Mark pay-after-treatment visits unsettled past their last day overdue (each with a
    credit record and a repair case), expire records whose publicity ended (and re-evaluate
    their subjects), then write the repair notices, reminders and follow-ups due to the
    outbox, tell banks what worsened for borrowers they follow that were evaluated in bulk,
    seal the audit rows older than the horizon into their days' chains, and deliver one round
    of due webhook events (`credit-platform worker` delivers and seals continuously). Safe to
    run twice."""
    day = None
    if today is not None:
        try:
            day = date.fromisoformat(today)
        except ValueError:
            console.print(f"[red]--today must be YYYY-MM-DD, not {today!r}[/red]")
            raise typer.Exit(2) from None
    try:
        report = asyncio.run(_run(day))
    except BaseException:
        count_job_run("daily", ok=False)
        raise
    count_job_run("daily", ok=True)
    try:
        sealed = asyncio.run(
            seal_chains(
                get_settings().resolved_database_url, now=datetime.now(UTC), horizon=horizon()
            )
        )
    except BaseException:
        count_job_run("audit_seal", ok=False)
        raise
    count_job_run("audit_seal", ok=True)
    try:
        delivered = asyncio.run(run_worker(once=True, interval=None))
    except BaseException:
        count_job_run("webhook_delivery", ok=False)
        raise
    count_job_run("webhook_delivery", ok=True)
    n = report.notices
    print(
        f"expired {report.expired_records:,} records, re-evaluated "
        f"{report.reevaluated_subjects:,} subjects; outbox: "
        f"{n[NoticeKind.REPAIR_NOTICE]:,} notices, {n[NoticeKind.REPAIR_REMINDER]:,} reminders, "
        f"{n[NoticeKind.REPAIR_FOLLOW_UP]:,} follow-ups; "
        f"{report.overdue_accounts:,} pay-after-treatment visits marked overdue "
        f"({report.seconds:.1f} s); post-loan: {report.borrower_events:,} events for "
        f"{report.followed_borrowers:,} followed borrowers; webhooks: "
        f"{delivered.delivered:,} delivered, "
        f"{delivered.failed:,} to retry; audit: {sealed.sealed:,} rows sealed"
    )
