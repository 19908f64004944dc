"""Credit repair: the state machine, the application and decision checks, the notices owed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from api.domain.credit.errors import RepairNotYetEligibleError, RepairTransitionError
from api.domain.credit.repair import (
    DEFAULT_FOLLOW_UP_DAYS,
    MAX_COMMITMENT_LENGTH,
    MAX_REASON_LENGTH,
    REPAIRABLE_CATEGORIES,
    NoticeKind,
    RepairAction,
    RepairCase,
    RepairState,
    check_application,
    check_decision,
    follow_up_due,
    is_repairable,
    next_state,
    notices_due,
)
from api.domain.errors import ErrorCode, InvalidArgumentError
from api.domain.records.model import RecordCategory, Severity

OPENED = date(2026, 5, 10)
ELIGIBLE = date(2026, 8, 10)
ONE_DAY = timedelta(days=1)
COMMITMENT = "I commit to keep prices labelled and to accept inspection at any time."

LEGAL = {
    (RepairState.AWAITING, RepairAction.APPLY): RepairState.APPLIED,
    (RepairState.REJECTED, RepairAction.APPLY): RepairState.APPLIED,
    (RepairState.APPLIED, RepairAction.APPROVE): RepairState.REPAIRED,
    (RepairState.APPLIED, RepairAction.REJECT): RepairState.REJECTED,
}
ALL_PAIRS = [(state, action) for state in RepairState for action in RepairAction]
ILLEGAL = [pair for pair in ALL_PAIRS if pair not in LEGAL]


def case(**changes: Any) -> RepairCase:
    """A general penalty's repair case, awaiting an application, changed as asked."""
    base = RepairCase(
        id=1,
        record_id=11,
        subject_id=21,
        severity=Severity.GENERAL,
        state=RepairState.AWAITING,
        opened_on=OPENED,
        eligible_on=ELIGIBLE,
        commitment=None,
        applied_at=None,
        decided_at=None,
        decision_reason=None,
        follow_up_due_on=None,
        version=1,
    )
    return replace(base, **changes)


def names_state(message: str, state: RepairState) -> bool:
    return re.search(rf"\b{state.value}\b", message, re.IGNORECASE) is not None


# --- the state machine -------------------------------------------------------------------------


def test_there_are_four_legal_steps_and_eight_illegal_ones() -> None:
    assert len(LEGAL) == 4
    assert len(ILLEGAL) == 8


@pytest.mark.parametrize(("state", "action"), list(LEGAL))
def test_every_legal_transition(state: RepairState, action: RepairAction) -> None:
    assert next_state(state, action) is LEGAL[state, action]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_every_illegal_transition_names_the_current_state(
    state: RepairState, action: RepairAction
) -> None:
    with pytest.raises(RepairTransitionError) as caught:
        next_state(state, action)
    error = caught.value
    assert error.code is ErrorCode.REPAIR_TRANSITION_NOT_ALLOWED
    assert names_state(error.message, state)
    assert not any(names_state(error.message, other) for other in RepairState if other != state)
    assert action.value in error.message


def test_a_repaired_record_stays_repaired() -> None:
    for action in RepairAction:
        with pytest.raises(RepairTransitionError):
            next_state(RepairState.REPAIRED, action)


def test_a_full_path_with_a_rejection() -> None:
    state = RepairState.AWAITING
    for action in (
        RepairAction.APPLY,
        RepairAction.REJECT,
        RepairAction.APPLY,
        RepairAction.APPROVE,
    ):
        state = next_state(state, action)
    assert state is RepairState.REPAIRED


# --- applying ----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [RepairState.AWAITING, RepairState.REJECTED])
def test_an_eligible_application_with_a_commitment_is_accepted(state: RepairState) -> None:
    check_application(case(state=state), COMMITMENT, ELIGIBLE)
    check_application(case(state=state), COMMITMENT, ELIGIBLE + timedelta(days=400))


@pytest.mark.parametrize("state", [RepairState.APPLIED, RepairState.REPAIRED])
def test_applying_in_the_wrong_state_names_it(state: RepairState) -> None:
    with pytest.raises(RepairTransitionError) as caught:
        check_application(case(state=state), COMMITMENT, ELIGIBLE)
    assert caught.value.code is ErrorCode.REPAIR_TRANSITION_NOT_ALLOWED
    assert names_state(caught.value.message, state)


