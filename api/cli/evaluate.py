"""``credit-platform evaluate``: evaluate every subject, or one, under a rule set."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import Progress, TaskID

from api.cli.common import command_engine, console, progress_bars
from api.db.batch_credit.evaluate_all import FullRunReport, evaluate_all, load_rules
from api.db.engine import session_factory
from api.db.faults import TEMPORARY_FAILURE, is_retryable
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.credit.model import EvaluationCause, StoredEvaluation
from api.domain.credit.scoring import evaluate as score
from api.domain.errors import DomainError
from api.settings import get_settings


class _RichRunProgress:
    """Shows a full run as one rich progress bar over the subjects."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        """One bar over every subject."""
        self._task = self._progress.add_task("subjects", total=total)

    def advance(self, amount: int) -> None:
        """Move the bar on (after ``start``)."""
        if self._task is not None:
            self._progress.advance(self._task, amount)


async def _all(
    version: str | None, rewrite: bool, workers: int | None, range_size: int
) -> FullRunReport:
    engine = command_engine(get_settings())
    now = datetime.now(UTC)
    try:
        with progress_bars(10) as progress:
            return await evaluate_all(
                engine,
                now=now,
                today=city_today(now),
                version=version,
                rewrite=rewrite,
                workers=workers,
                range_size=range_size,
                progress=_RichRunProgress(progress),
            )
    finally:
        await engine.dispose()


async def _one(subject_id: int, version: str | None) -> StoredEvaluation:
    engine = command_engine(get_settings())
    now = datetime.now(UTC)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            repos: Repositories = uow.repos
            rules = await load_rules(await repos.session.connection(), version)
            await repos.evaluations.lock_subject(subject_id)
            facts = await repos.record_writer.subject_facts(subject_id)
            if facts is None:
                raise LookupError(f"no subject {subject_id}")
            stored = await repos.evaluations.save(
                score(facts, rules, city_today(now)),
                evaluated_at=now,
                cause=EvaluationCause.FULL_RUN,
            )
            await uow.commit()
            return stored
    finally:
        await engine.dispose()


def evaluate(
    all_subjects: Annotated[
        bool, typer.Option("--all", help="Evaluate every subject (a full run).")
    ] = False,
    subject: Annotated[
        int | None, typer.Option("--subject", help="Evaluate only this subject (its id).")
    ] = None,
    rule_set: Annotated[
        str | None,
        typer.Option("--rule-set", help="A published rule set version; default: the active one."),
    ] = None,
    rewrite: Annotated[
        bool,
        typer.Option(
            "--rewrite",
            help="Write every evaluation, also those equal to the subject's current one.",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(help="Scoring processes (default: one per core on PostgreSQL, 0 on SQLite)."),
    ] = None,
    range_size: Annotated[int, typer.Option(help="Subject ids read and written at a time.")] = (
        20_000
    ),
) -> None:
    """Recompute credit evaluations (history rows with cause full_run, and current scores).

    With --all every subject is scored under the rule set and subjects whose evaluation
    would not change are skipped (reported as unchanged) unless --rewrite is given.
    """
    if all_subjects == (subject is not None):
        console.print("[red]give either --all or --subject ID[/red]")
        raise typer.Exit(2)
    try:
        if subject is not None:
            stored = asyncio.run(_one(subject, rule_set))
            e = stored.evaluation
            colour = e.colour.value if e.colour else "-"
            print(
                f"subject {e.subject_id}: score {e.score}, grade {e.grade.value}, "
                f"colour {colour}, rule set {e.rule_set_version}"
            )
            for factor in e.factors:
                print(f"  {factor.points:+5d}  {factor.code:<28} {factor.detail}")
            return
        report = asyncio.run(_all(rule_set, rewrite, workers, range_size))
    except (LookupError, DomainError) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    except Exception as error:
        if not is_retryable(error):
            raise
        console.print(
            f"[red]the database connection was lost ({type(error).__name__}); the ranges "
            "written so far are kept and the one in progress was undone: run it again[/red]"
        )
        raise typer.Exit(TEMPORARY_FAILURE) from None
    print(
        f"evaluated {report.subjects:,} subjects under rule set {report.rule_set_version} "
        f"in {report.seconds:.1f} s ({report.rate:,.0f} subjects/s): "
        f"{report.written:,} written, {report.unchanged:,} unchanged"
    )
    if report.written:
        (classified, indexed), (followed, events) = asyncio.run(_after_bulk())
        print(f"matching index rebuilt: {indexed:,} enterprises ({classified:,} green profiles)")
        print(f"post-loan tracking: {followed:,} followed borrowers changed, {events:,} events")


async def _after_bulk() -> tuple[tuple[int, int], tuple[int, int]]:
    """Bulk evaluation bypasses the per-subject hook: bring the loan-matching index up to date,
    then tell the banks following a borrower what worsened (the webhook outbox)."""
    from api.db.bank_batch import catch_up_borrowers, rebuild_matching

    engine = command_engine(get_settings())
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    try:
        return (
            await rebuild_matching(sessions, now=now),
            await catch_up_borrowers(sessions, now=now),
        )
    finally:
        await engine.dispose()
