"""The credit engine's use cases: record a fact, evaluate a subject, apply for and decide repair.

Each runs inside the caller's unit of work and never commits: a record, the subject's new
evaluation, its repair case and its idempotency claim are committed together or not at all.
"""

from __future__ import annotations

from datetime import datetime

from api.domain.clock import city_today
from api.domain.credit.errors import ConflictError, IdempotencyKeyReusedError
from api.domain.credit.exemptions import ExemptionDecision, decide_exemption, window_start
from api.domain.credit.intake import check_idempotency_key, check_intake, fingerprint
from api.domain.credit.model import (
    EvaluationCause,
    IntakeClaim,
    IntakeOutcome,
    RecordIntake,
    StoredEvaluation,
    StoredFact,
)
from api.domain.credit.ports import CreditStore
from api.domain.credit.publicity import repair_eligible_on
from api.domain.credit.repair import (
    DEFAULT_FOLLOW_UP_DAYS,
    RepairAction,
    RepairCase,
    RepairState,
    check_application,
    check_decision,
    follow_up_due,
    is_repairable,
)
from api.domain.credit.scoring import evaluate
from api.domain.errors import NotFoundError
from api.domain.records.model import RecordStatus, Severity


async def reevaluate(
    store: CreditStore, subject_id: int, *, now: datetime, cause: EvaluationCause
) -> StoredEvaluation:
    """Evaluate one subject from its records under the active rule set and keep the result."""
    await store.evaluations.lock_subject(subject_id)
    facts = await store.record_writer.subject_facts(subject_id)
    if facts is None:
        raise NotFoundError("no such subject")
    rules = await store.evaluations.active_rule_set()
    evaluation = evaluate(facts, rules, city_today(now))
    stored = await store.evaluations.save(evaluation, evaluated_at=now, cause=cause)
    await store.borrower_watch.evaluated(stored, now=now)
    return stored


async def _replay(store: CreditStore, claim: IntakeClaim, sent: str) -> StoredFact:
    if claim.fingerprint != sent:
        raise IdempotencyKeyReusedError(
            "this idempotency key was used for a different request; use a new key"
        )
    if claim.record_id is None:
        raise ConflictError("the first request with this key is still running; retry shortly")
    record = await store.record_writer.get(claim.record_id)
    if record is None:
        raise NotFoundError("the record this key produced no longer exists")
    repair = await store.repairs.by_record(record.id)
    exemption = None
    if record.status is RecordStatus.EXEMPTED:
        matter = (await store.exemptions.guidance_for([record.id])).get(record.id)
        code, guidance = matter if matter else ("", None)
        exemption = ExemptionDecision(True, f"first minor violation of matter {code}", guidance)
    return StoredFact(record, exemption, repair, replayed=True)


