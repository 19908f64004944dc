"""Rule sets: the versioned, stored parameters of the public credit evaluation.

domain.md: "a score and a grade for every subject from its records, by a versioned, explainable
rule set ... recomputed when records change, with history". A rule set is data: the city's
credit office publishes a new version with an effective date and selects the active one; the
scoring code in ``api.domain.credit.scoring`` never changes with it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from api.domain.credit.codes import CreditGrade, IntegrityColour, MerchantColour
from api.domain.errors import InvalidArgumentError
from api.domain.records.model import NEGATIVE_CATEGORIES, RecordCategory, Severity
from api.domain.subjects.model import TaxGrade

#: Records that weigh for a subject (negative ones by severity, these by fixed points).
POSITIVE_CATEGORIES = frozenset(
    {
        RecordCategory.HONOUR,
        RecordCategory.VOLUNTARY_SERVICE,
        RecordCategory.COMMITMENT_KEPT,
        RecordCategory.COMMITMENT,
    }
)

MIN_SCORE = 0
MAX_SCORE = 1000


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every parameter of the evaluation, under a version name and an effective date."""

    version: str
    effective_from: date
    #: Where every subject starts.
    base_score: int
    #: Points a fresh negative record takes away, by severity.
    negative_points: Mapping[Severity, int]
    #: Multiplier of the severity points, by negative category (a dishonesty list weighs most).
    category_weights: Mapping[RecordCategory, Decimal]
    #: Points a fresh positive record adds, by category.
    positive_points: Mapping[RecordCategory, int]
    #: How long a positive record counts, in months.
    positive_window_months: int
    #: At most this many points from positive records together.
    positive_cap: int
    #: Points for the enterprise's latest tax credit grade.
    tax_grade_points: Mapping[TaxGrade, int]
    #: The weight a record keeps at the end of its period (1 = no decay, 0 = fades out).
    residual_weight: Decimal
    #: Lowest score of each grade, best first; the last floor must be 0.
    grade_floors: Sequence[tuple[CreditGrade, int]]
    #: Lowest score of each integrity colour, best first; RED is also forced by a red record.
    colour_floors: Sequence[tuple[IntegrityColour, int]]
    #: Lowest score of each merchant colour, best first.
    merchant_floors: Sequence[tuple[MerchantColour, int]]
    description: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_rule_set(self)


def _floors_ok(floors: Sequence[tuple[Any, int]], members: Sequence[Any], what: str) -> None:
    names = [member for member, _ in floors]
    if names != list(members):
        raise InvalidArgumentError(
            f"{what} must name {', '.join(str(m) for m in members)} in order"
        )
    scores = [score for _, score in floors]
    if scores[-1] != MIN_SCORE or any(a <= b for a, b in itertools.pairwise(scores)):
        raise InvalidArgumentError(f"{what} must fall strictly, best first, down to 0")
    if scores[0] > MAX_SCORE:
        raise InvalidArgumentError(f"{what} must stay within 0 to {MAX_SCORE}")


def check_rule_set(rules: RuleSet) -> None:
    """Refuse a rule set that could not score consistently (names the first problem)."""
    if not rules.version.strip() or len(rules.version) > 32:
        raise InvalidArgumentError("the version must be 1 to 32 characters")
    if not MIN_SCORE <= rules.base_score <= MAX_SCORE:
        raise InvalidArgumentError(f"the base score must be within 0 to {MAX_SCORE}")
    if set(rules.negative_points) != set(Severity):
        raise InvalidArgumentError("negative points must be given for every severity")
    if any(points < 0 for points in rules.negative_points.values()):
        raise InvalidArgumentError("negative points are a size: give them as 0 or more")
    if set(rules.category_weights) != NEGATIVE_CATEGORIES:
        raise InvalidArgumentError("a weight must be given for every negative category")
    weights = [*rules.category_weights.values(), rules.residual_weight]
    if any(not isinstance(w, Decimal) or not w.is_finite() for w in weights):
        raise InvalidArgumentError("weights must be finite decimal numbers")
    if any(not Decimal(0) <= w <= Decimal(10) for w in rules.category_weights.values()):
        raise InvalidArgumentError("category weights must be within 0 to 10")
    if not set(rules.positive_points) <= POSITIVE_CATEGORIES:
        raise InvalidArgumentError("positive points are only for positive categories")
    if any(points < 0 for points in rules.positive_points.values()):
        raise InvalidArgumentError("positive points must be 0 or more")
    if set(rules.tax_grade_points) != set(TaxGrade):
        raise InvalidArgumentError("points must be given for every tax grade")
    if not 1 <= rules.positive_window_months <= 120:
        raise InvalidArgumentError("the positive window must be 1 to 120 months")
    if not 0 <= rules.positive_cap <= MAX_SCORE:
        raise InvalidArgumentError(f"the positive cap must be within 0 to {MAX_SCORE}")
    if not Decimal(0) <= rules.residual_weight <= Decimal(1):
        raise InvalidArgumentError("the residual weight must be within 0 to 1")
    _floors_ok(rules.grade_floors, list(CreditGrade), "grade floors")
    _floors_ok(rules.colour_floors, list(IntegrityColour), "colour floors")
    _floors_ok(rules.merchant_floors, list(MerchantColour), "merchant floors")


