"""Credit repair (信用修复) as a state machine, and the notices it owes the subject.

domain.md, "Workflows the report names" and the Credit Repair Measures (2026-04-01): when a
penalty is recorded the subject is told it can be repaired and from when (主动告知); reminded
when that day comes (到期提醒); after repair, followed up (跟踪回访). The subject applies with a
public credit commitment once the minimum publicity period has passed; a regulator approves or
rejects with a reason; a successful repair stops publication, sharing and use at once.

    AWAITING --apply--> APPLIED --approve--> REPAIRED
        ^                  |
        |               reject
        |                  v
        +------apply--- REJECTED   (a rejected subject may apply again)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from api.domain.credit.errors import RepairNotYetEligibleError, RepairTransitionError
from api.domain.errors import InvalidArgumentError
from api.domain.records.model import RecordCategory, Severity

#: Negative records the subject can repair: penalties and broken commitments. Enforcement,
#: dishonesty lists and criminal records end by their own procedures, not by credit repair.
REPAIRABLE_CATEGORIES = frozenset({RecordCategory.PENALTY, RecordCategory.COMMITMENT_BROKEN})

#: Days after an approval when the follow-up visit is due (configurable per deployment).
DEFAULT_FOLLOW_UP_DAYS = 90

MAX_COMMITMENT_LENGTH = 2000
MAX_REASON_LENGTH = 1000


class RepairState(StrEnum):
    """Where a repair case stands."""

    AWAITING = "awaiting"
    APPLIED = "applied"
    REPAIRED = "repaired"
    REJECTED = "rejected"


class RepairAction(StrEnum):
    """What the subject or the regulator does to a case."""

    APPLY = "apply"
    APPROVE = "approve"
    REJECT = "reject"


TRANSITIONS: Mapping[tuple[RepairState, RepairAction], RepairState] = MappingProxyType(
    {
        (RepairState.AWAITING, RepairAction.APPLY): RepairState.APPLIED,
        (RepairState.REJECTED, RepairAction.APPLY): RepairState.APPLIED,
        (RepairState.APPLIED, RepairAction.APPROVE): RepairState.REPAIRED,
        (RepairState.APPLIED, RepairAction.REJECT): RepairState.REJECTED,
    }
)


class NoticeKind(StrEnum):
    """The messages a repair case owes its subject, written to the outbox."""

    REPAIR_NOTICE = "repair_notice"
    REPAIR_REMINDER = "repair_reminder"
    REPAIR_FOLLOW_UP = "repair_follow_up"


@dataclass(frozen=True, slots=True)
class RepairCase:
    """The repair case opened for one repairable negative record."""

    id: int
    record_id: int
    subject_id: int
    severity: Severity
    state: RepairState
    opened_on: date
    eligible_on: date
    commitment: str | None
    applied_at: datetime | None
    decided_at: datetime | None
    decision_reason: str | None
    follow_up_due_on: date | None
    version: int


def is_repairable(category: RecordCategory) -> bool:
    """Whether a record of this category opens a repair case."""
    return category in REPAIRABLE_CATEGORIES


def next_state(state: RepairState, action: RepairAction) -> RepairState:
    """The state after ``action``; an illegal step is an error naming the current state."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise RepairTransitionError(
            f"cannot {action.value} a repair that is {state.value.upper()}"
        ) from None


def check_application(case: RepairCase, commitment: str, today: date) -> None:
    """A subject may apply once eligible and with a written credit commitment."""
    next_state(case.state, RepairAction.APPLY)
    if today < case.eligible_on:
        raise RepairNotYetEligibleError(
            f"this record can be repaired from {case.eligible_on.isoformat()}"
        )
    text = commitment.strip()
    if not text or len(text) > MAX_COMMITMENT_LENGTH:
        raise InvalidArgumentError(
            f"a credit commitment of 1 to {MAX_COMMITMENT_LENGTH} characters is required"
        )


def check_decision(case: RepairCase, action: RepairAction, reason: str) -> RepairState:
    """A regulator's approval or rejection, with a reason; returns the new state."""
    state = next_state(case.state, action)
    text = reason.strip()
    if not text or len(text) > MAX_REASON_LENGTH:
        raise InvalidArgumentError(f"a reason of 1 to {MAX_REASON_LENGTH} characters is required")
    return state


#: The regulator schedules the follow-up visit within this many days of an approval.
MAX_FOLLOW_UP_DAYS = 365


def follow_up_due(decided_on: date, follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS) -> date:
    """When the follow-up after a repair is due: 1 to 365 days after the approval (跟踪回访)."""
    if not 1 <= follow_up_days <= MAX_FOLLOW_UP_DAYS:
        raise InvalidArgumentError(
            f"a follow-up is due 1 to {MAX_FOLLOW_UP_DAYS} days later", field="followUpInDays"
        )
    return decided_on + timedelta(days=follow_up_days)


def notices_due(
    case: RepairCase, today: date, *, record_active: bool = True
) -> tuple[tuple[NoticeKind, date], ...]:
    """The notices this case owes by ``today``, each with its due day (the outbox dedupes).

    No reminder once the record has stopped counting on its own (expired out of publicity):
    there is nothing left to repair.
    """
    due: list[tuple[NoticeKind, date]] = [(NoticeKind.REPAIR_NOTICE, case.opened_on)]
    if case.state is RepairState.AWAITING and case.eligible_on <= today and record_active:
        due.append((NoticeKind.REPAIR_REMINDER, case.eligible_on))
    if (
        case.state is RepairState.REPAIRED
        and case.follow_up_due_on is not None
        and case.follow_up_due_on <= today
    ):
        due.append((NoticeKind.REPAIR_FOLLOW_UP, case.follow_up_due_on))
    return tuple(due)
