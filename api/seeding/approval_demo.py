"""The demo's 信易批 commitments: enterprises in good standing sign at a department's window
(six fast tracks signed 45 days ago: one verified kept, one broken, four awaiting
verification, three of them due within the month) and two graded C or D are refused. Every
step has a fixed idempotency key, so a second demo run replays."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from api.db.repositories import Repositories
from api.db.tables import EnterpriseRow, table_of
from api.db.tables.credit import SubjectScoreRow
from api.domain.approvals import services
from api.domain.approvals.model import CommitmentStatus
from api.domain.records.model import Severity
from api.domain.subjects.model import SubjectKind

#: How long ago the demo's commitments were signed (so some are due within the month).
SIGNED_DAYS_AGO = 45
#: The matters the demo's enterprises sign for, in turn.
DEMO_MATTERS = ("SJ-XK-001", "SJ-XK-002", "SJ-DJ-003", "ZJ-XK-001", "SH-XK-002", "RS-XK-001")
_E = table_of(EnterpriseRow).c
_SC = table_of(SubjectScoreRow).c


async def _enterprises(repos: Repositories, grades: tuple[str, ...], limit: int) -> list[int]:
    rows = await repos.session.execute(
        select(_E.subject_id)
        .join(table_of(SubjectScoreRow), _SC.subject_id == _E.subject_id)
        .where(_SC.grade.in_(grades))
        .order_by(_E.subject_id)
        .limit(limit)
    )
    return [int(row[0]) for row in rows]


async def seed_demo_commitments(
    repos: Repositories, window_partner_id: int, now: datetime
) -> dict[str, str]:
    """Sign, refuse and verify the demo's commitments; the samples the banner may show."""
    good = await _enterprises(repos, ("A", "B"), len(DEMO_MATTERS))
    poor = await _enterprises(repos, ("C", "D"), 2)
    samples: dict[str, str] = {}
    for index, subject_id in enumerate(good + poor):
        signed = await services.sign_commitment(
            repos,
            partner_id=window_partner_id,
            matter_code=DEMO_MATTERS[index % len(DEMO_MATTERS)],
            subject_id=subject_id,
            kind=SubjectKind.ENTERPRISE,
            idempotency_key=f"demo-approval-sign-{index:02d}",
            now=now - timedelta(days=SIGNED_DAYS_AGO),
        )
        commitment = signed.commitment
        if commitment.status is CommitmentStatus.REFUSED or index > 1:
            samples.setdefault(
                f"approval_{commitment.status.value}_reference", commitment.reference
            )
            continue
        await services.record_outcome(
            repos,
            partner_id=window_partner_id,
            reference=commitment.reference,
            department_code=commitment.matter.department_code,
            severity=None if index == 0 else Severity.GENERAL,
            summary="事后核查属实" if index == 0 else "事后核查, 承诺条件未落实",
            idempotency_key=f"demo-approval-outcome-{index:02d}",
            now=now,
        )
    return samples
