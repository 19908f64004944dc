"""The fast-track decision and the verification day: pure rules, stated once.

A subject in good standing gets the fast track on its commitment: evaluated, no serious
dishonesty, an enterprise (or merchant, household) graded A or B, a person whose integrity
code is green or blue, and no commitment broken within ``BROKEN_LOOKBACK_YEARS``.
"""

from __future__ import annotations

from datetime import date, timedelta

from api.domain.approvals.model import (
    ApprovalMatter,
    DecisionReason,
    FastTrackDecision,
    Reason,
    Standing,
)
from api.domain.subjects.model import SubjectKind

#: How far back a broken commitment bars the fast track.
BROKEN_LOOKBACK_YEARS = 3
#: Grades that are good standing.
GOOD_GRADES = frozenset({"A", "B"})
#: Integrity colours that are good standing for a person.
GOOD_COLOURS = frozenset({"blue", "green"})

R = DecisionReason


def decide_fast_track(matter: ApprovalMatter, standing: Standing) -> FastTrackDecision:
    """Grant the fast track for ``matter`` when the subject is in good standing, with reasons."""
    refusals: list[Reason] = []
    if standing.kind not in matter.subject_kinds:
        kinds = ", ".join(sorted(kind.value for kind in matter.subject_kinds))
        refusals.append(Reason(R.KIND_NOT_ACCEPTED, f"this matter is for: {kinds}"))
    if not standing.evaluated:
        refusals.append(Reason(R.NOT_EVALUATED, "the subject has no credit evaluation yet"))
    else:
        if standing.red_flag:
            refusals.append(Reason(R.SERIOUS_DISHONESTY, "a serious dishonesty record is public"))
        if standing.kind is SubjectKind.PERSON:
            if standing.colour not in GOOD_COLOURS:
                message = f"integrity code {standing.colour}: green or blue is needed"
                refusals.append(Reason(R.COLOUR_TOO_LOW, message))
        elif standing.grade not in GOOD_GRADES:
            refusals.append(Reason(R.GRADE_TOO_LOW, f"grade {standing.grade}: A or B is needed"))
    if standing.broken_since:
        message = f"{standing.broken_since} commitment(s) broken in {BROKEN_LOOKBACK_YEARS} years"
        refusals.append(Reason(R.BROKEN_COMMITMENT_RECENTLY, message))
    if refusals:
        return FastTrackDecision(False, tuple(refusals))
    standing_text = (
        f"integrity code {standing.colour}"
        if standing.kind is SubjectKind.PERSON
        else f"grade {standing.grade}"
    )
    return FastTrackDecision(
        True,
        (
            Reason(R.GOOD_STANDING, f"{standing_text}, no serious dishonesty"),
            Reason(
                R.NO_BROKEN_COMMITMENT,
                f"no commitment broken in {BROKEN_LOOKBACK_YEARS} years",
            ),
        ),
    )


def lookback_start(today: date) -> date:
    """The first day whose broken commitments still bar the fast track."""
    try:
        return today.replace(year=today.year - BROKEN_LOOKBACK_YEARS)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - BROKEN_LOOKBACK_YEARS, day=28)


def verify_by(matter: ApprovalMatter, signed_on: date) -> date:
    """The day by which the department verifies that the commitment was kept."""
    return signed_on + timedelta(days=matter.verify_within_days)