def rule_set_to_json(rules: RuleSet) -> dict[str, Any]:
    """The stored form of a rule set (plain JSON types, stable key order)."""
    return {
        "version": rules.version,
        "effective_from": rules.effective_from.isoformat(),
        "description": rules.description,
        "base_score": rules.base_score,
        "negative_points": {s.value: p for s, p in rules.negative_points.items()},
        "category_weights": {c.value: str(w) for c, w in rules.category_weights.items()},
        "positive_points": {c.value: p for c, p in rules.positive_points.items()},
        "positive_window_months": rules.positive_window_months,
        "positive_cap": rules.positive_cap,
        "tax_grade_points": {g.value: p for g, p in rules.tax_grade_points.items()},
        "residual_weight": str(rules.residual_weight),
        "grade_floors": [[g.value, s] for g, s in rules.grade_floors],
        "colour_floors": [[c.value, s] for c, s in rules.colour_floors],
        "merchant_floors": [[c.value, s] for c, s in rules.merchant_floors],
    }


def rule_set_from_json(data: Mapping[str, Any]) -> RuleSet:
    """A rule set from its stored form (validated like a new one)."""
    return RuleSet(
        version=str(data["version"]),
        effective_from=date.fromisoformat(data["effective_from"]),
        description=str(data.get("description", "")),
        base_score=int(data["base_score"]),
        negative_points=_frozen({Severity(k): int(v) for k, v in data["negative_points"].items()}),
        category_weights=_frozen(
            {RecordCategory(k): Decimal(v) for k, v in data["category_weights"].items()}
        ),
        positive_points=_frozen(
            {RecordCategory(k): int(v) for k, v in data["positive_points"].items()}
        ),
        positive_window_months=int(data["positive_window_months"]),
        positive_cap=int(data["positive_cap"]),
        tax_grade_points=_frozen(
            {TaxGrade(k): int(v) for k, v in data["tax_grade_points"].items()}
        ),
        residual_weight=Decimal(data["residual_weight"]),
        grade_floors=tuple((CreditGrade(g), int(s)) for g, s in data["grade_floors"]),
        colour_floors=tuple((IntegrityColour(c), int(s)) for c, s in data["colour_floors"]),
        merchant_floors=tuple((MerchantColour(c), int(s)) for c, s in data["merchant_floors"]),
    )


#: The first rule set the city runs (seeded and active on a new platform).
DEFAULT_RULE_SET = RuleSet(
    version="2026.1",
    effective_from=date(2026, 4, 1),
    description="Initial public credit evaluation, aligned with the 2026 credit repair measures.",
    base_score=700,
    negative_points=_frozen({Severity.MINOR: 15, Severity.GENERAL: 80, Severity.SERIOUS: 220}),
    category_weights=_frozen(
        {
            RecordCategory.COMMITMENT_BROKEN: Decimal("0.8"),
            RecordCategory.PENALTY: Decimal("1.0"),
            RecordCategory.ENFORCEMENT: Decimal("1.2"),
            RecordCategory.DISHONESTY_LIST: Decimal("1.5"),
            RecordCategory.CRIMINAL_RECORD: Decimal("2.0"),
        }
    ),
    positive_points=_frozen(
        {
            RecordCategory.HONOUR: 40,
            RecordCategory.VOLUNTARY_SERVICE: 12,
            RecordCategory.COMMITMENT_KEPT: 20,
            RecordCategory.COMMITMENT: 5,
        }
    ),
    positive_window_months=36,
    positive_cap=200,
    tax_grade_points=_frozen(
        {TaxGrade.A: 60, TaxGrade.B: 30, TaxGrade.M: 10, TaxGrade.C: -40, TaxGrade.D: -120}
    ),
    residual_weight=Decimal("0.5"),
    grade_floors=(
        (CreditGrade.A, 800),
        (CreditGrade.B, 650),
        (CreditGrade.C, 500),
        (CreditGrade.D, 0),
    ),
    colour_floors=(
        (IntegrityColour.BLUE, 820),
        (IntegrityColour.GREEN, 680),
        (IntegrityColour.YELLOW, 560),
        (IntegrityColour.ORANGE, 420),
        (IntegrityColour.RED, 0),
    ),
    merchant_floors=(
        (MerchantColour.GREEN, 760),
        (MerchantColour.BLUE, 640),
        (MerchantColour.YELLOW, 480),
        (MerchantColour.RED, 0),
    ),
)
