"""Evaluations as rows: the one place where bulk paths (seed, evaluate --all) call ``evaluate``.

A ``Scorer`` turns a subject's facts into the stored form of its evaluation (the columns of
``evaluations`` without id, time and cause) with the domain's ``evaluate``; subjects with no
record at all score the same within a kind and tax grade, so that evaluation is computed once
and reused (about half the city has no record).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from api.db.repositories.credit import factors_to_json
from api.domain.clock import city_today
from api.domain.credit.rules import RuleSet
from api.domain.credit.scoring import Evaluation, ScoredFact, SubjectFacts, evaluate
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import SubjectKind, TaxGrade

#: subject_id, rule_set_version, score, grade, colour, red_flag, base_score, factors (JSON).
ScoreRow = tuple[int, str, int, str, str | None, bool, int, str]

CATEGORIES = {c.value: c for c in RecordCategory}
SEVERITIES = {s.value: s for s in Severity}
STATUSES = {s.value: s for s in RecordStatus}
KINDS = {k.value: k for k in SubjectKind}
TAX_GRADES = {g.value: g for g in TaxGrade}


def score_row(evaluation: Evaluation) -> ScoreRow:
    """The stored columns of an evaluation."""
    return (
        evaluation.subject_id,
        evaluation.rule_set_version,
        evaluation.score,
        evaluation.grade.value,
        evaluation.colour.value if evaluation.colour else None,
        evaluation.red_flag,
        evaluation.base_score,
        factors_to_json(evaluation.factors),
    )


def fact(
    record_id: int,
    category: str,
    severity: str | None,
    occurred: date | datetime,
    publicity_until: date | None,
    status: str,
) -> ScoredFact:
    """A scored fact from stored values (``occurred`` a city day or an aware instant)."""
    return ScoredFact(
        id=record_id,
        category=CATEGORIES[category],
        severity=SEVERITIES[severity] if severity else None,
        occurred_on=city_today(occurred) if isinstance(occurred, datetime) else occurred,
        publicity_until=publicity_until,
        status=STATUSES[status],
    )


class Scorer:
    """Scores subjects under one rule set on one day, reusing the no-record evaluations."""

    def __init__(self, rules: RuleSet, today: date) -> None:
        self.rules = rules
        self.today = today
        self._empty: dict[tuple[SubjectKind, TaxGrade | None], ScoreRow] = {}

    def row(
        self,
        subject_id: int,
        kind: SubjectKind,
        tax_grade: TaxGrade | None,
        facts: Sequence[ScoredFact],
    ) -> ScoreRow:
        """The stored evaluation of one subject."""
        if facts:
            subject = SubjectFacts(subject_id, kind, facts, tax_grade)
            return score_row(evaluate(subject, self.rules, self.today))
        cached = self._empty.get((kind, tax_grade))
        if cached is None:
            cached = score_row(
                evaluate(SubjectFacts(0, kind, (), tax_grade), self.rules, self.today)
            )
            self._empty[(kind, tax_grade)] = cached
        return (subject_id, *cached[1:])


def group_facts(
    rows: Iterable[Sequence[Any]],
) -> dict[int, list[ScoredFact]]:
    """Facts by subject, from (subject_id, id, category, severity, occurred, until, status)."""
    grouped: dict[int, list[ScoredFact]] = {}
    for subject_id, record_id, category, severity, occurred, until, status in rows:
        grouped.setdefault(subject_id, []).append(
            fact(record_id, category, severity, occurred, until, status)
        )
    return grouped
