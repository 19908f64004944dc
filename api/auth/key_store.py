"""The operator's key tasks: make sure a signing key exists, and rotate to a new one."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.signing_keys import key_window, new_signing_key
from api.db.repositories.partners import SigningKeyRecord, SigningKeyRepository

logger = logging.getLogger("api.auth.keys")


async def ensure_signing_key(
    session: AsyncSession, cipher_key: bytes, *, now: datetime
) -> SigningKeyRecord | None:
    """Create an immediately active key when none can sign at ``now``; the new key, or None."""
    repository = SigningKeyRepository(session)
    if key_window(await repository.all(), now, timedelta(0)).signing is not None:
        return None
    record = new_signing_key(cipher_key, now=now, activates_at=now)
    await repository.add(record)
    logger.info("signing key created", extra={"kid": record.kid})
    return record


async def rotate_signing_key(
    session: AsyncSession, cipher_key: bytes, *, now: datetime, activation_delay: timedelta
) -> SigningKeyRecord:
    """Add a key that signs from ``now + activation_delay`` (at once if none signs yet).

    The previous key keeps verifying until the tokens it signed have expired.
    """
    repository = SigningKeyRepository(session)
    current = key_window(await repository.all(), now, timedelta(0)).signing
    activates_at = now + activation_delay if current is not None else now
    record = new_signing_key(cipher_key, now=now, activates_at=activates_at)
    await repository.add(record)
    logger.info(
        "signing key rotated",
        extra={
            "kid": record.kid,
            "previous_kid": current.kid if current else None,
            "activates_at": activates_at.isoformat(),
        },
    )
    return record


async def list_signing_keys(session: AsyncSession) -> list[SigningKeyRecord]:
    """Every stored key (the private halves still sealed)."""
    return await SigningKeyRepository(session).all()
