"""The credit engine in the database: records written, rule sets, evaluations, intake keys,
exemptions, repair cases and the outbox. Never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update

from api.db.hot import HotStatement
from api.db.repositories.gate import SessionGate
from api.db.tables import CreditRecordRow, DepartmentRow, EnterpriseRow, SubjectRow
from api.db.tables.credit import (
    EvaluationRow,
    ExemptionRow,
    ExemptMatterRow,
    OutboxRow,
    RecordIntakeRow,
    RepairCaseRow,
    RuleSetRow,
    SubjectScoreRow,
)
from api.domain.clock import city_today
from api.domain.credit.codes import CreditGrade, IntegrityColour, MerchantColour
from api.domain.credit.exemptions import ExemptMatter
from api.domain.credit.model import EvaluationCause, IntakeClaim, StoredEvaluation
from api.domain.credit.repair import NoticeKind, RepairCase, RepairState
from api.domain.credit.rules import RuleSet, rule_set_from_json, rule_set_to_json
from api.domain.credit.scoring import Evaluation, Factor, ScoredFact, SubjectFacts
from api.domain.errors import NotFoundError
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.records.model import (
    CreditRecord,
    Department,
    RecordCategory,
    RecordStatus,
    Severity,
)
from api.domain.subjects.model import SubjectKind, TaxGrade

R = CreditRecordRow.__table__.c  # type: ignore[attr-defined]
D = DepartmentRow.__table__.c  # type: ignore[attr-defined]
SUBJECTS = SubjectRow.__table__  # type: ignore[attr-defined]
ENTERPRISES = EnterpriseRow.__table__  # type: ignore[attr-defined]
S = SUBJECTS.c
E = ENTERPRISES.c
RULES = RuleSetRow.__table__  # type: ignore[attr-defined]
_ACTIVE_RULES = HotStatement(select(RULES.c.parameters).where(RULES.c.active.is_(True)))


@lru_cache(maxsize=8)
def _parsed_rule_set(parameters: str) -> RuleSet:
    """A stored rule set's parameters, parsed once per text (rule sets are immutable)."""
    return rule_set_from_json(json.loads(parameters))


EVALUATIONS = EvaluationRow.__table__  # type: ignore[attr-defined]
SCORES = SubjectScoreRow.__table__  # type: ignore[attr-defined]
INTAKES = RecordIntakeRow.__table__  # type: ignore[attr-defined]
MATTERS = ExemptMatterRow.__table__  # type: ignore[attr-defined]
EXEMPTIONS = ExemptionRow.__table__  # type: ignore[attr-defined]
REPAIRS = RepairCaseRow.__table__  # type: ignore[attr-defined]
OUTBOX = OutboxRow.__table__  # type: ignore[attr-defined]
V = EVALUATIONS.c
SC = SCORES.c
M = MATTERS.c
X = EXEMPTIONS.c
C = REPAIRS.c
O = OUTBOX.c  # noqa: E741

_RECORD_COLUMNS = (
    R.id,
    R.subject_id,
    R.department_id,
    R.category,
    R.severity,
    R.occurred_at,
    R.publicity_until,
    R.status,
    R.summary,
)
_EVALUATION_COLUMNS = (
    V.id,
    V.subject_id,
    V.rule_set_version,
    V.score,
    V.grade,
    V.colour,
    V.base_score,
    V.factors,
    V.red_flag,
    V.evaluated_at,
    V.cause,
)
_REPAIR_COLUMNS = (
    C.id,
    C.record_id,
    C.subject_id,
    C.severity,
    C.state,
    C.opened_on,
    C.eligible_on,
    C.commitment,
    C.applied_at,
    C.decided_at,
    C.decision_reason,
    C.follow_up_due_on,
    C.version,
)
_MATTER_COLUMNS = (
    M.id,
    M.code,
    M.description,
    M.conditions,
    M.guidance,
    M.window_months,
    M.active,
)


def record_from_row(row: Sequence[Any]) -> CreditRecord:
    """A record from ``_RECORD_COLUMNS``."""
    return CreditRecord(
        id=row[0],
        subject_id=row[1],
        department_id=row[2],
        category=RecordCategory(row[3]),
        severity=Severity(row[4]) if row[4] else None,
        occurred_at=row[5],
        publicity_until=row[6],
        status=RecordStatus(row[7]),
        summary=row[8],
    )


