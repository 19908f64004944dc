"""The bulk query a partner sends, checked against the schema as partners read it."""

from __future__ import annotations

from functools import cache

from graphql import GraphQLSchema
from graphql import build_schema as build_core_schema

from api.domain.bulk.errors import InvalidBulkQueryError
from api.graphql.bulk.documents import BulkPlan, plan_bulk_query


@cache
def core_schema() -> GraphQLSchema:
    """The schema as partners read it (SDL, with ``@requiresScopes``), built once."""
    from api.graphql.schema import schema  # the schema imports this module: built on first use

    return build_core_schema(schema.as_str())


def bulk_plan(text: str, scopes: frozenset[str]) -> BulkPlan:
    """The checked plan of a bulk query for a partner holding ``scopes``."""
    return plan_bulk_query(core_schema(), text, scopes)


def trusted_text(document_id: str, partner_type: str) -> str:
    """The text of one of the partner type's trusted documents (InvalidBulkQueryError)."""
    from api.graphql.trusted_documents import DOCUMENTS

    found = DOCUMENTS.get(document_id)
    if found is None or partner_type not in found[3]:
        raise InvalidBulkQueryError(
            f"{document_id!r} is not one of your trusted documents", field="documentId"
        )
    return found[0]
