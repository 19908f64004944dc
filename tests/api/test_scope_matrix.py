"""The scope matrix: every persisted operation, as every partner type and anonymously.

What each operation needs is read from the schema itself (the scopes each selected field
declares, plus what ``node(id:)`` declares per type), and what each partner type holds from
the scope table; the server must serve exactly the callers whose scopes cover the need.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    parse,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope
from api.crypto import KeyedAccessCrypto
from api.db.repositories import Repositories
from api.domain.consent.codes import issue_integrity_code
from api.domain.consent.model import Purpose
from api.graphql.ids import NodeType
from api.graphql.permissions import HasScope
from api.graphql.query import NODE_SCOPES
from api.graphql.schema import schema
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory

ROOT = Path(__file__).resolve().parents[2]
#: Operations anyone may run without a token (verifying a credit report, say).
PUBLIC_FOLDER = "public"
OPERATIONS = sorted((ROOT / "schema" / "operations").glob("*/*.graphql"))
_NODE_TYPES = {
    "Enterprise": NodeType.ENTERPRISE,
    "Merchant": NodeType.MERCHANT,
    "Household": NodeType.HOUSEHOLD,
    "CreditRecord": NodeType.CREDIT_RECORD,
}


def _declared(parent: GraphQLObjectType, field_name: str) -> frozenset[Scope]:
    definition = parent.fields[field_name].extensions.get("strawberry-definition")
    scopes: set[Scope] = set()
    for extension in getattr(definition, "extensions", []):
        for permission in getattr(extension, "permissions", []):
            if isinstance(permission, HasScope):
                scopes |= permission.scopes
    return frozenset(scopes)


def required_scopes(document: DocumentNode) -> frozenset[Scope]:
    """Every scope the operation's selected fields declare."""
    return frozenset(s for scopes in guarded_fields(document).values() for s in scopes)


def guarded_fields(document: DocumentNode) -> dict[str, frozenset[Scope]]:
    """Response key of every selected field that declares scopes (or a node type's scope)."""
    graphql_schema = schema._schema
    guarded: dict[str, set[Scope]] = {}

    def walk(selection_set: SelectionSetNode | None, parent: Any) -> None:
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if isinstance(selection, InlineFragmentNode):
                target = graphql_schema.get_type(selection.type_condition.name.value)  # type: ignore[union-attr]
                if target is not None and target.name in _NODE_TYPES and parent.name == "Node":
                    guarded.setdefault("node", set()).update(NODE_SCOPES[_NODE_TYPES[target.name]])
                walk(selection.selection_set, target)
            elif isinstance(selection, FieldNode) and not selection.name.value.startswith("__"):
                if isinstance(parent, GraphQLObjectType):
                    declared = _declared(parent, selection.name.value)
                    if declared:
                        key = selection.alias.value if selection.alias else selection.name.value
                        guarded.setdefault(key, set()).update(declared)
                    walk(
                        selection.selection_set,
                        get_named_type(parent.fields[selection.name.value].type),
                    )
                else:
                    field = parent.fields[selection.name.value]
                    walk(selection.selection_set, get_named_type(field.type))

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            root = (
                graphql_schema.mutation_type
                if definition.operation is OperationType.MUTATION
                else graphql_schema.query_type
            )
            walk(definition.selection_set, root)
    return {key: frozenset(scopes) for key, scopes in guarded.items()}


def served_keys(data: Any) -> set[str]:
    """Every response key in ``data`` that carries a value (not null)."""
    keys: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if value is not None:
                keys.add(key)
                keys |= served_keys(value)
    elif isinstance(data, list):
        for item in data:
            keys |= served_keys(item)
    return keys


