"""The one schema partners use, with its parser/validation caches and request limits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError, specified_rules
from graphql.execution.middleware import MiddlewareManager
from graphql.validation import ASTValidationRule
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema._graphql_core import execute as graphql_execute
from strawberry.schema._graphql_core import execution_context_class_kwargs
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES, _coerce_error
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.await_maybe import await_maybe

from api.graphql.errors import ErrorShaping, shape_error
from api.graphql.executor import FastLeafExecutor, streamline
from api.graphql.mutation import Mutation
from api.graphql.pipeline import CACHE_SIZE, OperationPipeline, prepared_document
from api.graphql.query import Query
from api.graphql.scalars import SCALARS
from api.graphql.types.records import CreditRecordType, DepartmentType
from api.graphql.types.subjects import EnterpriseType, HouseholdType, MerchantType


@dataclass(frozen=True, slots=True)
class LeanOperations:
    """What ``OperationPipeline`` applies to every operation: the token limit and the rules."""

    max_tokens: int
    #: strawberry's default rules, then the added ones (the validation cache's key).
    rules: tuple[type[ASTValidationRule], ...]


class CreditSchema(strawberry.Schema):
    """Strawberry's schema; errors are logged by ``shape_error``, not a second time here.

    ``execute`` runs a query operation whose document the caches already hold as valid
    straight through graphql-core, as strawberry would run it: strawberry's ``execute`` makes
    the pipeline extension, an extension runner and five hook context managers per request
    to find, at each step, what the caches already know. The result is the same: the same
    graphql-core call (document, executor class, middleware, variables, operation name,
    context), the same error processing, and ``OperationPipeline``'s error shaping.
    Anything else (a mutation, a document that does not parse or validate, options the
    endpoint does not use) takes strawberry's own path.
    """

    lean_operations: LeanOperations | None = None

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """Strawberry's ``execute``, with a direct path for valid query operations."""
        lean = self.lean_operations
        document = (
            prepared_document(self._schema, query, lean.max_tokens, lean.rules)
            if lean is not None
            and query
            and root_value is None
            and allowed_operation_types is None
            and operation_extensions is None
            else None
        )
        if document is None:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        context = self._create_execution_context(
            query=query,
            allowed_operation_types=DEFAULT_ALLOWED_OPERATION_TYPES,
            variable_values=variable_values,
            context_value=context_value,
            operation_name=operation_name,
        )
        context.graphql_document = document
        try:
            operation_type = context.operation_type
        except RuntimeError:
            operation_type = None
        if operation_type is not OperationType.QUERY:
            return await super().execute(
                query, variable_values, context_value, root_value, operation_name
            )
        try:
            result = await await_maybe(
                graphql_execute(
                    self._schema,
                    document,
                    root_value=None,
                    middleware=MiddlewareManager(),
                    variable_values=context.variables,
                    operation_name=context.operation_name,
                    context_value=context.context,
                    is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]
                    **execution_context_class_kwargs(self.execution_context_class),
                    operation_extensions=None,
                )
            )
        except Exception as error:
            # strawberry's execute: the error alone, not shaped (the pipeline is left by it).
            raised = [_coerce_error(error)]
            self._process_errors(raised, context)
            return ExecutionResult(data=None, errors=raised, extensions={})
        errors = result.errors
        if errors:
            self._process_errors(errors, context)
            request_id = getattr(context.context, "request_id", "-")
            errors = [shape_error(e, request_id) for e in errors]
        return ExecutionResult(data=result.data, errors=errors, extensions={})


def build_schema(
    *, max_depth: int = 10, max_tokens: int = 2000, lean: bool = True
) -> strawberry.Schema:
    """Build the schema with the limits from settings.

    ``lean=False`` builds it the stock way: strawberry's own extensions, resolvers and executor
    (tests compare the two).
    """
    # The depth and alias limits are validation rules, and ValidationCache is keyed by
    # (schema, document, rules). Each QueryDepthLimiter / MaxAliasesLimiter instance makes a new
    # rule class, so building them per request (as extension factories) gave every request new
    # rules: the cache never hit and every request was validated from scratch (half the CPU of
    # a lookup). Build the rules once; each request adds the very same classes.
    limits = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=30).validation_rules,
    ]
    extensions: list[Any] = [
        lambda: OperationPipeline(max_tokens=max_tokens, validation_rules=limits),
    ]
    if not lean:
        # The same steps as strawberry's stock extensions, one each.
        extensions = [
            lambda: MaxTokensLimiter(max_token_count=max_tokens),
            lambda: ParserCache(maxsize=CACHE_SIZE),
            lambda: AddValidationRules(limits),
            lambda: ValidationCache(maxsize=CACHE_SIZE),
            ErrorShaping,
        ]
    schema = CreditSchema(
        query=Query,
        mutation=Mutation,
        types=[EnterpriseType, MerchantType, HouseholdType, CreditRecordType, DepartmentType],
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALARS),
        # Plain fields and context-only resolvers skip strawberry's per-field wrapper, and
        # plain leaves (a column of a row) graphql-core's per-field machinery too; the
        # responses are the same (api/graphql/executor.py).
        execution_context_class=FastLeafExecutor if lean else None,
    )
    if lean:
        streamline(schema)
        if (
            not schema.directives
            and not schema.config.enable_experimental_incremental_execution
            and not any(e._implements_resolve() for e in schema.get_extensions())
        ):
            schema.lean_operations = LeanOperations(
                max_tokens=max_tokens, rules=(*specified_rules, *limits)
            )
    return schema


#: The schema with default limits; ``schema/schema.graphql`` is exported from it.
schema = build_schema()
