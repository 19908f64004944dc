"""Writing a record file's validated rows in batches, one transaction each.

Every row goes through the domain's ``store_fact`` (idempotency claim, exemption under a listed
matter, repair case); the subjects whose records changed are evaluated once at the end of their
batch (cause records_imported). A batch that fails commits nothing and its rows are reported as
rejected; the other batches stand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.batch_credit.file_checks import BATCH_FAILED, KEY_REUSED, Rejection
from api.db.batch_credit.record_validation import ValidRow
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.credit.errors import IdempotencyKeyReusedError
from api.domain.credit.model import EvaluationCause, RecordIntake
from api.domain.credit.services import reevaluate, store_fact

DEFAULT_BATCH = 500


@dataclass(slots=True)
class ImportReport:
    """What an import did."""

    rows: int = 0
    imported: int = 0
    already_imported: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    batches_failed: int = 0
    evaluated_subjects: int = 0
    seconds: float = 0.0


async def import_one(
    repos: Repositories, intake: RecordIntake, *, partner_id: int, key: str, now: datetime
) -> int | None:
    """``store_fact`` for one row: the subject's id, or None when the key was used before for
    this same row. Raises IdempotencyKeyReusedError for another row."""
    fact = await store_fact(repos, intake, partner_id=partner_id, idempotency_key=key, now=now)
    return None if fact.replayed else fact.record.subject_id


BatchHook = Callable[[int, Sequence[ValidRow]], None]


async def import_batches(
    sessions: async_sessionmaker[AsyncSession],
    good: Sequence[ValidRow],
    report: ImportReport,
    *,
    partner_id: int,
    now: datetime,
    batch_size: int = DEFAULT_BATCH,
    advance: Callable[[int], None] | None = None,
    before_commit: BatchHook | None = None,
) -> None:
    """Import the validated rows batch by batch, one transaction each."""
    for number, offset in enumerate(range(0, len(good), batch_size)):
        batch = good[offset : offset + batch_size]
        imported = replayed = 0
        refused: list[Rejection] = []
        try:
            async with UnitOfWork(sessions) as uow:
                changed: set[int] = set()
                for row in batch:
                    try:
                        subject = await import_one(
                            uow.repos, row.intake, partner_id=partner_id, key=row.key, now=now
                        )
                    except IdempotencyKeyReusedError as error:
                        refused.append(Rejection(row.line, error.message, KEY_REUSED))
                        continue
                    if subject is None:
                        replayed += 1
                    else:
                        imported += 1
                        changed.add(subject)
                for subject_id in sorted(changed):
                    await reevaluate(
                        uow.repos, subject_id, now=now, cause=EvaluationCause.RECORDS_IMPORTED
                    )
                if before_commit is not None:
                    before_commit(number, batch)
                await uow.commit()
        except Exception as error:  # the batch is reported whole; the others go on
            report.batches_failed += 1
            reason = f"batch {number + 1} failed, nothing of it was imported: {error}"
            report.rejected.extend(Rejection(row.line, reason, BATCH_FAILED) for row in batch)
        else:
            report.imported += imported
            report.already_imported += replayed
            report.rejected.extend(refused)
            report.evaluated_subjects += len(changed)
        if advance is not None:
            advance(len(batch))
