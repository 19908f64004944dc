"""Every failure the client raises: ``CreditPlatformError`` and its subclasses, nothing else.

No exception of httpx (or of any other library) leaves the client: each is wrapped in one of
these, with the original kept as ``__cause__``.

- ``AuthenticationError``: the token endpoint refused the client (wrong id or secret, a scope
  the client is not granted), or the API refused a freshly issued token.
- ``GraphQLError``: the API ran the operation and answered with GraphQL errors; ``codes``
  lists their ``extensions.code``. ``ForbiddenError`` is the one for ``FORBIDDEN``: the token
  lacks a scope a field needs (``required_scopes``).
- ``RetryLaterError``: the API did not run the request and asked to come back later; raised
  once the retries are used up. ``ThrottledError`` (429) and ``ServiceUnavailableError`` (503).
- ``TransportError``: no answer (connection refused, timeout) or an answer that is not the
  API's (a proxy's HTML page, an unexpected status).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class CreditPlatformError(Exception):
    """Base of every error the client raises."""


class TransportError(CreditPlatformError):
    """No usable answer: the request failed on the network, or the answer is not the API's."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class AuthenticationError(CreditPlatformError):
    """The platform refused the client's credentials or its token.

    ``error`` is the OAuth 2 error code: ``invalid_client`` (wrong client id or secret),
    ``invalid_scope`` (a scope the client is not granted was asked for),
    ``unauthorized_client``, or ``invalid_token`` when ``/graphql`` refused a fresh token.
    """

    def __init__(
        self,
        message: str,
        *,
        error: str,
        status_code: int,
        description: str | None = None,
    ) -> None:
        super().__init__(message)
        self.error = error
        self.status_code = status_code
        self.description = description


class RetryLaterError(CreditPlatformError):
    """The platform did not run the request; ``retry_after`` is its suggested wait in seconds.

    Raised after the client's own retries are used up (or when the platform asked for a longer
    wait than the retry policy allows).
    """

    def __init__(self, message: str, *, status_code: int, retry_after: float | None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.retry_after = retry_after


class ThrottledError(RetryLaterError):
    """429 Too Many Requests: the client sent too much; nothing was executed."""


class ServiceUnavailableError(RetryLaterError):
    """503 Service Unavailable: the platform cannot serve now; a mutation may have run."""


class GraphQLError(CreditPlatformError):
    """The operation ran and the answer carries GraphQL errors (and maybe partial ``data``).

    ``errors`` are the errors as sent (``message``, ``path``, ``extensions``); ``codes`` their
    ``extensions.code`` in order, e.g. ``["FORBIDDEN"]`` or ``["BAD_USER_INPUT"]``.
    """

    def __init__(self, errors: Sequence[dict[str, Any]], data: dict[str, Any] | None) -> None:
        self.errors = list(errors)
        self.data = data
        self.codes = [error_code(error) for error in self.errors]
        super().__init__("; ".join(str(error.get("message", "")) for error in self.errors))


class ForbiddenError(GraphQLError):
    """``FORBIDDEN``: the token lacks a scope; ``required_scopes`` names every scope needed."""

    def __init__(self, errors: Sequence[dict[str, Any]], data: dict[str, Any] | None) -> None:
        super().__init__(errors, data)
        scopes: set[str] = set()
        for error in self.errors:
            if error_code(error) == "FORBIDDEN":
                extensions = error.get("extensions") or {}
                scopes.update(str(scope) for scope in extensions.get("requiredScopes") or ())
        self.required_scopes = sorted(scopes)


def error_code(error: object) -> str:
    """A GraphQL error's ``extensions.code`` ('' when it has none)."""
    if not isinstance(error, dict):
        return ""
    extensions = error.get("extensions")
    return str(extensions.get("code", "")) if isinstance(extensions, dict) else ""