async def store_fact(
    store: CreditStore,
    intake: RecordIntake,
    *,
    partner_id: int,
    idempotency_key: str,
    now: datetime,
) -> StoredFact:
    """Store a reported fact once per idempotency key (exempted, or with its repair case);
    the caller re-evaluates the subject. A retry with the key gives back the first fact."""
    key = check_idempotency_key(idempotency_key)
    sent = fingerprint(intake)
    claim = IntakeClaim(partner_id=partner_id, key=key, fingerprint=sent, record_id=None)
    if not await store.intakes.claim(claim, now):
        taken = await store.intakes.get(partner_id, key)
        if taken is None:  # the other request rolled back between our two statements
            raise ConflictError("this idempotency key is being used; retry shortly")
        return await _replay(store, taken, sent)
    checked = check_intake(intake, now)
    department = await store.record_writer.department_by_code(checked.department_code)
    if department is None:
        raise NotFoundError(f"no department with code {checked.department_code!r}")
    occurred_on = city_today(checked.occurred_at)
    exemption: ExemptionDecision | None = None
    matter = None
    if checked.matter_code is not None:
        matter = await store.exemptions.matter_by_code(checked.matter_code)
        if matter is None:
            raise NotFoundError(f"no exempt-from-penalty matter {checked.matter_code!r}")
        prior = await store.exemptions.count_exempted(
            checked.subject_id, matter.id, window_start(matter, occurred_on)
        )
        exemption = decide_exemption(
            category=checked.category,
            severity=checked.severity,
            matter=matter,
            prior_exemptions_in_window=prior,
            recording_department=checked.department_code,
        )
    status = RecordStatus.EXEMPTED if exemption and exemption.exempted else RecordStatus.ACTIVE
    record = await store.record_writer.add(
        subject_id=checked.subject_id,
        department_id=department.id,
        category=checked.category,
        severity=checked.severity,
        occurred_at=checked.occurred_at,
        publicity_until=checked.publicity_until,
        status=status,
        summary=checked.summary,
        now=now,
    )
    if matter is not None and status is RecordStatus.EXEMPTED:
        await store.exemptions.add_exemption(
            record_id=record.id,
            matter_id=matter.id,
            subject_id=record.subject_id,
            occurred_on=occurred_on,
        )
    repair: RepairCase | None = None
    if status is RecordStatus.ACTIVE and is_repairable(checked.category):
        severity = checked.severity or Severity.GENERAL
        repair = await store.repairs.open(
            record_id=record.id,
            subject_id=record.subject_id,
            severity=severity,
            opened_on=city_today(now),
            eligible_on=repair_eligible_on(severity, occurred_on),
            now=now,
        )
    await store.intakes.attach(partner_id, key, record.id)
    return StoredFact(record, exemption, repair, replayed=False)


async def record_fact(
    store: CreditStore,
    intake: RecordIntake,
    *,
    partner_id: int,
    idempotency_key: str,
    now: datetime,
) -> IntakeOutcome:
    """Store a reported fact once per idempotency key and re-evaluate its subject at once."""
    fact = await store_fact(
        store, intake, partner_id=partner_id, idempotency_key=idempotency_key, now=now
    )
    subject_id = fact.record.subject_id
    if fact.replayed:
        evaluation = (await store.evaluations.current([subject_id])).get(subject_id)
    else:
        evaluation = await reevaluate(
            store, subject_id, now=now, cause=EvaluationCause.RECORD_ADDED
        )
    return IntakeOutcome(fact.record, evaluation, fact.exemption, fact.repair, fact.replayed)


async def _case(store: CreditStore, repair_id: int) -> RepairCase:
    case = await store.repairs.get(repair_id)
    if case is None:
        raise NotFoundError("no such repair case")
    return case


async def apply_for_repair(
    store: CreditStore,
    *,
    repair_id: int,
    subject_id: int,
    commitment: str,
    applied_by: str,
    now: datetime,
) -> RepairCase:
    """The subject applies to repair its own record, with a public credit commitment."""
    case = await _case(store, repair_id)
    if case.subject_id != subject_id:
        raise NotFoundError("no such repair case")
    check_application(case, commitment, city_today(now))
    moved = await store.repairs.move(
        case, RepairState.APPLIED, now=now, commitment=commitment.strip(), applied_by=applied_by
    )
    if moved is None:
        raise ConflictError("the repair case changed meanwhile; read it again")
    return moved


async def decide_repair(
    store: CreditStore,
    *,
    repair_id: int,
    approve: bool,
    reason: str,
    decided_by: str,
    now: datetime,
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS,
) -> tuple[RepairCase, StoredEvaluation | None]:
    """A regulator approves (record stops counting, score recomputed at once) or rejects."""
    case = await _case(store, repair_id)
    action = RepairAction.APPROVE if approve else RepairAction.REJECT
    state = check_decision(case, action, reason)
    due_on = follow_up_due(city_today(now), follow_up_days) if approve else None
    moved = await store.repairs.move(
        case,
        state,
        now=now,
        decided_by=decided_by,
        reason=reason.strip(),
        follow_up_due_on=due_on,
    )
    if moved is None:
        raise ConflictError("the repair case changed meanwhile; read it again")
    if not approve:
        return moved, None
    await store.record_writer.set_status(case.record_id, RecordStatus.REPAIRED)
    evaluation = await reevaluate(
        store, case.subject_id, now=now, cause=EvaluationCause.REPAIR_APPROVED
    )
    return moved, evaluation
