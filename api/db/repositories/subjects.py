"""Repositories of enterprises, merchants and households (reads built from Core selects)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, or_, select
from sqlalchemy.sql import Select

from api.db.hot import HotStatement
from api.db.repositories.gate import SessionGate
from api.db.tables import (
    EnterpriseRow,
    GreenProfileRow,
    HouseholdRow,
    MerchantRow,
    TaxCreditRatingRow,
    table_of,
)
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.subjects.model import (
    District,
    Enterprise,
    GreenActivityClass,
    GreenProfile,
    Household,
    Merchant,
    SizeClass,
    TaxCreditRating,
    TaxGrade,
)
from api.domain.subjects.queries import EnterpriseFilter, EnterpriseOrder, industry_prefix_range

E = table_of(EnterpriseRow).c
M = table_of(MerchantRow).c
H = table_of(HouseholdRow).c
G = table_of(GreenProfileRow).c
T = table_of(TaxCreditRatingRow).c

ENTERPRISE_COLUMNS = (
    E.subject_id,
    E.uscc,
    E.name,
    E.industry_code,
    E.district,
    E.size_class,
    E.registered_on,
    E.registered_capital,
    E.tax_grade,
    E.green_class,
)

_ORDER_COLUMN: dict[EnterpriseOrder, Any] = {
    EnterpriseOrder.ID: None,
    EnterpriseOrder.NAME: E.name,
    EnterpriseOrder.REGISTERED_ON: E.registered_on,
}


def enterprise_from_row(row: Sequence[Any]) -> Enterprise:
    """An enterprise from ``ENTERPRISE_COLUMNS``."""
    return Enterprise(
        id=row[0],
        uscc=row[1],
        name=row[2],
        industry_code=row[3],
        district=District(row[4]),
        size_class=SizeClass(row[5]),
        registered_on=row[6],
        registered_capital=Decimal(row[7]),
        tax_grade=TaxGrade(row[8]) if row[8] else None,
        green_class=GreenActivityClass(row[9]) if row[9] else None,
    )


def _sort_key(order: EnterpriseOrder, enterprise: Enterprise) -> SortKey:
    if order is EnterpriseOrder.NAME:
        return (enterprise.name, enterprise.id)
    if order is EnterpriseOrder.REGISTERED_ON:
        return (enterprise.registered_on.isoformat(), enterprise.id)
    return (enterprise.id,)


def _filter_clauses(spec: EnterpriseFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if spec.districts:
        clauses.append(E.district.in_([d.value for d in spec.districts]))
    if spec.size_classes:
        clauses.append(E.size_class.in_([s.value for s in spec.size_classes]))
    if spec.tax_grades:
        clauses.append(E.tax_grade.in_([g.value for g in spec.tax_grades]))
    if spec.green_classes:
        clauses.append(E.green_class.in_([g.value for g in spec.green_classes]))
    if spec.industry_prefix:
        low, high = industry_prefix_range(spec.industry_prefix)
        clauses.append(E.industry_code >= low)
        if high is not None:
            clauses.append(E.industry_code < high)
    return clauses


def _after_clause(order: EnterpriseOrder, after: SortKey) -> ColumnElement[bool]:
    column = _ORDER_COLUMN[order]
    if column is None:
        return E.subject_id > int(after[-1])
    value: Any = after[0]
    if order is EnterpriseOrder.REGISTERED_ON:
        value = date.fromisoformat(str(value))
    last_id = int(after[-1])
    return or_(column > value, and_(column == value, E.subject_id > last_id))


_BY_USCC = HotStatement(select(*ENTERPRISE_COLUMNS).where(E.uscc == bindparam("uscc")))

#: Page statements already built, by (filter, order, page request): a page is built and
#: compiled once per distinct request, not per call.
_PAGES: dict[tuple[EnterpriseFilter, EnterpriseOrder, PageRequest], HotStatement] = {}
_PAGES_MAX = 512


class EnterpriseRepository:
    """Enterprises with their ratings and green profiles."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def by_uscc(self, uscc: str) -> Enterprise | None:
        """The enterprise with this unified social credit code, if any."""
        row = await self._db.row(_BY_USCC, {"uscc": uscc})
        return enterprise_from_row(row) if row else None

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Enterprise]:
        """Enterprises by subject id; missing ids are absent from the result."""
        if not ids:
            return {}
        result = await self._db.all(
            select(*ENTERPRISE_COLUMNS).where(E.subject_id.in_(list(set(ids))))
        )
        return {row[0]: enterprise_from_row(row) for row in result}

    def page_statement(
        self, spec: EnterpriseFilter, order: EnterpriseOrder, request: PageRequest
    ) -> Select[Any]:
        """The SQL of one keyset page (exposed so benchmarks run the very same statement)."""
        clauses = _filter_clauses(spec)
        if request.after is not None:
            clauses.append(_after_clause(order, request.after))
        column = _ORDER_COLUMN[order]
        ordering = [E.subject_id] if column is None else [column, E.subject_id]
        return (
            select(*ENTERPRISE_COLUMNS).where(*clauses).order_by(*ordering).limit(request.first + 1)
        )

    async def page(
        self, spec: EnterpriseFilter, order: EnterpriseOrder, request: PageRequest
    ) -> Page[Enterprise]:
        """One keyset page of enterprises matching the filter, in the given order."""
        key = (spec, order, request)
        hot = _PAGES.get(key)
        if hot is None:
            if len(_PAGES) >= _PAGES_MAX:
                _PAGES.clear()
            hot = _PAGES[key] = HotStatement(self.page_statement(spec, order, request))
        result = await self._db.rows(hot)
        enterprises = [enterprise_from_row(row) for row in result]
        has_next = len(enterprises) > request.first
        items = [(e, _sort_key(order, e)) for e in enterprises[: request.first]]
        return Page(items=items, has_next=has_next)

    async def green_profiles(self, enterprise_ids: Sequence[int]) -> dict[int, GreenProfile]:
        """Current green profiles of these enterprises."""
        if not enterprise_ids:
            return {}
        result = await self._db.all(
            select(
                G.enterprise_id,
                G.activity_class,
                G.emissions_tonnes,
                G.carbon_intensity,
                G.carbon_reduction_tonnes,
                G.esg_score,
                G.as_of,
            ).where(G.enterprise_id.in_(list(set(enterprise_ids))))
        )
        return {
            row[0]: GreenProfile(
                enterprise_id=row[0],
                activity_class=GreenActivityClass(row[1]),
                emissions_tonnes=Decimal(row[2]),
                carbon_intensity=Decimal(row[3]),
                carbon_reduction_tonnes=Decimal(row[4]),
                esg_score=Decimal(row[5]),
                as_of=row[6],
            )
            for row in result
        }

    async def tax_ratings(self, enterprise_ids: Sequence[int]) -> dict[int, list[TaxCreditRating]]:
        """Tax credit ratings of these enterprises, newest year first."""
        ratings: dict[int, list[TaxCreditRating]] = {i: [] for i in enterprise_ids}
        if not enterprise_ids:
            return ratings
        result = await self._db.all(
            select(T.enterprise_id, T.year, T.grade, T.score)
            .where(T.enterprise_id.in_(list(set(enterprise_ids))))
            .order_by(T.enterprise_id, T.year.desc())
        )
        for row in result:
            ratings[row[0]].append(
                TaxCreditRating(
                    enterprise_id=row[0], year=row[1], grade=TaxGrade(row[2]), score=Decimal(row[3])
                )
            )
        return ratings


