"""The one schema partners use, with its parser/validation caches and request limits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import strawberry
from graphql import GraphQLError, get_operation_ast, specified_rules
from graphql import OperationType as GraphQLOperationType
from graphql.execution import Executor
from graphql.execution import execute as graphql_execute
from graphql.validation import ASTValidationRule
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.await_maybe import await_maybe

from api.graphql.credit.types.records import CreditRecordType, DepartmentType
from api.graphql.errors import ErrorShaping, shape_error
from api.graphql.lean.executor import LeanExecutor, lean_executor
from api.graphql.mutation import Mutation
from api.graphql.pipeline import (
    CACHE_SIZE,
    OperationPipeline,
    ValidationResults,
    known_document,
)
from api.graphql.query import Query
from api.graphql.scalars import SCALARS
from api.graphql.strangers import LIMIT_RULES, IntrospectionNeedsToken, is_anonymous
from api.graphql.subjects.types import EnterpriseType, HouseholdType, MerchantType


@dataclass(frozen=True, slots=True)
class KnownOperations:
    """What ``CreditSchema.execute`` needs to run a known, valid query operation directly."""

    executor: type[LeanExecutor]
    max_tokens: int
    #: strawberry's default rules, then the added ones (the validation cache's key).
    rules: tuple[type[ASTValidationRule], ...]
    results: ValidationResults
    #: The rules of a caller without a token (``rules`` then the anonymous ones).
    anonymous_rules: tuple[type[ASTValidationRule], ...] = ()


class CreditSchema(strawberry.Schema):
    """Strawberry's schema; errors are logged by ``shape_error``, not a second time here.

    ``execute`` runs a query operation whose text parses and validates (from the caches
    ``OperationPipeline`` fills) straight through graphql-core's public ``execute``, as
    strawberry would run it: strawberry's ``execute`` makes the pipeline extension, an
    extension runner and four hook context managers per request to find, at each step, what
    the caches already know. The result is the same: the same graphql-core call (schema,
    document, executor class, variables, operation name, context), the same error processing
    and ``OperationPipeline``'s error shaping. Anything else (a mutation, a document that does
    not parse or validate, several operations and no name, options the endpoint does not use,
    or before the executor has seen the graphql-core schema, which strawberry passes to it)
    takes strawberry's own ``execute``. The choice is made before anything runs.
    """

    known_operations: KnownOperations | None = None

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Nothing: ``shape_error`` logs each error once, with the request id."""

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
        """Strawberry's ``execute``, with a direct path for known, valid query operations."""
        known = self.known_operations
        core = known.executor.lean_config.core if known is not None else None
        document = (
            known_document(
                known.results,
                core,
                query,
                known.max_tokens,
                known.anonymous_rules if is_anonymous(context_value) else known.rules,
            )
            if known is not None
            and core is not None
            and query
            and root_value is None
            and allowed_operation_types is None
            and operation_extensions is None
            else None
        )
        operation = get_operation_ast(document, operation_name) if document else None
        if (
            known is None
            or core is None
            or document is None
            or operation is None
            or operation.operation is not GraphQLOperationType.QUERY
        ):
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        try:
            result = await await_maybe(
                graphql_execute(
                    core,
                    document,
                    root_value=None,
                    context_value=context_value,
                    variable_values=variable_values,
                    operation_name=operation_name,
                    executor_class=known.executor,
                    is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type] # strawberry's predicate is typed to return bool, graphql-core wants a TypeGuard
                    operation_extensions=None,
                )
            )
        except Exception as error:
            # As strawberry's execute: the error alone, not shaped (the pipeline is left by it).
            raised = error if isinstance(error, GraphQLError) else None
            return ExecutionResult(
                data=None,
                errors=[raised or GraphQLError(str(error), original_error=error)],
                extensions={},
            )
        errors = result.errors
        if errors:
            request_id = getattr(context_value, "request_id", "-")
            errors = [shape_error(e, request_id) for e in errors]
        return ExecutionResult(data=result.data, errors=errors, extensions={})


ExecutorClass = TypeVar("ExecutorClass", bound=type[Executor[Any]])


def quiet_for_strangers(executor: ExecutorClass) -> ExecutorClass:
    """``executor`` whose variable coercion gives no "Did you mean ...?" to anonymous callers.

    graphql-core's public ``hide_suggestions`` option of ``Executor.build``, turned on when
    the request's context has no signed-in partner.
    """

    class QuietExecutor(executor):  # type: ignore[valid-type,misc] # a class made per schema
        """The executor, hiding suggestions from callers without a token."""

        @classmethod
        def build(cls, *args: Any, **kwargs: Any) -> list[GraphQLError] | Executor[Any]:
            """graphql-core's ``build`` (``context_value`` is its fourth argument)."""
            context = kwargs["context_value"] if "context_value" in kwargs else args[3]
            if is_anonymous(context):
                kwargs["hide_suggestions"] = True
            built: list[GraphQLError] | Executor[Any] = super().build(*args, **kwargs)
            return built

    QuietExecutor.__name__ = QuietExecutor.__qualname__ = executor.__name__
    return cast("ExecutorClass", QuietExecutor)


def build_schema(
    *,
    max_depth: int = 10,
    max_tokens: int = 2000,
    lean: bool = True,
    public_introspection: bool = False,
) -> strawberry.Schema:
    """Build the schema with the limits from settings.

    ``lean=False`` builds it the stock way: strawberry's own extensions, resolvers and executor
    (tests compare the two). ``public_introspection`` lets callers without a token introspect
    (the demo's GraphiQL); otherwise ``__schema`` and ``__type`` need one.
    """
    # The depth and alias limits are validation rules, and ValidationCache is keyed by
    # (schema, document, rules). Each QueryDepthLimiter / MaxAliasesLimiter instance makes a new
    # rule class, so building them per request (as extension factories) gave every request new
    # rules: the cache never hit and every request was validated from scratch (half the CPU of
    # a lookup). Build the rules once; each request adds the very same classes.
    limits = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=30).validation_rules,
        *LIMIT_RULES,
    ]
    anonymous_rules = () if public_introspection else (IntrospectionNeedsToken,)
    results = ValidationResults()
    extensions: list[Any] = [
        lambda: OperationPipeline(
            max_tokens=max_tokens,
            validation_rules=limits,
            results=results,
            anonymous_rules=anonymous_rules,
        ),
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
    # Plain fields and context-only resolvers skip strawberry's per-field wrapper, and
    # plain leaves and selections graphql-core's per-field machinery too; the responses are
    # the same (api/graphql/lean/).
    executor = quiet_for_strangers(lean_executor()) if lean else None
    schema = CreditSchema(
        query=Query,
        mutation=Mutation,
        types=[EnterpriseType, MerchantType, HouseholdType, CreditRecordType, DepartmentType],
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=executor,
    )
    if executor is not None:
        executor.lean_config.bind(schema)
        wraps_resolvers = any(
            type(extension).resolve is not SchemaExtension.resolve
            for extension in schema.get_extensions()
        )
        if (
            not schema.directives
            and not schema.config.enable_experimental_incremental_execution
            and not wraps_resolvers
        ):
            rules = (*specified_rules, *limits)
            schema.known_operations = KnownOperations(
                executor, max_tokens, rules, results, (*rules, *anonymous_rules)
            )
    return schema


#: The schema with default limits; ``schema/schema.graphql`` is exported from it.
schema = build_schema()
