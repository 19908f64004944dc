"""Property: the database's filter and the explanation's checks agree on all nine loan criteria.

Both come from the rules in ``api.domain.banking.criteria`` (``criterion_clause`` renders a rule
as SQL, ``check_criterion`` as a check); this is the proof that the two renderings mean the
same thing. Random enterprises' facts are written to real ``match_facts`` rows (through the
matching repository, as the index is built), random products are drawn, and on SQLite and
PostgreSQL: each criterion's SQL condition admits exactly the enterprises whose check is met,
and the candidates page (the hot statement, page after page) lists exactly the enterprises
``rank_candidates`` ranks, in its order.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.repositories import Repositories
from api.db.repositories.banking.candidates import criterion_clause
from api.db.repositories.banking.tables import FACTS, F
from api.domain.banking.criteria import RULES
from api.domain.banking.matching import check_criterion, rank_candidates
from api.domain.banking.model import (
    CarbonBand,
    Criterion,
    GreenTier,
    LoanCriteria,
    LoanKind,
    MatchFacts,
)
from api.domain.credit.codes import CreditGrade
from api.domain.paging import PageRequest
from api.domain.subjects.model import District, SizeClass, TaxGrade
from tests.factories import Factory

E = TypeVar("E", bound=Enum)
NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
POOL = 12

#: Few sections and digits, so that prefixes often match codes (and often do not).
codes = st.builds(lambda s, d: s + d, st.sampled_from("CDA"), st.text("126", max_size=4))
prefixes = st.builds(lambda s, d: s + d, st.sampled_from("CDA"), st.text("126", max_size=3))


def maybe(enum: type[E]) -> st.SearchStrategy[E | None]:
    """A member of ``enum`` or None."""
    return st.none() | st.sampled_from(enum)


def some(enum: type[E]) -> st.SearchStrategy[tuple[E, ...]]:
    """A few distinct members of ``enum`` (none: the criterion is not set)."""
    return st.lists(st.sampled_from(enum), unique=True, max_size=3).map(tuple)


def facts_of(enterprise_id: int) -> st.SearchStrategy[MatchFacts]:
    """Any facts of one enterprise, missing values included."""
    return st.builds(
        MatchFacts,
        enterprise_id=st.just(enterprise_id),
        district=st.sampled_from(District),
        industry_code=codes,
        size_class=st.sampled_from(SizeClass),
        tax_grade=maybe(TaxGrade),
        credit_grade=maybe(CreditGrade),
        credit_score=st.none() | st.integers(0, 1000),
        red_flag=st.booleans(),
        green_tier=st.sampled_from(GreenTier),
        carbon_band=maybe(CarbonBand),
        esg_score=st.none() | st.decimals(0, 100, places=2),
        carbon_reduction_tonnes=st.none() | st.decimals(0, 10**6, places=2),
    )


criteria_drawn = st.builds(
    LoanCriteria,
    districts=some(District),
    industry_prefixes=st.lists(prefixes, max_size=3).map(tuple),
    size_classes=some(SizeClass),
    lowest_tax_grade=maybe(TaxGrade),
    lowest_credit_grade=maybe(CreditGrade),
    green_required=st.booleans(),
    lowest_green_tier=maybe(GreenTier),
    worst_carbon_band=maybe(CarbonBand),
    no_serious_dishonesty=st.booleans(),
)


@pytest.fixture
async def pool(factory: Factory) -> list[int]:
    """Enterprises whose ``match_facts`` rows each example rewrites."""
    return [(await factory.enterprise())[0] for _ in range(POOL)]


def test_every_criterion_is_one_rule_over_a_stored_fact() -> None:
    """Nine rules, one per criterion and per product field, each reading a stored fact."""
    assert [rule.criterion for rule in RULES] == list(Criterion)
    assert {rule.setting for rule in RULES} == {f.name for f in fields(LoanCriteria)}
    assert len({rule.setting for rule in RULES}) == len(RULES)
    assert {rule.fact for rule in RULES} <= {f.name for f in fields(MatchFacts)}
    assert {rule.column for rule in RULES} <= set(FACTS.c.keys())


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.data(),
    criteria=criteria_drawn,
    kind=st.sampled_from(LoanKind),
    page_size=st.integers(1, 5),
)
async def test_the_sql_filter_and_the_checks_agree(
    session: AsyncSession,
    pool: list[int],
    data: st.DataObject,
    criteria: LoanCriteria,
    kind: LoanKind,
    page_size: int,
) -> None:
    """Any product, any enterprises: each criterion's SQL admits exactly those its check meets."""
    drawn = [data.draw(facts_of(enterprise_id)) for enterprise_id in pool]
    repos = Repositories(session)
    await repos.matching.upsert(drawn, now=NOW)
    stored = await repos.matching.facts(pool)
    assert stored == {facts.enterprise_id: facts for facts in drawn}

    checks = {
        eid: {c.criterion: c for c in check_criterion(criteria, f)} for eid, f in stored.items()
    }
    for rule in RULES:
        clause = criterion_clause(rule, criteria)
        checked = {eid for eid, by in checks.items() if rule.criterion in by}
        if clause is None:
            assert not checked, rule.criterion
            continue
        assert checked == set(pool), rule.criterion
        admitted = set(
            (
                await session.execute(
                    select(F.enterprise_id).where(clause, F.enterprise_id.in_(pool))
                )
            )
            .scalars()
            .all()
        )
        met = {eid for eid, by in checks.items() if by[rule.criterion].met}
        assert admitted == met, (rule.criterion, criteria)
        share = "none" if not met else "all" if len(met) == POOL else "some"
        event(f"{rule.criterion.value}: {share} met")

    found: list[int] = []
    request = PageRequest(first=page_size)
    while True:
        page = await repos.matching.candidates(kind, criteria, request)
        found += [c.facts.enterprise_id for c, _ in page.items if c.facts.enterprise_id in stored]
        if not page.has_next:
            break
        request = PageRequest(first=page_size, after=page.items[-1][1])
    expected = [f.enterprise_id for _, f in rank_candidates(kind, criteria, list(stored.values()))]
    assert found == expected, (kind, criteria)
    for enterprise_id in found:
        assert all(c.met for c in checks[enterprise_id].values())
