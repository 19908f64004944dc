"""GET /.well-known/jwks.json (public keys only) and /.well-known/oauth-authorization-server."""

from __future__ import annotations

import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.auth.clients import AUTH_METHODS, GRANT_TYPE
from api.auth.config import AuthConfig
from api.auth.scopes import Scope
from api.auth.trust import TrustStore, TrustUnavailableError

TOKEN_PATH = "/oauth/token"  # noqa: S105 (a path, not a password)
INTROSPECTION_PATH = "/oauth/introspect"
REVOCATION_PATH = "/oauth/revoke"
JWKS_PATH = "/.well-known/jwks.json"
METADATA_PATH = "/.well-known/oauth-authorization-server"


def server_metadata(config: AuthConfig) -> dict[str, Any]:
    """RFC 8414 authorization server metadata."""
    methods = list(AUTH_METHODS)
    return {
        "issuer": config.issuer,
        "token_endpoint": config.url(TOKEN_PATH),
        "jwks_uri": config.url(JWKS_PATH),
        "introspection_endpoint": config.url(INTROSPECTION_PATH),
        "revocation_endpoint": config.url(REVOCATION_PATH),
        "scopes_supported": [scope.value for scope in Scope],
        "response_types_supported": [],
        "grant_types_supported": [GRANT_TYPE],
        "token_endpoint_auth_methods_supported": methods,
        "introspection_endpoint_auth_methods_supported": methods,
        "revocation_endpoint_auth_methods_supported": methods,
    }


class WellKnown:
    """The public discovery documents."""

    def __init__(self, trust: TrustStore, config: AuthConfig) -> None:
        self._trust = trust
        self._config = config
        self._max_age = max(0, math.floor(config.refresh_seconds))

    async def jwks(self, _request: Request) -> Response:
        """The public keys that verify tokens now: the current, the previous and any pending."""
        try:
            snapshot = await self._trust.current()
        except TrustUnavailableError:
            return JSONResponse({"error": "temporarily_unavailable"}, 503)
        return JSONResponse(
            {"keys": list(snapshot.jwks)},
            headers={"Cache-Control": f"public, max-age={self._max_age}"},
        )

    async def metadata(self, _request: Request) -> Response:
        """Where the endpoints are and what they support."""
        return JSONResponse(server_metadata(self._config))
