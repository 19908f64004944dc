"""Repair cases with the notices the jobs write, for the outreach tests and the scope matrix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, literal_column

from api.db.batch_credit.jobs import notice_payload
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.clock import city_today
from api.domain.credit.repair import NoticeKind, RepairState, notices_due
from api.domain.records.model import RecordCategory, Severity
from tests.factories import Factory

REPAIRS = metadata.tables["repair_cases"]
NOW = datetime.now(UTC)
TODAY = city_today(NOW)


@dataclass(frozen=True, slots=True)
class Case:
    """A repair case and the ids of the notices written for it."""

    subject_id: int
    repair_id: int
    notice_ids: list[int]


async def repair_case(
    factory: Factory,
    subject_id: int,
    *,
    state: RepairState,
    follow_up_due_on: date | None = None,
) -> Case:
    """A penalty of 4 months ago with its repair case in ``state`` and every notice it owes."""
    record_id = await factory.record(
        subject_id,
        category=RecordCategory.PENALTY,
        severity=Severity.GENERAL,
        occurred_at=NOW - timedelta(days=120),
        summary="未按规定公示年度报告",
    )
    result: Any = await factory.session.execute(
        insert(REPAIRS)
        .values(
            record_id=record_id,
            subject_id=subject_id,
            severity=Severity.GENERAL.value,
            state=state.value,
            opened_on=TODAY - timedelta(days=120),
            eligible_on=TODAY - timedelta(days=30),
            follow_up_due_on=follow_up_due_on,
            decided_at=NOW - timedelta(days=100) if state is RepairState.REPAIRED else None,
            version=1,
            updated_at=NOW,
        )
        .returning(literal_column("id"))
    )
    repair_id = int(result.scalar_one())
    repos = Repositories(factory.session)
    case = await repos.repairs.get(repair_id)
    assert case is not None
    due = [
        (kind, case, day, notice_payload(kind, case, day)) for kind, day in notices_due(case, TODAY)
    ]
    written = await repos.repairs.write_notices(due, now=NOW)
    assert len(written) == len(due)
    ids = [
        row["id"] for row in await repos.repairs.outbox(limit=1000) if row["repair_id"] == repair_id
    ]
    return Case(subject_id, repair_id, ids)


def kinds(case_kinds: list[str]) -> list[NoticeKind]:
    """The notice kinds as the domain names them."""
    return [NoticeKind(kind.lower()) for kind in case_kinds]
