"""``credit-platform migrate`` and ``seed``: the schema, the synthetic data and the matching
index built after it."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import Progress, TaskID

from api.cli.common import command_engine, console, progress_bars
from api.cli.guard import UserError
from api.db import migrate as migrations
from api.db.engine import session_factory
from api.domain.clock import city_today
from api.settings import Settings, get_settings


def migrate(
    revision: Annotated[str, typer.Option(help="Target revision.")] = "heads",
    down: Annotated[bool, typer.Option("--down", help="Downgrade to the revision.")] = False,
) -> None:
    """Upgrade (or downgrade) the database schema."""
    settings = get_settings()

    async def run() -> None:
        engine = command_engine(settings)
        try:
            if down:
                await migrations.downgrade(engine, revision)
            else:
                await migrations.upgrade(engine, revision)
            current = await migrations.current_revisions(engine)
        finally:
            await engine.dispose()
        console.print(f"database at revision {', '.join(sorted(current)) or '(empty)'}")

    asyncio.run(run())


class RichSeedProgress:
    """Shows the seeding progress as rich progress bars."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def start(self, task: str, total: int) -> None:
        """A bar for one table."""
        self._tasks[task] = self._progress.add_task(task, total=total)

    def advance(self, task: str, amount: int) -> None:
        """Move a table's bar on."""
        task_id = self._tasks.get(task)
        if task_id is not None:
            self._progress.advance(task_id, amount)


async def seed_database(
    settings: Settings, profile: str, seed_value: int, *, match_index: bool = True
) -> dict[str, str]:
    """Migrate, seed a profile and (by default) build the matching index; sample subjects."""
    from api.seeding import SeedProfile, seed

    engine = command_engine(settings)
    started = time.perf_counter()
    try:
        await migrations.upgrade(engine)
        with progress_bars(14) as progress:
            report = await seed(
                engine,
                SeedProfile(profile),
                seed=seed_value,
                keys=settings.keys(),
                today=city_today(datetime.now(UTC)),
                progress=RichSeedProgress(progress),
            )
    finally:
        await engine.dispose()
    counts = ", ".join(f"{table} {count:,}" for table, count in report.counts.items())
    console.print(
        f"seeded {profile} (seed {seed_value}) in {time.perf_counter() - started:.1f} s: {counts}"
    )
    if match_index:
        await build_matching(settings)
    else:
        console.print("next: `credit-platform match-index` builds the loan-matching index")
    return report.samples


async def build_matching(settings: Settings) -> None:
    """Classify the green profiles and index every enterprise for loan matching."""
    from api.db.bank_batch import rebuild_matching

    engine = command_engine(settings)
    started = time.perf_counter()
    try:
        classified, indexed = await rebuild_matching(session_factory(engine), now=datetime.now(UTC))
    finally:
        await engine.dispose()
    console.print(
        f"matching index: {classified:,} green profiles classified, {indexed:,} enterprises "
        f"indexed in {time.perf_counter() - started:.1f} s"
    )


def seed(
    profile: Annotated[str, typer.Option(help="demo (seconds) or city (Huzhou's size).")] = "demo",
    seed_value: Annotated[
        int, typer.Option("--seed", help="Random seed; same seed, same data.")
    ] = 0,
    match_index: Annotated[
        bool,
        typer.Option(
            help="Then classify the green profiles and build the loan-matching index "
            "(about 4 minutes for the city; `credit-platform match-index` does it later)."
        ),
    ] = True,
) -> None:
    """Fill an empty database with deterministic synthetic data."""
    if profile not in ("demo", "city"):
        console.print(f"[red]unknown profile {profile!r}: use demo or city[/red]")
        raise typer.Exit(2)
    settings = get_settings()
    if profile == "city" and settings.is_sqlite:
        raise UserError(
            "the city profile (3.4 million persons, 400,000 enterprises) needs PostgreSQL: "
            "set DATABASE_URL=postgresql+asyncpg://USER@HOST:5432/DB (docs/operations.md)"
        )
    asyncio.run(seed_database(settings, profile, seed_value, match_index=match_index))
