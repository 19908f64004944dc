"""Statistics of benefits granted: beneficiaries, uses and benefit by scenario, category,
operator type, partner, district, month or day, read from the monthly rollup and the grants."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)

from api.db.repositories.gate import SessionGate
from api.db.repositories.scenarios.tables import GRANTS, MONTHLY, SCENARIOS, G, K, M, S, money
from api.domain.incentives.rules import DEFERRED_KINDS, split_benefit
from api.domain.scenarios.model import (
    Statistics,
    StatisticsDimension,
    StatisticsFilter,
    StatisticsRow,
)


class GrantStatistics:
    """Statistics of benefits granted, from the monthly rollup and the grants."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    def _month_of(self, day: ColumnElement[Any]) -> ColumnElement[Any]:
        """The first day of a grant's month."""
        if self._db.postgresql:
            return cast(func.date_trunc("month", day), Date)
        first: ColumnElement[Any] = func.date(day, "start of month")
        return first

    def _keys(self, dimension: StatisticsDimension, *, rollup: bool) -> ColumnElement[Any]:
        """A group's key column (ids, codes, days) in the rollup or the grants."""
        table = M if rollup else G
        key: ColumnElement[Any]
        if dimension is StatisticsDimension.SCENARIO:
            key = table.scenario_id
        elif dimension is StatisticsDimension.CATEGORY:
            key = table.category_id
        elif dimension is StatisticsDimension.OPERATOR_TYPE:
            key = table.operator_type
        elif dimension is StatisticsDimension.PARTNER:
            key = table.partner_id
        elif dimension is StatisticsDimension.DISTRICT:
            key = M.district if rollup else func.coalesce(G.district, "")
        elif dimension is StatisticsDimension.MONTH:
            key = M.month if rollup else self._month_of(G.granted_on)
        else:
            key = G.granted_on  # DAY: the grants only
        return key

    async def _aggregate(
        self,
        spec: StatisticsFilter,
        dimensions: tuple[StatisticsDimension, ...],
        codes: tuple[dict[str, int], dict[str, int]],
    ) -> list[Any]:
        """(keys..., beneficiaries, uses, benefit) per group of ``dimensions``, one statement.

        Whole months inside the filter's days are read from the monthly rollup (about a
        third of the grants' rows, narrow), the days at either end, and any grouping by day,
        from the grants. Both yield (keys, person, uses, benefit) with ids and days as keys
        (cheap to sort: the labels are looked up afterwards); beneficiaries are
        ``COUNT(DISTINCT person)`` over the union, so a person counts once per group
        whichever months, operators and grants they had.
        """
        months = None if StatisticsDimension.DAY in dimensions else _whole_months(spec)
        names = [f"k{i}" for i in range(len(dimensions))]
        branches: list[Select[Any]] = []
        if months is not None:
            first, last = months
            kept = _common_conditions(spec, codes, rollup=True)
            if first is not None:
                kept.append(M.month >= first)
            if last is not None:
                kept.append(M.month <= last)
            keys = [
                self._keys(d, rollup=True).label(n) for d, n in zip(dimensions, names, strict=True)
            ]
            branches.append(
                select(*keys, M.person_id.label("person_id"), M.uses.label("uses"),
                       M.benefit.label("benefit"), _deferred(M.benefit).label("deferred"))
                .select_from(MONTHLY.join(SCENARIOS, S.id == M.scenario_id))
                .where(*kept)
            )  # fmt: skip
            edges = _edge_days(spec, first, last)
            days = or_(*edges) if edges else None
        else:
            days = _day_range(spec)
        if months is None or days is not None:
            raw = _common_conditions(spec, codes, rollup=False)
            if days is not None:
                raw.append(days)
            keys = [
                self._keys(d, rollup=False).label(n) for d, n in zip(dimensions, names, strict=True)
            ]
            branches.append(
                select(*keys, G.person_id.label("person_id"), literal(1).label("uses"),
                       G.benefit_amount.label("benefit"),
                       _deferred(G.benefit_amount).label("deferred"))
                .select_from(GRANTS.join(SCENARIOS, S.id == G.scenario_id))
                .where(*raw)
            )  # fmt: skip
        rows = (branches[0] if len(branches) == 1 else union_all(*branches)).subquery("rows")
        grouped = [rows.c[n] for n in names]
        statement = select(
            *grouped,
            func.count(rows.c.person_id.distinct()),
            func.coalesce(func.sum(rows.c.uses), 0),
            func.sum(rows.c.benefit),
            func.sum(rows.c.deferred),
        )
        if grouped:
            statement = statement.group_by(*grouped)
        return list(await self._db.all(statement))

    async def _codes(self) -> tuple[dict[str, int], dict[str, int]]:
        scenarios = await self._db.all(select(S.code, S.id))
        categories = await self._db.all(select(K.code, K.id))
        return dict(scenarios), dict(categories)

    async def statistics(self, spec: StatisticsFilter) -> Statistics:
        """Beneficiaries, uses and benefit over the grants the filter selects, grouped."""
        codes = await self._codes()
        names = (
            {i: c for c, i in codes[0].items()},
            {i: c for c, i in codes[1].items()},
        )
        found = await self._aggregate(spec, (), codes)
        total_row = found[0]
        total = _row((), total_row)
        groups: list[StatisticsRow] = []
        if spec.group_by:
            width = len(spec.group_by)
            for row in await self._aggregate(spec, spec.group_by, codes):
                keys = tuple(
                    (dimension, _group_label(dimension, value, names))
                    for dimension, value in zip(spec.group_by, row[:width], strict=True)
                )
                groups.append(_row(keys, row[width:]))
            groups.sort(key=lambda group: tuple(value for _, value in group.keys))
        return Statistics(total=total, groups=tuple(groups))