async def _variables(factory: Factory, client: httpx.AsyncClient) -> dict[str, Any]:
    await factory.department("matrix")
    enterprise_id, uscc = await factory.enterprise()
    await factory.record(enterprise_id)
    merchant_id, merchant_uscc = await factory.merchant()
    await factory.record(merchant_id)
    household_id, number = await factory.household("余村")
    await factory.record(household_id)
    person_id, resident_id = await factory.person()
    issued = await issue_integrity_code(
        Repositories(factory.session),
        KeyedAccessCrypto(factory.keys),
        person_id=person_id,
        purpose=Purpose.PAY_AFTER_TREATMENT,
        issued_by_client_id=None,
        now=datetime.now(UTC),
    )
    await factory.session.commit()
    lookup = await client.post(
        "/graphql",
        json={
            "query": "query($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) { id } }",
            "variables": {"u": uscc},
        },
    )
    return {
        "uscc": uscc,
        "merchantUscc": merchant_uscc,
        "village": "余村",
        "householdNumber": number,
        "first": 5,
        "id": lookup.json()["data"]["enterprise"]["id"],
        "filter": {"districts": ["WUXING"]},
        "residentId": resident_id,
        "code": issued.code,
        "consentId": "00000000-0000-4000-8000-000000000000",
        "periodFrom": "2025-01-01",
        "periodUntil": "2025-12-31",
        "domains": ["ADMINISTRATIVE_PENALTY", "CRIMINAL_RECORD"],
        "number": "CR-20261101-0000000000000000-0",
        "document": "not.a.report",
        "purpose": "PAY_AFTER_TREATMENT",
        "fact": _fact(uscc),
        "penalty": {**_fact(uscc), "severity": "MINOR"},
        "repairId": "not-a-repair-case",
        "commitment": "我承诺依法经营",
        "approve": True,
        "reason": "已整改",
        "input": {
            "residentId": resident_id,
            "permissions": ["READ_IDENTITY"],
            "purpose": "CREDIT_LOAN",
            "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        },
    }


def _fact(uscc: str) -> dict[str, Any]:
    """An intake input about the pool's enterprise, with a fresh idempotency key."""
    return {
        "subject": {"uscc": uscc},
        "department": "matrix",
        "occurredAt": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        "summary": "matrix fact",
        "idempotencyKey": str(uuid.uuid4()),
    }


def _variables_for(path: Path, document: DocumentNode, pool: dict[str, Any]) -> dict[str, Any]:
    names: list[str] = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            names += [v.variable.name.value for v in definition.variable_definitions or ()]
    values = {name: pool[name] for name in names if name in pool}
    if path.stem.startswith(("Merchant", "ScanMerchant")):
        values["uscc"] = pool["merchantUscc"]
    if path.stem == "IssueCreditReport":
        values.pop("uscc", None)
    if path.stem == "AuditLog":
        values["filter"] = {"purpose": "PAY_AFTER_TREATMENT"}
    return values


def test_every_partner_folder_runs_only_what_its_type_may() -> None:
    assert OPERATIONS, "no operations found"
    for path in OPERATIONS:
        needed = required_scopes(parse(path.read_text()))
        if path.parent.name == PUBLIC_FOLDER:
            assert needed == frozenset(), f"{path} is public but needs {needed}"
            continue
        partner_type = PartnerType(path.parent.name)
        assert needed <= SCOPES_BY_TYPE[partner_type], f"{path} needs {needed}"


@pytest.mark.parametrize(
    "caller", [*PartnerType, None], ids=[*(t.value for t in PartnerType), "anonymous"]
)
async def test_scope_matrix(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, caller: PartnerType | None
) -> None:
    pool = await _variables(factory, client)
    headers: dict[str, str] = {}
    if caller is not None:
        client_id, secret = await create_partner_client(session, caller)
        headers = {"authorization": f"Bearer {await get_token(client, client_id, secret)}"}
    held = SCOPES_BY_TYPE[caller] if caller is not None else frozenset()
    for path in OPERATIONS:
        document = parse(path.read_text())
        needed = required_scopes(document)
        request = client.build_request(
            "POST",
            "/graphql",
            json={"query": path.read_text(), "variables": _variables_for(path, document, pool)},
            headers=headers,
        )
        if caller is None:
            del request.headers["authorization"]
        response = await client.send(request)
        body = response.json()
        codes = {e.get("extensions", {}).get("code") for e in body.get("errors", [])}
        where = f"{path.relative_to(ROOT)} as {caller}"
        if caller is None and needed:
            assert response.status_code == 401, where
            assert codes == {"UNAUTHENTICATED"}, where
        elif needed <= held:
            assert response.status_code == 200, where
            assert "errors" not in body, f"{where}: {body}"
            assert all(value is not None for value in body["data"].values()), where
        else:
            # Refused fields are FORBIDDEN and carry no data; a field whose parent was not
            # served (a denied person, say) never runs and so raises nothing.
            assert codes <= {"FORBIDDEN"}, f"{where}: {body}"
            refused = {
                key for key, scopes in guarded_fields(document).items() if not scopes <= held
            }
            assert not (served_keys(body.get("data")) & refused), f"{where}: {body}"
            missing = {s.value for s in needed - held}
            reported = {
                s for e in body.get("errors", []) for s in e["extensions"]["requiredScopes"]
            }
            assert reported <= {s.value for s in needed}, where
            assert reported or not missing or "errors" not in body, where
