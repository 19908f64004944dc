"""Re-encrypting resident IDs under the current data key, in small transactions.

A rotation is: every server gets ``CREDIT_DATA_KEY_VERSION=n`` (they then write version n
and read every version from ``CREDIT_DATA_KEY_OLDEST`` to n), then ``keys rotate-data``
moves the rows still under an older version, a batch per transaction, each row updated only
if it still holds the ciphertext that was read (so a concurrent writer is never overwritten).
The blind index (``resident_id_hash``) does not depend on the data key and is not touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.crypto import Keys, RetiredDataKeyError
from api.db.tables.subjects import PersonRow

P = PersonRow.__table__.c  # type: ignore[attr-defined]  # SQLModel tables expose __table__

#: Rows per transaction: short enough that readers and writers never wait long on them.
DEFAULT_ROTATION_BATCH = 500


@dataclass(frozen=True, slots=True)
class RotationReport:
    """What a run of ``rotate_data_key`` did."""

    version: int
    re_encrypted: int
    batches: int
    by_version: dict[int, int]


async def rows_by_key_version(sessions: async_sessionmaker[AsyncSession]) -> dict[int, int]:
    """How many resident IDs each data-key version encrypts."""
    async with sessions() as session:
        rows = await session.execute(
            select(P.resident_id_key_version, func.count()).group_by(P.resident_id_key_version)
        )
        return {int(version): int(count) for version, count in rows.all()}


async def rotate_data_key(
    sessions: async_sessionmaker[AsyncSession],
    keys: Keys,
    *,
    batch_size: int = DEFAULT_ROTATION_BATCH,
    on_start: Callable[[int], None] = lambda total: None,
    advance: Callable[[int], None] = lambda count: None,
) -> RotationReport:
    """Re-encrypt every resident ID not under ``keys``' current data key; resumable, idempotent."""
    current = keys.identifier_key_version
    before = await rows_by_key_version(sessions)
    unreadable = {
        version: count
        for version, count in before.items()
        if version != current and version not in keys.readable_data_key_versions
    }
    if unreadable:
        raise RetiredDataKeyError(
            f"rows under data-key versions {sorted(unreadable)} cannot be read with "
            f"CREDIT_DATA_KEY_OLDEST={keys.readable_data_key_versions[0]}: lower it and run again"
        )
    on_start(sum(count for version, count in before.items() if version != current))
    re_encrypted = batches = 0
    after_id = 0
    while True:
        async with sessions() as session:
            rows = (
                await session.execute(
                    select(P.subject_id, P.resident_id_key_version, P.resident_id_encrypted)
                    .where(P.resident_id_key_version != current, P.subject_id > after_id)
                    .order_by(P.subject_id)
                    .limit(batch_size)
                )
            ).all()
            if not rows:
                await session.rollback()
                break
            moved = 0
            for subject_id, version, blob in rows:
                resident_id = keys.open_identifier(int(version), bytes(blob))
                new_version, sealed = keys.seal_identifier(resident_id)
                result = await session.execute(
                    update(PersonRow.__table__)  # type: ignore[attr-defined]  # as P above
                    .where(
                        and_(
                            P.subject_id == subject_id,
                            P.resident_id_key_version == version,
                            P.resident_id_encrypted == blob,
                        )
                    )
                    .values(resident_id_encrypted=sealed, resident_id_key_version=new_version)
                )
                moved += int(result.rowcount or 0)  # type: ignore[attr-defined]  # CursorResult
            await session.commit()
        after_id = int(rows[-1][0])
        re_encrypted += moved
        batches += 1
        advance(len(rows))
    return RotationReport(
        version=current,
        re_encrypted=re_encrypted,
        batches=batches,
        by_version=await rows_by_key_version(sessions),
    )