def _deferred(benefit: ColumnElement[Any]) -> ColumnElement[Any]:
    """The part of a benefit that is deferred, not saved (its scenario's kind decides)."""
    kinds = [kind.value for kind in DEFERRED_KINDS]
    return case((S.benefit_kind.in_(kinds), benefit), else_=literal(0))


def _row(keys: tuple[tuple[StatisticsDimension, str], ...], figures: Any) -> StatisticsRow:
    """A row from (beneficiaries, uses, benefit, deferred)."""
    total, deferred = _sum(figures[2]), _sum(figures[3])
    split = split_benefit(total, deferred)
    return StatisticsRow(
        keys, int(figures[0]), int(figures[1]), total, money_saved=split.saved,
        deferred=split.deferred,
    )  # fmt: skip


def _group_label(
    dimension: StatisticsDimension, value: Any, names: tuple[dict[int, str], dict[int, str]]
) -> str:
    """A group key as the API shows it: codes for ids, YYYY-MM for a month, ISO days."""
    if dimension is StatisticsDimension.SCENARIO:
        return names[0].get(int(value), str(value))
    if dimension is StatisticsDimension.CATEGORY:
        return names[1].get(int(value), str(value))
    if dimension is StatisticsDimension.MONTH:
        return str(value)[:7]
    if dimension is StatisticsDimension.DAY:
        return str(value)[:10]
    return str(value)


def _common_conditions(
    spec: StatisticsFilter, codes: tuple[dict[str, int], dict[str, int]], *, rollup: bool
) -> list[ColumnElement[bool]]:
    """The filter's conditions but the days, on the rollup's or the grants' columns."""
    table = M if rollup else G
    conditions: list[ColumnElement[bool]] = []
    if spec.scenario_codes:
        ids = [codes[0][c] for c in spec.scenario_codes if c in codes[0]]
        conditions.append(table.scenario_id.in_(ids))
    if spec.category_codes:
        ids = [codes[1][c] for c in spec.category_codes if c in codes[1]]
        conditions.append(table.category_id.in_(ids))
    if spec.operator_types:
        conditions.append(table.operator_type.in_(spec.operator_types))
    if spec.districts:
        conditions.append(table.district.in_(spec.districts))
    if spec.partner_ids:
        conditions.append(table.partner_id.in_(spec.partner_ids))
    return conditions


def _day_range(spec: StatisticsFilter) -> ColumnElement[bool] | None:
    """The filter's days on the grants (None: every day)."""
    parts: list[ColumnElement[bool]] = []
    if spec.granted_from is not None:
        parts.append(G.granted_on >= spec.granted_from)
    if spec.granted_until is not None:
        parts.append(G.granted_on <= spec.granted_until)
    if not parts:
        return None
    condition = parts[0]
    for part in parts[1:]:
        condition = condition & part
    return condition


def _month_after(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _whole_months(spec: StatisticsFilter) -> tuple[date | None, date | None] | None:
    """The first and last month (their first days; None: unbounded) lying wholly inside the
    filter's days, or None when no month does."""
    start, end = spec.granted_from, spec.granted_until
    first = None if start is None else (start if start.day == 1 else _month_after(start))
    if end is None:
        last = None
    elif _month_after(end) - timedelta(days=1) == end:
        last = end.replace(day=1)
    else:
        last = (end.replace(day=1) - timedelta(days=1)).replace(day=1)
    if first is not None and last is not None and first > last:
        return None
    return first, last


def _edge_days(
    spec: StatisticsFilter, first: date | None, last: date | None
) -> list[ColumnElement[bool]]:
    """The filter's days outside its whole months, on the grants."""
    edges: list[ColumnElement[bool]] = []
    if spec.granted_from is not None and first is not None and spec.granted_from < first:
        edges.append((G.granted_on >= spec.granted_from) & (G.granted_on < first))
    if spec.granted_until is not None and last is not None:
        after = _month_after(last)
        if spec.granted_until >= after:
            edges.append((G.granted_on >= after) & (G.granted_on <= spec.granted_until))
    return edges


def _sum(value: Any) -> Decimal:
    """A summed amount, zero when nothing was summed."""
    return money(value) if value is not None else Decimal("0.00")
