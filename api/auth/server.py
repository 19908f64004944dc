"""Authlib's core authorization server, set up for partners: the client credentials grant only.

Authlib's server is synchronous; our database is async. So each request gets its own small
server that is given, up front, everything it may need: the one client the request names
(loaded from the database beforehand) and the in-memory keys and deny-list. Authlib then runs
without I/O (in a worker thread, because checking a scrypt hash takes tens of milliseconds)
and records what happened -- tokens issued, tokens revoked -- for the caller to persist
afterwards. Nothing here logs a secret or a token (Authlib's own grant logs the issued token at
DEBUG, so ``create_token_response`` is replaced).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientCredentialsGrant,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Request,
)
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint

from api.auth.clients import AUTH_METHODS, PartnerClient, ScopeRequestError, UnknownClient
from api.auth.config import AuthConfig
from api.auth.scopes import Scope, parse_scopes
from api.auth.tokens import AccessToken, DenyList, InvalidTokenError, TokenIssuer, TokenValidator
from api.auth.trust import TrustSnapshot


@dataclass(frozen=True, slots=True)
class OAuthResponse:
    """What an Authlib endpoint answered: status, JSON body and headers."""

    status: int
    body: Any
    headers: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class _TokenView:
    """An access token as Authlib's introspection and revocation endpoints handle it."""

    access: AccessToken

    def check_client(self, client: PartnerClient) -> bool:
        return self.access.client_id == client.get_client_id()


class _ClientCredentialsGrant(ClientCredentialsGrant):  # type: ignore[misc]  # authlib is untyped
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = list(AUTH_METHODS)

    def validate_requested_scope(self) -> None:
        try:
            self.request.client.granted_scopes(self.request.payload.scope)
        except ScopeRequestError as error:
            raise InvalidScopeError(description=str(error)) from None

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        token = self.generate_token(scope=self.request.payload.scope, include_refresh_token=False)
        self.save_token(token)
        return 200, token, list(self.TOKEN_RESPONSE_HEADER)


class _IntrospectionEndpoint(IntrospectionEndpoint):  # type: ignore[misc]  # authlib is untyped
    CLIENT_AUTH_METHODS: ClassVar[list[str]] = list(AUTH_METHODS)

    def check_params(self, request: OAuth2Request, client: PartnerClient) -> None:
        if not request.form.get("token"):
            raise InvalidRequestError("the 'token' parameter is required")

    def query_token(self, token_string: str, token_type_hint: str | None) -> _TokenView | None:
        found = self.server.validated(token_string, apply_deny_list=True)
        return _TokenView(found) if found else None

    def check_permission(
        self, token: _TokenView, client: PartnerClient, request: OAuth2Request
    ) -> bool:
        return token.check_client(client)

    def create_introspection_payload(self, token: _TokenView | None) -> dict[str, Any]:
        return token.access.introspection() if token else {"active": False}


class _RevocationEndpoint(RevocationEndpoint):  # type: ignore[misc]  # authlib is untyped
    CLIENT_AUTH_METHODS: ClassVar[list[str]] = list(AUTH_METHODS)

    def check_params(self, request: OAuth2Request, client: PartnerClient) -> None:
        if not request.form.get("token"):
            raise InvalidRequestError("the 'token' parameter is required")

    def query_token(self, token_string: str, token_type_hint: str | None) -> _TokenView | None:
        found = self.server.validated(token_string, apply_deny_list=False)
        return _TokenView(found) if found else None

    def revoke_token(self, token: _TokenView, request: OAuth2Request) -> None:
        self.server.revoked.append(token.access)


class PartnerAuthorizationServer(AuthorizationServer):  # type: ignore[misc]  # authlib is untyped
    """One request's authorization server over preloaded clients and the trust snapshot."""

    def __init__(
        self,
        *,
        clients: Mapping[str, PartnerClient],
        snapshot: TrustSnapshot,
        config: AuthConfig,
        now: datetime,
    ) -> None:
        super().__init__(scopes_supported=[scope.value for scope in Scope])
        self._clients = clients
        self._snapshot = snapshot
        self._issuer = TokenIssuer(config)
        self._validator = TokenValidator(config)
        self._now = now
        #: Tokens issued and revoked while handling the request, for the caller to persist.
        self.issued: list[AccessToken] = []
        self.revoked: list[AccessToken] = []
        self.register_grant(_ClientCredentialsGrant)
        lifetime = int(config.token_lifetime.total_seconds())
        self.register_token_generator(
            "default", BearerTokenGenerator(self._sign, expires_generator=lifetime)
        )
        self.register_endpoint(_IntrospectionEndpoint(server=self))
        self.register_endpoint(_RevocationEndpoint(server=self))

    def query_client(self, client_id: str) -> PartnerClient | UnknownClient:
        """The preloaded client if the request named an active one, else a stand-in that fails."""
        return self._clients.get(client_id) or UnknownClient(client_id)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Nothing to store: tokens are self-contained JWTs (``issued`` records them)."""

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        """The adapter has already built the OAuth2Request."""
        return request

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> OAuthResponse:
        """Hand Authlib's answer back to the async side."""
        return OAuthResponse(status, body, list(headers))

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No signals."""

    def validated(self, token: str, *, apply_deny_list: bool) -> AccessToken | None:
        """The token's claims if it is one of ours and unexpired (and not denied), else None."""
        deny = self._snapshot.deny if apply_deny_list else DenyList()
        try:
            return self._validator.validate(
                token, self._snapshot.verification_keys, deny, self._now
            )
        except InvalidTokenError:
            return None

    def _sign(self, client: PartnerClient, grant_type: str, user: Any, scope: str) -> str:
        key = self._snapshot.signing_key
        if key is None:
            raise RuntimeError("no signing key is loaded")
        token, access = self._issuer.issue(
            key,
            client_id=client.get_client_id(),
            partner_id=client.record.partner_id,
            partner_type=client.partner_type,
            scopes=parse_scopes(scope),
            now=self._now,
        )
        self.issued.append(access)
        return token
