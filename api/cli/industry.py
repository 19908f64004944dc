"""``credit-platform industry``: register an industry subject, and print a regulator's
inspection plan for a period (graded supervision) from the command line."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.errors import DomainError
from api.domain.industry import services
from api.domain.industry.model import Industry
from api.domain.subjects.model import District
from api.settings import get_settings

T = TypeVar("T")

app = typer.Typer(
    help="Industry credit evaluations: subjects and graded inspection plans.",
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


@app.command("add-subject")
def add_subject(
    industry: Annotated[Industry, typer.Option(help="The industry.")],
    code: Annotated[str, typer.Option(help="Its registration code (at most 32 characters).")],
    name: Annotated[str, typer.Option(help="Its name, e.g. 德清县洛舍镇东衡1号码头.")],
    district: Annotated[District, typer.Option(help="Its district's division code.")],
) -> None:
    """Register a wharf, live-streaming room or catering shop (an existing code is kept)."""
    if not 1 <= len(code) <= 32 or not 1 <= len(name) <= 200:
        console.print("[red]code is 1-32 characters and name 1-200[/red]")
        raise typer.Exit(1)

    async def work(repos: Repositories) -> str:
        subject = await repos.industry.add_subject(
            industry=industry, code=code, name=name, district=district
        )
        return f"{subject.code} {subject.name} ({subject.industry.value})"

    print(_run(work))


@app.command("plan")
def plan(
    industry: Annotated[Industry, typer.Option(help="The industry.")],
    start: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="First day.")],
    end: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="Last day.")],
) -> None:
    """Print who to visit in the period, how often and why (one line per subject)."""
    today = city_today(datetime.now(UTC))
    first: date = start.date()
    last: date = end.date()

    async def work(repos: Repositories) -> list[str]:
        found = await services.inspection_plan(
            repos.industry, industry, start=first, end=last, today=today
        )
        return [
            "\t".join(
                (
                    p.subject.code,
                    p.subject.name,
                    p.evaluation.grade.value if p.evaluation.grade else "-",
                    " ".join(d.isoformat() for d in p.visits) or "-",
                    p.reason,
                )
            )
            for p in found.subjects
        ]

    for line in _run(work):
        print(line)
