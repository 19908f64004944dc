"""Partner access assembled for the app: routes, the bearer middleware, and startup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.middleware import Middleware
from starlette.routing import Route

from api.auth.client_secrets import decoy_hash
from api.auth.config import AuthConfig
from api.auth.endpoints import OAuthEndpoints
from api.auth.middleware import BearerTokenMiddleware
from api.auth.throttle import ClientAuthThrottle, FailureLimits
from api.auth.tokens import TokenValidator
from api.auth.trust import TrustStore
from api.auth.well_known import (
    INTROSPECTION_PATH,
    JWKS_PATH,
    METADATA_PATH,
    REVOCATION_PATH,
    TOKEN_PATH,
    WellKnown,
)
from api.crypto import Keys
from api.settings import Settings

logger = logging.getLogger("api.auth")


class PartnerAccess:
    """The OAuth routes, the bearer-token middleware, and the trust store they share."""

    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        keys: Keys,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = AuthConfig.from_settings(settings)
        self.trust = TrustStore(sessions, keys.signing_key_encryption, self.config, clock=clock)
        self._clock = clock
        self.throttle = ClientAuthThrottle.connect(
            FailureLimits(
                per_client=settings.oauth_max_failures_per_client,
                per_address=settings.oauth_max_failures_per_address,
                window_seconds=settings.oauth_failure_window_seconds,
            ),
            settings.redis_url or None,
            settings.oauth_throttle_key_prefix,
            timeout=settings.rate_limit_store_timeout_seconds,
            retry_seconds=settings.rate_limit_store_retry_seconds,
        )
        self._oauth = OAuthEndpoints(sessions, self.trust, self.config, self.throttle, clock=clock)
        self._well_known = WellKnown(self.trust, self.config)

    def routes(self) -> list[Route]:
        """POST /oauth/token, /oauth/introspect, /oauth/revoke and the two .well-known GETs."""
        return [
            Route(TOKEN_PATH, self._oauth.token, methods=["POST"]),
            Route(INTROSPECTION_PATH, self._oauth.introspect, methods=["POST"]),
            Route(REVOCATION_PATH, self._oauth.revoke, methods=["POST"]),
            Route(JWKS_PATH, self._well_known.jwks, methods=["GET"]),
            Route(METADATA_PATH, self._well_known.metadata, methods=["GET"]),
        ]

    def bearer_middleware(self) -> Middleware:
        """The middleware that validates bearer tokens (put it on /graphql only)."""
        return Middleware(
            BearerTokenMiddleware,
            trust=self.trust,
            validator=TokenValidator(self.config),
            clock=self._clock,
        )

    async def start(self) -> None:
        """Load keys and deny-list (creating the first signing key); failures are retried later."""
        decoy_hash()  # made now, so the first unknown client id costs no more than later ones
        try:
            await self.trust.refresh()
        except Exception as error:
            logger.warning(
                "signing keys not loaded at startup; retrying on first use",
                extra={"error": type(error).__name__},
            )
