"""POST /oauth/token, /oauth/introspect and /oauth/revoke: async around Authlib's sync core.

Before: read and check the request, ask the throttle whether its client id and address may
try again (``api.auth.throttle``), load the client it names and the trust snapshot. During:
Authlib, in a worker thread, with no I/O. After: count a failed client authentication,
persist what happened (the client's last use, a revocation) and commit. See
``api.auth.server`` for why.

A throttled request gets 429 with ``Retry-After`` and the error ``slow_down`` (registered for
token endpoint responses by RFC 8628 3.5: "the client is polling too quickly ... slow down").
It is not ``invalid_client``: the secret was not checked, and a partner whose secret is right
must not be told it is wrong (and rotate it) when it only has to wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from limits.errors import StorageError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from api.auth.clients import PartnerClient
from api.auth.config import AuthConfig
from api.auth.server import OAuthResponse, PartnerAuthorizationServer
from api.auth.starlette_adapter import PreparedRequest, oauth_error, prepare, to_starlette
from api.auth.throttle import Admitted, ClientAuthThrottle, Throttled
from api.auth.trust import TrustStore, TrustUnavailableError
from api.db.repositories.partners import PartnerRepository, TokenDenyListRepository
from api.observability.metrics import count_token_grant, count_token_refusal

logger = logging.getLogger("api.auth.oauth")


class OAuthEndpoints:
    """The token, introspection and revocation endpoints."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        trust: TrustStore,
        config: AuthConfig,
        throttle: ClientAuthThrottle,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._trust = trust
        self._config = config
        self._throttle = throttle
        self._clock = clock

    async def token(self, request: Request) -> Response:
        """RFC 6749 4.4: an access token for a client's own credentials."""
        return await self._handle(request, "token")

    async def introspect(self, request: Request) -> Response:
        """RFC 7662: what a client's own token says; anything else is inactive."""
        return await self._handle(request, "introspection")

    async def revoke(self, request: Request) -> Response:
        """RFC 7009: revoke one of the client's own tokens."""
        return await self._handle(request, "revocation")

    async def _handle(self, request: Request, endpoint: str) -> Response:
        required = ("grant_type",) if endpoint == "token" else ("token",)
        prepared = await prepare(request, self._config, required=required)
        client_id = prepared.client_id if isinstance(prepared, PreparedRequest) else None
        address = request.client.host if request.client else None
        try:
            admission = await self._throttle.admit(client_id, address)
        except StorageError:
            logger.error("failure counters unavailable", extra={"endpoint": endpoint})
            return self._refuse(
                endpoint, oauth_error("temporarily_unavailable", "try again shortly", 503)
            )
        if isinstance(admission, Throttled):
            throttled = oauth_error(
                "slow_down",
                "too many failed client authentications for this client or address;"
                f" retry after {admission.retry_after} s",
                429,
                [("Retry-After", str(admission.retry_after))],
            )
            logger.warning(
                "oauth request throttled",
                extra={"endpoint": endpoint, "client_id": (client_id or "")[:64]},
            )
            return self._refuse(endpoint, throttled, reason="throttled")
        failed = False
        try:
            answer = await self._answer(prepared, endpoint)
            failed = _failed_client_authentication(answer)
            return to_starlette(answer)
        finally:
            await self._settle(admission, failed=failed)

    async def _settle(self, admission: Admitted, *, failed: bool) -> None:
        """Count a failed client authentication, and release the request's pending places."""
        try:
            if failed:
                await self._throttle.failed(admission)
            else:
                await self._throttle.settled(admission)
        except StorageError:
            logger.error("failure counters unavailable: a failure went uncounted")

    def _refuse(self, endpoint: str, answer: OAuthResponse, reason: str | None = None) -> Response:
        """Answer a request refused before Authlib saw it, counted at the token endpoint."""
        if endpoint == "token":
            count_token_refusal(reason or answer.body["error"])
        return to_starlette(answer)

    async def _answer(
        self, prepared: PreparedRequest | OAuthResponse, endpoint: str
    ) -> OAuthResponse:
        """Authlib's answer to an admitted request (or the adapter's refusal of it)."""
        if isinstance(prepared, OAuthResponse):
            self._log_refusal(endpoint, None, prepared)
            return prepared
        try:
            server = await self._server_for(prepared)
        except TrustUnavailableError:
            logger.error("signing keys unavailable", extra={"endpoint": endpoint})
            unavailable = oauth_error("temporarily_unavailable", "try again shortly", 503)
            if endpoint == "token":
                count_token_refusal("temporarily_unavailable")
            return unavailable
        answer: OAuthResponse
        if endpoint == "token":
            answer = await run_in_threadpool(server.create_token_response, prepared.oauth)
        else:
            answer = await run_in_threadpool(
                server.create_endpoint_response, endpoint, prepared.oauth
            )
        await self._persist(server, prepared.client_id)
        if answer.status >= 400:
            self._log_refusal(endpoint, prepared.client_id, answer)
        elif endpoint == "token":
            for access in server.issued:
                count_token_grant(access.partner_type.value)
        return answer

    async def _server_for(self, prepared: PreparedRequest) -> PartnerAuthorizationServer:
        snapshot = await self._trust.current()
        now = self._clock()
        clients: dict[str, PartnerClient] = {}
        if prepared.client_id is not None:
            async with self._sessions() as session:
                record = await PartnerRepository(session).client(prepared.client_id)
            client = PartnerClient.from_record(record, now) if record else None
            if client is not None:
                clients[client.get_client_id()] = client
        return PartnerAuthorizationServer(
            clients=clients, snapshot=snapshot, config=self._config, now=now
        )

    async def _persist(self, server: PartnerAuthorizationServer, client_id: str | None) -> None:
        if not server.issued and not server.revoked:
            return
        now = self._clock()
        async with self._sessions() as session:
            for access in server.issued:
                await PartnerRepository(session).touch_client(access.client_id, now)
                logger.info(
                    "access token issued",
                    extra={"client_id": access.client_id, "jti": access.token_id},
                )
            for access in server.revoked:
                await TokenDenyListRepository(session).revoke(
                    jti=access.token_id,
                    client_id=access.client_id,
                    expires_at=datetime.fromtimestamp(access.expires_at, UTC),
                    now=now,
                )
                logger.info(
                    "access token revoked",
                    extra={"client_id": access.client_id, "jti": access.token_id},
                )
            await session.commit()
        for access in server.revoked:
            self._trust.note_revoked(access.token_id, access.expires_at)

    @staticmethod
    def _log_refusal(endpoint: str, client_id: str | None, answer: OAuthResponse) -> None:
        error = answer.body.get("error") if isinstance(answer.body, dict) else None
        if endpoint == "token":
            count_token_refusal(error)
        logger.info(
            "oauth request refused",
            extra={"endpoint": endpoint, "client_id": (client_id or "")[:64], "error": error},
        )


def _failed_client_authentication(answer: OAuthResponse) -> bool:
    """Whether the answer refused the client's authentication (RFC 6749 5.2 ``invalid_client``)."""
    return isinstance(answer.body, dict) and answer.body.get("error") == "invalid_client"
