"""Integrity codes: the citizen app issues a short-lived code for one scenario; a scan uses it.

A scanned code is the person's authorisation for one scenario for a short time (domain.md,
"Rules that bind the data"). The code text is sealed, so it reveals nothing about the
person; only its id is stored, and revocation is checked at every use.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime, timedelta

from api.domain.consent.model import IntegrityCode, IssuedCode, Purpose
from api.domain.consent.ports import AccessCrypto, AccessStore
from api.domain.consent.rules import CODE_DEFAULT_LIFETIME, check_code_purpose, code_expiry
from api.domain.errors import NotFoundError

CODE_ID_BYTES = 16


async def issue_integrity_code(
    store: AccessStore,
    crypto: AccessCrypto,
    *,
    person_id: int,
    purpose: Purpose,
    issued_by_client_id: str | None,
    now: datetime,
    lifetime: timedelta = CODE_DEFAULT_LIFETIME,
) -> IssuedCode:
    """Issue a code for one person and one scenario, valid 5 minutes unless asked (1 to 60)."""
    check_code_purpose(purpose)
    expires_at = code_expiry(now, lifetime)
    if person_id not in await store.persons.by_ids([person_id]):
        raise NotFoundError("no such person")
    code = IntegrityCode(
        id=secrets.token_hex(CODE_ID_BYTES),
        person_id=person_id,
        purpose=purpose,
        issued_at=now,
        expires_at=expires_at,
        issued_by_client_id=issued_by_client_id,
    )
    await store.integrity_codes.add(code)
    return IssuedCode(code=crypto.seal_code(code.id), integrity_code=code)


async def revoke_integrity_code(
    store: AccessStore,
    crypto: AccessCrypto,
    *,
    code: str,
    person_id: int | None,
    now: datetime,
) -> IntegrityCode:
    """Revoke a code at once (idempotent); NotFoundError unless it is ``person_id``'s code.

    ``person_id`` is the signed-in person; None only for the operator's command line.
    """
    code_id = crypto.open_code(code)
    found = await store.integrity_codes.get(code_id) if code_id else None
    if found is None or (person_id is not None and found.person_id != person_id):
        raise NotFoundError("no such integrity code")
    if found.revoked_at is not None:
        return found
    await store.integrity_codes.revoke(found.id, now)
    return replace(found, revoked_at=now)
