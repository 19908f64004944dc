"""The SQL that selects publishable records says exactly what the domain rule says."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from api.db.repositories import Repositories
from api.domain.records.model import (
    CreditRecord,
    RecordCategory,
    RecordStatus,
    Severity,
    is_publishable,
)
from tests.factories import Factory

TODAY = date(2026, 11, 1)


async def test_sql_and_domain_rule_agree_on_every_combination(
    factory: Factory, session: AsyncSession
) -> None:
    subject_id, _ = await factory.enterprise()
    expected: set[int] = set()
    combinations = itertools.product(
        RecordCategory,
        [None, *Severity],
        RecordStatus,
        [None, date(2026, 10, 31), TODAY, date(2027, 1, 1)],
    )
    for number, (category, severity, status, until) in enumerate(combinations):
        occurred = datetime(2026, 1, 1, tzinfo=UTC).replace(
            second=number % 60, minute=number // 60 % 60
        )
        record_id = await factory.record(
            subject_id,
            category=category,
            severity=severity,
            status=status,
            publicity_until=until,
            occurred_at=occurred,
        )
        domain = CreditRecord(
            id=record_id,
            subject_id=subject_id,
            department_id=1,
            category=category,
            severity=severity,
            occurred_at=occurred,
            publicity_until=until,
            status=status,
            summary="",
        )
        if is_publishable(domain, TODAY):
            expected.add(record_id)
    repos = Repositories(session)
    shown: set[int] = set()
    after = None
    while True:
        page = (await repos.records.publishable_pages([subject_id], 100, after, TODAY))[subject_id]
        shown |= {record.id for record, _key in page.items}
        if not page.has_next:
            break
        after = page.items[-1][1]
    assert expected
    assert shown == expected
