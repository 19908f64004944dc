"""The partner's side of the platform: OAuth 2 client credentials, then GraphQL over HTTPS."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote

import httpx

from credit_platform_client.errors import (
    AuthenticationError,
    CreditPlatformError,
    ForbiddenError,
    GraphQLError,
    ServiceUnavailableError,
    ThrottledError,
    TransportError,
    error_code,
)
from credit_platform_client.retries import RetryPolicy, parse_retry_after

logger = logging.getLogger("credit_platform_client")

# Failures where the request never left the machine: retrying cannot run anything twice.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _user_agent() -> str:
    """``credit-platform-client/<version>`` (the version of the installed distribution)."""
    try:
        return f"credit-platform-client/{version('credit-platform-client')}"
    except PackageNotFoundError:
        return "credit-platform-client"


class CreditPlatformClient:
    """An async client: fetches and renews its access token, runs GraphQL operations.

    >>> async with CreditPlatformClient(url, client_id, secret) as platform:  # doctest: +SKIP
    ...     data = await platform.execute(query, {"uscc": "91350100M000100Y43"})

    The token comes from ``/oauth/token`` with the client credentials grant (RFC 6749 4.4,
    the id and secret in HTTP Basic) and is renewed by itself shortly before it expires.
    Failures raise ``CreditPlatformError`` subclasses only (see ``credit_platform_client.errors``);
    429 and 503 answers are retried as ``retry`` says (see ``RetryPolicy``).
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        scopes: list[str] | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self._scopes = " ".join(scopes) if scopes else None
        credentials = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}"
        self._basic = "Basic " + base64.b64encode(credentials.encode()).decode("ascii")
        self._http = httpx.AsyncClient(
            timeout=timeout,
            transport=transport,
            headers={"user-agent": _user_agent(), "accept": "application/json"},
        )
        self._sleep = sleep
        self._token: str | None = None
        self._renew_at = 0.0
        self._token_lock = asyncio.Lock()

    async def __aenter__(self) -> Self:
        try:
            await self.authenticate()
        except BaseException:
            await self.aclose()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def authenticate(self) -> None:
        """Get an access token now (it is renewed by itself before it expires).

        Raises ``AuthenticationError`` when the platform refuses the client id and secret.
        """
        async with self._token_lock:
            await self._fetch_token()

    @property
    def access_token(self) -> str:
        """The current access token (after ``authenticate`` or the first operation)."""
        if self._token is None:
            raise CreditPlatformError("no access token yet: call authenticate() first")
        return self._token

    async def execute(
        self,
        document: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
        *,
        mutation: bool | None = None,
        idempotent: bool | None = None,
        document_id: str | None = None,
    ) -> dict[str, Any]:
        """Run one operation and return its ``data``.

        With ``document_id`` (``sha256:<hex>`` of a trusted document, as the generated
        operations pass it) only that id is sent, not the text (GraphQL over HTTP, Appendix
        A); ``document`` is then the document's text, read for its kind only. An id the
        platform does not know is a ``GraphQLError`` (``PERSISTED_QUERY_NOT_FOUND``): the
        client does not fall back to sending the text.

        Raises ``GraphQLError`` (``ForbiddenError`` for a missing scope) when the answer
        carries errors, ``ThrottledError`` / ``ServiceUnavailableError`` when 429 / 503
        answers outlast the retries (those mean the platform executed nothing, so even a
        mutation is retried), ``AuthenticationError`` and ``TransportError``.

        ``mutation`` says whether the document is a mutation (read from the document when
        None). ``idempotent`` says whether running it twice is safe, which allows retrying a
        mutation after a network failure that may have reached the platform; when None, a
        mutation is idempotent when its variables carry an ``idempotencyKey``.
        """
        payload: dict[str, Any] = {"variables": dict(variables or {})}
        if document_id is None:
            payload["query"] = document
        else:
            payload["documentId"] = document_id
        if operation_name:
            payload["operationName"] = operation_name
        if mutation is None:
            mutation = operation_kind(document, operation_name) != "query"
        if idempotent is None:
            idempotent = not mutation or _carries_idempotency_key(variables)
        response = await self._post_graphql(payload, replay_safe=idempotent)
        if response.status_code == 401:
            # Refused before anything ran (a revoked or rotated-out token): one fresh token.
            async with self._token_lock:
                self._token = None
            response = await self._post_graphql(payload, replay_safe=idempotent)
            if response.status_code == 401:
                raise _token_refused(response)
        body = _json_object(response)
        errors = body.get("errors")
        data = body.get("data")
        if errors:
            if not isinstance(errors, list):
                raise TransportError("the answer's errors are not a list", status_code=200)
            partial = data if isinstance(data, dict) else None
            if any(error_code(error) == "FORBIDDEN" for error in errors):
                raise ForbiddenError(errors, partial)
            raise GraphQLError(errors, partial)
        if response.status_code != 200 or not isinstance(data, dict):
            raise TransportError(
                f"unexpected answer from {response.request.url}: HTTP {response.status_code}",
                status_code=response.status_code,
            )
        return data

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    async def _post_graphql(self, payload: dict[str, Any], *, replay_safe: bool) -> httpx.Response:
        """POST the operation with a valid token (fetched or renewed first when needed)."""

        async def attempt() -> httpx.Response:
            token = await self._valid_token()
            return await self._http.post(
                f"{self.base_url}/graphql",
                json=payload,
                headers={"authorization": f"Bearer {token}"},
            )

        return await self._with_retries(attempt, replay_safe=replay_safe)

    async def _valid_token(self) -> str:
        """The current token, or a new one when there is none or it is about to expire."""
        async with self._token_lock:
            if self._token is None or time.monotonic() >= self._renew_at:
                return await self._fetch_token()
            return self._token

    async def _fetch_token(self) -> str:
        """Ask ``/oauth/token`` for a token (client credentials grant, HTTP Basic)."""
        form = {"grant_type": "client_credentials"}
        if self._scopes:
            form["scope"] = self._scopes
        url = f"{self.base_url}/oauth/token"

        async def attempt() -> httpx.Response:
            return await self._http.post(url, data=form, headers={"authorization": self._basic})

        asked_at = time.monotonic()
        response = await self._with_retries(attempt, replay_safe=True)
        if response.status_code != 200:
            raise _token_refused(response)
        body = _json_object(response)
        token = body.get("access_token")
        if not isinstance(token, str) or str(body.get("token_type", "")).lower() != "bearer":
            raise TransportError(f"{url} answered without a Bearer access token", status_code=200)
        expires_in = body.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, int | float) else float("inf")
        # Renew a little early (a tenth of the lifetime, at most 30 s) so that a token never
        # expires on its way to the platform.
        self._token = token
        self._renew_at = asked_at + lifetime - min(30.0, lifetime / 10)
        return token

    async def _with_retries(
        self, attempt: Callable[[], Awaitable[httpx.Response]], *, replay_safe: bool
    ) -> httpx.Response:
        """Run ``attempt`` until it is answered with neither 429 nor 503, within the policy."""
        tries = 0
        while True:
            tries += 1
            try:
                response = await attempt()
            except httpx.TransportError as error:
                delay = self.retry.delay(tries, None)
                if delay is None or not (replay_safe or isinstance(error, _NOT_SENT)):
                    raise TransportError(f"{type(error).__name__}: {error}") from error
                logger.info("retrying in %.2f s after %s", delay, type(error).__name__)
                await self._sleep(delay)
                continue
            except (httpx.HTTPError, httpx.InvalidURL) as error:
                raise TransportError(f"{type(error).__name__}: {error}") from error
            if response.status_code not in (429, 503):
                return response
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            # A 429 comes before anything runs; a 503 may follow a commit whose answer was
            # lost, so only a replay-safe request is sent again after one.
            retryable = response.status_code == 429 or replay_safe
            delay = self.retry.delay(tries, retry_after) if retryable else None
            if delay is None:
                throttled = response.status_code == 429
                refusal = ThrottledError if throttled else ServiceUnavailableError
                outcome = "nothing was executed" if throttled else "it may have been executed"
                raise refusal(
                    f"{response.request.url} answered HTTP {response.status_code} "
                    f"{tries} time(s); {outcome}",
                    status_code=response.status_code,
                    retry_after=retry_after,
                )
            logger.info("HTTP %s: retrying in %.2f s", response.status_code, delay)
            await self._sleep(delay)


