"""Incentive statistics over a seeded demo city equal the figures counted from the grants.

The seeded year of grants (``api.seeding.grants``) is aggregated by the repository (whole
months from the monthly rollup, the other days from the grants); here the same figures are
counted in Python from the raw grant rows, for several filters and groupings, on each backend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.scenarios import catalogue
from api.domain.scenarios.model import (
    BenefitKind,
    Statistics,
    StatisticsDimension,
    StatisticsFilter,
    StatisticsRow,
)
from api.seeding import SeedProfile, run_seed
from tests.db.credit_batch_helpers import KEYS, today

GRANTS = metadata.tables["benefit_grants"]
SCENARIOS = metadata.tables["incentive_scenarios"]
CATEGORIES = metadata.tables["incentive_categories"]
D = StatisticsDimension


@dataclass(frozen=True, slots=True)
class _Grant:
    person: int
    scenario: str
    category: str
    operator: str
    partner: int
    district: str
    day: date
    amount: Decimal
    deferred: bool


def _label(grant: _Grant, dimension: StatisticsDimension) -> str:
    return {
        D.SCENARIO: grant.scenario,
        D.CATEGORY: grant.category,
        D.OPERATOR_TYPE: grant.operator,
        D.PARTNER: str(grant.partner),
        D.DISTRICT: grant.district,
        D.DAY: grant.day.isoformat(),
        D.MONTH: grant.day.strftime("%Y-%m"),
    }[dimension]


def _figures(grants: list[_Grant], keys: tuple[tuple[D, str], ...]) -> StatisticsRow:
    cent = Decimal("0.01")
    total = sum((g.amount for g in grants), Decimal("0.00")).quantize(cent)
    deferred = sum((g.amount for g in grants if g.deferred), Decimal("0.00")).quantize(cent)
    return StatisticsRow(
        keys,
        len({g.person for g in grants}),
        len(grants),
        total,
        money_saved=total - deferred,
        deferred=deferred,
    )


def _expected(grants: list[_Grant], spec: StatisticsFilter) -> Statistics:
    """The statistics counted in Python: filter, then group."""
    tests: list[Callable[[_Grant], bool]] = []
    if spec.scenario_codes:
        tests.append(lambda g: g.scenario in spec.scenario_codes)
    if spec.category_codes:
        tests.append(lambda g: g.category in spec.category_codes)
    if spec.operator_types:
        tests.append(lambda g: g.operator in spec.operator_types)
    if spec.districts:
        tests.append(lambda g: g.district in spec.districts)
    if spec.partner_ids:
        tests.append(lambda g: g.partner in spec.partner_ids)
    if spec.granted_from is not None:
        start = spec.granted_from
        tests.append(lambda g: g.day >= start)
    if spec.granted_until is not None:
        end = spec.granted_until
        tests.append(lambda g: g.day <= end)
    chosen = [g for g in grants if all(test(g) for test in tests)]
    groups: dict[tuple[str, ...], list[_Grant]] = {}
    if spec.group_by:
        for grant in chosen:
            labels = tuple(_label(grant, d) for d in spec.group_by)
            groups.setdefault(labels, []).append(grant)
    return Statistics(
        total=_figures(chosen, ()),
        groups=tuple(
            _figures(groups[labels], tuple(zip(spec.group_by, labels, strict=True)))
            for labels in sorted(groups)
        ),
    )


async def _grants(repos: Repositories) -> list[_Grant]:
    rows = await repos.gate.all(
        select(
            GRANTS.c.person_id,
            SCENARIOS.c.code,
            CATEGORIES.c.code,
            GRANTS.c.operator_type,
            GRANTS.c.partner_id,
            GRANTS.c.district,
            GRANTS.c.granted_on,
            GRANTS.c.benefit_amount,
            SCENARIOS.c.benefit_kind,
        )
        .select_from(GRANTS)
        .join(SCENARIOS, SCENARIOS.c.id == GRANTS.c.scenario_id)
        .join(CATEGORIES, CATEGORIES.c.id == GRANTS.c.category_id)
    )
    return [
        _Grant(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5] or "",
            r[6],
            Decimal(str(r[7])),
            r[8] == BenefitKind.DEFERRED_PAYMENT.value,
        )
        for r in rows
    ]


def _keys(row: StatisticsRow) -> tuple[str, ...]:
    return tuple(value for _, value in row.keys)


def _specs(day: date, partner: int) -> list[StatisticsFilter]:
    month_end = day.replace(day=1) - timedelta(days=1)
    month_start = month_end.replace(day=1)
    return [
        StatisticsFilter(group_by=(D.SCENARIO,)),
        StatisticsFilter(granted_from=month_start, granted_until=month_end, group_by=(D.DISTRICT,)),
        StatisticsFilter(operator_types=("mobility_operator",), group_by=(D.OPERATOR_TYPE,)),
        StatisticsFilter(operator_types=("mobility_operator",), group_by=(D.SCENARIO, D.MONTH)),
        StatisticsFilter(category_codes=("parking", "shopping"), group_by=(D.CATEGORY, D.PARTNER)),
        StatisticsFilter(
            scenario_codes=("parking-discount", "bus-fare-discount"),
            districts=("330502", "330523"),
            granted_from=day - timedelta(days=30),
            group_by=(D.DAY,),
        ),
        StatisticsFilter(partner_ids=(partner,), group_by=(D.DISTRICT, D.SCENARIO)),
        # Days at both ends of whole months (rollup and grants together), grouped by month.
        StatisticsFilter(
            granted_from=day - timedelta(days=75),
            granted_until=day - timedelta(days=10),
            group_by=(D.MONTH, D.OPERATOR_TYPE),
        ),
        StatisticsFilter(granted_until=month_start - timedelta(days=3), group_by=(D.CATEGORY,)),
        StatisticsFilter(granted_from=month_start + timedelta(days=2), group_by=(D.DAY,)),
        StatisticsFilter(granted_from=day, group_by=(D.SCENARIO,)),  # nothing granted today
        StatisticsFilter(),
    ]


async def test_statistics_over_seeded_grants_equal_an_independent_count(
    scratch_url: str,
) -> None:
    engine = create_engine(scratch_url)
    day = today()
    try:
        report = await run_seed(engine, SeedProfile.DEMO, seed=5, keys=KEYS, today=day)
        assert report.counts["benefit_grants"] > 1_000
        async with session_factory(engine)() as session:
            repos = Repositories(session)
            grants = await _grants(repos)
            assert len(grants) == report.counts["benefit_grants"]
            busiest = max(
                {g.partner for g in grants}, key=lambda p: sum(g.partner == p for g in grants)
            )
            for spec in _specs(day, busiest):
                found = await catalogue.incentive_statistics(repos, spec)
                expected = _expected(grants, spec)
                assert found.total == expected.total, spec
                assert sorted(found.groups, key=_keys) == list(expected.groups), spec
            everything = await catalogue.incentive_statistics(repos, StatisticsFilter())
            assert everything.total.uses == len(grants)
            assert 0 < everything.total.beneficiaries < everything.total.uses
    finally:
        await engine.dispose()
