"""Schemathesis over every GraphQL operation as every partner type: no 5xx, no internal error.

Open partner types get schemathesis' generated documents (custom scalars answered by
``tests/fuzz/strategies.py``: identifiers with real check characters, global IDs sealed with
the server's key, hostile decimals). Trusted-only types can run nothing but their trusted
documents, so their documents' variables are fuzzed instead. The run is bounded by the
number of examples (about two minutes in all on the CI machine), never by a clock.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import graphql
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok

from api.auth.scopes import PartnerType
from api.settings import Settings
from tests.fuzz.conftest import FuzzServer
from tests.fuzz.strategies import scalar_values

pytestmark = pytest.mark.e2e
OPERATIONS = Path(__file__).parents[2] / "schema" / "operations"
SDL = Path(__file__).parents[2] / "schema" / "schema.graphql"
TRUSTED_ONLY = {PartnerType(name) for name in Settings().trusted_only_types.split(",") if name}
OPEN_TYPES = [t for t in PartnerType if t not in TRUSTED_ONLY]
#: Examples per operation and partner type: the 72 root fields x 4 open types, the trusted
#: documents of 5 types and the OAuth run take about two minutes with the server's start.
#: ``CREDIT_FUZZ_SCALE=10`` multiplies both for a longer hunt; ``CREDIT_FUZZ_RANDOM=1`` draws
#: new examples each run instead of the same reproducible ones.
SCALE = float(os.environ.get("CREDIT_FUZZ_SCALE", "1"))
EXAMPLES = max(1, round(10 * SCALE))
TRUSTED_EXAMPLES = max(1, round(40 * SCALE))
RANDOM = os.environ.get("CREDIT_FUZZ_RANDOM") == "1"
LOG = logging.getLogger(__name__)
CUSTOM = ("ResidentId", "UnifiedSocialCreditCode", "ID", "Decimal", "Date", "DateTime", "JSON")


def value_node(value: Any) -> graphql.ValueNode:
    """The GraphQL literal of a JSON value."""
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return graphql.BooleanValueNode(value=value)
    if isinstance(value, int):
        return graphql.IntValueNode(value=str(value))
    if isinstance(value, float):
        return graphql.FloatValueNode(value=repr(value))
    if isinstance(value, list):
        return graphql.ListValueNode(values=tuple(value_node(item) for item in value))
    if isinstance(value, dict):
        return graphql.ObjectValueNode(
            fields=tuple(
                graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=value_node(item))
                for key, item in value.items()
                if key.isascii() and key.isidentifier()
            )
        )
    return graphql.StringValueNode(value=str(value))


def problem(status: int, text: str) -> str | None:
    """What is wrong with an answer: a 5xx or an ``INTERNAL_SERVER_ERROR``; None if nothing."""
    if status >= 500:
        return f"HTTP {status}: {text[:300]}"
    if "INTERNAL_SERVER_ERROR" in text:
        return f"INTERNAL_SERVER_ERROR: {text[:300]}"
    return None


def fuzz_settings(examples: int) -> settings:
    """Bounded by examples; reproducible; no example database kept between runs."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


@pytest.mark.parametrize("partner_type", OPEN_TYPES, ids=str)
def test_every_operation_as_an_open_partner_type(
    fuzz_server: FuzzServer, partner_type: PartnerType
) -> None:
    values = scalar_values(fuzz_server.keys, fuzz_server.resident_ids, fuzz_server.usccs)
    for name in CUSTOM:
        schemathesis.graphql.scalar(name, values[name].map(value_node))
    headers = fuzz_server.headers(partner_type)
    schema = schemathesis.graphql.from_url(f"{fuzz_server.base}/graphql", headers=headers)
    failures: dict[str, str] = {}
    session = requests.Session()
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operations.append(result.ok())
    sdl = graphql.build_schema(SDL.read_text(encoding="utf-8"))
    assert sdl.query_type is not None
    assert sdl.mutation_type is not None
    assert len(operations) == len(sdl.query_type.fields) + len(sdl.mutation_type.fields)
    for operation in operations:
        fuzz_operation(operation, session, headers, failures)
    assert failures == {}, "\n".join(f"{label}: {why}" for label, why in failures.items())


def fuzz_operation(
    operation: Any, session: requests.Session, headers: dict[str, str], failures: dict[str, str]
) -> None:
    """Send schemathesis' documents (valid and invalid) for one operation; note what failed."""

    @given(
        case=st.one_of(
            operation.as_strategy(),
            operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
        )
    )
    @fuzz_settings(EXAMPLES)
    def run(case: Any) -> None:
        response = case.call(session=session, headers=headers, timeout=30)
        found = problem(response.status_code, response.text)
        LOG.debug("%s %s %s", operation.label, response.status_code, response.text[:200])
        if found is not None:
            failures.setdefault(operation.label, f"{found}\n  sent: {case.body}")

    run()


