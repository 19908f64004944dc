"""Matching enterprises to a loan product: which criteria hold, by how much, the score, the lifts.

domain.md, "Who uses it": the bank finds green enterprises for its loan products ("银行找企业"),
ranked and explained. A candidate meets every criterion of the product; among candidates the
score ranks them. The score weighs the same five components for every product of one kind,
so a product's ranking follows one stored strength per kind (``strength``), which the
database keeps indexed: ``score`` (0-100) is ``strength / 10``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from api.domain.banking.criteria import RULES, Comparison, CriterionRule
from api.domain.banking.model import (
    TAX_ORDER,
    CarbonBand,
    ComponentScore,
    CriterionCheck,
    GreenTier,
    Lift,
    LoanCriteria,
    LoanKind,
    MatchExplanation,
    MatchFacts,
    ScoreComponent,
    members,
)
from api.domain.credit.codes import CreditGrade
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import TaxGrade

#: Points each component can earn, per kind of product (each row sums to 100).
WEIGHTS: dict[LoanKind, dict[ScoreComponent, Decimal]] = {
    LoanKind.GREEN_LOAN: {
        ScoreComponent.CREDIT: Decimal(25),
        ScoreComponent.TAX: Decimal(10),
        ScoreComponent.GREEN_TIER: Decimal(27),
        ScoreComponent.CARBON_BAND: Decimal(18),
        ScoreComponent.ESG: Decimal(20),
    },
    LoanKind.TAX_CREDIT_LOAN: {
        ScoreComponent.CREDIT: Decimal(30),
        ScoreComponent.TAX: Decimal(45),
        ScoreComponent.GREEN_TIER: Decimal(6),
        ScoreComponent.CARBON_BAND: Decimal(4),
        ScoreComponent.ESG: Decimal(15),
    },
    LoanKind.CREDIT_LOAN: {
        ScoreComponent.CREDIT: Decimal(55),
        ScoreComponent.TAX: Decimal(20),
        ScoreComponent.GREEN_TIER: Decimal(6),
        ScoreComponent.CARBON_BAND: Decimal(4),
        ScoreComponent.ESG: Decimal(15),
    },
}
#: Share of a component's points each value earns.
TAX_FRACTION = {
    TaxGrade.A: Decimal(1),
    TaxGrade.B: Decimal("0.7"),
    TaxGrade.M: Decimal("0.5"),
    TaxGrade.C: Decimal("0.2"),
    TaxGrade.D: Decimal(0),
}
TIER_FRACTION = {
    GreenTier.DEEP_GREEN: Decimal(1),
    GreenTier.GREEN: Decimal("0.6"),
    GreenTier.LIGHT_GREEN: Decimal("0.3"),
    GreenTier.NOT_GREEN: Decimal(0),
}
BAND_FRACTION = {
    CarbonBand.DARK_GREEN: Decimal(1),
    CarbonBand.LIGHT_GREEN: Decimal("0.6"),
    CarbonBand.YELLOW: Decimal("0.3"),
    CarbonBand.RED: Decimal(0),
}
MAX_CREDIT_SCORE = 1000
#: Tax grades a rating can step up through (M, a new enterprise, is not one of its steps).
_RATED_TAX_GRADES = tuple(g for g in TAX_ORDER if g is not TaxGrade.M)
ESG_STEP = Decimal(10)
_TENTH = Decimal("0.1")
#: The most industry prefixes a product may list.
MAX_PREFIXES = 20


def check_industry_prefix(prefix: str) -> str:
    """A GB/T 4754 prefix (section letter A-T, then up to 4 digits), upper-cased."""
    text = prefix.strip().upper()
    digits = text[1:]
    if not (1 <= len(text) <= 5 and "A" <= text[0] <= "T" and (digits.isdigit() or not digits)):
        raise InvalidArgumentError(f"{prefix!r} is not a GB/T 4754 industry prefix")
    return text


def check_criteria(criteria: LoanCriteria) -> LoanCriteria:
    """Criteria as stored: industry prefixes checked, lists de-duplicated and sorted."""
    if len(criteria.industry_prefixes) > MAX_PREFIXES:
        raise InvalidArgumentError(f"at most {MAX_PREFIXES} industry prefixes")
    return LoanCriteria(
        districts=tuple(sorted(set(criteria.districts))),
        industry_prefixes=tuple(
            sorted({check_industry_prefix(p) for p in criteria.industry_prefixes})
        ),
        size_classes=tuple(sorted(set(criteria.size_classes))),
        lowest_tax_grade=criteria.lowest_tax_grade,
        lowest_credit_grade=criteria.lowest_credit_grade,
        green_required=criteria.green_required or criteria.lowest_green_tier is not None,
        lowest_green_tier=criteria.lowest_green_tier,
        worst_carbon_band=criteria.worst_carbon_band,
        no_serious_dishonesty=criteria.no_serious_dishonesty,
    )


#: The most distinct values of one fact whose check a product keeps (industry codes vary most).
_KEPT_CHECKS = 4096


def render_check(rule: CriterionRule, operand: Any, setting: str, value: Any) -> CriterionCheck:
    """One criterion checked against one fact: met or not, the margin, the sentence."""
    margin: int | None = None
    matched: str | None = None
    comparison = rule.comparison
    if comparison is Comparison.AT_LEAST:
        have = rule.rank_of(value)
        met = have <= operand
        if met and rule.margins:
            margin = operand - have
    elif comparison is Comparison.ONE_OF:
        met = value in operand
    elif comparison is Comparison.STARTS_WITH:
        matched = next((p for p in operand if value.startswith(p)), None)
        met = matched is not None
    else:
        met = not value
    sentence = rule.met if met else rule.unmet
    detail = sentence.format(fact=rule.shown(value), setting=setting, matched=matched)
    return CriterionCheck(rule.criterion, met, detail, margin)


@lru_cache(maxsize=1024)
def _checkers(
    criteria: LoanCriteria,
) -> tuple[tuple[str, dict[Any, CriterionCheck], CriterionRule, Any, str], ...]:
    """The rules a product sets: the fact each reads, its checks so far by value, its operand.

    A check depends on the product and one fact only, and checks are immutable, so each
    distinct value's check is rendered once per product and shared by every enterprise.
    """
    return tuple(
        (rule.fact, {}, rule, operand, rule.shown(getattr(criteria, rule.setting)))
        for rule in RULES
        if (operand := rule.operand(criteria)) is not None
    )


def check_criterion(criteria: LoanCriteria, facts: MatchFacts) -> list[CriterionCheck]:
    """Every criterion the product sets, checked against one enterprise and explained.

    Each check is rendered from its rule in ``criteria.RULES``, as the database's filter is.
    """
    checks: list[CriterionCheck] = []
    for fact, known, rule, operand, setting in _checkers(criteria):
        value = getattr(facts, fact)
        check = known.get(value)
        if check is None:
            check = render_check(rule, operand, setting, value)
            if len(known) < _KEPT_CHECKS:
                known[value] = check
        checks.append(check)
    return checks


def meets(criteria: LoanCriteria, facts: MatchFacts) -> bool:
    """Whether an enterprise meets every criterion of a product."""
    return all(check.met for check in check_criterion(criteria, facts))


def _fractions(facts: MatchFacts) -> dict[ScoreComponent, Decimal]:
    credit = Decimal(facts.credit_score or 0) / MAX_CREDIT_SCORE
    esg = min(max(facts.esg_score or Decimal(0), Decimal(0)), Decimal(100)) / 100
    return {
        ScoreComponent.CREDIT: min(max(credit, Decimal(0)), Decimal(1)),
        ScoreComponent.TAX: TAX_FRACTION[facts.tax_grade] if facts.tax_grade else Decimal(0),
        ScoreComponent.GREEN_TIER: TIER_FRACTION[facts.green_tier],
        ScoreComponent.CARBON_BAND: BAND_FRACTION[facts.carbon_band]
        if facts.carbon_band
        else Decimal(0),
        ScoreComponent.ESG: esg,
    }


def _components(kind: LoanKind, fractions: dict[ScoreComponent, Decimal]) -> list[ComponentScore]:
    weights = WEIGHTS[kind]
    return [
        ComponentScore(
            component,
            (weights[component] * fraction).quantize(_TENTH, rounding=ROUND_HALF_UP),
            weights[component],
        )
        for component, fraction in fractions.items()
    ]


def _strength(kind: LoanKind, fractions: dict[ScoreComponent, Decimal]) -> int:
    weights = WEIGHTS[kind]
    total = sum((weights[c] * fraction for c, fraction in fractions.items()), Decimal(0))
    return int((total * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def components(kind: LoanKind, facts: MatchFacts) -> list[ComponentScore]:
    """The points each component earns for a product of this kind (1 decimal)."""
    return _components(kind, _fractions(facts))


def strength(kind: LoanKind, facts: MatchFacts) -> int:
    """The ranking key for products of this kind: the match score in tenths (0 to 1000)."""
    return _strength(kind, _fractions(facts))


def _next_better(values: Sequence[object], current: object) -> object | None:
    position = values.index(current)
    return values[position - 1] if position > 0 else None


def lifts(
    kind: LoanKind, facts: MatchFacts, grade_floors: Sequence[tuple[CreditGrade, int]] = ()
) -> list[Lift]:
    """What would raise the score, largest gain first: the next step of each component."""
    weights = WEIGHTS[kind]
    found: list[Lift] = []
    score = facts.credit_score or 0
    if score < MAX_CREDIT_SCORE:
        better = [(g, floor) for g, floor in grade_floors if floor > score]
        if better:
            grade, floor = better[-1]
            gain = weights[ScoreComponent.CREDIT] * (floor - score) / MAX_CREDIT_SCORE
            detail = f"{floor - score} more credit points reach grade {grade.value}"
        else:
            gain = weights[ScoreComponent.CREDIT] * 50 / MAX_CREDIT_SCORE
            detail = "50 more credit points (fewer negative records, kept commitments, honours)"
        found.append(Lift(ScoreComponent.CREDIT, detail, gain))
    if facts.tax_grade is None or facts.tax_grade is TaxGrade.M:
        target: TaxGrade | None = TaxGrade.B
    else:
        found_better = _next_better(_RATED_TAX_GRADES, facts.tax_grade)
        target = found_better if isinstance(found_better, TaxGrade) else None
    if target is not None:
        have = TAX_FRACTION[facts.tax_grade] if facts.tax_grade else Decimal(0)
        gain = weights[ScoreComponent.TAX] * (TAX_FRACTION[target] - have)
        found.append(Lift(ScoreComponent.TAX, f"tax grade {target.value}", gain))
    tier = _next_better(members(GreenTier), facts.green_tier)
    if isinstance(tier, GreenTier):
        gain = weights[ScoreComponent.GREEN_TIER] * (
            TIER_FRACTION[tier] - TIER_FRACTION[facts.green_tier]
        )
        found.append(Lift(ScoreComponent.GREEN_TIER, f"green tier {tier.value}", gain))
    band_now = facts.carbon_band
    band = CarbonBand.YELLOW if band_now is None else _next_better(members(CarbonBand), band_now)
    if isinstance(band, CarbonBand):
        have = BAND_FRACTION[band_now] if band_now else Decimal(0)
        gain = weights[ScoreComponent.CARBON_BAND] * (BAND_FRACTION[band] - have)
        found.append(Lift(ScoreComponent.CARBON_BAND, f"carbon band {band.value}", gain))
    esg = facts.esg_score or Decimal(0)
    if esg < 100:
        step = min(ESG_STEP, Decimal(100) - esg)
        gain = weights[ScoreComponent.ESG] * step / 100
        found.append(Lift(ScoreComponent.ESG, f"ESG score {esg + step}", gain))
    rounded = [
        Lift(lift.component, lift.detail, lift.points.quantize(_TENTH, rounding=ROUND_HALF_UP))
        for lift in found
        if lift.points > 0
    ]
    return sorted(rounded, key=lambda lift: (-lift.points, lift.component.value))


def explain(
    kind: LoanKind,
    criteria: LoanCriteria,
    facts: MatchFacts,
    grade_floors: Sequence[tuple[CreditGrade, int]] = (),
) -> MatchExplanation:
    """A candidate's score, the criteria it meets (with margins) and what would lift it."""
    fractions = _fractions(facts)
    return MatchExplanation(
        score=Decimal(_strength(kind, fractions)) / 10,
        checks=tuple(check_criterion(criteria, facts)),
        components=tuple(_components(kind, fractions)),
        lifts=tuple(lifts(kind, facts, grade_floors)),
    )


def rank_candidates(
    kind: LoanKind, criteria: LoanCriteria, pool: Sequence[MatchFacts]
) -> list[tuple[int, MatchFacts]]:
    """The enterprises of ``pool`` that meet the criteria, best first (strength, then newest id).

    The database query does the same at scale; this is its reference.
    """
    ranked = [(strength(kind, facts), facts) for facts in pool if meets(criteria, facts)]
    return sorted(ranked, key=lambda item: (-item[0], -item[1].enterprise_id))
