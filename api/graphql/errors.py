"""Top-level GraphQL errors: a stable ``extensions.code``, a clear message, never a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.db.faults import RETRY_AFTER_SECONDS, is_retryable
from api.domain.errors import DomainError, ErrorCode
from api.domain.identifiers import IdentifierError
from api.domain.numbers import NumberError

logger = logging.getLogger("api.graphql")

INTERNAL_MESSAGE = "Internal error. Quote the request id when you report it."
#: The code of a passing fault (a lost database connection): the request may be retried.
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = (
    "The service is briefly unavailable and served nothing. Retry after the seconds in "
    "Retry-After; retry a write with the same idempotency key to learn its true outcome."
)


def unavailable_extensions(request_id: str) -> dict[str, Any]:
    """The ``extensions`` of a ``SERVICE_UNAVAILABLE`` error."""
    return {
        "code": SERVICE_UNAVAILABLE,
        "requestId": request_id,
        "retryAfterSeconds": RETRY_AFTER_SECONDS,
    }


def _domain_error(error: GraphQLError) -> DomainError | None:
    cause: BaseException | None = error.original_error
    while cause is not None:
        if isinstance(cause, DomainError):
            return cause
        cause = getattr(cause, "original_error", None) or cause.__cause__
    return None


def shape_error(error: GraphQLError, request_id: str) -> GraphQLError:
    """Give an error its code; hide the message of anything unexpected."""
    domain = _domain_error(error)
    extensions: dict[str, Any] = dict(error.extensions or {})
    if is_retryable(error.original_error):
        # Logged and counted once per request by the endpoint, which answers 503.
        extensions = unavailable_extensions(request_id)
        message = UNAVAILABLE_MESSAGE
    elif domain is not None:
        extensions["code"] = "NOT_FOUND" if domain.code is ErrorCode.NOT_FOUND else "BAD_USER_INPUT"
        extensions["reason"] = domain.code.value
        if isinstance(domain, IdentifierError):
            extensions["identifier"] = domain.kind.value
            extensions["problem"] = domain.problem.value
        elif isinstance(domain, NumberError):
            extensions["problem"] = domain.problem.value
            if domain.argument is not None:
                extensions["argument"] = domain.argument
        message = error.message
    elif error.original_error is None:
        extensions.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
        message = error.message
    elif error.path is None:
        # No path: raised while coercing variables, before any resolver ran.
        extensions.setdefault("code", "BAD_USER_INPUT")
        message = error.message
    elif "code" in extensions:
        message = error.message
    else:
        logger.error(
            "unexpected error in a resolver",
            exc_info=error.original_error,
            extra={"graphql_path": error.path},
        )
        extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
        message = INTERNAL_MESSAGE
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


class ErrorShaping(SchemaExtension):
    """Rewrites every error of a result through ``shape_error``."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is None or not errors:
            return
        context = self.execution_context.context
        request_id = getattr(context, "request_id", "-")
        result.errors = [shape_error(e, request_id) for e in errors]
