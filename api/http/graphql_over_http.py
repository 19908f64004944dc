"""GraphQL over HTTP: a request's parameters, the response's media type and its status.

The rules are the GraphQL-over-HTTP specification's, as the ``graphql-http`` audit checks them:

- **Media types.** ``application/graphql-response+json`` when the ``Accept`` header prefers it;
  ``application/json`` for legacy clients: an ``Accept`` that names only it, only wildcards
  (``*/*``), or no ``Accept`` at all. An ``Accept`` that admits neither is 406.
- **Requests.** POST with a JSON body (``Content-Type: application/json``, UTF-8; anything else
  is 415), or GET with the parameters in the query string (``variables`` and ``extensions``
  as JSON text, an empty value meaning absent). ``query`` is a string; ``operationName`` a
  string or null; ``variables`` and ``extensions`` objects or null; anything else is 400.
  A mutation over GET is 405 with ``Allow: POST``. ``documentId`` (Appendix A, persisted
  documents) names a trusted document instead of ``query``; sending both is 400. An
  operation that cannot be determined (no operation, several without ``operationName``, an
  unknown name) is a request error.
- **Statuses.** A request error (the document does not parse or validate, the operation cannot
  be determined, variables do not coerce) is 400 without a ``data`` entry with
  ``application/graphql-response+json``; with ``application/json`` it stays what legacy
  clients know, 200 and ``"data": null`` (they cannot tell a GraphQL 4xx from a proxy's). An
  anonymous caller refused a protected field is 401 with a Bearer challenge and no ``data``
  (a non-null ``data`` must be 2xx). Anything that executed is 200 with its ``data``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs

import orjson
from graphql import GraphQLError, OperationDefinitionNode, parse
from starlette.responses import Response

from api.graphql.text_rules import MESSAGE as NUL_MESSAGE
from api.graphql.text_rules import nul_path

#: The specification's response media type, and the legacy one.
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
#: The ``Content-Type`` each is served with.
_CONTENT_TYPES = {GRAPHQL_RESPONSE: f"{GRAPHQL_RESPONSE}; charset=utf-8", JSON: JSON}
#: How closely a media range matched: ``*/*``, ``type/*``, the exact type.
_ANY, _SUBTYPE, _EXACT = 0, 1, 2
CHALLENGE = 'Bearer realm="credit-platform"'


class RequestRefusedError(Exception):
    """A request refused before any GraphQL work: status, message, code and extra headers."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = "BAD_REQUEST",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})

    def response(self) -> Response:
        """The refusal as ``application/json``: no well-formed GraphQL request reached GraphQL."""
        body = {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}
        return json_response(body, JSON, self.status, self.headers)


@dataclass(frozen=True, slots=True)
class GraphQLParams:
    """The parameters of a well-formed GraphQL-over-HTTP request."""

    query: str
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None
    #: A trusted document's id (``sha256:<hex>``, Appendix A) instead of ``query`` (then "").
    document_id: str | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    """The operation a document and name select: its name and type, or why there is none.

    ``kind`` is ``query``, ``mutation`` or ``subscription``, or ``unknown`` when the document
    does not parse (the executor reports that) or no operation can be determined, in which
    case ``problem`` says why.
    """

    name: str | None
    kind: str
    problem: str | None = None


@lru_cache(maxsize=1024)
def operation_of(query: str, operation_name: str | None) -> Operation:
    """The operation to run, as GraphQL's GetOperation() finds it (parsed once per pair)."""
    try:
        document = parse(query)
    except GraphQLError:
        return Operation(None, "unknown")
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        if not operations:
            return Operation(None, "unknown", "Must provide an operation.")
        if len(operations) > 1:
            return Operation(
                None,
                "unknown",
                "Must provide operation name if query contains multiple operations.",
            )
        chosen = operations[0]
        return Operation(chosen.name.value if chosen.name else None, chosen.operation.value)
    for operation in operations:
        if operation.name and operation.name.value == operation_name:
            return Operation(operation_name, operation.operation.value)
    return Operation(None, "unknown", f"Unknown operation named '{operation_name}'.")


