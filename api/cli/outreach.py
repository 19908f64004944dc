"""``credit-platform outreach stats``: the repair outreach figures, for the credit office."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import typer

from api.db.engine import create_engine, session_factory
from api.db.uow import UnitOfWork
from api.domain.outreach import services
from api.domain.outreach.model import OutreachFigures
from api.settings import get_settings

app = typer.Typer(help="Credit repair outreach: notices, acknowledgements, follow-ups.")


async def _figures() -> OutreachFigures:
    engine = create_engine(get_settings().resolved_database_url, pool_size=1, max_overflow=0)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            return await services.figures(uow.repos.outreach)
    finally:
        await engine.dispose()


@app.command()
def stats() -> None:
    """Print the outreach figures as JSON: notices, reminders and follow-ups written, those
    acknowledged, the office's open queue, repairs completed and follow-up results."""
    print(json.dumps(dataclasses.asdict(asyncio.run(_figures())), indent=2))
