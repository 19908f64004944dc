"""Rule sets: their stored form, what check_rule_set refuses, and the migration's frozen copy."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.codes import CreditGrade, IntegrityColour, MerchantColour
from api.domain.credit.rules import (
    DEFAULT_RULE_SET,
    MAX_SCORE,
    POSITIVE_CATEGORIES,
    RuleSet,
    check_rule_set,
    rule_set_from_json,
    rule_set_to_json,
)
from api.domain.errors import ErrorCode, InvalidArgumentError
from api.domain.records.model import NEGATIVE_CATEGORIES, RecordCategory, Severity
from api.domain.subjects.model import TaxGrade

RULES = DEFAULT_RULE_SET
MIGRATION = (
    Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0006_credit_engine.py"
)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0006_credit_engine", MIGRATION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _frozen_text() -> str:
    text = _migration()._FIRST_RULE_SET
    assert isinstance(text, str)
    return text


# --- the default and its stored form -----------------------------------------------------------


def test_the_default_rule_set() -> None:
    check_rule_set(RULES)
    assert RULES.version == "2026.1"
    assert RULES.effective_from == date(2026, 4, 1)
    assert RULES.base_score == 700
    assert dict(RULES.negative_points) == {
        Severity.MINOR: 15,
        Severity.GENERAL: 80,
        Severity.SERIOUS: 220,
    }
    assert RULES.residual_weight == Decimal("0.5")
    assert RULES.positive_cap == 200
    assert RULES.positive_window_months == 36
    assert list(RULES.grade_floors) == [
        (CreditGrade.A, 800),
        (CreditGrade.B, 650),
        (CreditGrade.C, 500),
        (CreditGrade.D, 0),
    ]


def test_the_default_round_trips_through_its_stored_form() -> None:
    stored = rule_set_to_json(RULES)
    assert rule_set_from_json(stored) == RULES
    # through text too: the stored form holds only JSON types
    text = json.dumps(stored)
    assert rule_set_from_json(json.loads(text)) == RULES
    assert rule_set_to_json(rule_set_from_json(json.loads(text))) == stored


def test_the_stored_form() -> None:
    stored = rule_set_to_json(RULES)
    assert stored["version"] == "2026.1"
    assert stored["effective_from"] == "2026-04-01"
    assert stored["residual_weight"] == "0.5"
    assert stored["category_weights"]["dishonesty_list"] == "1.5"
    assert stored["negative_points"] == {"minor": 15, "general": 80, "serious": 220}
    assert stored["tax_grade_points"]["D"] == -120
    assert stored["colour_floors"] == [
        ["blue", 820],
        ["green", 680],
        ["yellow", 560],
        ["orange", 420],
        ["red", 0],
    ]
    assert stored["merchant_floors"] == [["green", 760], ["blue", 640], ["yellow", 480], ["red", 0]]


def test_a_changed_rule_set_round_trips_and_differs() -> None:
    changed = replace(RULES, version="2027.1", base_score=650, residual_weight=Decimal("0.25"))
    assert rule_set_from_json(rule_set_to_json(changed)) == changed
    assert changed != RULES


def test_the_migration_froze_the_default() -> None:
    text = _frozen_text()
    assert rule_set_from_json(json.loads(text)) == RULES
    assert json.loads(text) == rule_set_to_json(RULES)


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    def falling(count: int) -> list[int]:
        values = draw(
            st.lists(st.integers(1, MAX_SCORE), min_size=count - 1, max_size=count - 1, unique=True)
        )
        return [*sorted(values, reverse=True), 0]

    weights = st.decimals(min_value=0, max_value=10, places=2, allow_nan=False)
    return RuleSet(
        version=draw(st.text("0123456789.abc", min_size=1, max_size=32).filter(str.strip)),
        effective_from=draw(st.dates()),
        description=draw(st.text(max_size=40)),
        base_score=draw(st.integers(0, MAX_SCORE)),
        negative_points={s: draw(st.integers(0, 500)) for s in Severity},
        category_weights={c: draw(weights) for c in sorted(NEGATIVE_CATEGORIES)},
        positive_points={c: draw(st.integers(0, 100)) for c in sorted(POSITIVE_CATEGORIES)},
        positive_window_months=draw(st.integers(1, 120)),
        positive_cap=draw(st.integers(0, MAX_SCORE)),
        tax_grade_points={g: draw(st.integers(-300, 300)) for g in TaxGrade},
        residual_weight=draw(st.decimals(min_value=0, max_value=1, places=3, allow_nan=False)),
        grade_floors=tuple(zip(CreditGrade, falling(len(CreditGrade)), strict=True)),
        colour_floors=tuple(zip(IntegrityColour, falling(len(IntegrityColour)), strict=True)),
        merchant_floors=tuple(zip(MerchantColour, falling(len(MerchantColour)), strict=True)),
    )


@given(rule_sets())
def test_any_valid_rule_set_round_trips(rules: RuleSet) -> None:
    stored = rule_set_to_json(rules)
    assert rule_set_from_json(json.loads(json.dumps(stored))) == rules


# --- what check_rule_set refuses ---------------------------------------------------------------


def _without(mapping: Any, key: Any) -> dict[Any, Any]:
    return {k: v for k, v in mapping.items() if k != key}


def _floors(members: Sequence[Any], *scores: int) -> tuple[tuple[Any, int], ...]:
    return tuple(zip(members, scores, strict=True))


G = CreditGrade
I = IntegrityColour  # noqa: E741
M = MerchantColour


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("empty version", {"version": ""}, "version"),
    ("blank version", {"version": "   "}, "version"),
    ("version too long", {"version": "v" * 33}, "version"),
    ("base below 0", {"base_score": -1}, "base score"),
    ("base above 1000", {"base_score": 1001}, "base score"),
    (
        "missing severity",
        {"negative_points": _without(RULES.negative_points, Severity.SERIOUS)},
        "severity",
    ),
    (
        "negative points below 0",
        {"negative_points": {**RULES.negative_points, Severity.MINOR: -1}},
        "negative points",
    ),
    (
        "missing category weight",
        {"category_weights": _without(RULES.category_weights, RecordCategory.ENFORCEMENT)},
        "weight",
    ),
    (
        "weight for a positive category",
        {"category_weights": {**RULES.category_weights, RecordCategory.HONOUR: Decimal(1)}},
        "weight",
    ),
    (
        "weight below 0",
        {"category_weights": {**RULES.category_weights, RecordCategory.PENALTY: Decimal("-0.1")}},
        "weights",
    ),
    (
        "weight above 10",
        {"category_weights": {**RULES.category_weights, RecordCategory.PENALTY: Decimal("10.01")}},
        "weights",
    ),
    (
        "positive points for a negative category",
        {"positive_points": {**RULES.positive_points, RecordCategory.PENALTY: 10}},
        "positive",
    ),
    (
        "positive points for a licence",
        {"positive_points": {**RULES.positive_points, RecordCategory.LICENCE: 10}},
        "positive",
    ),
    (
        "positive points below 0",
        {"positive_points": {**RULES.positive_points, RecordCategory.HONOUR: -1}},
        "positive points",
    ),
    (
        "missing tax grade",
        {"tax_grade_points": _without(RULES.tax_grade_points, TaxGrade.M)},
        "tax",
    ),
    ("window 0", {"positive_window_months": 0}, "window"),
    ("window above 120", {"positive_window_months": 121}, "window"),
    ("cap below 0", {"positive_cap": -1}, "cap"),
    ("cap above 1000", {"positive_cap": 1001}, "cap"),
    ("residual below 0", {"residual_weight": Decimal("-0.01")}, "residual"),
    ("residual above 1", {"residual_weight": Decimal("1.01")}, "residual"),
    (
        "grade floors out of order",
        {"grade_floors": _floors([G.B, G.A, G.C, G.D], 800, 650, 500, 0)},
        "grade floors",
    ),
    ("a grade missing", {"grade_floors": _floors([G.A, G.B, G.D], 800, 650, 0)}, "grade floors"),
    (
        "grade floors not falling",
        {"grade_floors": _floors(list(G), 650, 650, 500, 0)},
        "grade floors",
    ),
    ("grade floors rising", {"grade_floors": _floors(list(G), 500, 650, 800, 0)}, "grade floors"),
    (
        "last grade floor not 0",
        {"grade_floors": _floors(list(G), 800, 650, 500, 1)},
        "grade floors",
    ),
    (
        "first grade floor above 1000",
        {"grade_floors": _floors(list(G), 1001, 650, 500, 0)},
        "grade floors",
    ),
    (
        "green above blue",
        {
            "colour_floors": _floors(
                [I.GREEN, I.BLUE, I.YELLOW, I.ORANGE, I.RED], 820, 680, 560, 420, 0
            )
        },
        "colour floors",
    ),
    (
        "a colour missing",
        {"colour_floors": _floors([I.BLUE, I.GREEN, I.YELLOW, I.RED], 820, 680, 560, 0)},
        "colour floors",
    ),
    (
        "colour floors not falling",
        {"colour_floors": _floors(list(I), 820, 560, 680, 420, 0)},
        "colour floors",
    ),
    (
        "merchant colours in integrity order",
        {"merchant_floors": _floors([M.BLUE, M.GREEN, M.YELLOW, M.RED], 760, 640, 480, 0)},
        "merchant floors",
    ),
    (
        "last merchant floor not 0",
        {"merchant_floors": _floors(list(M), 760, 640, 480, 10)},
        "merchant floors",
    ),
    ("no grade floors", {"grade_floors": ()}, "grade floors"),
]


@pytest.mark.parametrize(("changes", "words"), [pytest.param(c, w, id=name) for name, c, w in BAD])
def test_check_rule_set_refuses(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        replace(RULES, **changes)
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert words in caught.value.message


@pytest.mark.parametrize(("changes", "words"), [pytest.param(c, w, id=name) for name, c, w in BAD])
def test_the_stored_form_is_checked_too(changes: dict[str, Any], words: str) -> None:
    stored = rule_set_to_json(RULES)
    bad = dict(stored)
    field, value = next(iter(changes.items()))
    if field in {"grade_floors", "colour_floors", "merchant_floors"}:
        bad[field] = [[member.value, score] for member, score in value]
    elif isinstance(value, dict):
        bad[field] = {k.value: str(v) if isinstance(v, Decimal) else v for k, v in value.items()}
    elif isinstance(value, Decimal):
        bad[field] = str(value)
    else:
        bad[field] = value
    with pytest.raises(InvalidArgumentError, match=words):
        rule_set_from_json(bad)


def test_the_limits_themselves_are_allowed() -> None:
    allowed: list[dict[str, Any]] = [
        {"version": "v" * 32},
        {"version": "1"},
        {"base_score": 0},
        {"base_score": 1000},
        {"residual_weight": Decimal(0)},
        {"residual_weight": Decimal(1)},
        {"positive_window_months": 1},
        {"positive_window_months": 120},
        {"positive_cap": 0},
        {"positive_cap": 1000},
        {"positive_points": {}},
        {"category_weights": {**RULES.category_weights, RecordCategory.PENALTY: Decimal(10)}},
        {"category_weights": {**RULES.category_weights, RecordCategory.PENALTY: Decimal(0)}},
        {"grade_floors": _floors(list(G), 1000, 2, 1, 0)},
    ]
    for changes in allowed:
        check_rule_set(replace(RULES, **changes))


@pytest.mark.parametrize(
    "changes",
    [
        {"residual_weight": Decimal("NaN")},
        {"category_weights": {**RULES.category_weights, RecordCategory.PENALTY: Decimal("NaN")}},
    ],
    ids=["residual", "category weight"],
)
def test_a_nan_weight_is_refused_as_an_invalid_argument(changes: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentError):
        replace(RULES, **changes)
