"""The industry use cases: record an observation or an inspection result, evaluate a subject,
plan a regulator's inspections for a period, and an industry's statistics."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from api.domain.industry import rules
from api.domain.industry.errors import IndustryError, IndustryRefusal
from api.domain.industry.model import (
    Evaluation,
    GradeCount,
    Industry,
    IndustryGrade,
    IndustryStatistics,
    IndustrySubject,
    InspectionPlan,
    Measure,
    ObservationDraft,
    PlannedSubject,
    RecordOutcome,
)
from api.domain.industry.ports import IndustryStore
from api.domain.industry.schemes import BY_INDUSTRY

#: Idempotency keys are 8 to 128 characters.
KEY_LENGTH = range(8, 129)


def _fingerprint(subject_id: int, draft: ObservationDraft) -> str:
    """What the same request sent again must match."""
    parts = (str(subject_id), draft.indicator, draft.department, str(draft.value.normalize()))
    text = "|".join((*parts, draft.observed_on.isoformat(), draft.note or ""))
    return hashlib.sha256(text.encode()).hexdigest()


async def subject_for(store: IndustryStore, code: str) -> IndustrySubject:
    """The subject registered under ``code``; NOT_FOUND when there is none."""
    subject = await store.subject_by_code(code)
    if subject is None:
        raise IndustryError(
            IndustryRefusal.NOT_FOUND, f"no industry subject with code {code!r}", field="subject"
        )
    return subject


async def _record(
    store: IndustryStore,
    recorded_by: int | None,
    subject: IndustrySubject,
    draft: ObservationDraft,
    now: datetime,
) -> RecordOutcome:
    """Insert the observation once per key; the same key with the same content replays it."""
    if len(draft.idempotency_key) not in KEY_LENGTH:
        raise IndustryError(
            IndustryRefusal.INVALID_ARGUMENT,
            "idempotencyKey must have 8 to 128 characters",
            field="idempotencyKey",
        )
    if draft.note is not None and len(draft.note) > 500:
        raise IndustryError(
            IndustryRefusal.INVALID_ARGUMENT, "note is at most 500 characters", field="note"
        )
    fingerprint = _fingerprint(subject.id, draft)
    for _attempt in range(2):
        found = await store.observation_by_key(recorded_by, draft.idempotency_key)
        if found is not None:
            observation, held = found
            if held != fingerprint:
                raise IndustryError(
                    IndustryRefusal.IDEMPOTENCY_KEY_REUSED,
                    "this idempotency key recorded a different observation",
                    field="idempotencyKey",
                )
            return RecordOutcome(observation, replayed=True)
        inserted = await store.insert_observation(
            subject_id=subject.id,
            indicator=draft.indicator,
            department=draft.department,
            value=draft.value,
            observed_on=draft.observed_on,
            note=draft.note,
            recorded_by=recorded_by,
            idempotency_key=draft.idempotency_key,
            fingerprint=fingerprint,
            now=now,
        )
        if inserted is not None:
            return RecordOutcome(inserted, replayed=False)
    msg = "an idempotency key was taken and then not found (a bug)"
    raise RuntimeError(msg)


async def record_observation(
    store: IndustryStore,
    recorded_by: int | None,
    draft: ObservationDraft,
    *,
    today: date,
    now: datetime,
) -> RecordOutcome:
    """Record one indicator observation of a subject (inspections: ``record_inspection``)."""
    rules.check_day(draft.observed_on, today)
    subject = await subject_for(store, draft.subject_code)
    indicator = rules.indicator_of(BY_INDUSTRY[subject.industry], draft.indicator)
    if indicator.measure is Measure.INSPECTION:
        raise IndustryError(
            IndustryRefusal.UNKNOWN_INDICATOR,
            f"{indicator.code} is fed by inspection results (recordIndustryInspection)",
            field="indicator",
        )
    rules.check_department(indicator, draft.department)
    rules.check_value(indicator, draft.value)
    return await _record(store, recorded_by, subject, draft, now)


async def record_inspection(
    store: IndustryStore,
    recorded_by: int | None,
    draft: ObservationDraft,
    *,
    passed: bool,
    findings: int,
    today: date,
    now: datetime,
) -> RecordOutcome:
    """Record an inspection result; it feeds the scheme's inspection indicator.

    ``draft.indicator`` and ``draft.value`` are ignored: the indicator is the scheme's
    inspection indicator and the value comes from ``passed`` and ``findings``.
    """
    rules.check_day(draft.observed_on, today, field="inspectedOn")
    subject = await subject_for(store, draft.subject_code)
    scheme = BY_INDUSTRY[subject.industry]
    indicator = rules.indicator_of(scheme, scheme.inspection_indicator)
    rules.check_department(indicator, draft.department)
    value = rules.inspection_value(indicator, passed, findings)
    filled = ObservationDraft(
        subject_code=draft.subject_code,
        indicator=indicator.code,
        department=draft.department,
        value=value,
        observed_on=draft.observed_on,
        note=draft.note,
        idempotency_key=draft.idempotency_key,
    )
    return await _record(store, recorded_by, subject, filled, now)


async def evaluate_subject(
    store: IndustryStore, code: str, *, as_of: date, today: date
) -> tuple[IndustrySubject, Evaluation]:
    """A subject's industry grade on ``as_of`` (not after today), explained."""
    rules.check_day(as_of, today, field="asOf")
    subject = await subject_for(store, code)
    found = await store.observations_of([subject.id])
    return subject, rules.evaluate(BY_INDUSTRY[subject.industry], found.get(subject.id, []), as_of)


