"""Credit records and departments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, bindparam, func, or_, select
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import BindParameter

from api.db.hot import HotStatement
from api.db.repositories.gate import SessionGate
from api.db.tables import CreditRecordRow, DepartmentRow, table_of
from api.domain.paging import Page, SortKey
from api.domain.records.model import (
    NEGATIVE_CATEGORIES,
    CreditRecord,
    Department,
    RecordCategory,
    RecordStatus,
    Severity,
)

R = table_of(CreditRecordRow).c
D = table_of(DepartmentRow).c

RECORD_COLUMNS = (
    R.id,
    R.subject_id,
    R.department_id,
    R.category,
    R.severity,
    R.occurred_at,
    R.publicity_until,
    R.status,
    R.summary,
)


#: The reporting department's columns, joined onto every record read (provenance).
DEPARTMENT_COLUMNS = (D.code, D.name, D.name_zh)


def publishable(today: date | BindParameter[Any]) -> ColumnElement[bool]:
    """SQL twin of ``api.domain.records.model.is_publishable`` (a test keeps them equal); ``today``
    is a day or the bind parameter that stands for it in a cached statement."""
    return and_(
        R.status == RecordStatus.ACTIVE.value,
        or_(R.publicity_until.is_(None), R.publicity_until >= today),
        # Spelled without NOT so that a NULL severity is not lost to three-valued logic.
        or_(
            R.severity.is_(None),
            R.severity != Severity.MINOR.value,
            R.category.not_in([c.value for c in NEGATIVE_CATEGORIES]),
        ),
    )


def _publishable_pages_statement(*, after: bool) -> Select[Any]:
    """The windowed statement of ``publishable_pages``, built once with bind parameters.

    Building it per call (subquery, column proxies, cache key) cost more CPU than running it.
    Parameters: ``subject_ids`` (expanding), ``today``, ``limit`` (first + 1), and with
    ``after`` also ``at`` and ``last_id``. Each row carries its department (provenance),
    so no second statement fetches departments.
    """
    clauses = [
        R.subject_id.in_(bindparam("subject_ids", expanding=True)),
        publishable(bindparam("today")),
    ]
    if after:
        # Untyped: each takes its column's type (UTCDateTime, BigId), as the literals did;
        # `limit` is typed because row_number() has no type to lend it.
        at: BindParameter[Any] = bindparam("at")
        last_id: BindParameter[Any] = bindparam("last_id")
        clauses.append(or_(R.occurred_at < at, and_(R.occurred_at == at, R.id < last_id)))
    ranked = (
        select(
            *RECORD_COLUMNS,
            func.row_number()
            .over(partition_by=R.subject_id, order_by=(R.occurred_at.desc(), R.id.desc()))
            .label("rank"),
        )
        .where(*clauses)
        .subquery()
    )
    return (
        select(*[ranked.c[c.name] for c in RECORD_COLUMNS], *DEPARTMENT_COLUMNS)
        .join(DepartmentRow, D.id == ranked.c.department_id)
        .where(ranked.c.rank <= bindparam("limit", type_=Integer))
        .order_by(ranked.c.subject_id, ranked.c.occurred_at.desc(), ranked.c.id.desc())
    )


_PAGES_FIRST = HotStatement(_publishable_pages_statement(after=False), expanding="subject_ids")
_PAGES_AFTER = HotStatement(_publishable_pages_statement(after=True), expanding="subject_ids")
_DEPARTMENTS = select(D.id, D.code, D.name, D.name_zh).where(
    D.id.in_(bindparam("ids", expanding=True))
)


def record_from_row(row: Sequence[Any]) -> CreditRecord:
    """A record from ``RECORD_COLUMNS``, with its department when ``DEPARTMENT_COLUMNS`` follow."""
    return CreditRecord(
        id=row[0],
        subject_id=row[1],
        department_id=row[2],
        category=RecordCategory(row[3]),
        severity=Severity(row[4]) if row[4] else None,
        occurred_at=row[5],
        publicity_until=row[6],
        status=RecordStatus(row[7]),
        summary=row[8],
        department=Department(id=row[2], code=row[9], name=row[10], name_zh=row[11])
        if len(row) > len(RECORD_COLUMNS)
        else None,
    )


def record_sort_key(record: CreditRecord) -> SortKey:
    """Newest first: the occurrence time, then the id."""
    return (record.occurred_at.isoformat(), record.id)


class CreditRecordRepository:
    """Reads of credit records, always newest first."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def publishable_pages(
        self,
        subject_ids: Sequence[int],
        first: int,
        after: SortKey | None,
        today: date,
    ) -> dict[int, Page[CreditRecord]]:
        """One page of publishable records for each subject, in a single statement."""
        pages: dict[int, Page[CreditRecord]] = {}
        if not subject_ids:
            return pages
        params: dict[str, Any] = {
            "subject_ids": list(set(subject_ids)),
            "today": today,
            "limit": first + 1,
        }
        statement = _PAGES_FIRST
        if after is not None:
            statement = _PAGES_AFTER
            params["at"] = datetime.fromisoformat(str(after[0]))
            params["last_id"] = int(after[1])
        grouped: dict[int, list[CreditRecord]] = defaultdict(list)
        for row in await self._db.rows(statement, params):
            grouped[row[1]].append(record_from_row(row))
        for subject_id in subject_ids:
            records = grouped.get(subject_id, [])
            pages[subject_id] = Page(
                items=[(r, record_sort_key(r)) for r in records[:first]],
                has_next=len(records) > first,
            )
        return pages

    async def by_ids(self, ids: Sequence[int], today: date) -> dict[int, CreditRecord]:
        """Publishable records by id (a record that stopped being publishable is not found)."""
        if not ids:
            return {}
        result = await self._db.all(
            select(*RECORD_COLUMNS, *DEPARTMENT_COLUMNS)
            .join(DepartmentRow, D.id == R.department_id)
            .where(R.id.in_(list(set(ids))), publishable(today))
        )
        return {row[0]: record_from_row(row) for row in result}

    async def departments(self, ids: Sequence[int]) -> dict[int, Department]:
        """Departments by id."""
        if not ids:
            return {}
        result = await self._db.all(_DEPARTMENTS, {"ids": list(set(ids))})
        return {
            row[0]: Department(id=row[0], code=row[1], name=row[2], name_zh=row[3])
            for row in result
        }
