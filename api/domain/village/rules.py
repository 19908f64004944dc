"""The village rules: what a point rule and an entry must satisfy, yearly caps, the household
colour and its reasons, and which households may be nominated as model households.

Figures (docs/domain.md, "Village households"): Changxing keeps 230,000 household files in 272
villages and names about 524 model households a year, roughly a quarter of a percent of files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from api.domain.clock import city_today
from api.domain.credit.errors import DateInFutureError
from api.domain.errors import InvalidArgumentError
from api.domain.village.errors import (
    AlreadyCorrectedError,
    NotEligibleForNominationError,
    RuleCapReachedError,
)
from api.domain.village.model import (
    CivilityEntry,
    ColourReason,
    ColourReasonCode,
    EntryKind,
    HouseholdCode,
    HouseholdColour,
    RuleDraft,
    Standing,
)

#: The most points one rule may add or deduct per entry, and the highest yearly cap.
MAX_RULE_POINTS = 100
MAX_YEARLY_CAP = 1000
RULE_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,31}")
MAX_DESCRIPTION = 200
MAX_NOTE = 500
MAX_EVIDENCE = 200
MAX_RECORDED_BY = 64
#: The earliest day an entry may be dated (files were opened from 2019 on).
EARLIEST_ENTRY = date(2019, 1, 1)

#: Colour thresholds on the year's points: at least 30 BLUE, at least 0 GREEN, down to -20
#: YELLOW, below that RED.
BLUE_FROM = 30
GREEN_FROM = 0
YELLOW_FROM = -20
#: A member's serious dishonesty record caps the household at this colour.
SERIOUS_RECORD_CAP = HouseholdColour.YELLOW
_ORDER = (HouseholdColour.BLUE, HouseholdColour.GREEN, HouseholdColour.YELLOW, HouseholdColour.RED)

#: Share of a village's files it may nominate as model households a year, at least one.
MODEL_SHARE = Decimal("0.0025")
#: The fewest points this year a model household has.
MODEL_MIN_POINTS = 10


def check_rule(draft: RuleDraft) -> RuleDraft:
    """A rule's code, description, points (not zero, at most 100 either way) and cap."""
    code = draft.code.strip().upper()
    if not RULE_CODE.fullmatch(code):
        raise InvalidArgumentError("a rule code is 1-32 letters, digits or '-'", field="code")
    description = draft.description.strip()
    if not description or len(description) > MAX_DESCRIPTION:
        raise InvalidArgumentError(
            f"a description of 1 to {MAX_DESCRIPTION} characters is required", field="description"
        )
    if draft.points == 0 or abs(draft.points) > MAX_RULE_POINTS:
        raise InvalidArgumentError(
            f"points are -{MAX_RULE_POINTS} to {MAX_RULE_POINTS}, not zero", field="points"
        )
    cap = draft.yearly_cap
    if cap is not None and not abs(draft.points) <= cap <= MAX_YEARLY_CAP:
        raise InvalidArgumentError(
            f"a yearly cap is at least the rule's points and at most {MAX_YEARLY_CAP}",
            field="yearlyCap",
        )
    return RuleDraft(code, description, draft.points, cap)


def check_entry_text(
    note: str, evidence: str | None, recorded_by: str
) -> tuple[str, str | None, str]:
    """The note (up to 500), evidence reference (up to 200) and recorder (1-64) of an entry."""
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidArgumentError(f"a note is at most {MAX_NOTE} characters", field="note")
    evidence = evidence.strip() or None if evidence is not None else None
    if evidence is not None and len(evidence) > MAX_EVIDENCE:
        raise InvalidArgumentError(
            f"an evidence reference is at most {MAX_EVIDENCE} characters",
            field="evidenceReference",
        )
    recorded_by = recorded_by.strip()
    if not recorded_by or len(recorded_by) > MAX_RECORDED_BY:
        raise InvalidArgumentError(
            f"recordedBy names the committee member, 1 to {MAX_RECORDED_BY} characters",
            field="recordedBy",
        )
    return note, evidence, recorded_by


