"""The scope matrix: every persisted operation, as every partner type and anonymously.

What each operation needs is read from the schema itself (the scopes each selected field
declares, plus what ``node(id:)`` declares per type), and what each partner type holds from
the scope table; the server must serve exactly the callers whose scopes cover the need.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
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
from api.domain.clock import city_today
from api.domain.consent.codes import issue_integrity_code
from api.domain.consent.model import Purpose
from api.domain.industry.model import Industry
from api.domain.subjects.model import District
from api.graphql.ids import NodeType
from api.graphql.permissions import HasScope, IsAuthenticated
from api.graphql.schema import schema
from api.graphql.subjects.queries import NODE_SCOPES
from api.seeding.incentives import seed_incentive_catalogue
from tests.api.approval_support import approval_variables
from tests.api.ippledge_support import ip_pledge_variables
from tests.api.village_support import link_committee, village_variables
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


def needs_token(document: DocumentNode) -> bool:
    """Whether a selected root field needs a token whatever its scopes (``myUsage``, say)."""
    graphql_schema = schema._schema
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            root = (
                graphql_schema.mutation_type
                if definition.operation is OperationType.MUTATION
                else graphql_schema.query_type
            )
            for selection in definition.selection_set.selections:
                if isinstance(selection, FieldNode) and root is not None:
                    field = root.fields.get(selection.name.value)
                    definition_ = field.extensions.get("strawberry-definition") if field else None
                    for extension in getattr(definition_, "extensions", []):
                        for permission in getattr(extension, "permissions", []):
                            if isinstance(permission, IsAuthenticated):
                                return True
    return False


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
                condition = selection.type_condition
                target = graphql_schema.get_type(condition.name.value) if condition else parent
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
    bank = await _bank_variables(factory, enterprise_id, uscc)
    return {
        **bank,
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
        "noticeId": "not-a-notice",
        "followUp": {
            "repairId": "not-a-repair-case",
            "result": "KEPT",
            "idempotencyKey": str(uuid.uuid4()),
        },
        "commitment": "我承诺依法经营",
        "approve": True,
        "reason": "已整改",
        "input": {
            "residentId": resident_id,
            "permissions": ["READ_IDENTITY"],
            "purpose": "CREDIT_LOAN",
            "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        },
        **await _scenario_variables(factory, person_id),
        **await village_variables(factory, person_id),
        **_merchant_indicator_variables(merchant_uscc),
        **approval_variables(uscc, resident_id),
        **ip_pledge_variables(uscc),
        **await _industry_variables(factory),
    }


async def _industry_variables(factory: Factory) -> dict[str, Any]:
    """The industry evaluations' part of the pool: a wharf, an observation, an inspection."""
    code = f"WHARF-{uuid.uuid4().hex[:10]}"
    await Repositories(factory.session).industry.add_subject(
        industry=Industry.GREEN_WHARF, code=code, name="矩阵码头", district=District.DEQING
    )
    await factory.session.commit()
    day = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    return {
        "subject": code,
        "industry": "GREEN_WHARF",
        "start": day,
        "end": "2027-06-30",
        "observation": {
            "subject": code,
            "indicator": "dust_control",
            "department": "ecology_environment",
            "value": "88",
            "observedOn": day,
            "idempotencyKey": str(uuid.uuid4()),
        },
        "inspection": {
            "subject": code,
            "department": "transport",
            "inspectedOn": day,
            "passed": True,
            "findings": 1,
            "idempotencyKey": str(uuid.uuid4()),
        },
    }


def _merchant_indicator_variables(merchant_uscc: str) -> dict[str, Any]:
    """The merchant indicators' part of the pool: an observation, a file, a district."""
    return {
        "indicator": {
            "uscc": merchant_uscc,
            "category": "complaints",
            "department": "market_supervision",
            "value": "1",
            "observedOn": (datetime.now(UTC) - timedelta(days=2)).date().isoformat(),
            "idempotencyKey": str(uuid.uuid4()),
        },
        "indicatorFile": {"content": "uscc,category,department,value,observed_on\n"},
        "commerceDistrict": "衣裳街",
        "since": "2026-01-01",
    }


