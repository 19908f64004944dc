"""The public credit evaluation: a score from 0 to 1000, a grade, a colour, and its reasons.

domain.md, "What the platform computes" and issue #5: positive factors (honours, commitments
kept, voluntary service, a good tax grade) and negative factors weighted by severity and by
age within the publicity period; repaired, expired and exempted records do not count. Every
point is a factor, so ``score == base_score + sum(factor.points)`` always holds: the factors are
the evaluation's reason codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from api.domain.credit.codes import CreditGrade, IntegrityColour, MerchantColour
from api.domain.credit.publicity import add_months
from api.domain.credit.rules import MAX_SCORE, MIN_SCORE, RuleSet
from api.domain.records.model import NEGATIVE_CATEGORIES, RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import SubjectKind, TaxGrade

#: Records that force the lowest colour and grade while they count ("RED marks serious
#: dishonesty"): a criminal record or a serious dishonesty-list entry.
RED_FLAG = "serious dishonesty"


@dataclass(frozen=True, slots=True)
class ScoredFact:
    """What the evaluation needs of one credit record."""

    id: int
    category: RecordCategory
    severity: Severity | None
    occurred_on: date
    publicity_until: date | None
    status: RecordStatus


@dataclass(frozen=True, slots=True)
class SubjectFacts:
    """Everything one subject's evaluation reads."""

    subject_id: int
    kind: SubjectKind
    facts: Sequence[ScoredFact]
    tax_grade: TaxGrade | None = None


@dataclass(frozen=True, slots=True)
class Factor:
    """One reason the score moved: a stable code, the points, and the record behind it."""

    code: str
    points: int
    record_id: int | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A subject's score, grade and colour under one rule set, with every factor."""

    subject_id: int
    rule_set_version: str
    score: int
    grade: CreditGrade
    #: The integrity colour (persons) or the merchant colour (merchants); None otherwise.
    colour: IntegrityColour | MerchantColour | None
    base_score: int
    factors: tuple[Factor, ...]
    red_flag: bool


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def decay_weight(start: date, end: date | None, today: date, residual: Decimal) -> Decimal:
    """Weight of a record on ``today``: 1 when fresh, falling linearly to ``residual`` at ``end``.

    A record without an end (a dishonesty-list entry until it is lifted) keeps full weight.
    """
    if end is None or end <= start:
        return Decimal(1)
    elapsed = min(max((today - start).days, 0), (end - start).days)
    return Decimal(1) - (Decimal(1) - residual) * Decimal(elapsed) / Decimal((end - start).days)


def counts(fact: ScoredFact, today: date) -> bool:
    """Whether a record weighs today: active, already happened, not past its publicity."""
    if fact.status is not RecordStatus.ACTIVE or fact.occurred_on > today:
        return False
    return fact.publicity_until is None or fact.publicity_until >= today


def is_red_flag(fact: ScoredFact) -> bool:
    """A criminal record or a serious dishonesty-list entry (forces RED and grade D)."""
    return fact.category is RecordCategory.CRIMINAL_RECORD or (
        fact.category is RecordCategory.DISHONESTY_LIST and fact.severity is Severity.SERIOUS
    )


def _negative(fact: ScoredFact, rules: RuleSet, today: date) -> Factor:
    severity = fact.severity or Severity.GENERAL
    weight = decay_weight(fact.occurred_on, fact.publicity_until, today, rules.residual_weight)
    size = rules.negative_points[severity] * rules.category_weights[fact.category] * weight
    return Factor(
        code=f"{fact.category.value}_{severity.value}".upper(),
        points=-_round(size),
        record_id=fact.id,
        detail=f"{severity.value} {fact.category.value.replace('_', ' ')} of "
        f"{fact.occurred_on.isoformat()}, weight {weight:.2f}",
    )


def _positive(fact: ScoredFact, rules: RuleSet, today: date) -> Factor | None:
    points = rules.positive_points.get(fact.category, 0)
    window_end = add_months(fact.occurred_on, rules.positive_window_months)
    if points == 0 or today > window_end:
        return None
    weight = decay_weight(fact.occurred_on, window_end, today, rules.residual_weight)
    gained = _round(points * weight)
    if gained == 0:
        return None
    return Factor(
        code=fact.category.value.upper(),
        points=gained,
        record_id=fact.id,
        detail=f"{fact.category.value.replace('_', ' ')} of {fact.occurred_on.isoformat()}, "
        f"weight {weight:.2f}",
    )


def grade_for(score: int, red_flag: bool, rules: RuleSet) -> CreditGrade:
    """The grade whose floor the score reaches; D while a red-flag record counts."""
    if red_flag:
        return CreditGrade.D
    return next(grade for grade, floor in rules.grade_floors if score >= floor)


def integrity_colour_for(score: int, red_flag: bool, rules: RuleSet) -> IntegrityColour:
    """The personal integrity colour; RED while serious dishonesty counts, whatever the score."""
    if red_flag:
        return IntegrityColour.RED
    return next(colour for colour, floor in rules.colour_floors if score >= floor)


def merchant_colour_for(score: int, red_flag: bool, rules: RuleSet) -> MerchantColour:
    """The merchant four-colour code; RED while serious dishonesty counts."""
    if red_flag:
        return MerchantColour.RED
    return next(colour for colour, floor in rules.merchant_floors if score >= floor)


def _sort_key(factor: Factor) -> tuple[int, str, int]:
    return (-abs(factor.points), factor.code, factor.record_id or 0)


def evaluate(subject: SubjectFacts, rules: RuleSet, today: date) -> Evaluation:
    """Score one subject under ``rules`` on ``today`` (pure: same inputs, same result)."""
    negatives: list[Factor] = []
    positives: list[Factor] = []
    red_flag = False
    for fact in subject.facts:
        if not counts(fact, today):
            continue
        if fact.category in NEGATIVE_CATEGORIES:
            negatives.append(_negative(fact, rules, today))
            red_flag = red_flag or is_red_flag(fact)
        else:
            factor = _positive(fact, rules, today)
            if factor is not None:
                positives.append(factor)
    factors = negatives + positives
    gained = sum(f.points for f in positives)
    if gained > rules.positive_cap:
        factors.append(
            Factor("POSITIVE_CAP", rules.positive_cap - gained, None, "positive records capped")
        )
    if subject.tax_grade is not None and rules.tax_grade_points[subject.tax_grade]:
        factors.append(
            Factor(
                f"TAX_GRADE_{subject.tax_grade.value}",
                rules.tax_grade_points[subject.tax_grade],
                None,
                f"latest tax credit grade {subject.tax_grade.value}",
            )
        )
    raw = rules.base_score + sum(f.points for f in factors)
    if raw > MAX_SCORE:
        factors.append(Factor("SCORE_CEILING", MAX_SCORE - raw, None, "score capped at 1000"))
    elif raw < MIN_SCORE:
        factors.append(Factor("SCORE_FLOOR", MIN_SCORE - raw, None, "score floored at 0"))
    score = min(max(raw, MIN_SCORE), MAX_SCORE)
    colour: IntegrityColour | MerchantColour | None = None
    if subject.kind is SubjectKind.PERSON:
        colour = integrity_colour_for(score, red_flag, rules)
    elif subject.kind is SubjectKind.MERCHANT:
        colour = merchant_colour_for(score, red_flag, rules)
    return Evaluation(
        subject_id=subject.subject_id,
        rule_set_version=rules.version,
        score=score,
        grade=grade_for(score, red_flag, rules),
        colour=colour,
        base_score=rules.base_score,
        factors=tuple(sorted(factors, key=_sort_key)),
        red_flag=red_flag,
    )
