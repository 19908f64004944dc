"""One schema extension for what every operation needs before and after it runs.

The schema had five extensions (a token limit, a parser cache, extra validation rules, a
validation cache, error shaping). Strawberry makes each one anew per request and wraps
each of their hooks in a context manager, which cost about a tenth of a small request's CPU.
``OperationPipeline`` does the same work in one extension, in the same order:

- ``on_operation``: parse with the token limit (what ``MaxTokensLimiter`` sets), validate with
  the depth and alias rules added (``AddValidationRules``); after the operation, every error
  is rewritten by ``shape_error`` (``ErrorShaping``);
- ``on_parse``: parse through a shared LRU cache (``ParserCache``);
- ``on_validate``: validate through a shared LRU cache (``ValidationCache``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from graphql.language.parser import parse
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension

from api.graphql.errors import shape_error

#: Cached documents and validation results, shared by every request of every schema.
CACHE_SIZE = 512


def _validate(*args: Any) -> Any:
    # Imported late: strawberry.schema.schema imports the extensions package.
    from strawberry.schema.schema import validate_document

    return validate_document(*args)


_parse_cached: Callable[..., Any] = lru_cache(maxsize=CACHE_SIZE)(parse)
_validate_cached: Callable[..., Any] = lru_cache(maxsize=CACHE_SIZE)(_validate)


@lru_cache(maxsize=CACHE_SIZE)
def _validate_text(
    schema: Any, query: str, options: tuple[tuple[str, Any], ...], rules: Any
) -> Any:
    """``_validate_cached`` for the document parsed from ``query``, keyed by the text.

    AST nodes are frozen dataclasses whose hash walks the whole tree on every call, so a
    cache keyed by the document hashed the document per request; the query text is hashed
    once (a string caches its hash). The document is the parser cache's, equal to the one
    being validated.
    """
    return _validate_cached(schema, _parse_cached(query, **dict(options)), rules)


def prepared_document(
    schema: Any, query: str, max_tokens: int, rules: tuple[type[ASTValidationRule], ...]
) -> Any:
    """The document of ``query`` if it parses and validates with no error, else None.

    The very parse and validation ``OperationPipeline`` does (same caches, same keys), for
    ``CreditSchema.execute`` to run an operation already known to be valid without the
    per-request extension machinery.
    """
    try:
        document = _parse_cached(query, max_tokens=max_tokens)
    except Exception:
        return None
    if _validate_text(schema, query, (("max_tokens", max_tokens),), rules):
        return None
    return document


class OperationPipeline(SchemaExtension):
    """Token limit, cached parse, added rules, cached validation, then error shaping."""

    def __init__(
        self, *, max_tokens: int, validation_rules: Sequence[type[ASTValidationRule]]
    ) -> None:
        self.max_tokens = max_tokens
        self.validation_rules = tuple(validation_rules)

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.max_tokens
        context.validation_rules = context.validation_rules + self.validation_rules
        yield
        result = context.result
        if result is None or not getattr(result, "errors", None):
            return
        request_id = getattr(context.context, "request_id", "-")
        result.errors = [shape_error(e, request_id) for e in result.errors]  # type: ignore[union-attr]

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        self._parsed = (context.query, tuple(sorted(context.parse_options.items())))
        context.graphql_document = self._document = _parse_cached(
            context.query, **context.parse_options
        )
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and document is getattr(self, "_document", None):
            query, options = self._parsed
            errors = _validate_text(
                context.schema._schema, query, options, context.validation_rules
            )
        else:
            errors = _validate_cached(context.schema._schema, document, context.validation_rules)
        context.pre_execution_errors = errors
        yield