def check_entry_date(occurred_on: date, now: datetime) -> date:
    """An entry's day: not in the future (city time), not before files were opened."""
    if occurred_on > city_today(now):
        raise DateInFutureError("occurredOn is in the future", field="occurredOn")
    if occurred_on < EARLIEST_ENTRY:
        raise InvalidArgumentError(
            f"occurredOn is before {EARLIEST_ENTRY.isoformat()}", field="occurredOn"
        )
    return occurred_on


def capped_points(points: int, yearly_cap: int | None, used_this_year: int) -> int:
    """The points an entry counts: the rule's, cut to what its yearly cap leaves.

    ``used_this_year`` is the net the household already got under the rule's code this year
    (corrections included, so a corrected entry frees its share). A deduction's cap limits how
    much is deducted. RuleCapReachedError when nothing is left.
    """
    if yearly_cap is None:
        return points
    sign = 1 if points > 0 else -1
    left = yearly_cap - max(used_this_year * sign, 0)
    if left <= 0:
        raise RuleCapReachedError(
            f"this household reached the rule's cap of {yearly_cap} points this year"
        )
    return sign * min(abs(points), left)


def check_correction(entry: CivilityEntry, reason: str) -> str:
    """A correction names an entry not corrected yet and not itself a correction, and a reason."""
    if entry.kind is EntryKind.CORRECTION:
        raise AlreadyCorrectedError("a correction is not corrected; record a new entry instead")
    if entry.corrected_by_entry_id is not None:
        raise AlreadyCorrectedError("this entry was corrected already")
    reason = reason.strip()
    if not reason or len(reason) > MAX_NOTE:
        raise InvalidArgumentError(
            f"a correction needs a reason of 1 to {MAX_NOTE} characters", field="reason"
        )
    return reason


def points_colour(points: int) -> HouseholdColour:
    """The colour a year's points alone give."""
    if points >= BLUE_FROM:
        return HouseholdColour.BLUE
    if points >= GREEN_FROM:
        return HouseholdColour.GREEN
    if points >= YELLOW_FROM:
        return HouseholdColour.YELLOW
    return HouseholdColour.RED


def household_code(year: int, points: int, serious_record: bool) -> HouseholdCode:
    """The household's colour for ``year`` with its reasons; a member's serious record caps it."""
    colour = points_colour(points)
    reasons = [
        ColourReason(ColourReasonCode.POINTS, f"{points} points in {year} give {colour.value}")
    ]
    if serious_record:
        if _ORDER.index(colour) < _ORDER.index(SERIOUS_RECORD_CAP):
            colour = SERIOUS_RECORD_CAP
        reasons.append(
            ColourReason(
                ColourReasonCode.MEMBER_SERIOUS_RECORD,
                f"a member has a serious dishonesty record: {SERIOUS_RECORD_CAP.value} at best",
            )
        )
    return HouseholdCode(year, points, colour, tuple(reasons))


def model_quota(files: int) -> int:
    """How many model households a village with ``files`` household files may nominate a year."""
    return max(1, math.ceil(files * MODEL_SHARE))


def check_nomination(candidate: Standing, village: Iterable[Standing], files: int) -> None:
    """A nominee has no member with a serious record, at least 10 points, and ranks within the
    village's quota among the households without a serious record (ties rank together)."""
    if candidate.serious_record:
        raise NotEligibleForNominationError("a member of this household has a serious record")
    if candidate.points < MODEL_MIN_POINTS:
        raise NotEligibleForNominationError(
            f"a model household has at least {MODEL_MIN_POINTS} points this year"
        )
    ahead = sum(1 for s in village if not s.serious_record and s.points > candidate.points)
    quota = model_quota(files)
    if ahead >= quota:
        raise NotEligibleForNominationError(
            f"{ahead} households of the village have more points; the quota is {quota}"
        )
