# ruff: noqa: RUF001 - commitments are Chinese text with full-width punctuation
"""The credit engine's rows of a generated chunk: record ids, repair cases, exemptions, scores.

Run on each chunk after its subjects and records are drawn, in whichever process made it:
records are numbered from the chunk's id block; a minor penalty drawn as exempted gets an
exemption under a listed matter of its department (a subject's second one of a matter is a
normal penalty: the list exempts a first violation only); every active penalty or broken
commitment gets an AWAITING repair case, every repaired one a REPAIRED case with its
application, decision and follow-up date; and every subject is evaluated under the active
rule set, with the same code ``evaluate --all`` uses (``api.db.batch_credit.scoring``).
"""

from __future__ import annotations

import json
import random
from datetime import date

from api.db.batch_credit.scoring import CATEGORIES, KINDS, STATUSES, TAX_GRADES, Scorer
from api.domain.credit.model import EvaluationCause
from api.domain.credit.repair import (
    DEFAULT_FOLLOW_UP_DAYS,
    REPAIRABLE_CATEGORIES,
    RepairState,
)
from api.domain.credit.rules import rule_set_from_json
from api.domain.credit.scoring import ScoredFact
from api.domain.records.model import RecordStatus, Severity
from api.seeding.batch import EPOCH_ORDINAL, US_PER_DAY, Batch, Row
from api.seeding.plan import Chunk, Plan
from api.seeding.records import REPAIR_MIN_DAYS, eligible_day

_CITY_OFFSET_US = 8 * 3600 * 1_000_000
_HOUR_US = 3600 * 1_000_000
_ACTIVE = RecordStatus.ACTIVE.value
_EXPIRED = RecordStatus.EXPIRED.value
_REPAIRED = RecordStatus.REPAIRED.value
_EXEMPTED = RecordStatus.EXEMPTED.value
_REPAIRABLE = frozenset(c.value for c in REPAIRABLE_CATEGORIES)
_SEVERITIES = {s.value: s for s in Severity}
_SEED = EvaluationCause.SEED.value
_COMMITMENTS = (
    "本人承诺已纠正失信行为，今后诚信守法 / I have corrected the violation and will keep the law",
    "本单位承诺已履行处罚决定并完成整改 / We have fulfilled the penalty and corrected the matter",
)
_REASON = "已履行义务、完成整改并作出信用承诺 / Obligations fulfilled, corrected, commitment made"
_DECIDED_BY = "seed"


def _city_day(moment_us: int) -> int:
    """The city's calendar day (wire days) of a wire instant."""
    return (moment_us + _CITY_OFFSET_US) // US_PER_DAY


def _at(day: int, hour: int) -> int:
    """A wire instant on a city day."""
    return day * US_PER_DAY - _CITY_OFFSET_US + hour * _HOUR_US


def _date(day: int) -> date:
    return date.fromordinal(EPOCH_ORDINAL + day)


class CreditRows:
    """Adds a chunk's credit-engine rows; holds the scorer and the matters by department."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.today = _city_day(plan.day_start())
        self.evaluated_at = plan.day_start()
        self.scorer = (
            Scorer(rule_set_from_json(json.loads(plan.rules_json)), plan.today)
            if plan.rules_json
            else None
        )
        ids = dict(plan.matter_ids)
        codes_by_department: dict[int, list[int]] = {}
        for code, department in plan.matter_departments:
            department_id = plan.department_ids.get(department)
            if department_id is not None and code in ids:
                codes_by_department.setdefault(department_id, []).append(ids[code])
        self.matters = codes_by_department
        self.all_matters = sorted(ids.values())

    def finish(self, batch: Batch, chunk: Chunk) -> None:
        """Number the chunk's records and add its repair cases, exemptions and evaluations."""
        first, size = self.plan.record_ids(chunk)
        records = batch.rows.get("credit_records", [])
        if len(records) > size:
            raise ValueError(f"{chunk} made {len(records)} records, more than its {size} ids")
        rng = self.plan.stream("credit", chunk.kind, chunk.number)
        numbered: list[Row] = []
        repairs, exemptions = batch.table("repair_cases"), batch.table("exemptions")
        facts: dict[int, list[ScoredFact]] = {}
        exempted: set[tuple[int, int]] = set()
        for record_id, row in enumerate(records, start=first):
            subject_id, department, category, severity, occurred, until, status = row[:7]
            day = _city_day(occurred)
            if status == _EXEMPTED:
                matter = self._matter(rng, department)
                if matter is None or (subject_id, matter) in exempted:
                    status = _EXPIRED if until is not None and until < self.today else _ACTIVE
                else:
                    exempted.add((subject_id, matter))
                    exemptions.append((record_id, matter, subject_id, day))
            if category in _REPAIRABLE and status in (_ACTIVE, _REPAIRED):
                repairs.append(self._repair(rng, record_id, row, day, status))
            numbered.append((record_id, subject_id, department, category, severity, occurred,
                             until, status, *row[7:]))  # fmt: skip
            facts.setdefault(subject_id, []).append(
                ScoredFact(
                    record_id,
                    CATEGORIES[category],
                    _SEVERITIES[severity] if severity else None,
                    _date(day),
                    None if until is None else _date(until),
                    STATUSES[status],
                )
            )
        if records:
            batch.rows["credit_records"] = numbered
        self._evaluate(batch, facts)

    def _matter(self, rng: random.Random, department: int) -> int | None:
        choices = self.matters.get(department) or self.all_matters
        return choices[int(rng.random() * len(choices))] if choices else None

    def _repair(self, rng: random.Random, record_id: int, row: Row, day: int, status: str) -> Row:
        subject_id, severity, until, created = row[0], row[3], row[5], row[8]
        eligible = eligible_day(day, severity)
        opened = _city_day(created)
        if status == _ACTIVE:
            return (record_id, subject_id, severity, RepairState.AWAITING.value, opened, eligible,
                    None, None, None, None, None, None, None, 1, created)  # fmt: skip
        last = min(until, self.today - 1)
        start = min(max(eligible, opened), last - REPAIR_MIN_DAYS)
        applied = start + int(rng.random() * max(1, last - start - REPAIR_MIN_DAYS + 1))
        decided = min(last, applied + 1 + int(rng.random() * (REPAIR_MIN_DAYS - 1)))
        decided_at = _at(decided, 15)
        return (
            record_id,
            subject_id,
            severity,
            RepairState.REPAIRED.value,
            opened,
            eligible,
            _COMMITMENTS[int(rng.random() * len(_COMMITMENTS))],
            _at(applied, 10),
            None,
            decided_at,
            _DECIDED_BY,
            _REASON,
            decided + DEFAULT_FOLLOW_UP_DAYS,
            3,
            decided_at,
        )

    def _evaluate(self, batch: Batch, facts: dict[int, list[ScoredFact]]) -> None:
        if self.scorer is None:
            return
        tax = {row[0]: row[8] for row in batch.rows.get("enterprises", ())}
        evaluations, scores = batch.table("evaluations"), batch.table("subject_scores")
        at = self.evaluated_at
        for subject_id, kind, _created in batch.rows.get("subjects", ()):
            grade = tax.get(subject_id)
            row = self.scorer.row(
                subject_id,
                KINDS[kind],
                TAX_GRADES[grade] if grade else None,
                facts.get(subject_id, ()),
            )
            evaluations.append((subject_id, *row, at, _SEED))
            scores.append((subject_id, subject_id, row[2], row[3], row[4], at))
