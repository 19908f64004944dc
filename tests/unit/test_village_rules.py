"""The village rules: rule and entry checks, yearly caps, colours and reasons, nominations."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.errors import DateInFutureError
from api.domain.errors import ErrorCode, InvalidArgumentError
from api.domain.village import rules
from api.domain.village.errors import (
    AlreadyCorrectedError,
    NotEligibleForNominationError,
    RuleCapReachedError,
)
from api.domain.village.model import (
    CivilityEntry,
    ColourReasonCode,
    EntryKind,
    HouseholdColour,
    PointRule,
    RuleDraft,
    Standing,
)

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)  # 10:00 in the city


def test_a_rule_is_normalised_and_checked() -> None:
    assert rules.check_rule(RuleDraft(" gy-01 ", " 志愿服务 ", 5, 20)) == RuleDraft(
        "GY-01", "志愿服务", 5, 20
    )
    cases = [
        (RuleDraft("GY 01", "x", 5, None), "code"),
        (RuleDraft("", "x", 5, None), "code"),
        (RuleDraft("GY", " ", 5, None), "description"),
        (RuleDraft("GY", "x" * 201, 5, None), "description"),
        (RuleDraft("GY", "x", 0, None), "points"),
        (RuleDraft("GY", "x", 101, None), "points"),
        (RuleDraft("GY", "x", -101, None), "points"),
        (RuleDraft("GY", "x", -5, 4), "yearlyCap"),
        (RuleDraft("GY", "x", 5, 1001), "yearlyCap"),
    ]
    for draft, field in cases:
        with pytest.raises(InvalidArgumentError) as raised:
            rules.check_rule(draft)
        assert raised.value.field == field, draft


def test_an_entry_is_dated_in_the_city_not_in_the_future() -> None:
    assert rules.check_entry_date(date(2026, 12, 6), NOW) == date(2026, 12, 6)
    with pytest.raises(DateInFutureError) as raised:
        rules.check_entry_date(date(2026, 12, 7), NOW)
    assert raised.value.code is ErrorCode.DATE_IN_FUTURE
    # 17:00 UTC on the 6th is already the 7th in the city.
    late = datetime(2026, 12, 6, 17, 0, tzinfo=UTC)
    assert rules.check_entry_date(date(2026, 12, 7), late) == date(2026, 12, 7)
    with pytest.raises(InvalidArgumentError):
        rules.check_entry_date(date(2018, 12, 31), NOW)


def test_entry_text_limits() -> None:
    assert rules.check_entry_text(" 好 ", "  ", " 王 ") == ("好", None, "王")
    with pytest.raises(InvalidArgumentError, match="recordedBy"):
        rules.check_entry_text("", None, " ")
    with pytest.raises(InvalidArgumentError):
        rules.check_entry_text("x" * 501, None, "王")
    with pytest.raises(InvalidArgumentError):
        rules.check_entry_text("", "e" * 201, "王")


def test_the_cap_cuts_the_last_entry_and_then_refuses() -> None:
    assert rules.capped_points(5, None, 1000) == 5
    assert rules.capped_points(5, 12, 10) == 2
    assert rules.capped_points(-3, 5, -3) == -2
    with pytest.raises(RuleCapReachedError):
        rules.capped_points(5, 10, 10)
    with pytest.raises(RuleCapReachedError):
        rules.capped_points(-3, 6, -6)
    # A corrected entry frees its share: net zero leaves the whole cap.
    assert rules.capped_points(5, 10, 0) == 5


@given(
    points=st.integers(-100, 100).filter(bool),
    cap=st.integers(1, 1000),
    tries=st.integers(1, 300),
)
def test_entries_never_pass_the_cap(points: int, cap: int, tries: int) -> None:
    """However many entries are tried, the net under a rule never passes its cap."""
    if cap < abs(points):
        cap = abs(points)
    used = 0
    for _ in range(tries):
        try:
            used += rules.capped_points(points, cap, used)
        except RuleCapReachedError:
            break
    assert abs(used) <= cap
    assert used * points >= 0


@given(points=st.integers(-10_000, 10_000), serious=st.booleans())
def test_the_colour_follows_points_and_a_serious_record_caps_it(points: int, serious: bool) -> None:
    code = rules.household_code(2026, points, serious)
    order = list(HouseholdColour)
    alone = rules.points_colour(points)
    if serious:
        assert order.index(code.colour) >= order.index(HouseholdColour.YELLOW)
        assert code.colour == max(alone, HouseholdColour.YELLOW, key=order.index)
        assert [r.code for r in code.reasons] == [
            ColourReasonCode.POINTS,
            ColourReasonCode.MEMBER_SERIOUS_RECORD,
        ]
    else:
        assert code.colour is alone
        assert [r.code for r in code.reasons] == [ColourReasonCode.POINTS]


def test_colour_thresholds() -> None:
    assert [rules.points_colour(p) for p in (30, 29, 0, -1, -20, -21)] == [
        HouseholdColour.BLUE,
        HouseholdColour.GREEN,
        HouseholdColour.GREEN,
        HouseholdColour.YELLOW,
        HouseholdColour.YELLOW,
        HouseholdColour.RED,
    ]


def _entry(kind: EntryKind = EntryKind.POINTS, corrected_by: int | None = None) -> CivilityEntry:
    rule = PointRule(1, 1, "GY-01", 1, "志愿服务", 5, None, NOW, None)
    return CivilityEntry(
        1, 1, 1, rule, kind, 5, 5, date(2026, 12, 1), "", None, "王", NOW, None, corrected_by
    )


def test_a_correction_needs_a_reason_and_happens_once() -> None:
    assert rules.check_correction(_entry(), " 记错 ") == "记错"
    with pytest.raises(InvalidArgumentError):
        rules.check_correction(_entry(), " ")
    with pytest.raises(AlreadyCorrectedError):
        rules.check_correction(_entry(corrected_by=2), "记错")
    with pytest.raises(AlreadyCorrectedError):
        rules.check_correction(_entry(EntryKind.CORRECTION), "记错")


def test_the_model_quota_leaves_room_for_the_report_s_figure() -> None:
    """About 223,100 files in 272 villages (820 each): a quota of 3 a village, 816 in all,
    room for the 524 model households a year the report names; at least one per village."""
    assert rules.model_quota(0) == 1
    assert rules.model_quota(400) == 1
    assert rules.model_quota(820) == 3
    assert 524 <= 272 * rules.model_quota(820) < 2 * 524


def test_nomination_takes_the_top_without_serious_records() -> None:
    village = [Standing(h, p, s) for h, p, s in [(1, 50, True), (2, 40, False), (3, 30, False)]]
    files = 400  # quota 1
    rules.check_nomination(village[1], village, files)  # the top one has a serious record
    with pytest.raises(NotEligibleForNominationError, match="serious"):
        rules.check_nomination(village[0], village, files)
    with pytest.raises(NotEligibleForNominationError, match="quota"):
        rules.check_nomination(village[2], village, files)
    with pytest.raises(NotEligibleForNominationError, match="at least"):
        rules.check_nomination(Standing(4, 9, False), [Standing(4, 9, False)], files)


@given(st.lists(st.tuples(st.integers(-50, 200), st.booleans()), min_size=1, max_size=60))
def test_at_most_the_quota_ranks_are_nominated(households: list[tuple[int, bool]]) -> None:
    """Everyone the rule admits has fewer than ``quota`` eligible households ahead of them."""
    village = [Standing(i, p, s) for i, (p, s) in enumerate(households)]
    quota = rules.model_quota(len(village))
    admitted = []
    for standing in village:
        try:
            rules.check_nomination(standing, village, len(village))
        except NotEligibleForNominationError:
            continue
        admitted.append(standing)
    for standing in admitted:
        assert not standing.serious_record
        ahead = [s for s in village if not s.serious_record and s.points > standing.points]
        assert len(ahead) < quota
    eligible = [s for s in village if not s.serious_record and s.points >= rules.MODEL_MIN_POINTS]
    if eligible:
        assert max(eligible, key=lambda s: s.points) in admitted
