"""The departments that report records: inserted once, looked up by code."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.seeding.vocabulary import DEPARTMENTS

_DEPARTMENTS = metadata.tables["departments"]


async def _department_ids(connection: AsyncConnection) -> dict[str, int]:
    result = await connection.execute(select(_DEPARTMENTS.c.code, _DEPARTMENTS.c.id))
    return {row.code: row.id for row in result}


async def ensure_departments(connection: AsyncConnection) -> tuple[dict[str, int], int]:
    """Insert the departments not yet present; return every code's id and how many were new."""
    existing = await _department_ids(connection)
    missing = [
        {"code": code, "name": name, "name_zh": name_zh}
        for code, name, name_zh in DEPARTMENTS
        if code not in existing
    ]
    if missing:
        await connection.execute(insert(_DEPARTMENTS), missing)
    return await _department_ids(connection), len(missing)
