"""Partners, OAuth clients, signing keys and revoked tokens in the database; never commits.

Partner types and scopes are plain strings at this layer (``api.auth`` owns their meaning).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.tables import table_of
from api.db.tables.auth import (
    OAuthClientRow,
    PartnerRow,
    PartnerStatus,
    RevokedTokenRow,
    SigningKeyRow,
)

PARTNERS: Table = table_of(PartnerRow)
CLIENTS: Table = table_of(OAuthClientRow)
KEYS: Table = table_of(SigningKeyRow)
REVOKED: Table = table_of(RevokedTokenRow)
P = PARTNERS.c
C = CLIENTS.c
K = KEYS.c
R = REVOKED.c


@dataclass(frozen=True, slots=True)
class PartnerRecord:
    """A partner and the ids of its clients."""

    id: int
    name: str
    type: str
    status: str
    contact: str | None
    created_at: datetime
    disabled_at: datetime | None
    client_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """An OAuth client with what authenticating it needs, including its partner's state."""

    client_id: str
    partner_id: int
    partner_type: str
    partner_status: str
    scopes: tuple[str, ...]
    secret_hash: str
    previous_secret_hash: str | None
    previous_secret_expires_at: datetime | None
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True, slots=True)
class SigningKeyRecord:
    """A stored signing key (the private half still encrypted)."""

    kid: str
    algorithm: str
    public_jwk: str
    private_key_encrypted: bytes
    created_at: datetime
    activates_at: datetime


@dataclass(frozen=True, slots=True)
class DenyListRecord:
    """What makes otherwise valid tokens unusable."""

    revoked_token_ids: frozenset[str]
    disabled_partner_ids: frozenset[int]
    clients_not_before: dict[str, datetime]


