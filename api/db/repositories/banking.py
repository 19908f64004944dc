"""The bank scenarios in the database: products, the matching index, green classes, needs and
claims, credit lines, webhooks and the outbox, and the credit engine's borrower hook. Never
commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, bindparam, delete, insert, or_, select, tuple_, update
from sqlalchemy.sql import ColumnElement

from api.db.hot import HotStatement
from api.db.repositories.gate import SessionGate
from api.db.tables import EnterpriseRow, GreenProfileRow
from api.db.tables.banking import (
    BorrowerSubscriptionRow,
    CreditLineRow,
    FinancingNeedRow,
    GreenClassificationRow,
    LoanProductRow,
    MatchFactsRow,
    NeedClaimRow,
    NeedNoticeRow,
    TaxPaidRow,
    WebhookDeliveryRow,
    WebhookEndpointRow,
)
from api.db.tables.credit import EvaluationRow, SubjectScoreRow
from api.domain.banking.codec import (
    criteria_from_json,
    criteria_to_json,
    reasons_from_json,
    reasons_to_json,
)
from api.domain.banking.criteria import RULES, Comparison, CriterionRule
from api.domain.banking.matching import strength
from api.domain.banking.model import (
    UNRANKED,
    BorrowerEvent,
    Candidate,
    CarbonBand,
    CreditLine,
    CreditLineReport,
    DeliveryStatus,
    EventType,
    FinancingNeed,
    GreenClassification,
    GreenFigures,
    GreenTier,
    LendingStatistic,
    LoanCriteria,
    LoanKind,
    LoanProduct,
    MatchFacts,
    NeedClaim,
    NeedStatus,
    ProductDraft,
    ProductStatus,
    ProductTerms,
    TaxFacts,
    WebhookDelivery,
    member_at,
    rank,
    tax_rank,
)
from api.domain.banking.webhooks import delivery_status, event_body, new_event_id
from api.domain.credit.codes import CreditGrade, grade_rank
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.subjects.model import (
    District,
    Enterprise,
    GreenActivityClass,
    SizeClass,
    TaxGrade,
)

PRODUCTS = LoanProductRow.__table__  # type: ignore[attr-defined]
FACTS = MatchFactsRow.__table__  # type: ignore[attr-defined]
GREEN = GreenClassificationRow.__table__  # type: ignore[attr-defined]
PROFILES = GreenProfileRow.__table__  # type: ignore[attr-defined]
ENTERPRISES = EnterpriseRow.__table__  # type: ignore[attr-defined]
SCORES = SubjectScoreRow.__table__  # type: ignore[attr-defined]
EVALUATIONS = EvaluationRow.__table__  # type: ignore[attr-defined]
NEEDS = FinancingNeedRow.__table__  # type: ignore[attr-defined]
NOTICES = NeedNoticeRow.__table__  # type: ignore[attr-defined]
CLAIMS = NeedClaimRow.__table__  # type: ignore[attr-defined]
LINES = CreditLineRow.__table__  # type: ignore[attr-defined]
TAX_PAID = TaxPaidRow.__table__  # type: ignore[attr-defined]
ENDPOINTS = WebhookEndpointRow.__table__  # type: ignore[attr-defined]
SUBSCRIPTIONS = BorrowerSubscriptionRow.__table__  # type: ignore[attr-defined]
DELIVERIES = WebhookDeliveryRow.__table__  # type: ignore[attr-defined]
P = PRODUCTS.c
F = FACTS.c
E = ENTERPRISES.c
G = GREEN.c
GP = PROFILES.c

_PRODUCT_COLUMNS = (
    P.id,
    P.bank_id,
    P.name,
    P.kind,
    P.status,
    P.criteria,
    P.amount_min,
    P.amount_max,
    P.rate_min,
    P.rate_max,
    P.tax_multiple,
    P.valid_from,
    P.valid_until,
    P.version,
    P.created_at,
    P.updated_at,
)
_PRODUCT_BY_ID = HotStatement(select(*_PRODUCT_COLUMNS).where(P.id == bindparam("id")))
_ENTERPRISE_COLUMNS = (
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
_FACT_COLUMNS = (
    F.enterprise_id,
    F.district,
    F.industry_code,
    F.size_class,
    F.tax_rank,
    F.credit_rank,
    F.credit_score,
    F.red_flag,
    F.tier_rank,
    F.band_rank,
    F.esg_score,
    F.carbon_reduction_tonnes,
)
STRENGTH_COLUMN = {
    LoanKind.GREEN_LOAN: "strength_green",
    LoanKind.TAX_CREDIT_LOAN: "strength_tax",
    LoanKind.CREDIT_LOAN: "strength_credit",
}


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def product_from_row(row: Sequence[Any]) -> LoanProduct:
    """A product from ``_PRODUCT_COLUMNS``."""
    return LoanProduct(
        id=row[0],
        bank_id=row[1],
        name=row[2],
        kind=LoanKind(row[3]),
        status=ProductStatus(row[4]),
        criteria=criteria_from_json(row[5]),
        terms=ProductTerms(
            amount_min=Decimal(row[6]),
            amount_max=Decimal(row[7]),
            rate_min=Decimal(row[8]),
            rate_max=Decimal(row[9]),
            tax_multiple=_decimal(row[10]),
            valid_from=row[11],
            valid_until=row[12],
        ),
        version=row[13],
        created_at=row[14],
        updated_at=row[15],
    )


def enterprise_from_row(row: Sequence[Any]) -> Enterprise:
    """An enterprise from ``_ENTERPRISE_COLUMNS``."""
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


def facts_from_row(row: Sequence[Any]) -> MatchFacts:
    """Match facts from ``_FACT_COLUMNS``."""
    tax = row[4]
    credit = member_at(CreditGrade, row[5])
    return MatchFacts(
        enterprise_id=row[0],
        district=District(row[1]),
        industry_code=row[2],
        size_class=SizeClass(row[3]),
        tax_grade=None
        if tax == UNRANKED
        else (TaxGrade.A, TaxGrade.B, TaxGrade.M, TaxGrade.C, TaxGrade.D)[tax],
        credit_grade=credit,
        credit_score=row[6],
        red_flag=bool(row[7]),
        green_tier=member_at(GreenTier, row[8]) or GreenTier.NOT_GREEN,
        carbon_band=member_at(CarbonBand, row[9]),
        esg_score=_decimal(row[10]),
        carbon_reduction_tonnes=_decimal(row[11]),
    )


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
        esg_score=_decimal(row[10]),
        carbon_reduction_tonnes=_decimal(row[11]),
    )


def criterion_clause(rule: CriterionRule, criteria: LoanCriteria) -> ColumnElement[bool] | None:
    """One criterion's rule as a condition on ``match_facts`` (None when the product does not
    set it); ``matching.check_criterion`` renders the same rule as a check."""
    operand = rule.operand(criteria)
    if operand is None:
        return None
    column: ColumnElement[Any] = F[rule.column]
    if rule.comparison is Comparison.ONE_OF:
        return column.in_(list(operand))
    if rule.comparison is Comparison.STARTS_WITH:
        return or_(*(column.startswith(p) for p in operand))
    if rule.comparison is Comparison.AT_LEAST:
        return column <= int(operand)  # the stored rank: 0 best, UNRANKED when missing
    if rule.comparison is Comparison.NOT:
        return column.is_(False)
    raise AssertionError(f"no SQL for {rule.comparison}")


def criteria_clauses(criteria: LoanCriteria) -> list[ColumnElement[bool]]:
    """The criteria as conditions on ``match_facts``, from the rules in ``criteria.RULES``."""
    return [clause for rule in RULES if (clause := criterion_clause(rule, criteria)) is not None]


def candidates_statement(kind: LoanKind, criteria: LoanCriteria, first: int, paged: bool) -> Any:
    """One page of candidates: facts and enterprise, by the kind's strength, then newest id.

    A page after the first continues below the bound parameters ``after_strength`` and
    ``after_id`` (the previous page's last key).
    """
    strength_column = F[STRENGTH_COLUMN[kind]]
    statement = (
        select(*_FACT_COLUMNS, strength_column, *_ENTERPRISE_COLUMNS)
        .select_from(FACTS.join(ENTERPRISES, E.subject_id == F.enterprise_id))
        .where(*criteria_clauses(criteria))
    )
    if paged:
        statement = statement.where(
            tuple_(strength_column, F.enterprise_id)
            < tuple_(
                bindparam("after_strength", type_=Integer), bindparam("after_id", type_=Integer)
            )
        )
    return statement.order_by(strength_column.desc(), F.enterprise_id.desc()).limit(first + 1)


#: Candidate statements by (kind, criteria, page size, paged): products are few and long-lived.
_CANDIDATES: dict[tuple[LoanKind, LoanCriteria, int, bool], HotStatement] = {}
_CANDIDATES_MAX = 1024


def _candidates_hot(
    kind: LoanKind, criteria: LoanCriteria, first: int, paged: bool
) -> HotStatement:
    key = (kind, criteria, first, paged)
    hot = _CANDIDATES.get(key)
    if hot is None:
        if len(_CANDIDATES) >= _CANDIDATES_MAX:
            _CANDIDATES.clear()
        hot = _CANDIDATES[key] = HotStatement(candidates_statement(kind, criteria, first, paged))
    return hot


class LoanProductRepository:
    """Loan products (implements ``LoanProductStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    @staticmethod
    def _values(draft: ProductDraft) -> dict[str, Any]:
        terms = draft.terms
        return {
            "name": draft.name,
            "kind": draft.kind.value,
            "criteria": criteria_to_json(draft.criteria),
            "amount_min": terms.amount_min,
            "amount_max": terms.amount_max,
            "rate_min": terms.rate_min,
            "rate_max": terms.rate_max,
            "tax_multiple": terms.tax_multiple,
            "valid_from": terms.valid_from,
            "valid_until": terms.valid_until,
        }

    async def add(self, bank_id: int, draft: ProductDraft, *, now: datetime) -> LoanProduct:
        """Store a new draft product."""
        row = await self._db.first(
            insert(PRODUCTS)
            .values(
                bank_id=bank_id,
                status=ProductStatus.DRAFT.value,
                version=1,
                created_at=now,
                updated_at=now,
                **self._values(draft),
            )
            .returning(*_PRODUCT_COLUMNS)
        )
        return product_from_row(row)

    async def get(self, product_id: int) -> LoanProduct | None:
        """One product by id."""
        row = await self._db.row(_PRODUCT_BY_ID, {"id": product_id})
        return product_from_row(row) if row else None

    async def by_ids(self, product_ids: Sequence[int]) -> dict[int, LoanProduct]:
        """Products by id (for loaders)."""
        if not product_ids:
            return {}
        rows = await self._db.all(select(*_PRODUCT_COLUMNS).where(P.id.in_(list(product_ids))))
        return {row[0]: product_from_row(row) for row in rows}

    async def _cas(self, product: LoanProduct, values: dict[str, Any]) -> LoanProduct | None:
        result = await self._db.execute(
            update(PRODUCTS)
            .where(P.id == product.id, P.version == product.version)
            .values(version=product.version + 1, **values)
        )
        if not getattr(result, "rowcount", 0):
            return None
        return await self.get(product.id)

    async def replace(
        self, product: LoanProduct, draft: ProductDraft, *, now: datetime
    ) -> LoanProduct | None:
        """Compare-and-set the product's content from its read version; None if it moved."""
        return await self._cas(product, {**self._values(draft), "updated_at": now})

    async def set_status(
        self, product: LoanProduct, status: ProductStatus, *, now: datetime
    ) -> LoanProduct | None:
        """Compare-and-set the status from the read version; None if it moved."""
        return await self._cas(product, {"status": status.value, "updated_at": now})

    async def open_products(self, day: date) -> list[LoanProduct]:
        """Every published product valid on ``day``."""
        rows = await self._db.all(
            select(*_PRODUCT_COLUMNS)
            .where(
                P.status == ProductStatus.PUBLISHED.value,
                P.valid_from <= day,
                or_(P.valid_until.is_(None), P.valid_until >= day),
            )
            .order_by(P.id)
        )
        return [product_from_row(row) for row in rows]

    async def page(
        self,
        request: PageRequest,
        *,
        bank_id: int | None,
        statuses: Sequence[ProductStatus] = (),
        viewer_bank_id: int | None = None,
    ) -> Page[LoanProduct]:
        """Products newest first: one bank's, or all; a viewer sees others' published only."""
        statement = select(*_PRODUCT_COLUMNS)
        if bank_id is not None:
            statement = statement.where(P.bank_id == bank_id)
        if statuses:
            statement = statement.where(P.status.in_([s.value for s in statuses]))
        if viewer_bank_id is not None:
            statement = statement.where(
                or_(P.bank_id == viewer_bank_id, P.status == ProductStatus.PUBLISHED.value)
            )
        if request.after is not None:
            statement = statement.where(P.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(P.id.desc()).limit(request.first + 1))
        return Page(
            items=[(product_from_row(row), (row[0],)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
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
            select(*_FACT_COLUMNS).where(F.enterprise_id.in_(list(enterprise_ids)))
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
            tax_paid=_decimal(row[2]),
            red_flag=bool(row[3]),
            carbon_reduction_tonnes=_decimal(row[4]),
        )

    async def candidates(
        self, kind: LoanKind, criteria: LoanCriteria, request: PageRequest
    ) -> Page[Candidate]:
        """Enterprises meeting the criteria, by strength for the kind, then newest id."""
        after = request.after
        hot = _candidates_hot(kind, criteria, request.first, after is not None)
        params = (
            {} if after is None else {"after_strength": int(after[0]), "after_id": int(after[1])}
        )
        rows = await self._db.rows(hot, params)
        width = len(_FACT_COLUMNS)
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


class GreenRepository:
    """Green profiles and classifications (implements ``GreenStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def profile(self, enterprise_id: int) -> GreenFigures | None:
        """The enterprise's current green profile, if any."""
        row = await self._db.first(
            select(
                GP.activity_class,
                GP.emissions_tonnes,
                GP.carbon_intensity,
                GP.carbon_reduction_tonnes,
                GP.esg_score,
                GP.as_of,
            ).where(GP.enterprise_id == enterprise_id)
        )
        if row is None:
            return None
        return GreenFigures(
            activity_class=GreenActivityClass(row[0]),
            emissions_tonnes=Decimal(row[1]),
            carbon_intensity=Decimal(row[2]),
            carbon_reduction_tonnes=Decimal(row[3]),
            esg_score=Decimal(row[4]),
            as_of=row[5],
        )

    async def save_profile(self, enterprise_id: int, figures: GreenFigures) -> None:
        """Make these figures the current profile, and mirror its class on the enterprise."""
        values = {
            "activity_class": figures.activity_class.value,
            "emissions_tonnes": figures.emissions_tonnes,
            "carbon_intensity": figures.carbon_intensity,
            "carbon_reduction_tonnes": figures.carbon_reduction_tonnes,
            "esg_score": figures.esg_score,
            "as_of": figures.as_of,
        }
        await self._db.execute(
            self._db.insert(PROFILES)
            .values(enterprise_id=enterprise_id, **values)
            .on_conflict_do_update(index_elements=["enterprise_id"], set_=values)
        )
        await self._db.execute(
            update(ENTERPRISES)
            .where(E.subject_id == enterprise_id)
            .values(green_class=figures.activity_class.value)
        )

    async def classification(self, enterprise_id: int) -> GreenClassification | None:
        """The current classification, if any."""
        found = await self.classifications([enterprise_id])
        return found.get(enterprise_id)

    async def classifications(
        self, enterprise_ids: Sequence[int]
    ) -> dict[int, GreenClassification]:
        """Current classifications by enterprise (for loaders)."""
        if not enterprise_ids:
            return {}
        rows = await self._db.all(
            select(
                G.enterprise_id,
                G.version,
                G.is_green,
                G.tier,
                G.carbon_band,
                G.reasons,
                G.profile_as_of,
                G.classified_at,
            ).where(G.enterprise_id.in_(list(enterprise_ids)))
        )
        return {
            row[0]: GreenClassification(
                enterprise_id=row[0],
                version=row[1],
                is_green=bool(row[2]),
                tier=GreenTier(row[3]),
                carbon_band=CarbonBand(row[4]),
                reasons=reasons_from_json(row[5]),
                profile_as_of=row[6],
                classified_at=row[7],
            )
            for row in rows
        }

    async def save_classification(self, classification: GreenClassification) -> None:
        """Store the current classification."""
        await self.save_classifications([classification])

    async def save_classifications(self, classifications: Sequence[GreenClassification]) -> None:
        """Store several current classifications in one statement."""
        if not classifications:
            return
        values = [
            {
                "enterprise_id": c.enterprise_id,
                "version": c.version,
                "is_green": c.is_green,
                "tier": c.tier.value,
                "carbon_band": c.carbon_band.value,
                "reasons": reasons_to_json(c.reasons),
                "profile_as_of": c.profile_as_of,
                "classified_at": c.classified_at,
            }
            for c in classifications
        ]
        statement = self._db.insert(GREEN).values(values)
        excluded = statement.excluded
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["enterprise_id"],
                set_={name: excluded[name] for name in values[0] if name != "enterprise_id"},
            )
        )


def _need(row: Sequence[Any]) -> FinancingNeed:
    return FinancingNeed(
        id=row[0],
        enterprise_id=row[1],
        amount=Decimal(row[2]),
        purpose=row[3],
        term_months=row[4],
        status=NeedStatus(row[5]),
        claim_count=row[6],
        posted_at=row[7],
    )


N = NEEDS.c
C = CLAIMS.c
_NEED_COLUMNS = (
    N.id,
    N.enterprise_id,
    N.amount,
    N.purpose,
    N.term_months,
    N.status,
    N.claim_count,
    N.posted_at,
)
#: Huzhou's rule: the first three banks that claim a need get access to it.
MAX_CLAIMS = 3


class FinancingRepository:
    """Financing needs, notices and claims (implements ``FinancingStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add_need(
        self, enterprise_id: int, amount: Decimal, purpose: str, term_months: int, now: datetime
    ) -> FinancingNeed:
        """Store an open need."""
        row = await self._db.first(
            insert(NEEDS)
            .values(
                enterprise_id=enterprise_id,
                amount=amount,
                purpose=purpose,
                term_months=term_months,
                status=NeedStatus.OPEN.value,
                claim_count=0,
                posted_at=now,
            )
            .returning(*_NEED_COLUMNS)
        )
        return _need(row)

    async def get_need(self, need_id: int) -> FinancingNeed | None:
        """One need by id."""
        row = await self._db.first(select(*_NEED_COLUMNS).where(N.id == need_id))
        return _need(row) if row else None

    async def tell(self, need_id: int, told: dict[int, int]) -> None:
        """Remember which bank was told about the need, through which of its products."""
        if told:
            await self._db.execute(
                insert(NOTICES).values(
                    [{"need_id": need_id, "bank_id": b, "product_id": p} for b, p in told.items()]
                )
            )

    async def claim(self, need_id: int, bank_id: int, now: datetime) -> NeedClaim | None:
        """Take one of the three places: a guarded increment, then the claim at that position."""
        mine = select(C.need_id).where(C.need_id == need_id, C.bank_id == bank_id).exists()
        position = await self._db.first(
            update(NEEDS)
            .where(
                N.id == need_id,
                N.status == NeedStatus.OPEN.value,
                N.claim_count < MAX_CLAIMS,
                ~mine,
            )
            .values(claim_count=N.claim_count + 1)
            .returning(N.claim_count)
        )
        if position is None:
            return None
        count = int(position[0])
        if count >= MAX_CLAIMS:
            await self._db.execute(
                update(NEEDS).where(N.id == need_id).values(status=NeedStatus.FULLY_CLAIMED.value)
            )
        inserted = await self._db.first(
            self._db.insert(CLAIMS)
            .values(need_id=need_id, bank_id=bank_id, position=count, claimed_at=now)
            .on_conflict_do_nothing(index_elements=["need_id", "bank_id"])
            .returning(C.position)
        )
        if inserted is None:  # the same bank raced itself: undo by failing the transaction
            raise RuntimeError("concurrent claims by one bank; retry")
        return NeedClaim(need_id, bank_id, count, now)

    async def claim_of(self, need_id: int, bank_id: int) -> NeedClaim | None:
        """The bank's claim on the need, if it has one."""
        row = await self._db.first(
            select(C.position, C.claimed_at).where(C.need_id == need_id, C.bank_id == bank_id)
        )
        return NeedClaim(need_id, bank_id, row[0], row[1]) if row else None

    async def claims(self, need_ids: Sequence[int]) -> dict[int, list[NeedClaim]]:
        """Claims of several needs, by position (for loaders)."""
        found: dict[int, list[NeedClaim]] = {need_id: [] for need_id in need_ids}
        if not need_ids:
            return found
        rows = await self._db.all(
            select(C.need_id, C.bank_id, C.position, C.claimed_at)
            .where(C.need_id.in_(list(need_ids)))
            .order_by(C.need_id, C.position)
        )
        for row in rows:
            found[row[0]].append(NeedClaim(row[0], row[1], row[2], row[3]))
        return found

    async def told_page(self, bank_id: int, request: PageRequest) -> Page[FinancingNeed]:
        """The needs a bank was told about, newest first."""
        t = NOTICES.c
        statement = (
            select(*_NEED_COLUMNS)
            .select_from(NEEDS.join(NOTICES, t.need_id == N.id))
            .where(t.bank_id == bank_id)
        )
        if request.after is not None:
            statement = statement.where(N.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(N.id.desc()).limit(request.first + 1))
        return Page(
            items=[(_need(row), (row[0],)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )

    async def enterprise_page(
        self, enterprise_id: int, request: PageRequest
    ) -> Page[FinancingNeed]:
        """An enterprise's own needs, newest first."""
        statement = select(*_NEED_COLUMNS).where(N.enterprise_id == enterprise_id)
        if request.after is not None:
            statement = statement.where(N.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(N.id.desc()).limit(request.first + 1))
        return Page(
            items=[(_need(row), (row[0],)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )


L = LINES.c


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


S = SUBSCRIPTIONS.c
W = DELIVERIES.c


def _delivery(row: Sequence[Any]) -> WebhookDelivery:
    delivered_at = row[5]
    return WebhookDelivery(
        event_id=row[1],
        type=EventType(row[2]),
        status=delivery_status(attempts=row[3], delivered_at=delivered_at),
        attempts=row[3],
        created_at=row[4],
        delivered_at=delivered_at,
        next_attempt_at=None if delivered_at is not None else row[6],
        last_error=row[7],
        body=row[8],
    )


class WebhookRepository:
    """Webhook endpoints, borrower subscriptions and the outbox (implements ``WebhookStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def set_endpoint(self, bank_id: int, url: str, now: datetime) -> None:
        """Register (or replace) the bank's webhook URL."""
        await self._db.execute(
            self._db.insert(ENDPOINTS)
            .values(bank_id=bank_id, url=url, updated_at=now)
            .on_conflict_do_update(index_elements=["bank_id"], set_={"url": url, "updated_at": now})
        )

    async def endpoint(self, bank_id: int) -> str | None:
        """The bank's webhook URL, if any."""
        row = await self._db.first(select(ENDPOINTS.c.url).where(ENDPOINTS.c.bank_id == bank_id))
        return str(row[0]) if row else None

    async def subscribe(self, bank_id: int, enterprise_id: int, now: datetime) -> int:
        """Follow a borrower (idempotent); the subscription id."""
        await self._db.execute(
            self._db.insert(SUBSCRIPTIONS)
            .values(
                bank_id=bank_id,
                enterprise_id=enterprise_id,
                created_at=now,
                # Changes are told from the evaluation the bank follows from.
                seen_evaluation_id=select(SCORES.c.evaluation_id)
                .where(SCORES.c.subject_id == enterprise_id)
                .scalar_subquery(),
            )
            .on_conflict_do_nothing(index_elements=["bank_id", "enterprise_id"])
        )
        row = await self._db.first(
            select(S.id).where(S.bank_id == bank_id, S.enterprise_id == enterprise_id)
        )
        return int(row[0])

    async def unsubscribe(self, bank_id: int, enterprise_id: int) -> bool:
        """Stop following; False when it was not followed."""
        result = await self._db.execute(
            delete(SUBSCRIPTIONS).where(S.bank_id == bank_id, S.enterprise_id == enterprise_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def subscribers(self, enterprise_id: int) -> list[tuple[int, int]]:
        """(subscription id, bank id) of every bank following the enterprise."""
        rows = await self._db.all(
            select(S.id, S.bank_id).where(S.enterprise_id == enterprise_id).order_by(S.id)
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def enqueue(
        self,
        bank_id: int,
        event: BorrowerEvent,
        *,
        subscription_id: int | None,
        subject: dict[str, str],
        now: datetime,
    ) -> str:
        """Write one event to the outbox (same transaction as its cause); its event id."""
        event_id = new_event_id()
        body = event_body(event_id, event.type, occurred_at=now, data={**subject, **event.data})
        await self._db.execute(
            insert(DELIVERIES).values(
                event_id=event_id,
                bank_id=bank_id,
                subscription_id=subscription_id,
                event_type=event.type.value,
                body=body,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        return event_id

    async def delivery_page(
        self, bank_id: int, request: PageRequest, *, status: DeliveryStatus | None = None
    ) -> Page[WebhookDelivery]:
        """One page of a bank's own outbox, newest first, maybe only one status (one query)."""
        statement = select(
            W.id,
            W.event_id,
            W.event_type,
            W.attempts,
            W.created_at,
            W.delivered_at,
            W.next_attempt_at,
            W.last_error,
            W.body,
        ).where(W.bank_id == bank_id)
        if status is DeliveryStatus.DELIVERED:
            statement = statement.where(W.delivered_at.is_not(None))
        elif status is DeliveryStatus.FAILING:
            statement = statement.where(W.delivered_at.is_(None), W.attempts > 0)
        elif status is DeliveryStatus.PENDING:
            statement = statement.where(W.delivered_at.is_(None), W.attempts == 0)
        if request.after is not None:
            statement = statement.where(W.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(W.id.desc()).limit(request.first + 1))
        return Page(
            items=[(_delivery(row), (int(row[0]),)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )


__all__ = [
    "CreditLineRepository",
    "FinancingRepository",
    "GreenRepository",
    "LoanProductRepository",
    "MatchingRepository",
    "WebhookRepository",
]
