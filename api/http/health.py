"""Liveness and readiness."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse

from api.db.migrate import current_revisions, head_revisions

logger = logging.getLogger("api.health")


async def healthz(_request: Request) -> JSONResponse:
    """Alive: the process answers."""
    return JSONResponse({"status": "ok"})


class Readiness:
    """Ready: the database answers and its schema is at the migrations' head."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._heads = head_revisions()

    async def handle(self, _request: Request) -> JSONResponse:
        try:
            current = await current_revisions(self._engine)
        except Exception:
            logger.warning("database not reachable", exc_info=True)
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
        if current != self._heads:
            return JSONResponse(
                {"status": "unavailable", "database": "reachable", "migrations": "behind"}, 503
            )
        return JSONResponse({"status": "ok", "database": "reachable", "migrations": "head"})
