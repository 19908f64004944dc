"""The small Starlette adapter Authlib lacks: a Starlette request in, a Starlette response out.

The request is read (async) and checked before Authlib sees it: a form body only, no
credentials or tokens in the query string, no repeated parameters, one client authentication
method per request (RFC 6749 2.3 and 3.2). Every answer carries ``Cache-Control: no-store``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

import orjson
from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response

from api.auth.config import AuthConfig
from api.auth.server import OAuthResponse

_SECRET_PARAMETERS = frozenset({"client_secret", "token", "access_token", "refresh_token"})
_FORM = "application/x-www-form-urlencoded"
_MAX_FIELDS = 16
_NO_STORE = (("Cache-Control", "no-store"), ("Pragma", "no-cache"))


class _FormPayload(OAuth2Payload):  # type: ignore[misc]  # authlib is untyped
    def __init__(self, fields: list[tuple[str, str]]) -> None:
        self._data = dict(fields)
        self._datalist = {key: [value] for key, value in fields}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> dict[str, list[str]]:
        return self._datalist


class StarletteOAuth2Request(OAuth2Request):  # type: ignore[misc]  # authlib is untyped
    """An OAuth2Request over an already-read form body."""

    def __init__(self, method: str, uri: str, headers: Headers, fields: list[tuple[str, str]]):
        super().__init__(method, uri, headers=headers)
        self.payload = _FormPayload(fields)

    @property
    def args(self) -> dict[str, str]:
        """Query parameters are never read."""
        return {}

    @property
    def form(self) -> dict[str, str]:
        """The form parameters."""
        return dict(self.payload.data)


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """A checked OAuth request and the client it claims to be."""

    oauth: StarletteOAuth2Request
    client_id: str | None


def oauth_error(
    error: str, description: str, status: int = 400, headers: Iterable[tuple[str, str]] = ()
) -> OAuthResponse:
    """An RFC 6749 5.2 error response."""
    body = {"error": error, "error_description": description}
    return OAuthResponse(status, body, [("Content-Type", "application/json"), *headers])


def to_starlette(response: OAuthResponse) -> Response:
    """The Starlette response for Authlib's answer, never cacheable."""
    headers = {name: value for name, value in response.headers if name.lower() != "content-type"}
    headers.update(_NO_STORE)
    body: Any = response.body
    content = body if isinstance(body, bytes | str) else orjson.dumps(body)
    return Response(content, response.status, headers, media_type="application/json")


def _basic_credentials(headers: Headers) -> tuple[str, str] | OAuthResponse | None:
    authorization = headers.get("authorization")
    if authorization is None:
        return None
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return oauth_error("invalid_request", "only HTTP Basic client authentication is accepted")
    try:
        user, colon, password = (
            base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        user, colon, password = "", "", ""
    if not colon or not user or not password:
        return oauth_error(
            "invalid_client",
            "the Basic credentials are malformed",
            401,
            [("WWW-Authenticate", 'Basic error="invalid_client"')],
        )
    return unquote(user), unquote(password)


async def prepare(
    request: Request, config: AuthConfig, *, required: tuple[str, ...] = ()
) -> PreparedRequest | OAuthResponse:
    """Read and check an OAuth request, or the error to answer it with."""
    if _SECRET_PARAMETERS & set(request.query_params.keys()):
        return oauth_error(
            "invalid_request", "credentials and tokens are refused in the query string"
        )
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != _FORM:
        return oauth_error("invalid_request", f"the body must be {_FORM}")
    try:
        fields = parse_qsl(
            (await request.body()).decode(),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=_MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        return oauth_error("invalid_request", "the form body cannot be parsed")
    names = [name for name, _ in fields]
    if len(names) != len(set(names)):
        return oauth_error("invalid_request", "a parameter is repeated")
    form = dict(fields)
    missing = [name for name in required if not form.get(name)]
    if missing:
        return oauth_error("invalid_request", f"the {missing[0]!r} parameter is required")
    basic = _basic_credentials(request.headers)
    if isinstance(basic, OAuthResponse):
        return basic
    if basic is not None and "client_secret" in form:
        return oauth_error("invalid_request", "use one client authentication method, not two")
    if basic is not None and form.get("client_id", basic[0]) != basic[0]:
        return oauth_error("invalid_request", "client_id differs from the Basic credentials")
    client_id = basic[0] if basic is not None else form.get("client_id") or None
    oauth = StarletteOAuth2Request(
        request.method, config.url(request.url.path), request.headers, fields
    )
    return PreparedRequest(oauth, client_id)
