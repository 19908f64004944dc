"""Repair outreach in the synthetic city: every notice the seeded repair cases owe, and the
share of them the city has worked, so the notices, the office's queue, the follow-up results
and the statistics have data out of the box.

The notices are written as the daily jobs write them (the same domain rule and payload, on
the seed's transaction). Of them, a fixed share is acknowledged (persons in the app, the
office for everyone else), and each due follow-up has a result; the choice depends only on
the notice or case id, so the same seed gives the same rows.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.db.batch_credit.jobs import notice_payload
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.credit.repair import NoticeKind, notices_due
from api.domain.outreach.model import Channel, FollowUpResult
from api.domain.subjects.model import SubjectKind

PAGE = 2_000
#: Out of 100: notices acknowledged (the rest wait in the app or the office's queue).
ACKNOWLEDGED_PERCENT = 70
#: Out of 100, in order: follow-ups that found the commitment kept, a relapse, nobody.
FOLLOW_UP_SHARES = ((FollowUpResult.KEPT, 90), (FollowUpResult.RELAPSED, 4))


def _spread(value: int) -> int:
    """A stable 0-99 from an id (Knuth's multiplicative hash), so choices do not cluster."""
    return (value * 2_654_435_761) % 4_294_967_296 % 100


def follow_up_result(repair_id: int) -> FollowUpResult:
    """The result the city recorded for a case's follow-up visit."""
    draw, floor = _spread(repair_id), 0
    for result, share in FOLLOW_UP_SHARES:
        floor += share
        if draw < floor:
            return result
    return FollowUpResult.UNREACHABLE


async def _write_notices(repos: Repositories, today: date, now: datetime) -> Counter[str]:
    written: Counter[str] = Counter()
    after = 0
    while cases := await repos.repairs.cases_owing_notices(today, after, PAGE):
        due = [
            (kind, case, due_on, notice_payload(kind, case, due_on))
            for case, active in cases
            for kind, due_on in notices_due(case, today, record_active=active)
        ]
        written.update(kind.value for kind in await repos.repairs.write_notices(due, now=now))
        after = cases[-1][0].id
    return written


async def seed_outreach(connection: AsyncConnection, today: date, now: datetime) -> dict[str, int]:
    """Write the notices owed by ``today``, acknowledge a share, record due follow-ups."""
    session = AsyncSession(bind=connection)
    written = await _write_notices(Repositories(session), today, now)
    await session.flush()
    outbox, subjects = metadata.tables["outbox"], metadata.tables["subjects"]
    rows = (
        await connection.execute(
            select(outbox.c.id, outbox.c.kind, outbox.c.repair_id, subjects.c.kind)
            .join(subjects, subjects.c.id == outbox.c.subject_id)
            .order_by(outbox.c.id)
        )
    ).all()
    acknowledgements = [
        {
            "notice_id": notice_id,
            "via": (
                Channel.CITIZEN_APP if kind == SubjectKind.PERSON.value else Channel.OFFICE_QUEUE
            ).value,
            "acknowledged_at": now,
        }
        for notice_id, _, _, kind in rows
        if _spread(notice_id) < ACKNOWLEDGED_PERCENT
    ]
    results = [
        {
            "repair_id": repair_id,
            "result": follow_up_result(repair_id).value,
            "note": "",
            "recorded_by_client_id": "seed",
            "idempotency_key": f"seed-follow-up-{repair_id}",
            "recorded_at": now,
        }
        for _, notice_kind, repair_id, _ in rows
        if notice_kind == NoticeKind.REPAIR_FOLLOW_UP.value and repair_id is not None
    ]
    for table, values in (
        (metadata.tables["notice_acknowledgements"], acknowledgements),
        (metadata.tables["repair_follow_up_results"], results),
    ):
        for start in range(0, len(values), PAGE):
            await connection.execute(insert(table), values[start : start + PAGE])
    return {
        "outbox": sum(written.values()),
        "notice_acknowledgements": len(acknowledgements),
        "repair_follow_up_results": len(results),
    }
