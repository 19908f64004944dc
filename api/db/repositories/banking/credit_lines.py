"""Credit lines banks report, and the lending statistics drawn from them. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from api.db.repositories.banking.tables import ENTERPRISES, LINES, PRODUCTS, E, L, P
from api.db.repositories.gate import SessionGate
from api.domain.banking.lending import CreditLine, CreditLineReport, LendingStatistic
from api.domain.banking.model import LoanKind
from api.domain.subjects.model import District


def _line(row: Sequence[Any]) -> CreditLine:
    return CreditLine(
        id=row[0],
        bank_id=row[1],
        reference=row[2],
        enterprise_id=row[3],
        product_id=row[4],
        amount=Decimal(row[5]),
        granted_on=row[6],
        reported_at=row[7],
    )


_LINE_COLUMNS = (
    L.id,
    L.bank_id,
    L.reference,
    L.enterprise_id,
    L.product_id,
    L.amount,
    L.granted_on,
    L.reported_at,
)


class CreditLineRepository:
    """Credit lines (implements ``CreditLineStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add(
        self, bank_id: int, report: CreditLineReport, fingerprint: str, now: datetime
    ) -> CreditLine | None:
        """Store the line once per (bank, reference); None when the reference is taken."""
        row = await self._db.first(
            self._db.insert(LINES)
            .values(
                bank_id=bank_id,
                reference=report.reference,
                enterprise_id=report.enterprise_id,
                product_id=report.product_id,
                amount=report.amount,
                granted_on=report.granted_on,
                fingerprint=fingerprint,
                reported_at=now,
            )
            .on_conflict_do_nothing(index_elements=["bank_id", "reference"])
            .returning(*_LINE_COLUMNS)
        )
        return _line(row) if row else None

    async def by_reference(self, bank_id: int, reference: str) -> tuple[CreditLine, str] | None:
        """A stored line and its fingerprint."""
        row = await self._db.first(
            select(*_LINE_COLUMNS, L.fingerprint).where(
                L.bank_id == bank_id, L.reference == reference
            )
        )
        return (_line(row), row[-1]) if row else None

    async def has_line(self, bank_id: int, enterprise_id: int) -> bool:
        """Whether the bank reported a line to the enterprise."""
        row = await self._db.first(
            select(L.id).where(L.bank_id == bank_id, L.enterprise_id == enterprise_id).limit(1)
        )
        return row is not None

    async def statistics(self, start: date, end: date) -> list[LendingStatistic]:
        """Lines granted in [start, end] by bank, district and month."""
        rows = await self._db.all(
            select(L.bank_id, E.district, L.granted_on, L.enterprise_id, L.amount, P.kind)
            .select_from(
                LINES.join(ENTERPRISES, E.subject_id == L.enterprise_id).join(
                    PRODUCTS, P.id == L.product_id
                )
            )
            .where(L.granted_on >= start, L.granted_on <= end)
        )
        groups: dict[tuple[int, str, str], dict[str, Any]] = {}
        for bank_id, district, granted_on, enterprise_id, amount, kind in rows:
            key = (bank_id, district, f"{granted_on:%Y-%m}")
            group = groups.setdefault(
                key, {"served": set(), "lines": 0, "total": Decimal(0), "green": Decimal(0)}
            )
            group["served"].add(enterprise_id)
            group["lines"] += 1
            group["total"] += Decimal(amount)
            if kind == LoanKind.GREEN_LOAN.value:
                group["green"] += Decimal(amount)
        return [
            LendingStatistic(
                bank_id=bank_id,
                district=District(district),
                period=period,
                enterprises_served=len(group["served"]),
                lines=group["lines"],
                total_amount=group["total"],
                green_amount=group["green"],
            )
            for (bank_id, district, period), group in sorted(groups.items())
        ]
