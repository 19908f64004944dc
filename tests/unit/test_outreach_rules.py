"""Repair outreach rules: where a notice goes, its stable event id, when a follow-up counts."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.repair import RepairCase, RepairState
from api.domain.errors import InvalidArgumentError
from api.domain.outreach.model import Channel
from api.domain.outreach.rules import MAX_NOTE_LENGTH, channel_for, check_follow_up, event_id
from api.domain.records.model import Severity
from api.domain.subjects.model import SubjectKind

DAY = date(2026, 11, 1)


def case(state: RepairState, follow_up_due_on: date | None) -> RepairCase:
    """A repair case in ``state``."""
    return RepairCase(
        id=7, record_id=70, subject_id=700, severity=Severity.GENERAL, state=state,
        opened_on=DAY - timedelta(days=200), eligible_on=DAY - timedelta(days=100),
        commitment=None, applied_at=None, decided_at=None, decision_reason=None,
        follow_up_due_on=follow_up_due_on, version=1,
    )  # fmt: skip


def test_persons_are_reached_in_the_app_and_everyone_else_by_the_office() -> None:
    assert {kind: channel_for(kind) for kind in SubjectKind} == {
        SubjectKind.PERSON: Channel.CITIZEN_APP,
        SubjectKind.ENTERPRISE: Channel.OFFICE_QUEUE,
        SubjectKind.MERCHANT: Channel.OFFICE_QUEUE,
        SubjectKind.HOUSEHOLD: Channel.OFFICE_QUEUE,
    }


@given(st.text(min_size=1, max_size=96), st.text(min_size=1, max_size=96))
def test_an_event_id_is_a_uuid_that_depends_only_on_the_notice(a: str, b: str) -> None:
    assert event_id(a) == event_id(a)
    assert uuid.UUID(event_id(a)).version == 5
    assert (event_id(a) == event_id(b)) == (a == b)


def test_event_ids_are_fixed_forever() -> None:
    """A receiver deduplicates by event id: the derivation may never change."""
    assert event_id("repair_notice:1") == str(
        uuid.uuid5(uuid.UUID("6f0b7c1e-2d55-5b4a-9a51-1c0de0a11e18"), "repair_notice:1")
    )


@given(st.integers(min_value=-400, max_value=400))
def test_a_follow_up_is_recorded_from_its_due_day_on(offset: int) -> None:
    repaired = case(RepairState.REPAIRED, DAY + timedelta(days=offset))
    if offset <= 0:
        assert check_follow_up(repaired, "  已回访  ", DAY) == "已回访"
    else:
        with pytest.raises(InvalidArgumentError) as refused:
            check_follow_up(repaired, "已回访", DAY)
        assert refused.value.field == "repairId"
        assert (DAY + timedelta(days=offset)).isoformat() in refused.value.message


@pytest.mark.parametrize("state", [s for s in RepairState if s is not RepairState.REPAIRED])
def test_only_a_repaired_case_is_followed_up(state: RepairState) -> None:
    with pytest.raises(InvalidArgumentError, match=state.value.upper()):
        check_follow_up(case(state, DAY), "", DAY)


def test_a_note_is_at_most_500_characters_after_trimming() -> None:
    repaired = case(RepairState.REPAIRED, DAY)
    assert check_follow_up(repaired, " " + "访" * MAX_NOTE_LENGTH + " ", DAY) == "访" * 500
    with pytest.raises(InvalidArgumentError) as refused:
        check_follow_up(repaired, "访" * (MAX_NOTE_LENGTH + 1), DAY)
    assert refused.value.field == "note"
