"""The exempt-from-penalty list and the exemptions granted under it. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, insert, select, update

from api.db.repositories.credit.tables import DEPARTMENTS, EXEMPTIONS, MATTERS, D, M, X
from api.db.repositories.gate import SessionGate
from api.domain.credit.exemptions import ExemptMatter

_MATTER_COLUMNS = (
    M.id,
    M.code,
    M.description,
    M.conditions,
    M.guidance,
    M.window_months,
    M.active,
    D.code,
)


def matter_from_row(row: Sequence[Any]) -> ExemptMatter:
    """A listed matter from ``_MATTER_COLUMNS``."""
    return ExemptMatter(
        id=row[0],
        code=row[1],
        description=row[2],
        conditions=row[3],
        guidance=row[4],
        window_months=row[5],
        active=bool(row[6]),
        department_code=row[7],
    )


def _matters() -> Select[Any]:
    """Listed matters with the code of the department they cover."""
    return select(*_MATTER_COLUMNS).join_from(
        MATTERS, DEPARTMENTS, D.id == M.department_id, isouter=True
    )


class ExemptionRepository:
    """The exempt-from-penalty list and exemptions granted (implements ``ExemptionStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def matter_by_code(self, code: str) -> ExemptMatter | None:
        """A listed matter by code, active or retired."""
        row = await self._db.first(_matters().where(M.code == code))
        return matter_from_row(row) if row else None

    async def matters(self, *, include_retired: bool = False) -> list[ExemptMatter]:
        """The list, by code."""
        statement = _matters().order_by(M.code)
        if not include_retired:
            statement = statement.where(M.active.is_(True))
        return [matter_from_row(row) for row in await self._db.all(statement)]

    async def add_matter(
        self,
        *,
        code: str,
        description: str,
        conditions: str,
        guidance: str,
        window_months: int,
        now: datetime,
    ) -> ExemptMatter | None:
        """List a new matter; None when the code is taken."""
        if await self.matter_by_code(code) is not None:
            return None
        await self._db.execute(
            insert(MATTERS).values(
                code=code,
                description=description,
                conditions=conditions,
                guidance=guidance,
                window_months=window_months,
                active=True,
                created_at=now,
            )
        )
        return await self.matter_by_code(code)

    async def retire_matter(self, code: str, now: datetime) -> ExemptMatter | None:
        """Take a matter off the list (kept for the exemptions granted under it)."""
        await self._db.execute(
            update(MATTERS)
            .where(M.code == code, M.active.is_(True))
            .values(active=False, retired_at=now)
        )
        return await self.matter_by_code(code)

    async def count_exempted(self, subject_id: int, matter_id: int, since: date) -> int:
        """How many exemptions of this matter the subject had on or after ``since``."""
        row = await self._db.first(
            select(func.count()).where(
                X.subject_id == subject_id, X.matter_id == matter_id, X.occurred_on >= since
            )
        )
        return int(row[0])

    async def add_exemption(
        self, *, record_id: int, matter_id: int, subject_id: int, occurred_on: date
    ) -> None:
        """Remember that a record was exempted under a matter."""
        await self._db.execute(
            insert(EXEMPTIONS).values(
                record_id=record_id,
                matter_id=matter_id,
                subject_id=subject_id,
                occurred_on=occurred_on,
            )
        )

    async def guidance_for(self, record_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """For exempted records: the matter code and its guidance."""
        if not record_ids:
            return {}
        rows = await self._db.all(
            select(X.record_id, M.code, M.guidance)
            .select_from(EXEMPTIONS.join(MATTERS, M.id == X.matter_id))
            .where(X.record_id.in_(list(record_ids)))
        )
        return {row[0]: (row[1], row[2]) for row in rows}
