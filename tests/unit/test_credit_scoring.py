"""The public credit evaluation: factors, decay, grades, colours, and its invariants.

Expected numbers are worked out by hand from DEFAULT_RULE_SET (2026.1): base 700; a fresh
negative record takes severity points (minor 15, general 80, serious 220) times its category
weight (broken commitment 0.8, penalty 1.0, enforcement 1.2, dishonesty list 1.5, criminal
record 2.0), rounded half up; positives add honour 40, voluntary service 12, commitment kept 20,
commitment 5, together at most 200; tax grades A +60, B +30, M +10, C -40, D -120; a record's
weight falls linearly from 1 to 0.5 at the end of its period.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.codes import (
    CreditGrade,
    IntegrityColour,
    MerchantColour,
    colour_admits,
    grade_rank,
    integrity_rank,
    merchant_rank,
)
from api.domain.credit.rules import DEFAULT_RULE_SET, MAX_SCORE, MIN_SCORE, RuleSet
from api.domain.credit.scoring import (
    Evaluation,
    Factor,
    ScoredFact,
    SubjectFacts,
    counts,
    decay_weight,
    evaluate,
    grade_for,
    integrity_colour_for,
    is_red_flag,
    merchant_colour_for,
)
from api.domain.records.model import NEGATIVE_CATEGORIES, RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import SubjectKind, TaxGrade

RULES = DEFAULT_RULE_SET
TODAY = date(2026, 11, 1)
ONE_DAY = timedelta(days=1)

C = RecordCategory
S = Severity


def fact(**changes: Any) -> ScoredFact:
    """A fresh, active general penalty of TODAY, published for a year, changed as asked."""
    base = ScoredFact(
        id=1,
        category=C.PENALTY,
        severity=S.GENERAL,
        occurred_on=TODAY,
        publicity_until=date(2027, 11, 1),
        status=RecordStatus.ACTIVE,
    )
    return replace(base, **changes)


def positive(category: RecordCategory, ident: int = 1, **changes: Any) -> ScoredFact:
    return fact(id=ident, category=category, severity=None, publicity_until=None, **changes)


def subject(
    *facts: ScoredFact, kind: SubjectKind = SubjectKind.PERSON, tax_grade: TaxGrade | None = None
) -> SubjectFacts:
    return SubjectFacts(subject_id=42, kind=kind, facts=facts, tax_grade=tax_grade)


def score_of(*facts: ScoredFact, today: date = TODAY, rules: RuleSet = RULES) -> int:
    return evaluate(subject(*facts), rules, today).score


def codes_of(evaluation: Evaluation) -> list[tuple[str, int]]:
    return [(f.code, f.points) for f in evaluation.factors]


# --- no records --------------------------------------------------------------------------------


def test_a_subject_without_records_has_the_base_score() -> None:
    evaluation = evaluate(subject(), RULES, TODAY)
    assert evaluation == Evaluation(
        subject_id=42,
        rule_set_version="2026.1",
        score=700,
        grade=CreditGrade.B,
        colour=IntegrityColour.GREEN,
        base_score=700,
        factors=(),
        red_flag=False,
    )


def test_the_base_score_comes_from_the_rule_set() -> None:
    rules = replace(RULES, version="other", base_score=555)
    evaluation = evaluate(subject(), rules, TODAY)
    assert (evaluation.score, evaluation.base_score, evaluation.rule_set_version) == (
        555,
        555,
        "other",
    )
    assert evaluation.grade is CreditGrade.C
    assert evaluation.colour is IntegrityColour.ORANGE


# --- negative factors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "severity", "points"),
    [
        (C.COMMITMENT_BROKEN, S.MINOR, -12),
        (C.COMMITMENT_BROKEN, S.GENERAL, -64),
        (C.COMMITMENT_BROKEN, S.SERIOUS, -176),
        (C.PENALTY, S.MINOR, -15),
        (C.PENALTY, S.GENERAL, -80),
        (C.PENALTY, S.SERIOUS, -220),
        (C.ENFORCEMENT, S.MINOR, -18),
        (C.ENFORCEMENT, S.GENERAL, -96),
        (C.ENFORCEMENT, S.SERIOUS, -264),
        (C.DISHONESTY_LIST, S.MINOR, -23),  # 22.5 rounds half up
        (C.DISHONESTY_LIST, S.GENERAL, -120),
        (C.DISHONESTY_LIST, S.SERIOUS, -330),
        (C.CRIMINAL_RECORD, S.MINOR, -30),
        (C.CRIMINAL_RECORD, S.GENERAL, -160),
        (C.CRIMINAL_RECORD, S.SERIOUS, -440),
    ],
)
def test_a_fresh_negative_record_weighs_severity_times_category(
    category: RecordCategory, severity: Severity, points: int
) -> None:
    evaluation = evaluate(subject(fact(id=9, category=category, severity=severity)), RULES, TODAY)
    assert len(evaluation.factors) == 1
    factor = evaluation.factors[0]
    assert factor.code == f"{category.value}_{severity.value}".upper()
    assert factor.points == points
    assert factor.record_id == 9
    assert evaluation.score == 700 + points


def test_a_fresh_general_penalty() -> None:
    evaluation = evaluate(subject(fact()), RULES, TODAY)
    assert evaluation.score == 620
    assert codes_of(evaluation) == [("PENALTY_GENERAL", -80)]
    assert evaluation.grade is CreditGrade.C
    assert evaluation.colour is IntegrityColour.YELLOW
    assert not evaluation.red_flag


def test_a_fresh_serious_dishonesty_list_entry_is_red() -> None:
    evaluation = evaluate(
        subject(fact(category=C.DISHONESTY_LIST, severity=S.SERIOUS, publicity_until=None)),
        RULES,
        TODAY,
    )
    assert evaluation.score == 370
    assert codes_of(evaluation) == [("DISHONESTY_LIST_SERIOUS", -330)]
    assert evaluation.red_flag
    assert evaluation.grade is CreditGrade.D
    assert evaluation.colour is IntegrityColour.RED


def test_negative_records_add_up() -> None:
    facts = (
        fact(id=1),
        fact(id=2, severity=S.MINOR),
        fact(id=3, category=C.ENFORCEMENT, severity=S.GENERAL),
    )
    assert score_of(*facts) == 700 - 80 - 15 - 96


def test_a_negative_record_without_severity_weighs_as_general() -> None:
    evaluation = evaluate(subject(fact(severity=None)), RULES, TODAY)
    assert codes_of(evaluation) == [("PENALTY_GENERAL", -80)]


# --- positive factors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "points"),
    [
        (C.HONOUR, 40),
        (C.VOLUNTARY_SERVICE, 12),
        (C.COMMITMENT_KEPT, 20),
        (C.COMMITMENT, 5),
    ],
)
def test_a_fresh_positive_record_adds_its_points(category: RecordCategory, points: int) -> None:
    evaluation = evaluate(subject(positive(category, 5)), RULES, TODAY)
    assert evaluation.factors == (
        Factor(category.value.upper(), points, 5, evaluation.factors[0].detail),
    )
    assert evaluation.score == 700 + points


@pytest.mark.parametrize("category", [C.LICENCE, C.SCENARIO_EVENT])
def test_neutral_records_do_not_move_the_score(category: RecordCategory) -> None:
    evaluation = evaluate(subject(positive(category)), RULES, TODAY)
    assert evaluation.score == 700
    assert evaluation.factors == ()


def test_positive_records_are_capped() -> None:
    honours = [positive(C.HONOUR, i) for i in range(1, 7)]  # 6 x 40 = 240
    evaluation = evaluate(subject(*honours), RULES, TODAY)
    assert evaluation.score == 900
    assert ("POSITIVE_CAP", -40) in codes_of(evaluation)
    assert sum(f.points for f in evaluation.factors if f.code == "HONOUR") == 240
    assert evaluation.grade is CreditGrade.A
    assert evaluation.colour is IntegrityColour.BLUE


def test_exactly_the_cap_is_not_capped() -> None:
    honours = [positive(C.HONOUR, i) for i in range(1, 6)]  # 5 x 40 = 200
    evaluation = evaluate(subject(*honours), RULES, TODAY)
    assert evaluation.score == 900
    assert "POSITIVE_CAP" not in [f.code for f in evaluation.factors]


def test_the_cap_does_not_touch_negative_records() -> None:
    honours = [positive(C.HONOUR, i) for i in range(1, 7)]
    assert score_of(*honours, fact(id=99)) == 700 + 200 - 80


@pytest.mark.parametrize(
    ("grade", "points", "expected_grade"),
    [
        (TaxGrade.A, 60, CreditGrade.B),
        (TaxGrade.B, 30, CreditGrade.B),
        (TaxGrade.M, 10, CreditGrade.B),
        (TaxGrade.C, -40, CreditGrade.B),
        (TaxGrade.D, -120, CreditGrade.C),
    ],
)
def test_tax_grades(grade: TaxGrade, points: int, expected_grade: CreditGrade) -> None:
    evaluation = evaluate(subject(kind=SubjectKind.ENTERPRISE, tax_grade=grade), RULES, TODAY)
    assert codes_of(evaluation) == [(f"TAX_GRADE_{grade.value}", points)]
    assert evaluation.factors[0].record_id is None
    assert evaluation.score == 700 + points
    assert evaluation.grade is expected_grade
    assert evaluation.colour is None


def test_the_tax_grade_is_outside_the_positive_cap() -> None:
    honours = [positive(C.HONOUR, i) for i in range(1, 7)]
    evaluation = evaluate(
        subject(*honours, kind=SubjectKind.ENTERPRISE, tax_grade=TaxGrade.A), RULES, TODAY
    )
    assert evaluation.score == 960
    assert evaluation.grade is CreditGrade.A


def test_a_tax_grade_worth_nothing_leaves_no_factor() -> None:
    rules = replace(RULES, tax_grade_points={**RULES.tax_grade_points, TaxGrade.M: 0})
    evaluation = evaluate(subject(kind=SubjectKind.ENTERPRISE, tax_grade=TaxGrade.M), rules, TODAY)
    assert evaluation.factors == ()
    assert evaluation.score == 700


def test_the_score_is_floored_at_zero() -> None:
    facts = (
        fact(id=1, category=C.CRIMINAL_RECORD, severity=S.SERIOUS),
        fact(id=2, category=C.CRIMINAL_RECORD, severity=S.SERIOUS),
    )
    evaluation = evaluate(subject(*facts), RULES, TODAY)
    assert evaluation.score == MIN_SCORE == 0
    assert ("SCORE_FLOOR", 180) in codes_of(evaluation)  # 700 - 880 = -180
    assert evaluation.grade is CreditGrade.D
    assert evaluation.colour is IntegrityColour.RED


def test_the_score_is_capped_at_1000() -> None:
    rules = replace(RULES, base_score=950)
    honours = [positive(C.HONOUR, i) for i in range(1, 4)]  # +120
    evaluation = evaluate(subject(*honours), rules, TODAY)
    assert evaluation.score == MAX_SCORE == 1000
    assert ("SCORE_CEILING", -70) in codes_of(evaluation)
    assert evaluation.base_score + sum(f.points for f in evaluation.factors) == 1000


# --- decay -------------------------------------------------------------------------------------

START = date(2026, 1, 1)
END = date(2026, 12, 31)  # 364 days later


def test_decay_weight() -> None:
    half = Decimal("0.5")
    assert decay_weight(START, END, START, half) == 1
    assert decay_weight(START, END, START + timedelta(days=182), half) == Decimal("0.75")
    assert decay_weight(START, END, START + timedelta(days=91), half) == Decimal("0.875")
    assert decay_weight(START, END, END, half) == half
    assert decay_weight(START, END, END + timedelta(days=400), half) == half
    assert decay_weight(START, END, START - timedelta(days=10), half) == 1
    assert decay_weight(START, None, date(2040, 1, 1), half) == 1
    assert decay_weight(START, START, START, half) == 1
    assert decay_weight(START, END, END, Decimal(0)) == 0
    assert decay_weight(START, END, START + timedelta(days=182), Decimal(1)) == 1


@pytest.mark.parametrize(
    ("today", "points"),
    [
        (START, -80),  # fresh: full weight
        (START + timedelta(days=91), -70),  # a quarter: 0.875
        (START + timedelta(days=182), -60),  # half-way: 0.75
        (END - ONE_DAY, -40),  # 80 * (1 - 0.5 * 363/364) = 40.11
        (END, -40),  # last day of publicity: the residual weight 0.5
    ],
)
def test_a_negative_record_fades_over_its_publicity(today: date, points: int) -> None:
    evaluation = evaluate(subject(fact(occurred_on=START, publicity_until=END)), RULES, today)
    assert codes_of(evaluation) == [("PENALTY_GENERAL", points)]
    assert "weight" in evaluation.factors[0].detail


def test_decay_rounds_half_up() -> None:
    # a serious dishonesty-list entry half-way: 330 * 0.75 = 247.5 -> 248
    entry = fact(category=C.DISHONESTY_LIST, severity=S.SERIOUS, occurred_on=START)
    evaluation = evaluate(
        subject(replace(entry, publicity_until=END)), RULES, START + timedelta(days=182)
    )
    assert codes_of(evaluation) == [("DISHONESTY_LIST_SERIOUS", -248)]


def test_a_record_past_its_publicity_stops_counting() -> None:
    evaluation = evaluate(
        subject(fact(occurred_on=START, publicity_until=END)), RULES, END + ONE_DAY
    )
    assert evaluation.score == 700
    assert evaluation.factors == ()


def test_a_record_without_an_end_keeps_full_weight() -> None:
    entry = fact(occurred_on=START, publicity_until=None)
    for today in (START, date(2030, 1, 1), date(2046, 6, 30)):
        assert codes_of(evaluate(subject(entry), RULES, today)) == [("PENALTY_GENERAL", -80)]


def test_a_residual_weight_of_zero_fades_a_record_out() -> None:
    rules = replace(RULES, residual_weight=Decimal(0))
    assert score_of(fact(occurred_on=START, publicity_until=END), today=END, rules=rules) == 700
    assert (
        score_of(
            fact(occurred_on=START, publicity_until=END),
            today=START + timedelta(days=182),
            rules=rules,
        )
        == 660
    )


def test_a_positive_record_fades_over_its_window_and_then_stops() -> None:
    honour = positive(C.HONOUR, occurred_on=START)
    window_end = date(2029, 1, 1)  # 36 months: 1096 days
    assert score_of(honour, today=START) == 740
    assert score_of(honour, today=START + timedelta(days=548)) == 730  # 0.75
    assert score_of(honour, today=window_end) == 720  # residual 0.5
    assert score_of(honour, today=window_end + ONE_DAY) == 700
    assert evaluate(subject(honour), RULES, window_end + ONE_DAY).factors == ()


def test_a_positive_record_that_rounds_to_nothing_leaves_no_factor() -> None:
    rules = replace(RULES, residual_weight=Decimal(0))
    commitment = positive(C.COMMITMENT, occurred_on=START)
    window_end = date(2029, 1, 1)
    evaluation = evaluate(subject(commitment), rules, window_end)
    assert evaluation.factors == ()
    assert evaluation.score == 700


# --- what does not count -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [RecordStatus.REPAIRED, RecordStatus.EXPIRED, RecordStatus.EXEMPTED]
)
@pytest.mark.parametrize(
    "record",
    [
        fact(),
        fact(category=C.DISHONESTY_LIST, severity=S.SERIOUS, publicity_until=None),
        fact(category=C.CRIMINAL_RECORD, severity=S.MINOR),
        positive(C.HONOUR),
    ],
)
def test_repaired_expired_and_exempted_records_do_not_count(
    status: RecordStatus, record: ScoredFact
) -> None:
    assert not counts(replace(record, status=status), TODAY)
    evaluation = evaluate(subject(replace(record, status=status)), RULES, TODAY)
    assert evaluation == evaluate(subject(), RULES, TODAY)
    assert not evaluation.red_flag


def test_counts() -> None:
    assert counts(fact(), TODAY)
    assert counts(fact(publicity_until=TODAY), TODAY)
    assert not counts(fact(publicity_until=TODAY - ONE_DAY), TODAY)
    assert counts(fact(publicity_until=None), TODAY)
    assert not counts(fact(occurred_on=TODAY + ONE_DAY), TODAY)


def test_a_record_dated_after_today_does_not_count_yet() -> None:
    assert score_of(fact(occurred_on=TODAY + ONE_DAY)) == 700


# --- red flags, grades and colours -------------------------------------------------------------


def test_what_is_a_red_flag() -> None:
    assert is_red_flag(fact(category=C.DISHONESTY_LIST, severity=S.SERIOUS))
    for severity in Severity:
        assert is_red_flag(fact(category=C.CRIMINAL_RECORD, severity=severity))
    assert not is_red_flag(fact(category=C.DISHONESTY_LIST, severity=S.GENERAL))
    assert not is_red_flag(fact(category=C.PENALTY, severity=S.SERIOUS))
    assert not is_red_flag(fact(category=C.ENFORCEMENT, severity=S.SERIOUS))


CRIME = fact(category=C.CRIMINAL_RECORD, severity=S.MINOR)
LISTED = fact(category=C.DISHONESTY_LIST, severity=S.SERIOUS)


@pytest.mark.parametrize(
    ("red", "kind", "colour"),
    [
        (CRIME, SubjectKind.PERSON, IntegrityColour.RED),
        (CRIME, SubjectKind.MERCHANT, MerchantColour.RED),
        (LISTED, SubjectKind.PERSON, IntegrityColour.RED),
        (LISTED, SubjectKind.MERCHANT, MerchantColour.RED),
        (CRIME, SubjectKind.ENTERPRISE, None),
        (LISTED, SubjectKind.HOUSEHOLD, None),
    ],
)
def test_a_red_flag_forces_red_and_d_whatever_the_score(
    red: ScoredFact, kind: SubjectKind, colour: IntegrityColour | MerchantColour | None
) -> None:
    honours = [positive(C.HONOUR, i) for i in range(10, 15)]  # +200
    clean = evaluate(subject(*honours, kind=kind), RULES, TODAY)
    assert clean.score == 900
    assert clean.grade is CreditGrade.A
    flagged = evaluate(subject(*honours, replace(red, id=1), kind=kind), RULES, TODAY)
    assert flagged.score >= 570  # 900 - 330 at most: by score alone this is not D
    assert grade_for(flagged.score, False, RULES) is not CreditGrade.D
    assert flagged.red_flag
    assert flagged.grade is CreditGrade.D
    assert flagged.colour is colour


def test_a_minor_criminal_record_with_honours_is_red_at_870() -> None:
    honours = [positive(C.HONOUR, i) for i in range(10, 15)]
    evaluation = evaluate(
        subject(*honours, fact(id=1, category=C.CRIMINAL_RECORD, severity=S.MINOR)), RULES, TODAY
    )
    assert evaluation.score == 870
    assert integrity_colour_for(870, False, RULES) is IntegrityColour.BLUE
    assert evaluation.colour is IntegrityColour.RED
    assert evaluation.grade is CreditGrade.D


def test_a_red_flag_stops_when_its_record_stops_counting() -> None:
    entry = fact(category=C.DISHONESTY_LIST, severity=S.SERIOUS, occurred_on=START)
    past = evaluate(subject(replace(entry, publicity_until=END)), RULES, END + ONE_DAY)
    assert not past.red_flag
    assert past.colour is IntegrityColour.GREEN
    repaired = evaluate(subject(replace(entry, status=RecordStatus.REPAIRED)), RULES, TODAY)
    assert not repaired.red_flag


def test_a_general_dishonesty_list_entry_is_not_a_red_flag() -> None:
    evaluation = evaluate(
        subject(fact(category=C.DISHONESTY_LIST, severity=S.GENERAL)), RULES, TODAY
    )
    assert evaluation.score == 580
    assert not evaluation.red_flag
    assert evaluation.grade is CreditGrade.C
    assert evaluation.colour is IntegrityColour.YELLOW


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (1000, CreditGrade.A),
        (800, CreditGrade.A),
        (799, CreditGrade.B),
        (650, CreditGrade.B),
        (649, CreditGrade.C),
        (500, CreditGrade.C),
        (499, CreditGrade.D),
        (0, CreditGrade.D),
    ],
)
def test_grade_thresholds(score: int, grade: CreditGrade) -> None:
    assert grade_for(score, False, RULES) is grade
    assert grade_for(score, True, RULES) is CreditGrade.D
    # the same through a whole evaluation (a subject with no records scores its base)
    assert evaluate(subject(), replace(RULES, base_score=score), TODAY).grade is grade


@pytest.mark.parametrize(
    ("score", "colour"),
    [
        (1000, IntegrityColour.BLUE),
        (820, IntegrityColour.BLUE),
        (819, IntegrityColour.GREEN),
        (680, IntegrityColour.GREEN),
        (679, IntegrityColour.YELLOW),
        (560, IntegrityColour.YELLOW),
        (559, IntegrityColour.ORANGE),
        (420, IntegrityColour.ORANGE),
        (419, IntegrityColour.RED),
        (0, IntegrityColour.RED),
    ],
)
def test_integrity_colour_thresholds(score: int, colour: IntegrityColour) -> None:
    assert integrity_colour_for(score, False, RULES) is colour
    assert integrity_colour_for(score, True, RULES) is IntegrityColour.RED
    assert evaluate(subject(), replace(RULES, base_score=score), TODAY).colour is colour


@pytest.mark.parametrize(
    ("score", "colour"),
    [
        (1000, MerchantColour.GREEN),
        (760, MerchantColour.GREEN),
        (759, MerchantColour.BLUE),
        (640, MerchantColour.BLUE),
        (639, MerchantColour.YELLOW),
        (480, MerchantColour.YELLOW),
        (479, MerchantColour.RED),
        (0, MerchantColour.RED),
    ],
)
def test_merchant_colour_thresholds(score: int, colour: MerchantColour) -> None:
    assert merchant_colour_for(score, False, RULES) is colour
    assert merchant_colour_for(score, True, RULES) is MerchantColour.RED
    merchant = subject(kind=SubjectKind.MERCHANT)
    assert evaluate(merchant, replace(RULES, base_score=score), TODAY).colour is colour


@pytest.mark.parametrize(
    ("kind", "colour"),
    [
        (SubjectKind.PERSON, IntegrityColour.GREEN),
        (SubjectKind.MERCHANT, MerchantColour.BLUE),
        (SubjectKind.ENTERPRISE, None),
        (SubjectKind.HOUSEHOLD, None),
    ],
)
def test_only_persons_and_merchants_have_a_colour(
    kind: SubjectKind, colour: IntegrityColour | MerchantColour | None
) -> None:
    evaluation = evaluate(subject(kind=kind), RULES, TODAY)
    assert evaluation.colour == colour
    if colour is not None:
        assert type(evaluation.colour) is type(colour)


def test_colour_orders() -> None:
    order = [
        IntegrityColour.BLUE,
        IntegrityColour.GREEN,
        IntegrityColour.YELLOW,
        IntegrityColour.ORANGE,
        IntegrityColour.RED,
    ]
    assert [integrity_rank(c) for c in order] == [0, 1, 2, 3, 4]
    merchants = [
        MerchantColour.GREEN,
        MerchantColour.BLUE,
        MerchantColour.YELLOW,
        MerchantColour.RED,
    ]
    assert [merchant_rank(c) for c in merchants] == [0, 1, 2, 3]
    grades = [CreditGrade.A, CreditGrade.B, CreditGrade.C, CreditGrade.D]
    assert [grade_rank(g) for g in grades] == [0, 1, 2, 3]


def test_green_or_above_admits_blue_and_green_only() -> None:
    admitted = {c for c in IntegrityColour if colour_admits(c, IntegrityColour.GREEN)}
    assert admitted == {IntegrityColour.BLUE, IntegrityColour.GREEN}
    assert {c for c in IntegrityColour if colour_admits(c, IntegrityColour.BLUE)} == {
        IntegrityColour.BLUE
    }
    assert {c for c in IntegrityColour if colour_admits(c, IntegrityColour.RED)} == set(
        IntegrityColour
    )
    assert not colour_admits(IntegrityColour.RED, IntegrityColour.ORANGE)
    assert colour_admits(IntegrityColour.ORANGE, IntegrityColour.ORANGE)


# --- order and determinism ---------------------------------------------------------------------


def test_factors_are_sorted_by_effect() -> None:
    facts = (
        positive(C.COMMITMENT, 1),  # +5
        fact(id=2),  # -80
        positive(C.HONOUR, 3),  # +40
        fact(id=4, category=C.ENFORCEMENT, severity=S.SERIOUS),  # -264
        positive(C.VOLUNTARY_SERVICE, 5),  # +12
        fact(id=6, category=C.COMMITMENT_BROKEN, severity=S.MINOR),  # -12
    )
    evaluation = evaluate(subject(*facts), RULES, TODAY)
    assert [(f.code, f.points, f.record_id) for f in evaluation.factors] == [
        ("ENFORCEMENT_SERIOUS", -264, 4),
        ("PENALTY_GENERAL", -80, 2),
        ("HONOUR", 40, 3),
        ("COMMITMENT_BROKEN_MINOR", -12, 6),  # ties by code, then record
        ("VOLUNTARY_SERVICE", 12, 5),
        ("COMMITMENT", 5, 1),
    ]
    assert evaluation.score == 700 + 5 - 80 + 40 - 264 + 12 - 12


def test_equal_effects_are_ordered_by_record() -> None:
    evaluation = evaluate(
        subject(positive(C.HONOUR, 7), positive(C.HONOUR, 3), positive(C.HONOUR, 5)), RULES, TODAY
    )
    assert [f.record_id for f in evaluation.factors] == [3, 5, 7]


def test_the_evaluation_is_deterministic() -> None:
    facts = (
        fact(id=1),
        positive(C.HONOUR, 2),
        fact(id=3, category=C.DISHONESTY_LIST, severity=S.MINOR, occurred_on=START),
        positive(C.COMMITMENT_KEPT, 4, occurred_on=START),
    )
    first = evaluate(subject(*facts, tax_grade=TaxGrade.B), RULES, TODAY)
    assert evaluate(subject(*facts, tax_grade=TaxGrade.B), RULES, TODAY) == first
    assert evaluate(subject(*reversed(facts), tax_grade=TaxGrade.B), RULES, TODAY) == first


# --- properties --------------------------------------------------------------------------------

EARLIEST = date(2020, 1, 1)
LATEST = date(2032, 12, 31)
STATUSES = [RecordStatus.ACTIVE] * 3 + [
    RecordStatus.REPAIRED,
    RecordStatus.EXPIRED,
    RecordStatus.EXEMPTED,
]

ANY_CATEGORY = st.sampled_from(list(RecordCategory))
ANY_STATUS = st.sampled_from(STATUSES)


@st.composite
def scored_facts(
    draw: st.DrawFn,
    categories: st.SearchStrategy[RecordCategory] = ANY_CATEGORY,
    statuses: st.SearchStrategy[RecordStatus] = ANY_STATUS,
) -> ScoredFact:
    category = draw(categories)
    if category in NEGATIVE_CATEGORIES:
        severity: Severity | None = draw(st.sampled_from(list(Severity)))
    else:
        severity = None
    occurred_on = draw(st.dates(EARLIEST, LATEST))
    publicity_until = draw(
        st.none() | st.dates(occurred_on - timedelta(days=5), occurred_on + timedelta(days=1200))
    )
    return ScoredFact(
        id=0,
        category=category,
        severity=severity,
        occurred_on=occurred_on,
        publicity_until=publicity_until,
        status=draw(statuses),
    )


@st.composite
def subjects(draw: st.DrawFn) -> SubjectFacts:
    facts = draw(st.lists(scored_facts(), max_size=12))
    kind = draw(st.sampled_from(list(SubjectKind)))
    tax_grade = draw(st.none() | st.sampled_from(list(TaxGrade)))
    numbered = tuple(replace(f, id=i) for i, f in enumerate(facts, start=1))
    return SubjectFacts(subject_id=7, kind=kind, facts=numbered, tax_grade=tax_grade)


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    if draw(st.booleans()):
        return RULES
    return replace(
        RULES,
        version="test",
        base_score=draw(st.integers(MIN_SCORE, MAX_SCORE)),
        residual_weight=draw(st.sampled_from([Decimal(0), Decimal("0.25"), Decimal(1)])),
        positive_cap=draw(st.integers(0, MAX_SCORE)),
    )


days = st.dates(EARLIEST, LATEST)


@given(subjects(), rule_sets(), days)
def test_the_score_is_the_base_plus_every_factor(
    facts: SubjectFacts, rules: RuleSet, today: date
) -> None:
    evaluation = evaluate(facts, rules, today)
    assert evaluation.score == evaluation.base_score + sum(f.points for f in evaluation.factors)
    assert evaluation.base_score == rules.base_score
    assert MIN_SCORE <= evaluation.score <= MAX_SCORE
    effects = [abs(f.points) for f in evaluation.factors]
    assert effects == sorted(effects, reverse=True)
    red = any(counts(f, today) and is_red_flag(f) for f in facts.facts)
    assert evaluation.red_flag is red
    assert evaluation.grade is grade_for(evaluation.score, red, rules)
    if red:
        assert evaluation.grade is CreditGrade.D
    if facts.kind is SubjectKind.PERSON:
        assert evaluation.colour is integrity_colour_for(evaluation.score, red, rules)
    elif facts.kind is SubjectKind.MERCHANT:
        assert evaluation.colour is merchant_colour_for(evaluation.score, red, rules)
    else:
        assert evaluation.colour is None
    counted = {f.id for f in facts.facts if counts(f, today)}
    assert {f.record_id for f in evaluation.factors if f.record_id is not None} <= counted


@given(subjects(), days, st.randoms(use_true_random=False))
def test_the_order_of_the_facts_does_not_matter(
    facts: SubjectFacts, today: date, random: Random
) -> None:
    shuffled = list(facts.facts)
    random.shuffle(shuffled)
    first = evaluate(facts, RULES, today)
    assert evaluate(replace(facts, facts=tuple(shuffled)), RULES, today) == first
    assert evaluate(facts, RULES, today) == first


def _comparable(evaluation: Evaluation) -> tuple[object, ...]:
    return (evaluation.score, evaluation.grade, evaluation.colour, evaluation.factors)


@given(
    subjects(),
    scored_facts(
        categories=st.sampled_from(sorted(NEGATIVE_CATEGORIES)),
        statuses=st.just(RecordStatus.ACTIVE),
    ),
    days,
)
def test_recording_then_repairing_a_negative_record_restores_the_score(
    facts: SubjectFacts, extra: ScoredFact, today: date
) -> None:
    """Issue #5: recording and then repairing a record returns the score to what it was."""
    extra = replace(extra, id=len(facts.facts) + 1)
    without = evaluate(facts, RULES, today)
    recorded = evaluate(replace(facts, facts=(*facts.facts, extra)), RULES, today)
    repaired_fact = replace(extra, status=RecordStatus.REPAIRED)
    repaired = evaluate(replace(facts, facts=(*facts.facts, repaired_fact)), RULES, today)
    assert _comparable(repaired) == _comparable(without)
    assert repaired == without
    # the record did weigh while it was active
    assert recorded.score <= without.score
    if counts(extra, today):
        assert extra.id in [f.record_id for f in recorded.factors]
        if without.score > 0:  # a counting negative record always costs at least 6 points
            assert recorded.score < without.score
    else:
        assert recorded == without


@given(
    subjects(),
    scored_facts(statuses=st.just(RecordStatus.ACTIVE)),
    days,
    st.sampled_from([RecordStatus.REPAIRED, RecordStatus.EXPIRED, RecordStatus.EXEMPTED]),
)
def test_any_record_that_stops_counting_leaves_no_trace(
    facts: SubjectFacts, extra: ScoredFact, today: date, status: RecordStatus
) -> None:
    extra = replace(extra, id=len(facts.facts) + 1)
    without = evaluate(facts, RULES, today)
    recorded = evaluate(replace(facts, facts=(*facts.facts, extra)), RULES, today)
    ended = evaluate(
        replace(facts, facts=(*facts.facts, replace(extra, status=status))), RULES, today
    )
    assert _comparable(ended) == _comparable(without)
    assert ended == without
    if extra.category in NEGATIVE_CATEGORIES:
        assert recorded.score <= without.score
    else:
        assert recorded.score >= without.score
