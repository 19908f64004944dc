"""The operator's partner tasks: create a partner with a client, rotate a secret, disable.

A client secret is generated here, returned once, and stored only as a scrypt hash. These
functions never commit (the caller does), except ``create_demo_clients``, a whole use case.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.client_secrets import hash_secret, new_client_id, new_client_secret
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope
from api.db.repositories import Repositories
from api.db.repositories.partners import PartnerRecord, PartnerRepository
from api.db.tables.auth import PartnerStatus

logger = logging.getLogger("api.auth.partners")

DEMO_CONTACT = "demo@credit-platform.invalid"
#: The commerce districts the demo's commerce-district partner operates.
DEMO_COMMERCE_DISTRICTS = ("东城时代", "衣裳街")


class PartnerError(ValueError):
    """An operator request that cannot be done; the message says why."""


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    """A client's credentials as shown once to the operator (the secret is not in the repr)."""

    partner_id: int
    partner_type: PartnerType
    client_id: str
    client_secret: str = field(repr=False)
    scopes: frozenset[Scope]

    def as_json(self) -> dict[str, Any]:
        """The JSON the command line prints."""
        return {
            "partner_id": self.partner_id,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "scopes": sorted(scope.value for scope in self.scopes),
        }


@dataclass(frozen=True, slots=True)
class RotatedSecret:
    """A client's new secret, and until when the previous one still works."""

    client_id: str
    client_secret: str = field(repr=False)
    previous_valid_until: datetime | None


def _now() -> datetime:
    return datetime.now(UTC)


async def create_partner(
    session: AsyncSession,
    *,
    partner_type: PartnerType,
    name: str,
    scopes: frozenset[Scope] | None = None,
    contact: str | None = None,
    now: datetime | None = None,
) -> IssuedCredentials:
    """A new active partner with one client holding ``scopes`` (default: all its type may hold)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise PartnerError("a partner name has 1 to 200 characters")
    allowed = SCOPES_BY_TYPE[partner_type]
    granted = scopes if scopes else allowed
    outside = granted - allowed
    if outside:
        names = ", ".join(sorted(outside))
        raise PartnerError(f"partner type {partner_type} may not hold: {names}")
    moment = now or _now()
    repository = PartnerRepository(session)
    partner_id = await repository.add_partner(
        name=name, partner_type=partner_type.value, contact=contact, now=moment
    )
    client_id, secret = new_client_id(), new_client_secret()
    await repository.add_client(
        partner_id=partner_id,
        client_id=client_id,
        secret_hash=hash_secret(secret),
        scopes=[scope.value for scope in granted],
        now=moment,
    )
    logger.info(
        "partner created",
        extra={
            "partner_id": partner_id,
            "partner_type": partner_type.value,
            "client_id": client_id,
        },
    )
    return IssuedCredentials(partner_id, partner_type, client_id, secret, frozenset(granted))


async def rotate_client_secret(
    session: AsyncSession,
    client_id: str,
    *,
    overlap: timedelta,
    revoke_tokens: bool = False,
    now: datetime | None = None,
) -> RotatedSecret:
    """A new secret; the old one works for ``overlap`` (if revoking: not at all, tokens die too)."""
    moment = now or _now()
    repository = PartnerRepository(session)
    record = await repository.client(client_id)
    if record is None:
        raise PartnerError(f"no client {client_id!r}")
    secret = new_client_secret()
    keep_previous = overlap > timedelta(0) and not revoke_tokens
    valid_until = moment + overlap if keep_previous else None
    await repository.replace_secret(
        client_id,
        secret_hash=hash_secret(secret),
        previous_secret_hash=record.secret_hash if keep_previous else None,
        previous_secret_expires_at=valid_until,
        tokens_not_before=moment if revoke_tokens else None,
    )
    logger.info(
        "client secret rotated",
        extra={"client_id": client_id, "revoke_tokens": revoke_tokens},
    )
    return RotatedSecret(client_id, secret, valid_until)


async def disable_partner(
    session: AsyncSession, partner_id: int, *, now: datetime | None = None
) -> None:
    """Disable a partner: no new tokens at once, its live tokens refused within seconds."""
    if not await PartnerRepository(session).set_status(
        partner_id, PartnerStatus.DISABLED, now or _now()
    ):
        raise PartnerError(f"no partner {partner_id}")
    logger.info("partner disabled", extra={"partner_id": partner_id})


async def list_partners(session: AsyncSession) -> list[PartnerRecord]:
    """Every partner with its client ids, oldest first."""
    return await PartnerRepository(session).partners()


async def create_demo_clients(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime | None = None
) -> list[IssuedCredentials]:
    """One client per partner type for the demo (re-running gives the same clients new secrets)."""
    moment = now or _now()
    issued: list[IssuedCredentials] = []
    async with sessions() as session:
        repository = PartnerRepository(session)
        for partner_type in PartnerType:
            name = f"Demo {partner_type.value.replace('_', ' ')}"
            existing = await repository.find_partner(name=name, partner_type=partner_type.value)
            if existing is None or not existing.client_ids:
                issued.append(
                    await create_partner(
                        session,
                        partner_type=partner_type,
                        name=name,
                        contact=DEMO_CONTACT,
                        now=moment,
                    )
                )
                continue
            await repository.set_status(existing.id, PartnerStatus.ACTIVE, moment)
            client_id = existing.client_ids[0]
            rotated = await rotate_client_secret(
                session, client_id, overlap=timedelta(0), now=moment
            )
            record = await repository.client(client_id)
            assert record is not None
            scopes = frozenset(Scope(name) for name in record.scopes)
            issued.append(
                IssuedCredentials(
                    existing.id, partner_type, client_id, rotated.client_secret, scopes
                )
            )
        district = next(i for i in issued if i.partner_type is PartnerType.COMMERCE_DISTRICT)
        for name in DEMO_COMMERCE_DISTRICTS:
            await Repositories(session).merchant_indicators.bind_operator(district.partner_id, name)
        await session.commit()
    return issued