def _ranges(accept: str) -> Iterable[tuple[str, str, float]]:
    """Each media range of an ``Accept`` header: (type, subtype, q), lower-cased."""
    for entry in accept.split(","):
        media, *parameters = entry.split(";")
        kind, slash, subtype = media.strip().lower().partition("/")
        if not slash or not kind or not subtype:
            continue
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        yield kind, subtype.strip(), q


def _quality(ranges: list[tuple[str, str, float]], media_type: str) -> tuple[float, int]:
    """The q the most specific matching range gives ``media_type``, and how specific it was."""
    kind, _, subtype = media_type.partition("/")
    best: tuple[float, int] = (0.0, -1)
    for range_kind, range_subtype, q in ranges:
        if range_kind == kind and range_subtype == subtype:
            specificity = _EXACT
        elif range_kind == kind and range_subtype == "*":
            specificity = _SUBTYPE
        elif range_kind == "*" and range_subtype == "*":
            specificity = _ANY
        else:
            continue
        if specificity > best[1] or (specificity == best[1] and q > best[0]):
            best = (q, specificity)
    return best


@lru_cache(maxsize=256)
def response_media_type(accept: str | None) -> str | None:
    """The media type to answer in, or None when ``Accept`` admits neither (406).

    The higher q wins. At equal q a type the client named beats one a wildcard admits, and
    ``application/graphql-response+json`` beats ``application/json`` when both are named;
    a wildcard alone, or no ``Accept`` at all, is a legacy client's: ``application/json``.
    """
    if accept is None or not accept.strip():
        return JSON
    ranges = list(_ranges(accept))
    modern, legacy = _quality(ranges, GRAPHQL_RESPONSE), _quality(ranges, JSON)
    best = max(modern[0], legacy[0])
    if best <= 0.0:
        return None
    if modern == (best, _EXACT):
        return GRAPHQL_RESPONSE
    if legacy[0] == best:
        return JSON
    return GRAPHQL_RESPONSE


@lru_cache(maxsize=64)
def prefers_html(accept: str | None) -> bool:
    """Whether ``Accept`` names ``text/html`` at least as gladly as any GraphQL media type."""
    if not accept or "html" not in accept.lower():
        return False
    ranges = list(_ranges(accept))
    html = max((q for kind, sub, q in ranges if (kind, sub) == ("text", "html")), default=0.0)
    json = max(_quality(ranges, GRAPHQL_RESPONSE)[0], _quality(ranges, JSON)[0])
    return html > 0.0 and html >= json