@pytest.mark.parametrize("today", [ELIGIBLE - ONE_DAY, OPENED, ELIGIBLE - timedelta(days=60)])
def test_applying_before_the_eligible_day_names_it(today: date) -> None:
    with pytest.raises(RepairNotYetEligibleError) as caught:
        check_application(case(), COMMITMENT, today)
    assert caught.value.code is ErrorCode.REPAIR_NOT_YET_ELIGIBLE
    assert isinstance(caught.value, InvalidArgumentError)
    assert "2026-08-10" in caught.value.message


def test_a_rejected_case_applying_again_is_still_bound_by_the_eligible_day() -> None:
    with pytest.raises(RepairNotYetEligibleError):
        check_application(case(state=RepairState.REJECTED), COMMITMENT, ELIGIBLE - ONE_DAY)


@pytest.mark.parametrize(
    "commitment", ["", "   ", "\n\t", "x" * (MAX_COMMITMENT_LENGTH + 1)], ids=repr
)
def test_an_empty_or_oversized_commitment_is_refused(commitment: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        check_application(case(), commitment, ELIGIBLE)
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert not isinstance(caught.value, RepairNotYetEligibleError)
    assert str(MAX_COMMITMENT_LENGTH) in caught.value.message


def test_commitment_limits() -> None:
    assert MAX_COMMITMENT_LENGTH == 2000
    check_application(case(), "x", ELIGIBLE)
    check_application(case(), "x" * MAX_COMMITMENT_LENGTH, ELIGIBLE)
    check_application(case(), "  " + "x" * MAX_COMMITMENT_LENGTH + "\n", ELIGIBLE)  # trimmed


# --- deciding ----------------------------------------------------------------------------------


def test_a_regulator_approves_or_rejects_an_application() -> None:
    applied = case(state=RepairState.APPLIED, commitment=COMMITMENT)
    assert check_decision(applied, RepairAction.APPROVE, "commitment kept") is RepairState.REPAIRED
    assert check_decision(applied, RepairAction.REJECT, "fine unpaid") is RepairState.REJECTED


@pytest.mark.parametrize(
    "state", [RepairState.AWAITING, RepairState.REPAIRED, RepairState.REJECTED]
)
@pytest.mark.parametrize("action", [RepairAction.APPROVE, RepairAction.REJECT])
def test_only_an_application_can_be_decided(state: RepairState, action: RepairAction) -> None:
    with pytest.raises(RepairTransitionError) as caught:
        check_decision(case(state=state), action, "a reason")
    assert caught.value.code is ErrorCode.REPAIR_TRANSITION_NOT_ALLOWED
    assert names_state(caught.value.message, state)


@pytest.mark.parametrize("reason", ["", "  ", "x" * (MAX_REASON_LENGTH + 1)], ids=repr)
@pytest.mark.parametrize("action", [RepairAction.APPROVE, RepairAction.REJECT])
def test_a_decision_needs_a_reason(reason: str, action: RepairAction) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        check_decision(case(state=RepairState.APPLIED), action, reason)
    assert caught.value.code is ErrorCode.INVALID_ARGUMENT
    assert str(MAX_REASON_LENGTH) in caught.value.message


def test_reason_limits() -> None:
    assert MAX_REASON_LENGTH == 1000
    applied = case(state=RepairState.APPLIED)
    assert check_decision(applied, RepairAction.APPROVE, "x" * 1000) is RepairState.REPAIRED
    assert check_decision(applied, RepairAction.REJECT, " x\n") is RepairState.REJECTED


# --- follow-up and notices ---------------------------------------------------------------------


def test_follow_up_due() -> None:
    assert DEFAULT_FOLLOW_UP_DAYS == 90
    assert follow_up_due(date(2026, 9, 1)) == date(2026, 11, 30)
    assert follow_up_due(date(2026, 12, 15)) == date(2027, 3, 15)
    assert follow_up_due(date(2026, 9, 1), 30) == date(2026, 10, 1)


@pytest.mark.parametrize("state", list(RepairState))
@pytest.mark.parametrize("today", [OPENED - ONE_DAY, OPENED, ELIGIBLE, date(2030, 1, 1)])
def test_the_notice_is_always_due(state: RepairState, today: date) -> None:
    due = notices_due(case(state=state), today)
    assert due[0] == (NoticeKind.REPAIR_NOTICE, OPENED)
    assert [kind for kind, _ in due].count(NoticeKind.REPAIR_NOTICE) == 1


def test_the_reminder_is_due_once_eligible_while_awaiting() -> None:
    awaiting = case()
    assert notices_due(awaiting, ELIGIBLE - ONE_DAY) == ((NoticeKind.REPAIR_NOTICE, OPENED),)
    expected = ((NoticeKind.REPAIR_NOTICE, OPENED), (NoticeKind.REPAIR_REMINDER, ELIGIBLE))
    assert notices_due(awaiting, ELIGIBLE) == expected
    assert notices_due(awaiting, ELIGIBLE + timedelta(days=30)) == expected


@pytest.mark.parametrize("state", [RepairState.APPLIED, RepairState.REJECTED, RepairState.REPAIRED])
def test_no_reminder_once_the_subject_has_applied(state: RepairState) -> None:
    due = notices_due(case(state=state), ELIGIBLE + timedelta(days=30))
    assert NoticeKind.REPAIR_REMINDER not in [kind for kind, _ in due]


def test_the_follow_up_is_due_after_a_repair_on_its_day() -> None:
    follow_up = date(2026, 12, 1)
    repaired = case(
        state=RepairState.REPAIRED,
        decided_at=datetime(2026, 9, 2, 2, 0, tzinfo=UTC),
        follow_up_due_on=follow_up,
    )
    assert notices_due(repaired, follow_up - ONE_DAY) == ((NoticeKind.REPAIR_NOTICE, OPENED),)
    expected = ((NoticeKind.REPAIR_NOTICE, OPENED), (NoticeKind.REPAIR_FOLLOW_UP, follow_up))
    assert notices_due(repaired, follow_up) == expected
    assert notices_due(repaired, follow_up + timedelta(days=100)) == expected


def test_no_follow_up_without_a_repair_or_a_due_day() -> None:
    far = date(2030, 1, 1)
    repaired_without_day = case(state=RepairState.REPAIRED, follow_up_due_on=None)
    assert notices_due(repaired_without_day, far) == ((NoticeKind.REPAIR_NOTICE, OPENED),)
    for state in (RepairState.AWAITING, RepairState.APPLIED, RepairState.REJECTED):
        due = notices_due(case(state=state, follow_up_due_on=date(2026, 12, 1)), far)
        assert NoticeKind.REPAIR_FOLLOW_UP not in [kind for kind, _ in due]


def test_a_minor_record_is_reminded_at_once() -> None:
    minor = case(severity=Severity.MINOR, eligible_on=OPENED)
    assert notices_due(minor, OPENED) == (
        (NoticeKind.REPAIR_NOTICE, OPENED),
        (NoticeKind.REPAIR_REMINDER, OPENED),
    )


# --- what can be repaired ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "repairable"),
    [
        (RecordCategory.PENALTY, True),
        (RecordCategory.COMMITMENT_BROKEN, True),
        (RecordCategory.ENFORCEMENT, False),
        (RecordCategory.DISHONESTY_LIST, False),
        (RecordCategory.CRIMINAL_RECORD, False),
        (RecordCategory.HONOUR, False),
        (RecordCategory.COMMITMENT, False),
        (RecordCategory.COMMITMENT_KEPT, False),
        (RecordCategory.VOLUNTARY_SERVICE, False),
        (RecordCategory.LICENCE, False),
        (RecordCategory.SCENARIO_EVENT, False),
    ],
)
def test_is_repairable(category: RecordCategory, repairable: bool) -> None:
    assert is_repairable(category) is repairable
    assert (category in REPAIRABLE_CATEGORIES) is repairable


def test_only_penalties_and_broken_commitments_are_repairable() -> None:
    assert {RecordCategory.PENALTY, RecordCategory.COMMITMENT_BROKEN} == REPAIRABLE_CATEGORIES


def test_no_reminder_once_the_record_has_expired_on_its_own() -> None:
    awaiting = case(state=RepairState.AWAITING)
    due = notices_due(awaiting, awaiting.eligible_on + timedelta(days=1), record_active=False)
    assert [kind for kind, _ in due] == [NoticeKind.REPAIR_NOTICE]


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_follow_up_is_scheduled_within_a_year(days: int) -> None:
    with pytest.raises(InvalidArgumentError, match="follow-up"):
        follow_up_due(OPENED, days)