def trusted_documents(partner_type: PartnerType) -> list[tuple[str, str]]:
    """(document id, text) of each trusted document of ``partner_type``."""
    manifest = json.loads((OPERATIONS / "manifest.json").read_text(encoding="utf-8"))
    return [
        (entry["id"], (OPERATIONS / entry["paths"][0]).read_text(encoding="utf-8"))
        for entry in manifest["documents"]
        if partner_type.value in entry["partnerTypes"]
    ]


def input_values(
    schema: graphql.GraphQLSchema,
    type_: graphql.GraphQLInputType,
    scalars: dict[str, Any],
    name: str = "",
) -> st.SearchStrategy[Any]:
    """Well-typed values of an input type (nulls where allowed); named fields get their own."""
    nullable = not isinstance(type_, graphql.GraphQLNonNull)
    inner = graphql.get_nullable_type(type_)
    strategy: st.SearchStrategy[Any]
    if isinstance(inner, graphql.GraphQLScalarType):
        strategy = scalars.get(f"{inner.name}:{name}", scalars.get(inner.name, st.text()))
    elif isinstance(inner, graphql.GraphQLEnumType):
        strategy = st.sampled_from(list(inner.values))
    elif isinstance(inner, graphql.GraphQLList):
        strategy = st.lists(input_values(schema, inner.of_type, scalars, name), max_size=4)
    else:
        assert isinstance(inner, graphql.GraphQLInputObjectType)
        fields = {
            field_name: (field, input_values(schema, field.type, scalars, field_name))
            for field_name, field in inner.fields.items()
        }
        strategy = st.fixed_dictionaries(
            {n: s for n, (f, s) in fields.items() if isinstance(f.type, graphql.GraphQLNonNull)},
            optional={
                n: s
                for n, (f, s) in fields.items()
                if not isinstance(f.type, graphql.GraphQLNonNull)
            },
        )
    return st.one_of(strategy, st.none()) if nullable else strategy


def variables_of(
    schema: graphql.GraphQLSchema, document: str, scalars: dict[str, Any]
) -> st.SearchStrategy[dict[str, Any]]:
    """Variables for a trusted document, from its variable definitions; now and then one of
    the wrong shape, to test coercion too."""
    [operation] = [
        d
        for d in graphql.parse(document).definitions
        if isinstance(d, graphql.OperationDefinitionNode)
    ]
    wrong = st.one_of(st.integers(), st.lists(st.integers(), max_size=2), st.text(max_size=5))
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for definition in operation.variable_definitions or ():
        type_ = graphql.type_from_ast(schema, definition.type)
        assert type_ is not None
        assert graphql.is_input_type(type_)
        name = definition.variable.name.value
        good = input_values(schema, type_, scalars, name)
        strategy = st.one_of(*[good] * 9, wrong)
        optional_var = definition.default_value is not None or not isinstance(
            definition.type, graphql.NonNullTypeNode
        )
        (optional if optional_var else required)[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


@pytest.mark.parametrize("partner_type", sorted(TRUSTED_ONLY), ids=str)
def test_trusted_documents_with_fuzzed_variables(
    fuzz_server: FuzzServer, partner_type: PartnerType
) -> None:
    schema = graphql.build_schema(SDL.read_text(encoding="utf-8"))
    scalars = scalar_values(fuzz_server.keys, fuzz_server.resident_ids, fuzz_server.usccs)
    codes = st.one_of(st.sampled_from(fuzz_server.integrity_codes), scalars["String"])
    scalars |= {"String:code": codes, "String:integrityCode": codes}
    headers = fuzz_server.headers(partner_type)
    documents = trusted_documents(partner_type)
    assert documents, f"{partner_type} has no trusted documents"
    failures: dict[str, str] = {}
    session = requests.Session()
    for document_id, document in documents:
        fuzz_document(
            f"{fuzz_server.base}/graphql",
            document_id,
            variables_of(schema, document, scalars),
            session,
            headers,
            failures,
        )
    assert failures == {}, "\n".join(f"{doc}: {why}" for doc, why in failures.items())


def fuzz_document(
    url: str,
    document_id: str,
    variables: st.SearchStrategy[dict[str, Any]],
    session: requests.Session,
    headers: dict[str, str],
    failures: dict[str, str],
) -> None:
    """Run one trusted document with fuzzed variables; note what failed."""

    @given(values=variables)
    @fuzz_settings(TRUSTED_EXAMPLES)
    def run(values: dict[str, Any]) -> None:
        response = session.post(
            url,
            json={"documentId": document_id, "variables": values},
            headers=headers,
            timeout=30,
        )
        found = problem(response.status_code, response.text)
        LOG.debug("%s %s %s", document_id[:16], response.status_code, response.text[:200])
        if found is not None:
            failures.setdefault(document_id, f"{found}\n  variables: {values!r}")

    run()