def json_response(
    payload: dict[str, Any],
    media_type: str,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """``payload`` as JSON, served as ``media_type``."""
    response = Response(orjson.dumps(payload), status_code=status, headers=headers)
    response.headers["content-type"] = _CONTENT_TYPES[media_type]
    return response


def request_error_response(messages: list[dict[str, Any]], media_type: str) -> Response:
    """A GraphQL request error: 400 and no ``data``; a legacy client's 200 and null data."""
    if media_type == GRAPHQL_RESPONSE:
        return json_response({"errors": messages}, media_type, 400)
    return json_response({"data": None, "errors": messages}, media_type)


def is_request_error(data: object, errors: list[GraphQLError]) -> bool:
    """Whether the errors were raised before execution began (parse, validation, variables).

    Those are the only errors with no ``path`` and no ``data``: a field error always has a
    path. An unexpected exception (an ``original_error`` that is not a GraphQL error, or an
    ``INTERNAL_SERVER_ERROR``) is the server's fault, not the request's.
    """
    if data is not None or not errors:
        return False
    for error in errors:
        if error.path is not None:
            return False
        if (error.extensions or {}).get("code") == "INTERNAL_SERVER_ERROR":
            return False
        if error.original_error is not None and not isinstance(error.original_error, GraphQLError):
            return False
    return True


def result_response(
    media_type: str,
    anonymous: bool,
    data: dict[str, Any] | None,
    errors: list[GraphQLError] | None,
    extensions: dict[str, Any] | None = None,
) -> Response:
    """The HTTP response for an execution result (``data``, ``errors``, ``extensions``)."""
    payload: dict[str, Any] = {}
    status, headers = 200, {}
    if not errors:
        payload["data"] = data
    elif anonymous and any((e.extensions or {}).get("code") == "UNAUTHENTICATED" for e in errors):
        # The request is not permitted: 401 and no data (a non-null one would have to be 2xx).
        status, headers = 401, {"WWW-Authenticate": CHALLENGE}
    elif is_request_error(data, errors) and media_type == GRAPHQL_RESPONSE:
        status = 400
    else:
        payload["data"] = data
    if errors:
        payload["errors"] = [error.formatted for error in errors]
    if extensions:
        payload["extensions"] = extensions
    return json_response(payload, media_type, status, headers)


def _object_or_none(value: object, name: str) -> dict[str, Any] | None:
    """``value`` when it is a JSON object or null, else a 400 naming the parameter."""
    if value is None or isinstance(value, dict):
        return value
    raise RequestRefusedError(400, f'"{name}" must be an object')


def params_from_json(content_type: str | None, body: bytes) -> GraphQLParams:
    """The parameters of a POST: a UTF-8 JSON object (415 for another media type, 400 else)."""
    media, *parameters = (content_type or "").split(";")
    charsets = [
        value.strip().strip('"').lower()
        for name, _, value in (p.partition("=") for p in parameters)
        if name.strip().lower() == "charset"
    ]
    if media.strip().lower() != JSON or any(c not in ("utf-8", "utf8") for c in charsets):
        raise RequestRefusedError(
            415,
            "the body must be JSON in UTF-8 (Content-Type: application/json)",
            "UNSUPPORTED_MEDIA_TYPE",
            {"Accept": JSON},
        )
    if not body:
        raise RequestRefusedError(400, "the body is empty: send a JSON object with a query")
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise RequestRefusedError(400, "the body is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise RequestRefusedError(400, 'the body must be an object with a "query" string')
    document_id = _document_id(parsed.get("documentId"), parsed.get("query"))
    if document_id is None and not isinstance(parsed.get("query"), str):
        raise RequestRefusedError(400, 'the body must be an object with a "query" string')
    operation_name = parsed.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestRefusedError(400, '"operationName" must be a string')
    return GraphQLParams(
        query=parsed.get("query") or "",
        operation_name=operation_name,
        variables=_variables(_object_or_none(parsed.get("variables"), "variables")),
        extensions=_object_or_none(parsed.get("extensions"), "extensions"),
        document_id=document_id,
    )


def _document_id(value: object, query: object) -> str | None:
    """A ``documentId`` parameter: a string, never sent with a ``query`` (else 400)."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise RequestRefusedError(400, '"documentId" must be a non-empty string')
    if query not in (None, ""):
        raise RequestRefusedError(400, 'send either "query" or "documentId", not both')
    return value


def params_from_query_string(query_string: bytes) -> GraphQLParams:
    """The parameters of a GET, URL-encoded; ``variables`` and ``extensions`` as JSON text."""
    try:
        found = parse_qs(query_string.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise RequestRefusedError(400, "the query string is not UTF-8") from None
    repeated = sorted(name for name, values in found.items() if len(values) > 1)
    if repeated:
        raise RequestRefusedError(400, f'"{repeated[0]}" is given more than once')
    values = {name: given[0] for name, given in found.items()}
    document_id = _document_id(values.get("documentId") or None, values.get("query"))
    if "query" not in values and document_id is None:
        raise RequestRefusedError(
            400, 'send the document in the "query" parameter (or POST a JSON body)'
        )
    return GraphQLParams(
        query=values.get("query", ""),
        operation_name=values.get("operationName") or None,
        variables=_variables(_json_parameter(values.get("variables"), "variables")),
        extensions=_json_parameter(values.get("extensions"), "extensions"),
        document_id=document_id,
    )


def _variables(variables: dict[str, Any] | None) -> dict[str, Any] | None:
    """The variables, refused (400) if a string among them holds U+0000."""
    where = nul_path(variables) if variables else None
    if where is not None:
        raise RequestRefusedError(400, f"{where}: {NUL_MESSAGE}")
    return variables


def _json_parameter(text: str | None, name: str) -> dict[str, Any] | None:
    """A GET parameter holding a JSON object; absent or empty is None."""
    if not text:
        return None
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise RequestRefusedError(400, f'"{name}" is not valid JSON') from None
    return _object_or_none(value, name)
