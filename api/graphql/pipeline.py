"""One schema extension for what every operation needs before and after it runs.

The schema had five extensions (a token limit, a parser cache, extra validation rules, a
validation cache, error shaping). Strawberry makes each one anew per request and wraps
each of their hooks in a context manager, which cost about a tenth of a small request's CPU.
``OperationPipeline`` does the same work in one extension, in the same order:

- ``on_operation``: parse with the token limit (what ``MaxTokensLimiter`` sets), validate with
  the depth and alias rules added (``AddValidationRules``); after the operation, every error
  is rewritten by ``shape_error`` (``ErrorShaping``);
- ``on_parse``: parse through a shared LRU cache (``ParserCache``);
- ``on_validate``: the errors strawberry's validation found for the same text, options and
  rules, kept per schema (``ValidationCache``); strawberry validates what is not known.
  For a caller without a token, its own rules are added and "Did you mean ...?" is taken
  out of the errors (``api.graphql.strangers``; the cache keeps them as found).

Public strawberry API only: the hooks, and ``ExecutionContext``'s documented fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema
from graphql.language.parser import parse
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension

from api.graphql.errors import shape_error
from api.graphql.strangers import is_anonymous, without_suggestions


def validate_document(
    core: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """Strawberry's validation (its ``validate_document``: the rules and its own two)."""
    # Imported late: strawberry.schema.schema imports the extensions package.
    from strawberry.schema.schema import validate_document as strawberry_validate

    return strawberry_validate(core, document, rules)


#: Cached documents (shared by every schema) and validation results (per schema).
CACHE_SIZE = 512

parse_cached: Callable[..., Any] = lru_cache(maxsize=CACHE_SIZE)(parse)

#: (query text, parse options, validation rules) -> strawberry's validation errors
ValidationKey = tuple[str, tuple[tuple[str, Any], ...], tuple[type[ASTValidationRule], ...]]


class ValidationResults:
    """The errors strawberry's validation found, by query text, parse options and rules.

    One per schema. Keyed by the query text rather than the document: AST nodes are frozen
    dataclasses whose hash walks the whole tree on every call, while a string caches its hash.
    The document of a text is the parser cache's, so the same text is the same document. The
    oldest entry is dropped when ``CACHE_SIZE`` are held.
    """

    def __init__(self) -> None:
        self.errors: dict[ValidationKey, list[GraphQLError]] = {}

    def get(self, key: ValidationKey) -> list[GraphQLError] | None:
        """The errors of a validated key (an empty list: valid), or None if not known."""
        return self.errors.get(key)

    def put(self, key: ValidationKey, errors: list[GraphQLError]) -> None:
        """Keep the errors of one validation."""
        if len(self.errors) >= CACHE_SIZE:
            self.errors.pop(next(iter(self.errors)))
        self.errors[key] = errors


def known_document(
    results: ValidationResults,
    core: GraphQLSchema,
    query: str,
    max_tokens: int,
    rules: tuple[type[ASTValidationRule], ...],
) -> DocumentNode | None:
    """The document of ``query`` if it parses and validates with no error, else None.

    The very parse and validation ``OperationPipeline`` does (same caches, same keys; the
    rules are strawberry's defaults then the added ones, as the extension has them), for
    ``CreditSchema.execute`` to run an operation known to be valid without the per-request
    extension machinery. A text that does not parse is left to strawberry's path.
    """
    options: tuple[tuple[str, Any], ...] = (("max_tokens", max_tokens),)
    try:
        document: DocumentNode = parse_cached(query, max_tokens=max_tokens)
    except GraphQLError:
        return None
    key: ValidationKey = (query, options, rules)
    errors = results.get(key)
    if errors is None:
        errors = validate_document(core, document, rules)
        results.put(key, errors)
    return None if errors else document


class OperationPipeline(SchemaExtension):
    """Token limit, cached parse, added rules, cached validation, then error shaping."""

    def __init__(
        self,
        *,
        max_tokens: int,
        validation_rules: Sequence[type[ASTValidationRule]],
        results: ValidationResults,
        anonymous_rules: Sequence[type[ASTValidationRule]] = (),
    ) -> None:
        self.max_tokens = max_tokens
        self.validation_rules = tuple(validation_rules)
        self.results = results
        #: Added for callers without a token (``IntrospectionNeedsToken`` unless it is public).
        self.anonymous_rules = tuple(anonymous_rules)
        self.anonymous = True

    def on_operation(self) -> Iterator[None]:
        """Set the token limit and the rules; shape every error once the operation ran."""
        context = self.execution_context
        context.parse_options["max_tokens"] = self.max_tokens
        context.validation_rules = context.validation_rules + self.validation_rules
        #: A caller without a token: its own rules, and no "Did you mean ...?" (strangers.py).
        self.anonymous = is_anonymous(context.context)
        if self.anonymous:
            context.validation_rules = context.validation_rules + self.anonymous_rules
        yield
        result = context.result
        if result is None or not getattr(result, "errors", None):
            return
        request_id = getattr(context.context, "request_id", "-")
        result.errors = [shape_error(e, request_id) for e in result.errors]  # type: ignore[union-attr] # ExecutionResult's errors are set, checked above

    def on_parse(self) -> Iterator[None]:
        """Parse through the shared cache (strawberry parses only when no document is set)."""
        context = self.execution_context
        query = context.query
        options = tuple(sorted(context.parse_options.items()))
        self.key: ValidationKey | None = (
            (query, options, tuple(context.validation_rules)) if query else None
        )
        context.graphql_document = parse_cached(query, **context.parse_options)
        yield

    def on_validate(self) -> Iterator[None]:
        """Known errors from the cache; else strawberry validates and the cache keeps them.

        Strawberry validates only when ``pre_execution_errors`` is None.
        """
        context = self.execution_context
        key = getattr(self, "key", None)
        if key is not None and context.pre_execution_errors is None:
            known = self.results.get(key)
            if known is not None:
                context.pre_execution_errors = (
                    without_suggestions(known) if known and self.anonymous else known
                )
                yield
                return
        yield
        errors = context.pre_execution_errors
        if key is not None and errors is not None:
            self.results.put(key, list(errors))
        if errors and self.anonymous:
            # Strawberry has already taken this very list for its result: rewritten in place.
            errors[:] = without_suggestions(errors)
