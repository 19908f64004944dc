"""The approvals use cases: sign a commitment for a fast track, verify it, list what is due."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from api.domain.approvals import rules
from api.domain.approvals.errors import (
    CommitmentNotPendingError,
    CommitmentPendingError,
    MatterOfAnotherDepartmentError,
)
from api.domain.approvals.model import (
    ApprovalMatter,
    Commitment,
    CommitmentStatus,
    DepartmentFigures,
    Standing,
)
from api.domain.approvals.ports import ApprovalStore, NewCommitment, Settlement
from api.domain.clock import city_today
from api.domain.credit import services as credit
from api.domain.credit.errors import ConflictError, IdempotencyKeyReusedError
from api.domain.credit.intake import check_idempotency_key
from api.domain.credit.model import RecordIntake
from api.domain.errors import InvalidArgumentError, NotFoundError
from api.domain.records.model import RecordCategory, Severity
from api.domain.subjects.model import SubjectKind

#: Most commitments one list of due verifications returns.
MAX_DUE = 100


@dataclass(frozen=True, slots=True)
class Signed:
    """A commitment as stored, and whether this call replayed an earlier one."""

    commitment: Commitment
    replayed: bool


@dataclass(frozen=True, slots=True)
class Verified:
    """A verified commitment, the evaluation its record caused, and whether it was replayed."""

    commitment: Commitment
    replayed: bool


async def matter_named(store: ApprovalStore, code: str) -> ApprovalMatter:
    """The matter with this code; NotFoundError otherwise."""
    matter = await store.approvals.matter(code.strip())
    if matter is None:
        raise NotFoundError("no approval matter with this code", field="matterCode")
    return matter


async def standing_of(
    store: ApprovalStore, subject_id: int, kind: SubjectKind, now: datetime
) -> Standing:
    """The subject's current evaluation and the commitments it broke within the lookback."""
    current = (await store.evaluations.current([subject_id])).get(subject_id)
    since = datetime.combine(rules.lookback_start(city_today(now)), time(), UTC)
    broken = await store.approvals.broken_since(subject_id, since)
    if current is None:
        return Standing(kind, False, None, None, False, broken)
    evaluation = current.evaluation
    colour = evaluation.colour.value if evaluation.colour is not None else None
    return Standing(kind, True, evaluation.grade.value, colour, evaluation.red_flag, broken)


def _key(key: str) -> str:
    """The idempotency key, or InvalidArgumentError on ``idempotencyKey``."""
    try:
        return check_idempotency_key(key)
    except InvalidArgumentError as error:
        raise InvalidArgumentError(error.message, field="idempotencyKey") from None


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def _replay(found: tuple[Commitment, str] | None, fingerprint: str) -> Commitment:
    if found is None:
        raise ConflictError("this idempotency key is being used; retry shortly")
    commitment, taken = found
    if taken != fingerprint:
        raise IdempotencyKeyReusedError(
            "this idempotency key was used for a different request; use a new key",
            field="idempotencyKey",
        )
    return commitment


async def sign_commitment(
    store: ApprovalStore,
    *,
    partner_id: int,
    matter_code: str,
    subject_id: int,
    kind: SubjectKind,
    idempotency_key: str,
    now: datetime,
) -> Signed:
    """The subject signs the matter's commitment; the fast track is decided at once, with
    reasons, and stored once per key (a refusal too). One pending fast track per matter."""
    key = _key(idempotency_key)
    matter = await matter_named(store, matter_code)
    fingerprint = _fingerprint("sign", matter.code, subject_id)
    earlier = await store.approvals.by_key(partner_id, key)
    if earlier is not None:
        return Signed(_replay(earlier, fingerprint), True)
    pending = await store.approvals.pending(subject_id, matter.id)
    if pending is not None:
        # The pending one may be this key's, committed by a racing retry since the look-up
        # above: that is a replay, not a second signing.
        earlier = await store.approvals.by_key(partner_id, key)
        if earlier is not None:
            return Signed(_replay(earlier, fingerprint), True)
        raise CommitmentPendingError(
            f"commitment {pending.reference} for this matter awaits verification",
            field="matterCode",
        )
    decision = rules.decide_fast_track(matter, await standing_of(store, subject_id, kind, now))
    status = CommitmentStatus.PENDING if decision.granted else CommitmentStatus.REFUSED
    new = NewCommitment(
        reference="XYP-" + secrets.token_hex(6).upper(),
        matter_id=matter.id,
        subject_id=subject_id,
        subject_kind=kind,
        partner_id=partner_id,
        idempotency_key=key,
        fingerprint=fingerprint,
        status=status,
        reasons=decision.reasons,
        signed_at=now,
        verify_by=rules.verify_by(matter, city_today(now)) if decision.granted else None,
    )
    if await store.approvals.add(new):
        stored = await store.approvals.by_key(partner_id, key)
        if stored is None:
            raise ConflictError("the commitment was not stored; retry shortly")
        return Signed(stored[0], False)
    earlier = await store.approvals.by_key(partner_id, key)
    if earlier is not None:
        return Signed(_replay(earlier, fingerprint), True)
    raise CommitmentPendingError(
        "a commitment for this matter was signed at the same moment", field="matterCode"
    )


