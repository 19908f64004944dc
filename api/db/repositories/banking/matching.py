"""The matching index in the database: each enterprise's match facts and strengths, kept
current from their sources, and the candidates of a product. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from api.db.repositories.banking.candidates import (
    FACT_COLUMNS,
    candidates_hot,
    facts_from_row,
)
from api.db.repositories.banking.tables import (
    ENTERPRISES,
    EVALUATIONS,
    FACTS,
    GP,
    GREEN,
    PROFILES,
    SCORES,
    TAX_PAID,
    E,
    F,
    G,
    decimal_or_none,
)
from api.db.repositories.gate import SessionGate
from api.db.repositories.subjects import enterprise_from_row
from api.domain.banking.matching import strength
from api.domain.banking.model import (
    UNRANKED,
    Candidate,
    CarbonBand,
    GreenTier,
    LoanCriteria,
    LoanKind,
    MatchFacts,
    TaxFacts,
    rank,
    tax_rank,
)
from api.domain.credit.codes import CreditGrade, grade_rank
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.subjects.model import District, SizeClass, TaxGrade


def facts_values(facts: MatchFacts, now: datetime) -> dict[str, Any]:
    """The stored row of an enterprise's match facts, strengths included."""
    return {
        "enterprise_id": facts.enterprise_id,
        "district": facts.district.value,
        "industry_code": facts.industry_code,
        "size_class": facts.size_class.value,
        "tax_rank": tax_rank(facts.tax_grade),
        "credit_rank": grade_rank(facts.credit_grade) if facts.credit_grade else UNRANKED,
        "credit_score": facts.credit_score,
        "red_flag": facts.red_flag,
        "tier_rank": rank(facts.green_tier),
        "band_rank": rank(facts.carbon_band),
        "esg_score": facts.esg_score,
        "carbon_reduction_tonnes": facts.carbon_reduction_tonnes,
        "strength_green": strength(LoanKind.GREEN_LOAN, facts),
        "strength_tax": strength(LoanKind.TAX_CREDIT_LOAN, facts),
        "strength_credit": strength(LoanKind.CREDIT_LOAN, facts),
        "refreshed_at": now,
    }


def live_facts_statement(enterprise_ids: Sequence[int] | None = None) -> Any:
    """The current facts of enterprises, joined from their tables (all when ``None``)."""
    sc = SCORES.c
    v = EVALUATIONS.c
    statement = select(
        E.subject_id,
        E.district,
        E.industry_code,
        E.size_class,
        E.tax_grade,
        sc.grade,
        sc.score,
        v.red_flag,
        G.tier,
        G.carbon_band,
        GP.esg_score,
        GP.carbon_reduction_tonnes,
    ).select_from(
        ENTERPRISES.outerjoin(SCORES, sc.subject_id == E.subject_id)
        .outerjoin(EVALUATIONS, v.id == sc.evaluation_id)
        .outerjoin(GREEN, G.enterprise_id == E.subject_id)
        .outerjoin(PROFILES, GP.enterprise_id == E.subject_id)
    )
    if enterprise_ids is not None:
        statement = statement.where(E.subject_id.in_(list(enterprise_ids)))
    return statement


def live_facts_from_row(row: Sequence[Any]) -> MatchFacts:
    """Match facts from ``live_facts_statement``."""
    return MatchFacts(
        enterprise_id=row[0],
        district=District(row[1]),
        industry_code=row[2],
        size_class=SizeClass(row[3]),
        tax_grade=TaxGrade(row[4]) if row[4] else None,
        credit_grade=CreditGrade(row[5]) if row[5] else None,
        credit_score=row[6],
        red_flag=bool(row[7]),
        green_tier=GreenTier(row[8]) if row[8] else GreenTier.NOT_GREEN,
        carbon_band=CarbonBand(row[9]) if row[9] else None,
        esg_score=decimal_or_none(row[10]),
        carbon_reduction_tonnes=decimal_or_none(row[11]),
    )


class MatchingRepository:
    """The matching index (implements ``MatchingStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def upsert(self, rows: Sequence[MatchFacts], *, now: datetime) -> None:
        """Write the facts (and their strengths) of these enterprises."""
        if not rows:
            return
        values = [facts_values(facts, now) for facts in rows]
        statement = self._db.insert(FACTS).values(values)
        excluded = statement.excluded
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["enterprise_id"],
                set_={name: excluded[name] for name in values[0] if name != "enterprise_id"},
            )
        )

    async def refresh(self, enterprise_ids: Sequence[int], *, now: datetime) -> None:
        """Recompute the facts of these enterprises from their current data (others: no-op)."""
        if not enterprise_ids:
            return
        rows = await self._db.all(live_facts_statement(enterprise_ids))
        await self.upsert([live_facts_from_row(row) for row in rows], now=now)

    async def facts(self, enterprise_ids: Sequence[int]) -> dict[int, MatchFacts]:
        """The stored facts of these enterprises."""
        if not enterprise_ids:
            return {}
        rows = await self._db.all(
            select(*FACT_COLUMNS).where(F.enterprise_id.in_(list(enterprise_ids)))
        )
        return {row[0]: facts_from_row(row) for row in rows}

    async def tax_facts(self, enterprise_id: int) -> TaxFacts | None:
        """Tax grade, last year's tax paid, red flag and carbon reduction, read live."""
        sc = SCORES.c
        v = EVALUATIONS.c
        t = TAX_PAID.c
        paid = (
            select(t.amount)
            .where(t.enterprise_id == E.subject_id)
            .order_by(t.year.desc())
            .limit(1)
            .scalar_subquery()
        )
        row = await self._db.first(
            select(E.subject_id, E.tax_grade, paid, v.red_flag, GP.carbon_reduction_tonnes)
            .select_from(
                ENTERPRISES.outerjoin(SCORES, sc.subject_id == E.subject_id)
                .outerjoin(EVALUATIONS, v.id == sc.evaluation_id)
                .outerjoin(PROFILES, GP.enterprise_id == E.subject_id)
            )
            .where(E.subject_id == enterprise_id)
        )
        if row is None:
            return None
        return TaxFacts(
            enterprise_id=row[0],
            tax_grade=TaxGrade(row[1]) if row[1] else None,
            tax_paid=decimal_or_none(row[2]),
            red_flag=bool(row[3]),
            carbon_reduction_tonnes=decimal_or_none(row[4]),
        )

    async def candidates(
        self, kind: LoanKind, criteria: LoanCriteria, request: PageRequest
    ) -> Page[Candidate]:
        """Enterprises meeting the criteria, by strength for the kind, then newest id."""
        after = request.after
        hot = candidates_hot(kind, criteria, request.first, after is not None)
        params = (
            {} if after is None else {"after_strength": int(after[0]), "after_id": int(after[1])}
        )
        rows = await self._db.rows(hot, params)
        width = len(FACT_COLUMNS)
        items: list[tuple[Candidate, SortKey]] = []
        for row in rows[: request.first]:
            facts = facts_from_row(row[:width])
            key = int(row[width])
            candidate = Candidate(enterprise_from_row(row[width + 1 :]), facts, key)
            items.append((candidate, (key, facts.enterprise_id)))
        return Page(items=items, has_next=len(rows) > request.first)

    async def set_tax_paid(self, enterprise_id: int, year: int, amount: Decimal) -> None:
        """Store the tax an enterprise paid in a year (the tax bureau's report)."""
        statement = self._db.insert(TAX_PAID).values(
            enterprise_id=enterprise_id, year=year, amount=amount
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["enterprise_id", "year"], set_={"amount": amount}
            )
        )
