"""``credit-platform approvals``: the catalogue of approval matters (信易批), the commitments a
department has to verify, and the figures."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.approvals import services
from api.domain.approvals.model import ApprovalMatter, Commitment, DepartmentFigures
from api.domain.errors import DomainError
from api.settings import get_settings

T = TypeVar("T")

app = typer.Typer(
    help="Commitment-based approval (信易批): matters, verifications due, figures.",
    no_args_is_help=True,
)
console = Console(stderr=True)


def _read(work: Callable[[Repositories], Awaitable[T]]) -> T:
    """Run the read ``work`` in one unit of work on the configured database."""
    settings = get_settings()

    async def run() -> T:
        engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)
        try:
            async with UnitOfWork(session_factory(engine)) as uow:
                return await work(uow.repos)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except DomainError as error:
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(1) from None


@app.command("matters")
def matters(
    department: Annotated[
        str | None, typer.Option(help="Only this department's matters (its code).")
    ] = None,
) -> None:
    """List the approval matters: code, department, days (statutory/fast track), name."""

    async def work(repos: Repositories) -> list[ApprovalMatter]:
        return await services.catalogue(repos, department)

    for m in _read(work):
        print(f"{m.code}\t{m.department_code}\t{m.standard_days}/{m.fast_track_days}\t{m.name}")


@app.command("due")
def due(
    department: Annotated[str, typer.Option(help="The department's code.")],
    within_days: Annotated[int, typer.Option(help="Due within this many days, 0-366.")] = 30,
) -> None:
    """List a department's fast-tracked commitments due for verification, soonest first."""

    async def work(repos: Repositories) -> list[Commitment]:
        return await services.due_for_verification(
            repos, department, within_days=within_days, now=datetime.now(UTC)
        )

    for c in _read(work):
        print(f"{c.reference}\t{c.matter.code}\t{c.subject_kind.value}\t{c.verify_by}")


@app.command("statistics")
def statistics() -> None:
    """Print matters and commitments by outcome, per department and for the city."""

    async def work(repos: Repositories) -> tuple[DepartmentFigures, list[DepartmentFigures]]:
        return await services.statistics(repos)

    total, departments = _read(work)
    print("department\tmatters\tsigned\tfast-tracked\trefused\tpending\tkept\tbroken")
    for f in [*departments, total]:
        name = f.department_code or "(city)"
        print(
            f"{name}\t{f.matters}\t{f.signed}\t{f.fast_tracked}\t{f.refused}\t{f.pending}"
            f"\t{f.kept}\t{f.broken}"
        )
