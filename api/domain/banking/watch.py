"""Post-loan tracking ("跟踪绿"): which changes of a borrower its banks are told about.

A bank following a borrower is told when the grade worsens, when serious dishonesty starts to
count (the grade is then D), when a new serious negative record appears, and when its green
status worsens (``api.domain.banking.green.green_worsened``).
"""

from __future__ import annotations

from api.domain.banking.lending import BorrowerEvent, EventType
from api.domain.credit.codes import grade_rank
from api.domain.credit.scoring import Evaluation

_SERIOUS_SUFFIX = "_SERIOUS"


def serious_records(evaluation: Evaluation) -> set[int]:
    """The ids of the serious negative records an evaluation counts."""
    return {
        factor.record_id
        for factor in evaluation.factors
        if factor.record_id is not None
        and factor.points < 0
        and factor.code.endswith(_SERIOUS_SUFFIX)
    }


def borrower_changes(previous: Evaluation | None, current: Evaluation) -> list[BorrowerEvent]:
    """The events a new evaluation raises against the previous one (none for a first one)."""
    if previous is None:
        return []
    events: list[BorrowerEvent] = []
    if grade_rank(current.grade) > grade_rank(previous.grade):
        events.append(
            BorrowerEvent(
                EventType.GRADE_WORSENED,
                {
                    "previousGrade": previous.grade.value,
                    "grade": current.grade.value,
                    "previousScore": previous.score,
                    "score": current.score,
                },
            )
        )
    if current.red_flag and not previous.red_flag:
        events.append(BorrowerEvent(EventType.SERIOUS_DISHONESTY, {"grade": current.grade.value}))
    for record_id in sorted(serious_records(current) - serious_records(previous)):
        code = next(f.code for f in current.factors if f.record_id == record_id)
        events.append(
            BorrowerEvent(EventType.SERIOUS_RECORD, {"recordId": record_id, "code": code})
        )
    return events