async def record_outcome(
    store: ApprovalStore,
    *,
    partner_id: int,
    reference: str,
    department_code: str,
    severity: Severity | None,
    summary: str,
    idempotency_key: str,
    now: datetime,
) -> Verified:
    """The matter's department records whether a fast-tracked commitment was kept (severity
    None) or broken; the outcome becomes a credit record linked to the commitment."""
    key = _key(idempotency_key)
    commitment = await store.approvals.by_reference(reference.strip())
    if commitment is None:
        raise NotFoundError("no commitment with this reference", field="reference")
    if commitment.matter.department_code != department_code:
        raise MatterOfAnotherDepartmentError(
            f"matter {commitment.matter.code} is decided by {commitment.matter.department_code}",
            field="department",
        )
    status = CommitmentStatus.KEPT if severity is None else CommitmentStatus.BROKEN
    if not summary.strip():
        raise InvalidArgumentError("a summary is required", field="summary")
    settlement = Settlement(commitment.id, status, partner_id, key, now)
    if not await store.approvals.settle(settlement):
        if await store.approvals.settled_by(commitment.id) == (partner_id, key):
            if commitment.status is not status:
                raise IdempotencyKeyReusedError(
                    "this idempotency key recorded another outcome; use a new key",
                    field="idempotencyKey",
                )
            return Verified(commitment, True)
        raise CommitmentNotPendingError(
            f"commitment {commitment.reference} is {commitment.status.value}", field="reference"
        )
    category = (
        RecordCategory.COMMITMENT_KEPT if severity is None else RecordCategory.COMMITMENT_BROKEN
    )
    intake = RecordIntake(
        subject_id=commitment.subject_id,
        subject_kind=commitment.subject_kind,
        department_code=department_code,
        category=category,
        severity=severity,
        occurred_at=now,
        publicity_until=None,
        summary=f"{commitment.matter.name} ({commitment.reference}): {summary.strip()}",
    )
    outcome = await credit.record_fact(
        store, intake, partner_id=partner_id, idempotency_key=key, now=now
    )
    await store.approvals.attach_record(commitment.id, outcome.record.id)
    settled = await store.approvals.by_reference(commitment.reference)
    if settled is None:
        raise ConflictError("the commitment disappeared; retry shortly")
    return Verified(settled, False)


async def due_for_verification(
    store: ApprovalStore, department_code: str, *, within_days: int, now: datetime
) -> list[Commitment]:
    """The department's fast-tracked commitments to verify within ``within_days`` (overdue too)."""
    if not 0 <= within_days <= 366:
        raise InvalidArgumentError("withinDays is 0 to 366", field="withinDays")
    until = city_today(now) + timedelta(days=within_days)
    return await store.approvals.due(department_code, until, MAX_DUE)


async def catalogue(store: ApprovalStore, department_code: str | None) -> list[ApprovalMatter]:
    """The catalogue of matters decided on a commitment (of one department when named)."""
    return await store.approvals.matters(department_code.strip() if department_code else None)


async def statistics(store: ApprovalStore) -> tuple[DepartmentFigures, list[DepartmentFigures]]:
    """The city's totals and each department's figures (matters, signed, by outcome)."""
    departments = await store.approvals.figures()
    total = DepartmentFigures(
        "",
        *(sum(getattr(d, name) for d in departments) for name in _FIGURES),
    )
    return total, departments


_FIGURES = ("matters", "signed", "refused", "pending", "kept", "broken")
