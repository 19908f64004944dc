"""``credit-platform incentives``: which partner types operate each incentive scenario."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from api.auth.purposes import PURPOSES_BY_TYPE
from api.auth.scopes import PartnerType
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.errors import DomainError
from api.domain.incentives import services
from api.domain.incentives.model import ScenarioOperators
from api.settings import get_settings

T = TypeVar("T")

app = typer.Typer(
    help="Incentive operators: the partner types that check and redeem each scenario.",
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


def _line(found: ScenarioOperators) -> str:
    """One scenario as a tab-separated line: code, operator types, once-only."""
    once = "once-only" if found.once_only else "repeatable"
    return f"{found.scenario_code}\t{','.join(sorted(found.operator_types))}\t{once}"


@app.command("show")
def show(scenario: Annotated[str, typer.Argument(help="The scenario's code.")]) -> None:
    """Print the partner types that operate a scenario and whether it is once only."""
    found = _run(lambda repos: services.operators_of_scenario(repos, scenario))
    print(_line(found))


@app.command("set")
def set_operators(
    scenario: Annotated[str, typer.Argument(help="The scenario's code.")],
    operator: Annotated[
        list[PartnerType],
        typer.Option("--operator", help="A partner type that may operate it (repeat)."),
    ],
    once_only: Annotated[
        bool, typer.Option("--once-only/--repeatable", help="Once per person ever, or not.")
    ] = False,
) -> None:
    """Set the partner types that operate a scenario (its own type is always kept)."""
    found = _run(
        lambda repos: services.save_scenario_operators(
            repos,
            scenario_code=scenario,
            operator_types=[t.value for t in operator],
            once_only=once_only,
            purposes_by_type={t.value: p for t, p in PURPOSES_BY_TYPE.items()},
        )
    )
    print(_line(found))
