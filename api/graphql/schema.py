"""The one schema partners use, with its parser/validation caches and request limits."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.graphql.errors import ErrorShaping
from api.graphql.executor import FastLeafExecutor, streamline
from api.graphql.mutation import Mutation
from api.graphql.pipeline import CACHE_SIZE, OperationPipeline
from api.graphql.query import Query
from api.graphql.scalars import SCALARS
from api.graphql.types.records import CreditRecordType, DepartmentType
from api.graphql.types.subjects import EnterpriseType, HouseholdType, MerchantType


class CreditSchema(strawberry.Schema):
    """Strawberry's schema; errors are logged by ``shape_error``, not a second time here."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


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
    return schema


#: The schema with default limits; ``schema/schema.graphql`` is exported from it.
schema = build_schema()
