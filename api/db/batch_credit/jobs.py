# ruff: noqa: RUF001 - messages are Chinese text with full-width punctuation
"""The daily jobs: overdue pay-after-treatment visits, records whose publicity has ended,
repair notices to the outbox, and post-loan events for borrowers evaluated in bulk.

All are idempotent: an account moves to OVERDUE once (and its record's idempotency key is
the account's), the outbox keeps one notice of each kind per repair case (its dedupe key),
and an expired record is no longer ACTIVE, so running the jobs twice does nothing more.
Each page of work commits on its own.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.bank_batch import catch_up_borrowers
from api.db.tables import metadata
from api.db.uow import UnitOfWork
from api.domain.credit.model import EvaluationCause
from api.domain.credit.repair import NoticeKind, RepairCase, notices_due
from api.domain.credit.services import reevaluate
from api.domain.records.model import RecordStatus
from api.domain.scenarios.pay_after_treatment import mark_overdue_accounts

PAGE = 500
#: Accounts marked overdue per transaction.
OVERDUE_PAGE = 200
RECORDS = metadata.tables["credit_records"]
R = RECORDS.c


@dataclass(slots=True)
class JobsReport:
    """What a run of the jobs did."""

    notices: Counter[NoticeKind] = field(default_factory=Counter)
    overdue_accounts: int = 0
    expired_records: int = 0
    reevaluated_subjects: int = 0
    followed_borrowers: int = 0
    borrower_events: int = 0
    seconds: float = 0.0


def notice_payload(kind: NoticeKind, case: RepairCase, due_on: date) -> dict[str, Any]:
    """What the subject is told: which record, from when it can be repaired, in zh and en."""
    record, eligible = case.record_id, case.eligible_on.isoformat()
    if kind is NoticeKind.REPAIR_NOTICE:
        zh = (
            f"您的失信记录（编号{record}）可以申请信用修复：自{eligible}起，"
            "可在作出信用承诺后提交修复申请。"
        )
        en = (
            f"Your credit record {record} can be repaired: from {eligible} you may apply, "
            "with a public credit commitment."
        )
    elif kind is NoticeKind.REPAIR_REMINDER:
        zh = f"您的失信记录（编号{record}）已满最短公示期，自{eligible}起可申请信用修复。"
        en = (
            f"Your credit record {record} has passed its shortest publicity period: you may "
            f"apply for credit repair since {eligible}."
        )
    else:
        zh = f"您的失信记录（编号{record}）已完成信用修复，现进行跟踪回访，请反馈守信情况。"
        en = (
            f"Your credit record {record} was repaired; this is the follow-up: please tell us "
            "how you have kept your commitment."
        )
    return {
        "kind": kind.value,
        "record_id": record,
        "repair_id": case.id,
        "severity": case.severity.value,
        "eligible_on": eligible,
        "due_on": due_on.isoformat(),
        "message_zh": zh,
        "message_en": en,
    }


async def write_due_notices(
    sessions: async_sessionmaker[AsyncSession], *, today: date, now: datetime, page: int = PAGE
) -> Counter[NoticeKind]:
    """Put every notice due by ``today`` in the outbox once (notice, reminder, follow-up)."""
    written: Counter[NoticeKind] = Counter()
    after = 0
    while True:
        async with UnitOfWork(sessions) as uow:
            repairs = uow.repos.repairs
            cases = await repairs.cases_owing_notices(today, after, page)
            if not cases:
                break
            due = [
                (kind, case, due_on, notice_payload(kind, case, due_on))
                for case, active in cases
                for kind, due_on in notices_due(case, today, record_active=active)
            ]
            written.update(await repairs.write_notices(due, now=now))
            await uow.commit()
            after = cases[-1][0].id
    return written


async def expire_records(
    sessions: async_sessionmaker[AsyncSession], *, today: date, now: datetime, page: int = PAGE
) -> tuple[int, int]:
    """ACTIVE records published until before ``today`` become EXPIRED; their subjects are
    evaluated again (cause records_expired). Returns (records expired, subjects evaluated)."""
    async with UnitOfWork(sessions) as uow:
        due = await uow.repos.gate.all(
            select(R.id, R.subject_id)
            .where(R.status == RecordStatus.ACTIVE.value, R.publicity_until < today)
            .order_by(R.subject_id, R.id)
        )
    by_subject: dict[int, list[int]] = {}
    for record_id, subject_id in due:
        by_subject.setdefault(subject_id, []).append(record_id)
    subjects = list(by_subject)
    expired = 0
    for offset in range(0, len(subjects), page):
        chunk = subjects[offset : offset + page]
        async with UnitOfWork(sessions) as uow:
            ids = [record_id for subject_id in chunk for record_id in by_subject[subject_id]]
            result = await uow.repos.gate.execute(
                update(RECORDS)
                .where(R.id.in_(ids), R.status == RecordStatus.ACTIVE.value)
                .values(status=RecordStatus.EXPIRED.value)
            )
            expired += int(getattr(result, "rowcount", 0) or 0)
            for subject_id in chunk:
                await reevaluate(
                    uow.repos, subject_id, now=now, cause=EvaluationCause.RECORDS_EXPIRED
                )
            await uow.commit()
    return expired, len(subjects)


async def mark_overdue_visits(
    sessions: async_sessionmaker[AsyncSession],
    *,
    today: date,
    now: datetime,
    page: int = OVERDUE_PAGE,
) -> int:
    """Pay-after-treatment visits unsettled past their last day become OVERDUE, each with a
    broken-commitment record (department ``health``) and its repair case; how many."""
    marked = 0
    while True:
        async with UnitOfWork(sessions) as uow:
            marks = await mark_overdue_accounts(uow.repos, today, now=now, limit=page)
            await uow.commit()
        marked += len(marks)
        if len(marks) < page:
            return marked


async def run_jobs(
    sessions: async_sessionmaker[AsyncSession], *, today: date, now: datetime
) -> JobsReport:
    """Mark overdue visits, expire records past their publicity, then write the notices due.

    The order matters: an overdue visit's record opens a repair case whose notice goes out in
    the same run. Steps that deliver what the others produced (the outbox's notices, webhooks)
    belong after ``write_due_notices``.
    """
    started = time.perf_counter()
    report = JobsReport()
    report.overdue_accounts = await mark_overdue_visits(sessions, today=today, now=now)
    report.expired_records, report.reevaluated_subjects = await expire_records(
        sessions, today=today, now=now
    )
    report.notices = await write_due_notices(sessions, today=today, now=now)
    # Banks following a borrower evaluated in bulk (or by a run that stopped half-way).
    report.followed_borrowers, report.borrower_events = await catch_up_borrowers(sessions, now=now)
    # Delivery steps (e.g. webhooks of the outbox) go here, after everything that writes it.
    report.seconds = time.perf_counter() - started
    return report
