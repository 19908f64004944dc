"""The fast-track decision of 信易批: good standing grants it, every shortfall is a reason."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from api.domain.approvals.model import ApprovalMatter, DecisionReason, Standing
from api.domain.approvals.rules import (
    BROKEN_LOOKBACK_YEARS,
    GOOD_COLOURS,
    GOOD_GRADES,
    decide_fast_track,
    lookback_start,
    verify_by,
)
from api.domain.subjects.model import SubjectKind

R = DecisionReason
MATTER = ApprovalMatter(
    id=1,
    code="SJ-XK-001",
    name="食品经营许可",
    department_code="market_supervision",
    subject_kinds=frozenset({SubjectKind.ENTERPRISE, SubjectKind.MERCHANT}),
    commitment="承诺",
    waived=("现场核查",),
    standard_days=20,
    fast_track_days=1,
    verify_within_days=30,
)


def _person_matter() -> ApprovalMatter:
    return ApprovalMatter(
        2,
        "JT-XK-002",
        "从业资格",
        "transport",
        frozenset({SubjectKind.PERSON}),
        "承诺",
        (),
        10,
        1,
        30,
    )


def test_an_a_grade_enterprise_gets_the_fast_track_with_reasons() -> None:
    decision = decide_fast_track(
        MATTER, Standing(SubjectKind.ENTERPRISE, True, "A", None, False, 0)
    )
    assert decision.granted is True
    assert [r.code for r in decision.reasons] == [R.GOOD_STANDING, R.NO_BROKEN_COMMITMENT]
    assert decision.reasons[0].message == "grade A, no serious dishonesty"


def test_a_green_person_gets_it_and_a_yellow_one_does_not() -> None:
    matter = _person_matter()
    green = decide_fast_track(matter, Standing(SubjectKind.PERSON, True, "B", "green", False, 0))
    assert green.granted is True
    assert green.reasons[0].message == "integrity code green, no serious dishonesty"
    yellow = decide_fast_track(matter, Standing(SubjectKind.PERSON, True, "C", "yellow", False, 0))
    assert yellow.granted is False
    assert [r.code for r in yellow.reasons] == [R.COLOUR_TOO_LOW]


def test_every_shortfall_is_listed() -> None:
    standing = Standing(SubjectKind.PERSON, True, "D", "red", True, 2)
    decision = decide_fast_track(MATTER, standing)
    assert decision.granted is False
    assert [r.code for r in decision.reasons] == [
        R.KIND_NOT_ACCEPTED,
        R.SERIOUS_DISHONESTY,
        R.COLOUR_TOO_LOW,
        R.BROKEN_COMMITMENT_RECENTLY,
    ]
    assert decision.reasons[0].message == "this matter is for: enterprise, merchant"
    assert decision.reasons[3].message == "2 commitment(s) broken in 3 years"


def test_an_unevaluated_subject_is_refused() -> None:
    decision = decide_fast_track(
        MATTER, Standing(SubjectKind.ENTERPRISE, False, None, None, False, 0)
    )
    assert (decision.granted, [r.code for r in decision.reasons]) == (False, [R.NOT_EVALUATED])


@given(
    kind=st.sampled_from(SubjectKind),
    evaluated=st.booleans(),
    grade=st.sampled_from(["A", "B", "C", "D"]),
    colour=st.sampled_from(["blue", "green", "yellow", "orange", "red"]),
    red_flag=st.booleans(),
    broken=st.integers(min_value=0, max_value=5),
)
def test_granted_exactly_when_in_good_standing(
    kind: SubjectKind, evaluated: bool, grade: str, colour: str, red_flag: bool, broken: int
) -> None:
    standing = Standing(kind, evaluated, grade, colour if kind is SubjectKind.PERSON else None,
                        red_flag, broken)  # fmt: skip
    decision = decide_fast_track(MATTER, standing)
    good = grade in GOOD_GRADES if kind is not SubjectKind.PERSON else colour in GOOD_COLOURS
    expected = kind in MATTER.subject_kinds and evaluated and not red_flag and good and broken == 0
    assert decision.granted is expected
    assert decision.reasons
    refusal_codes = {r.code for r in decision.reasons} - {R.GOOD_STANDING, R.NO_BROKEN_COMMITMENT}
    assert bool(refusal_codes) is not expected


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
def test_the_lookback_is_three_years(today: date) -> None:
    start = lookback_start(today)
    assert start.year == today.year - BROKEN_LOOKBACK_YEARS
    assert (start.month, start.day) == (today.month, today.day) or (today.month, today.day) == (
        2,
        29,
    )


def test_verification_day_follows_the_matter() -> None:
    assert verify_by(MATTER, date(2026, 12, 6)) == date(2027, 1, 5)