_MERCHANT_COLUMNS = (M.subject_id, M.uscc, M.name, M.commerce_district, M.district)


def _merchant(row: Sequence[Any]) -> Merchant:
    return Merchant(
        id=row[0], uscc=row[1], name=row[2], commerce_district=row[3], district=District(row[4])
    )


class MerchantRepository:
    """Individual merchants of the commerce districts."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def by_uscc(self, uscc: str) -> Merchant | None:
        """The merchant with this unified social credit code, if any."""
        row = await self._db.first(select(*_MERCHANT_COLUMNS).where(M.uscc == uscc))
        return _merchant(row) if row else None

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Merchant]:
        """Merchants by subject id."""
        if not ids:
            return {}
        result = await self._db.all(
            select(*_MERCHANT_COLUMNS).where(M.subject_id.in_(list(set(ids))))
        )
        return {row[0]: _merchant(row) for row in result}


_HOUSEHOLD_COLUMNS = (H.subject_id, H.village, H.household_number, H.district, H.member_count)


def _household(row: Sequence[Any]) -> Household:
    return Household(
        id=row[0],
        village=row[1],
        household_number=row[2],
        district=District(row[3]),
        member_count=row[4],
    )


class HouseholdRepository:
    """Village households."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def by_number(self, village: str, household_number: str) -> Household | None:
        """The household with this number in this village, if any."""
        row = await self._db.first(
            select(*_HOUSEHOLD_COLUMNS).where(
                H.village == village, H.household_number == household_number
            )
        )
        return _household(row) if row else None

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Household]:
        """Households by subject id."""
        if not ids:
            return {}
        result = await self._db.all(
            select(*_HOUSEHOLD_COLUMNS).where(H.subject_id.in_(list(set(ids))))
        )
        return {row[0]: _household(row) for row in result}