class PartnerRepository:
    """Partners and their OAuth clients."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_partner(
        self, *, name: str, partner_type: str, contact: str | None, now: datetime
    ) -> int:
        """Insert an active partner and return its id."""
        result = await self.session.execute(
            insert(PARTNERS)
            .values(
                name=name,
                type=partner_type,
                status=PartnerStatus.ACTIVE.value,
                contact=contact,
                created_at=now,
            )
            .returning(P.id)
        )
        return int(result.scalar_one())

    async def add_client(
        self,
        *,
        partner_id: int,
        client_id: str,
        secret_hash: str,
        scopes: Sequence[str],
        now: datetime,
    ) -> None:
        """Insert an OAuth client of a partner."""
        await self.session.execute(
            insert(CLIENTS).values(
                client_id=client_id,
                partner_id=partner_id,
                secret_hash=secret_hash,
                scopes=" ".join(sorted(scopes)),
                created_at=now,
            )
        )

    async def client(self, client_id: str) -> ClientRecord | None:
        """One client with its partner's type and status, or None."""
        statement = (
            select(
                C.client_id,
                C.partner_id,
                P.type,
                P.status,
                C.scopes,
                C.secret_hash,
                C.previous_secret_hash,
                C.previous_secret_expires_at,
                C.created_at,
                C.last_used_at,
            )
            .join_from(CLIENTS, PARTNERS, P.id == C.partner_id)
            .where(C.client_id == client_id)
        )
        row = (await self.session.execute(statement)).first()
        if row is None:
            return None
        return ClientRecord(
            client_id=row.client_id,
            partner_id=row.partner_id,
            partner_type=row.type,
            partner_status=row.status,
            scopes=tuple(row.scopes.split()),
            secret_hash=row.secret_hash,
            previous_secret_hash=row.previous_secret_hash,
            previous_secret_expires_at=row.previous_secret_expires_at,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
        )

    async def partners(self, partner_id: int | None = None) -> list[PartnerRecord]:
        """Every partner (or the one with ``partner_id``), oldest first, with its client ids."""
        partner_query = select(PARTNERS).order_by(P.id)
        client_query = select(C.partner_id, C.client_id).order_by(C.created_at, C.client_id)
        if partner_id is not None:
            partner_query = partner_query.where(P.id == partner_id)
            client_query = client_query.where(C.partner_id == partner_id)
        clients: dict[int, list[str]] = {}
        for owner, client_id in await self.session.execute(client_query):
            clients.setdefault(owner, []).append(client_id)
        return [
            PartnerRecord(
                id=row.id,
                name=row.name,
                type=row.type,
                status=row.status,
                contact=row.contact,
                created_at=row.created_at,
                disabled_at=row.disabled_at,
                client_ids=tuple(clients.get(row.id, ())),
            )
            for row in await self.session.execute(partner_query)
        ]

    async def find_partner(self, *, name: str, partner_type: str) -> PartnerRecord | None:
        """The oldest partner with this name and type, or None."""
        found = await self.session.scalar(
            select(P.id).where(P.name == name, P.type == partner_type).order_by(P.id).limit(1)
        )
        if found is None:
            return None
        return (await self.partners(found))[0]

    async def replace_secret(
        self,
        client_id: str,
        *,
        secret_hash: str,
        previous_secret_hash: str | None,
        previous_secret_expires_at: datetime | None,
        tokens_not_before: datetime | None,
    ) -> None:
        """Store a new secret hash, keeping (or dropping) the previous one for an overlap."""
        values: dict[str, Any] = {
            "secret_hash": secret_hash,
            "previous_secret_hash": previous_secret_hash,
            "previous_secret_expires_at": previous_secret_expires_at,
        }
        if tokens_not_before is not None:
            values["tokens_not_before"] = tokens_not_before
        await self.session.execute(update(CLIENTS).where(C.client_id == client_id).values(**values))

    async def set_status(self, partner_id: int, status: PartnerStatus, now: datetime) -> bool:
        """Set a partner's status; False when there is no such partner."""
        result = await self.session.execute(
            update(PARTNERS)
            .where(P.id == partner_id)
            .values(
                status=status.value,
                disabled_at=now if status is PartnerStatus.DISABLED else None,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def touch_client(self, client_id: str, now: datetime) -> None:
        """Record that a client just got a token."""
        await self.session.execute(
            update(CLIENTS).where(C.client_id == client_id).values(last_used_at=now)
        )


class SigningKeyRepository:
    """The token signing keys."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[SigningKeyRecord]:
        """Every stored key, oldest activation first."""
        rows = await self.session.execute(select(KEYS).order_by(K.activates_at, K.kid))
        return [
            SigningKeyRecord(
                kid=row.kid,
                algorithm=row.algorithm,
                public_jwk=row.public_jwk,
                private_key_encrypted=row.private_key_encrypted,
                created_at=row.created_at,
                activates_at=row.activates_at,
            )
            for row in rows
        ]

    async def add(self, key: SigningKeyRecord) -> None:
        """Store a new key."""
        await self.session.execute(
            insert(KEYS).values(
                kid=key.kid,
                algorithm=key.algorithm,
                public_jwk=key.public_jwk,
                private_key_encrypted=key.private_key_encrypted,
                created_at=key.created_at,
                activates_at=key.activates_at,
            )
        )


class TokenDenyListRepository:
    """Revoked tokens, and the deny-list the resource side holds in memory."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def revoke(
        self, *, jti: str, client_id: str, expires_at: datetime, now: datetime
    ) -> None:
        """Record a revoked token (idempotent)."""
        values = {"jti": jti, "client_id": client_id, "expires_at": expires_at, "revoked_at": now}
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(pg_insert(REVOKED).values(**values).on_conflict_do_nothing())
        else:
            await self.session.execute(
                sqlite_insert(REVOKED).values(**values).on_conflict_do_nothing()
            )

    async def deny_list(self, now: datetime) -> DenyListRecord:
        """Unexpired revoked tokens, disabled partners, clients' earliest accepted issue time."""
        revoked = await self.session.scalars(select(R.jti).where(R.expires_at > now))
        disabled = await self.session.scalars(
            select(P.id).where(P.status == PartnerStatus.DISABLED.value)
        )
        not_before = await self.session.execute(
            select(C.client_id, C.tokens_not_before).where(C.tokens_not_before.is_not(None))
        )
        return DenyListRecord(
            revoked_token_ids=frozenset(revoked),
            disabled_partner_ids=frozenset(disabled),
            clients_not_before=dict(not_before.all()),
        )