async def own_evaluations(
    store: IndustryStore, enterprise_id: int, *, today: date
) -> list[tuple[IndustrySubject, Evaluation]]:
    """The signed-in enterprise's own view: each subject it runs, evaluated today."""
    subjects = await store.subjects_of_enterprise(enterprise_id)
    found = await store.observations_of([s.id for s in subjects])
    return [
        (s, rules.evaluate(BY_INDUSTRY[s.industry], found.get(s.id, []), today)) for s in subjects
    ]


async def inspection_plan(
    store: IndustryStore, industry: Industry, *, start: date, end: date, today: date
) -> InspectionPlan:
    """Who to visit in [start, end], how often and why: graded by today's evaluation (or the
    start's, for a period that began before today)."""
    rules.check_period(start, end)
    if start > today + rules.LONGEST_PLAN:
        raise IndustryError(
            IndustryRefusal.PERIOD_OUT_OF_RANGE,
            "a plan starts at most 366 days from today",
            field="start",
        )
    scheme = BY_INDUSTRY[industry]
    as_of = min(start, today)
    subjects = await store.subjects_of(industry)
    observations = await store.observations_of([s.id for s in subjects])
    planned: list[PlannedSubject] = []
    for subject in subjects:
        found = observations.get(subject.id, [])
        evaluation = rules.evaluate(scheme, found, as_of)
        supervision = rules.supervision_for(scheme, evaluation.grade)
        inspected = [
            o.observed_on
            for o in found
            if o.indicator == scheme.inspection_indicator and o.observed_on <= as_of
        ]
        last = max(inspected, default=None)
        planned.append(
            PlannedSubject(
                subject=subject,
                evaluation=evaluation,
                supervision=supervision,
                last_inspected_on=last,
                visits=rules.visits(supervision, last, start, end),
                reason=rules.plan_reason(evaluation, supervision, last),
            )
        )
    planned.sort(key=lambda p: (-len(p.visits), p.subject.code))
    return InspectionPlan(industry, start, end, tuple(planned))


async def industry_statistics(
    store: IndustryStore, industry: Industry, *, today: date
) -> IndustryStatistics:
    """An industry's subjects by grade today and the visits a year graded supervision asks."""
    scheme = BY_INDUSTRY[industry]
    subjects = await store.subjects_of(industry)
    observations = await store.observations_of([s.id for s in subjects])
    counts: dict[IndustryGrade | None, int] = {}
    visits = 0
    for subject in subjects:
        grade = rules.evaluate(scheme, observations.get(subject.id, []), today).grade
        counts[grade] = counts.get(grade, 0) + 1
        visits += rules.supervision_for(scheme, grade).visits_per_year
    return IndustryStatistics(
        industry=industry,
        scheme_version=scheme.version,
        as_of=today,
        subjects=len(subjects),
        by_grade=tuple(GradeCount(g, counts.get(g, 0)) for g in (*IndustryGrade, None)),
        visits_per_year=visits,
    )