def factors_to_json(factors: Sequence[Factor]) -> str:
    """The stored form of an evaluation's factors."""
    return json.dumps(
        [[f.code, f.points, f.record_id, f.detail] for f in factors],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _colour(kind: SubjectKind, value: str | None) -> IntegrityColour | MerchantColour | None:
    if value is None:
        return None
    return MerchantColour(value) if kind is SubjectKind.MERCHANT else IntegrityColour(value)


def evaluation_from_row(row: Sequence[Any], kind: SubjectKind) -> StoredEvaluation:
    """A stored evaluation from ``_EVALUATION_COLUMNS`` (the kind tells which colour code)."""
    factors = tuple(
        Factor(code, points, record, detail) for code, points, record, detail in json.loads(row[7])
    )
    return StoredEvaluation(
        id=row[0],
        evaluation=Evaluation(
            subject_id=row[1],
            rule_set_version=row[2],
            score=row[3],
            grade=CreditGrade(row[4]),
            colour=_colour(kind, row[5]),
            base_score=row[6],
            factors=factors,
            red_flag=bool(row[8]),
        ),
        evaluated_at=row[9],
        cause=EvaluationCause(row[10]),
    )


def repair_from_row(row: Sequence[Any]) -> RepairCase:
    """A repair case from ``_REPAIR_COLUMNS``."""
    return RepairCase(
        id=row[0],
        record_id=row[1],
        subject_id=row[2],
        severity=Severity(row[3]),
        state=RepairState(row[4]),
        opened_on=row[5],
        eligible_on=row[6],
        commitment=row[7],
        applied_at=row[8],
        decided_at=row[9],
        decision_reason=row[10],
        follow_up_due_on=row[11],
        version=row[12],
    )


def matter_from_row(row: Sequence[Any]) -> ExemptMatter:
    """A listed matter from ``_MATTER_COLUMNS``."""
    return ExemptMatter(
        id=row[0],
        code=row[1],
        description=row[2],
        conditions=row[3],
        guidance=row[4],
        window_months=row[5],
        active=bool(row[6]),
    )


class RecordWriterRepository:
    """Records as the credit engine writes and scores them (implements ``RecordWriter``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add(
        self,
        *,
        subject_id: int,
        department_id: int,
        category: RecordCategory,
        severity: Severity | None,
        occurred_at: datetime,
        publicity_until: date | None,
        status: RecordStatus,
        summary: str,
        now: datetime,
    ) -> CreditRecord:
        """Store a new record and return it with its id."""
        row = await self._db.first(
            insert(CreditRecordRow.__table__)  # type: ignore[attr-defined]
            .values(
                subject_id=subject_id,
                department_id=department_id,
                category=category.value,
                severity=severity.value if severity else None,
                occurred_at=occurred_at,
                publicity_until=publicity_until,
                status=status.value,
                summary=summary,
                created_at=now,
            )
            .returning(*_RECORD_COLUMNS)
        )
        return record_from_row(row)

    async def get(self, record_id: int) -> CreditRecord | None:
        """One record by id, whatever its status."""
        row = await self._db.first(select(*_RECORD_COLUMNS).where(R.id == record_id))
        return record_from_row(row) if row else None

    async def by_ids(self, record_ids: Sequence[int]) -> dict[int, CreditRecord]:
        """Records by id, whatever their status (for the subject's and regulator's views)."""
        if not record_ids:
            return {}
        rows = await self._db.all(select(*_RECORD_COLUMNS).where(R.id.in_(list(record_ids))))
        return {row[0]: record_from_row(row) for row in rows}

    async def set_status(self, record_id: int, status: RecordStatus) -> None:
        """Change a record's status (repair, expiry)."""
        await self._db.execute(
            update(CreditRecordRow.__table__)  # type: ignore[attr-defined]
            .where(R.id == record_id)
            .values(status=status.value)
        )

    async def department_by_code(self, code: str) -> Department | None:
        """The department with this code, if any."""
        row = await self._db.first(select(D.id, D.code, D.name, D.name_zh).where(D.code == code))
        return Department(id=row[0], code=row[1], name=row[2], name_zh=row[3]) if row else None

    async def subject_facts(self, subject_id: int) -> SubjectFacts | None:
        """Every record of the subject (all statuses) and its tax grade; None if no subject."""
        head = await self._db.first(
            select(S.kind, E.tax_grade)
            .select_from(SUBJECTS.outerjoin(ENTERPRISES, E.subject_id == S.id))
            .where(S.id == subject_id)
        )
        if head is None:
            return None
        rows = await self._db.all(
            select(R.id, R.category, R.severity, R.occurred_at, R.publicity_until, R.status).where(
                R.subject_id == subject_id
            )
        )
        return SubjectFacts(
            subject_id=subject_id,
            kind=SubjectKind(head[0]),
            tax_grade=TaxGrade(head[1]) if head[1] else None,
            facts=[
                ScoredFact(
                    id=row[0],
                    category=RecordCategory(row[1]),
                    severity=Severity(row[2]) if row[2] else None,
                    occurred_on=city_today(row[3]),
                    publicity_until=row[4],
                    status=RecordStatus(row[5]),
                )
                for row in rows
            ],
        )


class EvaluationRepository:
    """Rule sets and evaluations (implements ``EvaluationStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def active_rule_set(self) -> RuleSet:
        """The rule set evaluations use now."""
        row = await self._db.row(_ACTIVE_RULES)
        if row is None:
            raise NotFoundError("no rule set is active; publish and activate one")
        return _parsed_rule_set(row[0])

    async def rule_sets(self) -> list[tuple[RuleSet, bool, datetime]]:
        """Every published rule set, newest first, with whether it is active and when published."""
        rows = await self._db.all(
            select(RULES.c.parameters, RULES.c.active, RULES.c.published_at).order_by(
                RULES.c.id.desc()
            )
        )
        return [(rule_set_from_json(json.loads(r[0])), bool(r[1]), r[2]) for r in rows]

    async def publish(self, rules: RuleSet, *, now: datetime, client_id: str | None) -> bool:
        """Store a new rule set, inactive; False when its version exists already."""
        statement = (
            self._db.insert(RULES)
            .values(
                version=rules.version,
                effective_from=rules.effective_from,
                parameters=json.dumps(rule_set_to_json(rules), sort_keys=True),
                active=False,
                published_at=now,
                published_by_client_id=client_id,
            )
            .on_conflict_do_nothing(index_elements=["version"])
        )
        result = await self._db.execute(statement)
        return bool(getattr(result, "rowcount", 0))

    async def activate(self, version: str) -> RuleSet | None:
        """Make ``version`` the only active rule set; None when there is no such version."""
        row = await self._db.first(
            select(RULES.c.parameters).where(RULES.c.version == version).with_for_update()
        )
        if row is None:
            return None
        await self._db.execute(update(RULES).where(RULES.c.active.is_(True)).values(active=False))
        await self._db.execute(update(RULES).where(RULES.c.version == version).values(active=True))
        return rule_set_from_json(json.loads(row[0]))

    async def lock_subject(self, subject_id: int) -> None:
        """Hold the subject row for this transaction (a no-op lock on SQLite, which serialises)."""
        # NO KEY UPDATE: it serialises evaluations of the subject but does not wait for (or
        # deadlock with) the key-share locks that inserting its records takes through the FK.
        await self._db.execute(
            select(S.id).where(S.id == subject_id).with_for_update(key_share=True)
        )

    async def save(
        self, evaluation: Evaluation, *, evaluated_at: datetime, cause: EvaluationCause
    ) -> StoredEvaluation:
        """Append to the history and make it the subject's current evaluation."""
        colour = evaluation.colour.value if evaluation.colour else None
        row = await self._db.first(
            insert(EVALUATIONS)
            .values(
                subject_id=evaluation.subject_id,
                rule_set_version=evaluation.rule_set_version,
                score=evaluation.score,
                grade=evaluation.grade.value,
                colour=colour,
                red_flag=evaluation.red_flag,
                base_score=evaluation.base_score,
                factors=factors_to_json(evaluation.factors),
                evaluated_at=evaluated_at,
                cause=cause.value,
            )
            .returning(V.id)
        )
        current = {
            "evaluation_id": row[0],
            "score": evaluation.score,
            "grade": evaluation.grade.value,
            "colour": colour,
            "evaluated_at": evaluated_at,
        }
        await self._db.execute(
            self._db.insert(SCORES)
            .values(subject_id=evaluation.subject_id, **current)
            .on_conflict_do_update(index_elements=["subject_id"], set_=current)
        )
        return StoredEvaluation(row[0], evaluation, evaluated_at, cause)

    async def current(self, subject_ids: Sequence[int]) -> dict[int, StoredEvaluation]:
        """The current evaluation of each subject that has one."""
        if not subject_ids:
            return {}
        rows = await self._db.all(
            select(*_EVALUATION_COLUMNS, S.kind)
            .select_from(
                SCORES.join(EVALUATIONS, V.id == SC.evaluation_id).join(
                    SUBJECTS, S.id == SC.subject_id
                )
            )
            .where(SC.subject_id.in_(list(subject_ids)))
        )
        return {row[1]: evaluation_from_row(row, SubjectKind(row[-1])) for row in rows}

    async def by_ids(
        self, evaluation_ids: Sequence[int], kind: SubjectKind
    ) -> dict[int, StoredEvaluation]:
        """Evaluations of the history by id (subjects of one kind)."""
        if not evaluation_ids:
            return {}
        rows = await self._db.all(
            select(*_EVALUATION_COLUMNS).where(V.id.in_(sorted(set(evaluation_ids))))
        )
        return {row[0]: evaluation_from_row(row, kind) for row in rows}

    async def history(
        self, subject_id: int, kind: SubjectKind, request: PageRequest
    ) -> Page[StoredEvaluation]:
        """A subject's evaluations, newest first (keyset on the id)."""
        statement = select(*_EVALUATION_COLUMNS).where(V.subject_id == subject_id)
        if request.after is not None:
            statement = statement.where(V.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(V.id.desc()).limit(request.first + 1))
        items: list[tuple[StoredEvaluation, SortKey]] = [
            (evaluation_from_row(row, kind), (row[0],)) for row in rows[: request.first]
        ]
        return Page(items=items, has_next=len(rows) > request.first)


class IntakeRepository:
    """Idempotency keys of record intake (implements ``IntakeLedger``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def claim(self, claim: IntakeClaim, now: datetime) -> bool:
        """Take the key; False when it was taken (waits for a concurrent taker to finish)."""
        result = await self._db.execute(
            self._db.insert(INTAKES)
            .values(
                partner_id=claim.partner_id,
                idempotency_key=claim.key,
                fingerprint=claim.fingerprint,
                record_id=claim.record_id,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["partner_id", "idempotency_key"])
        )
        return bool(getattr(result, "rowcount", 0))

    async def get(self, partner_id: int, key: str) -> IntakeClaim | None:
        """The claim on a key, if any."""
        c = INTAKES.c
        row = await self._db.first(
            select(c.fingerprint, c.record_id).where(
                c.partner_id == partner_id, c.idempotency_key == key
            )
        )
        return IntakeClaim(partner_id, key, row[0], row[1]) if row else None

    async def attach(self, partner_id: int, key: str, record_id: int) -> None:
        """Name the record a claimed key produced."""
        c = INTAKES.c
        await self._db.execute(
            update(INTAKES)
            .where(c.partner_id == partner_id, c.idempotency_key == key)
            .values(record_id=record_id)
        )


class ExemptionRepository:
    """The exempt-from-penalty list and exemptions granted (implements ``ExemptionStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def matter_by_code(self, code: str) -> ExemptMatter | None:
        """A listed matter by code, active or retired."""
        row = await self._db.first(select(*_MATTER_COLUMNS).where(M.code == code))
        return matter_from_row(row) if row else None

    async def matters(self, *, include_retired: bool = False) -> list[ExemptMatter]:
        """The list, by code."""
        statement = select(*_MATTER_COLUMNS).order_by(M.code)
        if not include_retired:
            statement = statement.where(M.active.is_(True))
        return [matter_from_row(row) for row in await self._db.all(statement)]

    async def add_matter(
        self,
        *,
        code: str,
        description: str,
        conditions: str,
        guidance: str,
        window_months: int,
        now: datetime,
    ) -> ExemptMatter | None:
        """List a new matter; None when the code is taken."""
        if await self.matter_by_code(code) is not None:
            return None
        row = await self._db.first(
            insert(MATTERS)
            .values(
                code=code,
                description=description,
                conditions=conditions,
                guidance=guidance,
                window_months=window_months,
                active=True,
                created_at=now,
            )
            .returning(*_MATTER_COLUMNS)
        )
        return matter_from_row(row)

    async def retire_matter(self, code: str, now: datetime) -> ExemptMatter | None:
        """Take a matter off the list (kept for the exemptions granted under it)."""
        await self._db.execute(
            update(MATTERS)
            .where(M.code == code, M.active.is_(True))
            .values(active=False, retired_at=now)
        )
        return await self.matter_by_code(code)

    async def count_exempted(self, subject_id: int, matter_id: int, since: date) -> int:
        """How many exemptions of this matter the subject had on or after ``since``."""
        row = await self._db.first(
            select(func.count()).where(
                X.subject_id == subject_id, X.matter_id == matter_id, X.occurred_on >= since
            )
        )
        return int(row[0])

    async def add_exemption(
        self, *, record_id: int, matter_id: int, subject_id: int, occurred_on: date
    ) -> None:
        """Remember that a record was exempted under a matter."""
        await self._db.execute(
            insert(EXEMPTIONS).values(
                record_id=record_id,
                matter_id=matter_id,
                subject_id=subject_id,
                occurred_on=occurred_on,
            )
        )

    async def guidance_for(self, record_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """For exempted records: the matter code and its guidance."""
        if not record_ids:
            return {}
        rows = await self._db.all(
            select(X.record_id, M.code, M.guidance)
            .select_from(EXEMPTIONS.join(MATTERS, M.id == X.matter_id))
            .where(X.record_id.in_(list(record_ids)))
        )
        return {row[0]: (row[1], row[2]) for row in rows}


class RepairRepository:
    """Repair cases and the notices they owe (implements ``RepairStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def open(
        self,
        *,
        record_id: int,
        subject_id: int,
        severity: Severity,
        opened_on: date,
        eligible_on: date,
        now: datetime,
    ) -> RepairCase:
        """Open the case of a new repairable record (AWAITING)."""
        row = await self._db.first(
            insert(REPAIRS)
            .values(
                record_id=record_id,
                subject_id=subject_id,
                severity=severity.value,
                state=RepairState.AWAITING.value,
                opened_on=opened_on,
                eligible_on=eligible_on,
                version=1,
                updated_at=now,
            )
            .returning(*_REPAIR_COLUMNS)
        )
        return repair_from_row(row)

    async def get(self, repair_id: int) -> RepairCase | None:
        """One case by id."""
        row = await self._db.first(select(*_REPAIR_COLUMNS).where(C.id == repair_id))
        return repair_from_row(row) if row else None

    async def by_record(self, record_id: int) -> RepairCase | None:
        """The case of a record, if it has one."""
        row = await self._db.first(select(*_REPAIR_COLUMNS).where(C.record_id == record_id))
        return repair_from_row(row) if row else None

    async def by_records(self, record_ids: Sequence[int]) -> dict[int, RepairCase]:
        """The cases of several records (for loaders)."""
        if not record_ids:
            return {}
        rows = await self._db.all(select(*_REPAIR_COLUMNS).where(C.record_id.in_(list(record_ids))))
        return {row[1]: repair_from_row(row) for row in rows}

    async def page(
        self,
        request: PageRequest,
        *,
        states: Sequence[RepairState] = (),
        subject_id: int | None = None,
    ) -> Page[RepairCase]:
        """Cases newest first, optionally in some states or of one subject."""
        statement = select(*_REPAIR_COLUMNS)
        if states:
            statement = statement.where(C.state.in_([s.value for s in states]))
        if subject_id is not None:
            statement = statement.where(C.subject_id == subject_id)
        if request.after is not None:
            statement = statement.where(C.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(C.id.desc()).limit(request.first + 1))
        return Page(
            items=[(repair_from_row(row), (row[0],)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )

    async def move(
        self,
        case: RepairCase,
        state: RepairState,
        *,
        now: datetime,
        commitment: str | None = None,
        applied_by: str | None = None,
        decided_by: str | None = None,
        reason: str | None = None,
        follow_up_due_on: date | None = None,
    ) -> RepairCase | None:
        """Compare-and-set the case from its read version; None when someone moved it first."""
        values: dict[str, Any] = {
            "state": state.value,
            "version": case.version + 1,
            "updated_at": now,
        }
        if state is RepairState.APPLIED:
            values |= {
                "commitment": commitment,
                "applied_at": now,
                "applied_by_client_id": applied_by,
                "decided_at": None,
                "decided_by_client_id": None,
                "decision_reason": None,
            }
        else:
            values |= {
                "decided_at": now,
                "decided_by_client_id": decided_by,
                "decision_reason": reason,
                "follow_up_due_on": follow_up_due_on,
            }
        result = await self._db.execute(
            update(REPAIRS).where(C.id == case.id, C.version == case.version).values(**values)
        )
        if not getattr(result, "rowcount", 0):
            return None
        return await self.get(case.id)

    async def cases_owing_notices(
        self, today: date, after_id: int, limit: int
    ) -> list[tuple[RepairCase, bool]]:
        """Cases that may owe a notice by ``today`` and lack one of the notices due (id order),
        each with whether its record is still active."""
        notice = OUTBOX.alias("notice")
        reminder = OUTBOX.alias("reminder")
        follow_up = OUTBOX.alias("follow_up")

        def missing(alias: Any, kind: NoticeKind) -> Any:
            return (
                ~select(alias.c.id)
                .where(alias.c.repair_id == C.id, alias.c.kind == kind.value)
                .exists()
            )

        statement = (
            select(*_REPAIR_COLUMNS, R.status)
            .select_from(REPAIRS.join(CreditRecordRow.__table__, R.id == C.record_id))  # type: ignore[attr-defined]
            .where(C.id > after_id)
            .where(
                or_(
                    missing(notice, NoticeKind.REPAIR_NOTICE),
                    and_(
                        C.state == RepairState.AWAITING.value,
                        C.eligible_on <= today,
                        R.status == RecordStatus.ACTIVE.value,
                        missing(reminder, NoticeKind.REPAIR_REMINDER),
                    ),
                    and_(
                        C.state == RepairState.REPAIRED.value,
                        C.follow_up_due_on <= today,
                        missing(follow_up, NoticeKind.REPAIR_FOLLOW_UP),
                    ),
                )
            )
            .order_by(C.id)
            .limit(limit)
        )
        rows = await self._db.all(statement)
        return [(repair_from_row(row), row[-1] == RecordStatus.ACTIVE.value) for row in rows]

    async def write_notice(
        self,
        *,
        kind: NoticeKind,
        case: RepairCase,
        due_on: date,
        payload: dict[str, Any],
        now: datetime,
    ) -> bool:
        """Put a notice in the outbox once; False when it is there already."""
        result = await self._db.execute(
            self._db.insert(OUTBOX)
            .values(
                kind=kind.value,
                dedupe_key=f"{kind.value}:{case.id}",
                subject_id=case.subject_id,
                repair_id=case.id,
                due_on=due_on,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )
        return bool(getattr(result, "rowcount", 0))

    async def write_notices(
        self,
        notices: Sequence[tuple[NoticeKind, RepairCase, date, dict[str, Any]]],
        *,
        now: datetime,
    ) -> list[NoticeKind]:
        """``write_notice`` for many notices in one statement; the kinds that were new."""
        if not notices:
            return []
        statement = (
            self._db.insert(OUTBOX)
            .values(
                [
                    {
                        "kind": kind.value,
                        "dedupe_key": f"{kind.value}:{case.id}",
                        "subject_id": case.subject_id,
                        "repair_id": case.id,
                        "due_on": due_on,
                        "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
                        "created_at": now,
                    }
                    for kind, case, due_on, payload in notices
                ]
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(O.kind)
        )
        return [NoticeKind(row[0]) for row in await self._db.all(statement)]

    async def outbox(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Messages in the outbox, oldest first (for operators and tests)."""
        rows = await self._db.all(
            select(O.id, O.kind, O.subject_id, O.repair_id, O.due_on, O.payload, O.delivered_at)
            .order_by(O.id)
            .limit(limit)
        )
        return [
            {
                "id": r[0],
                "kind": r[1],
                "subject_id": r[2],
                "repair_id": r[3],
                "due_on": r[4],
                "payload": json.loads(r[5]),
                "delivered_at": r[6],
            }
            for r in rows
        ]
