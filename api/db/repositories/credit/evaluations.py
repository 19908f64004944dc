"""Rule sets and evaluations in the database: the active rule set, the history of
evaluations and each subject's current one. Never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import insert, select, update

from api.db.hot import HotStatement
from api.db.repositories.credit.tables import EVALUATIONS, RULES, SC, SCORES, SUBJECTS, S, V
from api.db.repositories.gate import SessionGate
from api.domain.credit.codes import CreditGrade, IntegrityColour, MerchantColour
from api.domain.credit.model import EvaluationCause, StoredEvaluation
from api.domain.credit.rules import RuleSet, rule_set_from_json, rule_set_to_json
from api.domain.credit.scoring import Evaluation, Factor
from api.domain.errors import NotFoundError
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.subjects.model import SubjectKind

_ACTIVE_RULES = HotStatement(select(RULES.c.parameters).where(RULES.c.active.is_(True)))


@lru_cache(maxsize=8)
def _parsed_rule_set(parameters: str) -> RuleSet:
    """A stored rule set's parameters, parsed once per text (rule sets are immutable)."""
    return rule_set_from_json(json.loads(parameters))


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