def operation_kind(document: str, operation_name: str | None = None) -> str:
    """``query``, ``mutation`` or ``subscription``: the kind of the operation that would run.

    Reads only the top level of the document (strings and comments skipped); an operation it
    cannot find counts as a mutation, the kind that is never replayed by accident.
    """
    kinds: list[tuple[str, str | None]] = []
    depth = 0
    words: list[str] = []
    index = 0
    while index < len(document):
        char = document[index]
        if char == "#":
            end = document.find("\n", index)
            index = len(document) if end < 0 else end
            continue
        if char == '"':
            quote_ = '"""' if document.startswith('"""', index) else '"'
            end = index + len(quote_)
            while end < len(document) and not document.startswith(quote_, end):
                end += 2 if document[end] == "\\" and quote_ == '"' else 1
            index = end + len(quote_)
            continue
        if char == "{":
            if depth == 0:
                kinds.append(_kind(words))
            words = []
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and (char.isalnum() or char == "_"):
            end = index
            while end < len(document) and (document[end].isalnum() or document[end] == "_"):
                end += 1
            words.append(document[index:end])
            index = end
            continue
        elif depth == 0 and char == "(":
            end = document.find(")", index)
            index = len(document) if end < 0 else end + 1
            continue
        index += 1
    chosen = [k for k, name in kinds if k != "fragment" and (operation_name in (None, name))]
    return chosen[0] if len(chosen) == 1 else "mutation"


