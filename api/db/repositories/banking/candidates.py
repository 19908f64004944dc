"""Loan candidates as SQL: the criteria as conditions on ``match_facts``, and the page of
enterprises meeting them, by the loan kind's strength."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, bindparam, or_, select, tuple_
from sqlalchemy.sql import ColumnElement

from api.db.hot import HotStatement
from api.db.repositories.banking.tables import ENTERPRISES, FACTS, E, F, decimal_or_none
from api.db.repositories.subjects import ENTERPRISE_COLUMNS
from api.domain.banking.criteria import RULES, Comparison, CriterionRule
from api.domain.banking.model import (
    UNRANKED,
    CarbonBand,
    GreenTier,
    LoanCriteria,
    LoanKind,
    MatchFacts,
    member_at,
)
from api.domain.credit.codes import CreditGrade
from api.domain.subjects.model import District, SizeClass, TaxGrade

FACT_COLUMNS = (
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


def facts_from_row(row: Sequence[Any]) -> MatchFacts:
    """Match facts from ``FACT_COLUMNS``."""
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
        esg_score=decimal_or_none(row[10]),
        carbon_reduction_tonnes=decimal_or_none(row[11]),
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
        select(*FACT_COLUMNS, strength_column, *ENTERPRISE_COLUMNS)
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


def candidates_hot(kind: LoanKind, criteria: LoanCriteria, first: int, paged: bool) -> HotStatement:
    """The cached hot statement of one candidates page shape."""
    key = (kind, criteria, first, paged)
    hot = _CANDIDATES.get(key)
    if hot is None:
        if len(_CANDIDATES) >= _CANDIDATES_MAX:
            _CANDIDATES.clear()
        hot = _CANDIDATES[key] = HotStatement(candidates_statement(kind, criteria, first, paged))
    return hot
