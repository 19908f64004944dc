"""The rules of repair outreach: where a notice goes, its event id, what a follow-up needs."""

from __future__ import annotations

import uuid
from datetime import date

from api.domain.credit.repair import RepairCase, RepairState
from api.domain.errors import InvalidArgumentError
from api.domain.outreach.model import Channel
from api.domain.subjects.model import SubjectKind

#: The namespace of notice event ids: the same notice has the same event id on every retry.
EVENT_NAMESPACE = uuid.UUID("6f0b7c1e-2d55-5b4a-9a51-1c0de0a11e18")

MAX_NOTE_LENGTH = 500


def channel_for(kind: SubjectKind) -> Channel:
    """Persons read their notices in the citizen app; every other subject is reached by the
    credit office's outreach queue."""
    return Channel.CITIZEN_APP if kind is SubjectKind.PERSON else Channel.OFFICE_QUEUE


def event_id(dedupe_key: str) -> str:
    """The stable event id of a notice, derived from its once-only key (UUID version 5)."""
    return str(uuid.uuid5(EVENT_NAMESPACE, dedupe_key))


def check_follow_up(case: RepairCase, note: str, today: date) -> str:
    """A follow-up is recorded for a repaired case once its visit is due; the note, trimmed."""
    if case.state is not RepairState.REPAIRED or case.follow_up_due_on is None:
        raise InvalidArgumentError(
            f"only a repaired case is followed up; this one is {case.state.value.upper()}",
            field="repairId",
        )
    if today < case.follow_up_due_on:
        raise InvalidArgumentError(
            f"the follow-up is due from {case.follow_up_due_on.isoformat()}", field="repairId"
        )
    text = note.strip()
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidArgumentError(f"a note is at most {MAX_NOTE_LENGTH} characters", field="note")
    return text