def _kind(words: list[str]) -> tuple[str, str | None]:
    """The (kind, name) of a top-level definition from the words before its ``{``."""
    if not words:
        return "query", None  # the shorthand `{ ... }`
    kind = words[0] if words[0] in {"query", "mutation", "subscription"} else "fragment"
    return kind, words[1] if len(words) > 1 and kind != "fragment" else None


def _carries_idempotency_key(value: object) -> bool:
    """Whether an ``idempotencyKey`` with a value appears anywhere in the variables."""
    if isinstance(value, Mapping):
        return any(
            (key == "idempotencyKey" and bool(item)) or _carries_idempotency_key(item)
            for key, item in value.items()
        )
    if isinstance(value, list | tuple):
        return any(_carries_idempotency_key(item) for item in value)
    return False


def _json_object(response: httpx.Response) -> dict[str, Any]:
    """The answer's JSON object, or TransportError when it is none (a proxy's page, say)."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise TransportError(
            f"{response.request.url} answered HTTP {response.status_code} without JSON",
            status_code=response.status_code,
        ) from error
    if not isinstance(body, dict):
        raise TransportError(
            f"{response.request.url} answered JSON that is not an object",
            status_code=response.status_code,
        )
    return body


def _token_refused(response: httpx.Response) -> CreditPlatformError:
    """The error for a refused token request or a refused token (401 from ``/graphql``)."""
    try:
        body = _json_object(response)
    except TransportError as error:
        if response.status_code in (400, 401, 403):
            return AuthenticationError(
                f"HTTP {response.status_code} from {response.request.url}",
                error="unknown",
                status_code=response.status_code,
            )
        return error
    oauth_error = body.get("error")
    description = body.get("error_description")
    if oauth_error is None:  # /graphql: {"errors": [{"extensions": {"oauth_error": ...}}]}
        errors = body.get("errors") or [{}]
        first = errors[0] if isinstance(errors, list) and isinstance(errors[0], dict) else {}
        extensions = first.get("extensions") or {}
        oauth_error = extensions.get("oauth_error", "invalid_token")
        description = first.get("message")
    if response.status_code not in (400, 401, 403):
        return TransportError(
            f"HTTP {response.status_code} from {response.request.url}",
            status_code=response.status_code,
        )
    return AuthenticationError(
        f"{oauth_error}: {description}" if description else str(oauth_error),
        error=str(oauth_error),
        status_code=response.status_code,
        description=str(description) if description else None,
    )
