"""What the resource side trusts: keys and deny-list held in memory, reloaded every few seconds.

Validating a bearer token reads no database. It uses a snapshot -- the key that signs, every
key that still verifies, the deny-list -- which is reloaded when it is older than
``oauth_refresh_seconds`` (a staleness check, so it works with or without a lifespan): one
reload at a time per process, and while it runs other requests keep using the previous
snapshot (only the very first load is waited for). A revocation made through this process is
applied to the snapshot at once; one made elsewhere (another worker, the command line), and a
disabled partner, within one refresh interval. A failed reload keeps the previous snapshot and
is retried one interval later. A reload also creates the first signing key if there is none.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from joserfc.jwk import ECKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.config import AuthConfig
from api.auth.key_store import ensure_signing_key
from api.auth.signing_keys import key_window, open_private_key, public_jwk, public_key
from api.auth.tokens import DenyList
from api.db.repositories.partners import SigningKeyRepository, TokenDenyListRepository

logger = logging.getLogger("api.auth.trust")


class TrustUnavailableError(Exception):
    """No keys could be loaded yet (the database is unreachable or not migrated)."""


@dataclass(frozen=True, slots=True)
class TrustSnapshot:
    """Keys and deny-list as loaded at one moment."""

    signing_key: ECKey | None
    verification_keys: Mapping[str, ECKey]
    jwks: tuple[dict[str, Any], ...]
    deny: DenyList
    loaded_at: float


class TrustStore:
    """Holds the current snapshot and reloads it when it is stale."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        cipher_key: bytes,
        config: AuthConfig,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._cipher_key = cipher_key
        self._config = config
        self._clock = clock
        self._monotonic = monotonic
        self._snapshot: TrustSnapshot | None = None
        self._lock = asyncio.Lock()
        self._private: dict[str, ECKey] = {}
        self._local_revocations: dict[str, int] = {}

    async def current(self) -> TrustSnapshot:
        """The snapshot, reloaded first if it is older than the refresh interval."""
        snapshot = self._snapshot
        if snapshot is not None and (self._lock.locked() or not self._stale(snapshot)):
            return snapshot
        async with self._lock:
            if self._snapshot is not None and self._snapshot is not snapshot:
                return self._snapshot
            return await self._reload()

    async def refresh(self) -> TrustSnapshot:
        """Reload now (at startup, and in tests)."""
        async with self._lock:
            return await self._reload()

    def note_revoked(self, token_id: str, expires_at: int) -> None:
        """Apply a revocation made through this process at once."""
        self._local_revocations[token_id] = expires_at
        snapshot = self._snapshot
        if snapshot is not None:
            deny = replace(
                snapshot.deny, revoked_token_ids=snapshot.deny.revoked_token_ids | {token_id}
            )
            self._snapshot = replace(snapshot, deny=deny)

    def _stale(self, snapshot: TrustSnapshot) -> bool:
        return self._monotonic() - snapshot.loaded_at >= self._config.refresh_seconds

    async def _reload(self) -> TrustSnapshot:
        try:
            self._snapshot = await self._load()
        except Exception as error:
            if self._snapshot is None:
                raise TrustUnavailableError("signing keys could not be loaded") from error
            logger.warning(
                "keys and deny-list not reloaded; keeping the previous ones",
                extra={"error": type(error).__name__},
            )
            self._snapshot = replace(self._snapshot, loaded_at=self._monotonic())
        return self._snapshot

    async def _load(self) -> TrustSnapshot:
        now = self._clock()
        async with self._sessions() as session:
            if await ensure_signing_key(session, self._cipher_key, now=now) is not None:
                await session.commit()
            records = await SigningKeyRepository(session).all()
            stored = await TokenDenyListRepository(session).deny_list(now)
        window = key_window(records, now, self._config.key_retention)
        signing = None
        if window.signing is not None:
            kid = window.signing.kid
            signing = self._private.get(kid) or open_private_key(self._cipher_key, window.signing)
            self._private = {kid: signing}
        horizon = now.timestamp()
        self._local_revocations = {
            jti: expires for jti, expires in self._local_revocations.items() if expires > horizon
        }
        deny = DenyList(
            revoked_token_ids=stored.revoked_token_ids | frozenset(self._local_revocations),
            disabled_partner_ids=stored.disabled_partner_ids,
            clients_not_before=stored.clients_not_before,
        )
        return TrustSnapshot(
            signing_key=signing,
            verification_keys={record.kid: public_key(record) for record in window.verifying},
            jwks=tuple(public_jwk(record) for record in window.verifying),
            deny=deny,
            loaded_at=self._monotonic(),
        )