async def _scenario_variables(factory: Factory, person_id: int) -> dict[str, Any]:
    """The person scenarios' part of the pool: the catalogue, a mobility code, inputs."""
    await seed_incentive_catalogue(await factory.session.connection(), datetime.now(UTC))
    mobility = await issue_integrity_code(
        Repositories(factory.session),
        KeyedAccessCrypto(factory.keys),
        person_id=person_id,
        purpose=Purpose.MOBILITY_DISCOUNT,
        issued_by_client_id=None,
        now=datetime.now(UTC),
    )
    await factory.session.commit()
    key = str(uuid.uuid4())
    return {
        "scenarioCode": "parking-discount",
        "mobilityCode": mobility.code,
        "patOpen": {"integrityCode": "not-a-code", "visitNumber": "V-MATRIX"},
        "patCharge": {
            "visitNumber": "V-MATRIX",
            "amount": "12.50",
            "item": "挂号",
            "department": "内科",
            "idempotencyKey": key,
        },
        "patSettle": {"visitNumber": "V-MATRIX", "idempotencyKey": key},
        "mobilityRedeem": {
            "scenarioCode": "parking-discount",
            "integrityCode": mobility.code,
            "orderReference": "PARK-MATRIX",
            "orderAmount": "20.00",
            "idempotencyKey": key,
        },
        "couponBatch": {
            "scenarioCode": "bike-sharing-free-ride",
            "expiresAt": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
            "idempotencyKey": key,
        },
        "couponRedeem": {
            "couponCode": "CPNOSUCHCOUPON",
            "orderReference": "RIDE-MATRIX",
            "orderAmount": "3.00",
            "idempotencyKey": key,
        },
        "incentiveScenario": {
            "code": "matrix-parking-offer",
            "categoryCode": "parking",
            "name": "Matrix parking offer",
            "nameZh": "停车优惠",
            "description": "A scope-matrix scenario.",
            "operatorType": "MOBILITY_OPERATOR",
            "purpose": "MOBILITY_DISCOUNT",
            "lowestColour": "GREEN",
            "benefitKind": "FIXED_AMOUNT",
            "benefitValue": "5.00",
            "validFrom": "2026-01-01",
        },
        "incentiveStatisticsFilter": {"groupBy": ["SCENARIO"]},
        "incentiveScenarioCode": "restaurant-discount",
        "incentiveCode": mobility.code,
        "incentiveRedeem": {
            "scenarioCode": "restaurant-discount",
            "integrityCode": mobility.code,
            "orderReference": "MEAL-MATRIX",
            "orderAmount": "88.00",
            "idempotencyKey": str(uuid.uuid4()),
        },
        "scenarioOperators": {
            "scenarioCode": "museum-guide-free",
            "operatorTypes": ["COMMERCE_DISTRICT"],
            "onceOnly": False,
        },
        "fromDay": (city_today(datetime.now(UTC)) - timedelta(days=6)).isoformat(),
        "toDay": city_today(datetime.now(UTC)).isoformat(),
    }


async def _bank_variables(factory: Factory, enterprise_id: int, uscc: str) -> dict[str, Any]:
    """The bank scenarios' variables: a published product of another bank, an open need."""
    from decimal import Decimal

    from api.auth.partners import create_partner
    from api.domain.banking.model import (
        GreenFigures,
        LoanCriteria,
        LoanKind,
        ProductDraft,
        ProductStatus,
        ProductTerms,
    )
    from api.domain.subjects.model import GreenActivityClass
    from api.graphql.banking.types import BankObject, seal_id

    repos = Repositories(factory.session)
    owner = await create_partner(factory.session, partner_type=PartnerType.BANK, name="Pool bank")
    terms = ProductTerms(Decimal(1), Decimal(1_000_000), Decimal(3), Decimal(5), date(2026, 1, 1))
    draft = ProductDraft("池贷", LoanKind.CREDIT_LOAN, LoanCriteria(), terms)
    product = await repos.loan_products.add(owner.partner_id, draft, now=datetime.now(UTC))
    await repos.loan_products.set_status(product, ProductStatus.PUBLISHED, now=datetime.now(UTC))
    await repos.green.save_profile(
        enterprise_id,
        GreenFigures(
            GreenActivityClass.ENERGY_SAVING,
            Decimal(90),
            Decimal("0.4"),
            Decimal(50),
            Decimal(70),
            date(2026, 6, 30),
        ),
    )
    need = await repos.financing.add_need(
        enterprise_id, Decimal(100_000), "matrix need", 12, datetime.now(UTC)
    )
    key = factory.keys.global_id
    product_id = seal_id(key, BankObject.LOAN_PRODUCT, product.id)
    return {
        "productId": product_id,
        "needId": seal_id(key, BankObject.FINANCING_NEED, need.id),
        "productInput": {
            "name": "矩阵贷",
            "kind": "GREEN_LOAN",
            "criteria": {"districts": ["WUXING"], "greenRequired": True},
            "amountMin": "100000",
            "amountMax": "1000000",
            "rateMin": "3.1",
            "rateMax": "4.2",
            "validFrom": "2026-01-01",
        },
        "lineInput": {
            "reference": str(uuid.uuid4()),
            "uscc": uscc,
            "productId": product_id,
            "amount": "100000",
            "grantedOn": "2026-01-05",
        },
        "webhookUrl": "https://bank.example/credit-hooks",
        "greenProfile": {
            "uscc": uscc,
            "activityClass": "CLEAN_ENERGY",
            "emissionsTonnes": "120",
            "carbonIntensity": "0.25",
            "carbonReductionTonnes": "300",
            "esgScore": "81",
            "asOf": "2026-06-30",
        },
        "taxYear": 2025,
        "taxAmount": "250000",
        "lendingVolume": {"period": "2025-12", "totalLending": "1000", "greenLending": "321"},
        "monthFrom": "2025-01",
        "monthUntil": "2025-12",
        "taxRating": {
            "uscc": uscc,
            "year": 2025,
            "score": "91.5",
            "idempotencyKey": str(uuid.uuid4()),
        },
        "needInput": {"uscc": uscc, "amount": "500000", "purpose": "设备更新", "termMonths": 24},
        "quota": {"partnerId": owner.partner_id, "size": 3000, "restoreRate": 150},
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
            assert not needs_token(parse(path.read_text())), f"{path} is public but needs a token"
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
        if caller is PartnerType.VILLAGE_COMMITTEE:
            await link_committee(session, client_id)
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
        if caller is None and (needed or needs_token(document)):
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
