"""One range of subjects for ``evaluate --all``: the rows read for it and scoring it.

A range is the subjects ``low <= id < high`` with their facts and, unless the run rewrites,
their current evaluations; scoring leaves out the subjects whose evaluation did not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from api.db.batch_credit.scoring import KINDS, TAX_GRADES, Scorer, ScoreRow, group_facts

#: subject_id, kind, tax_grade
SubjectRowT = tuple[int, str, str | None]
#: subject_id, record id, category, severity, occurred (day or instant), until, status
FactRowT = tuple[int, int, str, str | None, Any, date | None, str]
#: subject_id -> rule_set_version, score, grade, colour, red_flag, base_score, factors
Current = dict[int, tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class RangeJob:
    """One range of subjects, as read: what a worker needs to score it."""

    subjects: list[SubjectRowT]
    facts: list[FactRowT]
    current: Current | None


@dataclass(frozen=True, slots=True)
class RangeResult:
    """What scoring a range gave: the rows to write and how many were unchanged."""

    rows: list[ScoreRow]
    subjects: int
    unchanged: int


def score_range(scorer: Scorer, job: RangeJob) -> RangeResult:
    """Score every subject of a range; leave out those whose evaluation did not change."""
    facts = group_facts(job.facts)
    rows: list[ScoreRow] = []
    unchanged = 0
    current = job.current
    for subject_id, kind, tax_grade in job.subjects:
        row = scorer.row(
            subject_id,
            KINDS[kind],
            TAX_GRADES[tax_grade] if tax_grade else None,
            facts.get(subject_id, ()),
        )
        if current is not None and current.get(subject_id) == row[1:]:
            unchanged += 1
        else:
            rows.append(row)
    return RangeResult(rows, len(job.subjects), unchanged)
