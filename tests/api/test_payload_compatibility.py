"""Partners' query documents written against the previous schema still validate and run.

When every mutation got its own payload and error types, the payload types several mutations
shared (``BenefitGrantPayload``) were kept as interfaces under their old names, implemented by
each mutation's own payload, and ``UserError`` became the interface every payload error
implements. A document with ``... on BenefitGrantPayload { grant { id } }`` or
``errors { ... on UserError { code } }`` validates and answers as before.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest
from graphql import (
    BreakingChange,
    BreakingChangeType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    build_schema,
    find_breaking_changes,
    is_abstract_type,
    parse,
    validate,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.graphql.schema import schema
from tests.gql import gql
from tests.scenario_support import partner_token

ROOT = Path(__file__).resolve().parents[2]
#: An enterprise code of the right shape that names no enterprise on the platform.
UNKNOWN_USCC = "91350100M000100Y43"

#: Each payload type the previous schema had and this one keeps as an interface: one
#: representative mutation, the partner type allowed to call it, its arguments and the field
#: selected in the fragment on the old name, and the concrete payload type it answers with.
REMOVED: dict[str, tuple[PartnerType, str, str, str]] = {
    "RecordFactPayload": (
        PartnerType.CREDIT_OFFICE,
        'recordHonour(input: {subject: {uscc: {uscc}}, department: "civil affairs",'
        ' occurredAt: "2024-01-02T03:04:05Z", summary: "a medal", idempotencyKey: {key}})',
        "record { id } replayed exempted",
        "RecordHonourPayload",
    ),
    "CreditRepairPayload": (
        PartnerType.REGULATOR,
        'decideCreditRepair(repairId: {key}, approve: true, reason: "fixed", followUpInDays: 30)',
        "repairCase { id }",
        "DecideCreditRepairPayload",
    ),
    "RuleSetPayload": (
        PartnerType.CREDIT_OFFICE,
        "activateRuleSet(version: {key})",
        "ruleSet { version }",
        "ActivateRuleSetPayload",
    ),
    "ExemptMatterPayload": (
        PartnerType.REGULATOR,
        "retireExemptMatter(code: {key})",
        "matter { code }",
        "RetireExemptMatterPayload",
    ),
    "DeferredAccountPayload": (
        PartnerType.HOSPITAL,
        "settleDeferredAccount(input: {visitNumber: {key}, idempotencyKey: {key}})",
        "account { visitNumber } replayed",
        "SettleDeferredAccountPayload",
    ),
    "BenefitGrantPayload": (
        PartnerType.MOBILITY_OPERATOR,
        'redeemCoupon(input: {couponCode: {key}, orderReference: {key}, orderAmount: "10",'
        " idempotencyKey: {key}})",
        "grant { orderReference } replayed",
        "RedeemCouponPayload",
    ),
    "LoanProductPayload": (
        PartnerType.BANK,
        "retireLoanProduct(id: {key})",
        "product { name }",
        "RetireLoanProductPayload",
    ),
    "WebhookPayload": (
        PartnerType.BANK,
        "unfollowBorrower(uscc: {uscc})",
        "url following",
        "UnfollowBorrowerPayload",
    ),
    "ConsentPayload": (
        PartnerType.CITIZEN_APP,
        "revokeConsent(consentId: {key})",
        "consent { id }",
        "RevokeConsentPayload",
    ),
}


def _document(old_name: str, key: str = "compat-key") -> str:
    """A mutation document in the previous schema's style: a fragment on the old payload name."""
    _, call, selection, _ = REMOVED[old_name]
    answer = call.replace("{key}", f'"{key}"').replace("{uscc}", f'"{UNKNOWN_USCC}"')
    return f"""
mutation Old {{
  answer: {answer} {{
    __typename
    ...Outcome
  }}
}}
fragment Outcome on {old_name} {{
  {selection}
  errors {{ field message code ... on UserError {{ code }} }}
}}
"""


#: The SDL partners had before per-mutation error types (as it landed on 2026-12-05).
RELEASED_SDL = ROOT / "schema" / "released" / "2026-12-05.graphql"


def _old_sdl() -> GraphQLSchema:
    """The released schema partners' documents were written against."""
    return build_schema(RELEASED_SDL.read_text(encoding="utf-8"))


def _new_sdl() -> GraphQLSchema:
    """This schema, as partners read it."""
    return build_schema(schema.as_str())


@pytest.mark.parametrize("old_name", sorted(REMOVED))
def test_a_fragment_on_each_old_payload_name_validates(old_name: str) -> None:
    """``... on <old payload>`` with ``... on UserError`` validates against the new schema."""
    new = _new_sdl()
    found = new.get_type(old_name)
    assert isinstance(found, GraphQLInterfaceType), old_name
    implementation = new.get_type(REMOVED[old_name][3])
    assert isinstance(implementation, GraphQLObjectType)
    assert new.is_sub_type(found, implementation), old_name
    document = parse(_document(old_name))
    errors = [e.message for e in validate(new, document)]
    assert errors == [], errors


@pytest.mark.parametrize("old_name", sorted(REMOVED))
async def test_a_fragment_on_each_old_payload_name_returns_data(
    client: httpx.AsyncClient, session: AsyncSession, old_name: str
) -> None:
    """The representative mutation answers through the fragment on its old payload name."""
    partner_type, _, selection, concrete = REMOVED[old_name]
    token = await partner_token(client, session, partner_type)
    body = await gql(client, _document(old_name, f"compat-{uuid.uuid4().hex}"), token=token)
    assert "errors" not in body, body
    answer = body["data"]["answer"]
    assert answer["__typename"] == concrete
    for name in _top_level_fields(selection):
        assert name in answer, (name, answer)
    assert isinstance(answer["errors"], list)
    for error in answer["errors"]:
        assert set(error) == {"field", "message", "code"}
        assert error["code"]


def _top_level_fields(selection: str) -> list[str]:
    """The field names at the top of a selection (``record { id } replayed`` → both)."""
    names: list[str] = []
    depth = 0
    for token in selection.replace("{", " { ").replace("}", " } ").split():
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(token)
    return names


def _is_subtype(schema_: GraphQLSchema, old: GraphQLType, new: GraphQLType) -> bool:
    """True when every value of ``new`` is a value of (this schema's type named as) ``old``."""
    if isinstance(old, GraphQLNonNull):
        return isinstance(new, GraphQLNonNull) and _is_subtype(schema_, old.of_type, new.of_type)
    if isinstance(new, GraphQLNonNull):
        return _is_subtype(schema_, old, new.of_type)
    if isinstance(old, GraphQLList):
        return isinstance(new, GraphQLList) and _is_subtype(schema_, old.of_type, new.of_type)
    if isinstance(new, GraphQLList):
        return False
    assert isinstance(old, GraphQLNamedType)
    assert isinstance(new, GraphQLNamedType)
    if old.name == new.name:
        return True
    named = schema_.get_type(old.name)
    return (
        named is not None
        and is_abstract_type(named)
        and isinstance(new, GraphQLObjectType | GraphQLInterfaceType)
        and schema_.is_sub_type(named, new)
    )


def _field(schema_: GraphQLSchema, coordinate: str) -> GraphQLField:
    """The field ``Type.field`` of ``schema_``."""
    type_name, field_name = coordinate.split(".")
    found = schema_.get_type(type_name)
    assert isinstance(found, GraphQLObjectType | GraphQLInterfaceType), coordinate
    field: GraphQLField = found.fields[field_name]
    return field


def _allowed(old: GraphQLSchema, new: GraphQLSchema, change: BreakingChange) -> bool:
    """Whether a breaking change leaves every query document of the old schema valid."""
    if change.type is BreakingChangeType.TYPE_CHANGED_KIND:
        name = change.description.split(" ", 1)[0]
        return isinstance(old.get_type(name), GraphQLObjectType) and isinstance(
            new.get_type(name), GraphQLInterfaceType
        )
    if change.type is BreakingChangeType.FIELD_CHANGED_KIND:
        coordinate = change.description.split(" ")[1]
        return _is_subtype(new, _field(old, coordinate).type, _field(new, coordinate).type)
    return False


def test_the_new_schema_breaks_no_query_document_of_the_old_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only object→interface and narrowed-to-a-subtype changes; every old type and field kept."""
    old, new = _old_sdl(), _new_sdl()
    changes = find_breaking_changes(old, new)
    refused = [f"{c.type.name}: {c.description}" for c in changes if not _allowed(old, new, c)]
    with capsys.disabled():
        for change in changes:
            if _allowed(old, new, change):
                print(f"allowed {change.type.name}: {change.description}")  # noqa: T201  # the brief asks to show what is allowed
    assert refused == [], "\n".join(refused)
    for name, old_type in old.type_map.items():
        if name.startswith("__") or not isinstance(old_type, GraphQLObjectType):
            continue
        new_type = new.get_type(name)
        assert isinstance(new_type, GraphQLObjectType | GraphQLInterfaceType), name
        missing = set(old_type.fields) - set(new_type.fields)
        assert not missing, (name, missing)


def test_a_removed_payload_name_would_be_refused() -> None:
    """The compatibility check fails on a payload type dropped from the schema."""
    old = _old_sdl()
    text = schema.as_str()
    start = text.index('"""A benefit granted, or why not."""\ninterface BenefitGrantPayload')
    end = text.index("}", start) + 1
    pruned = text[:start] + text[end:]
    pruned = pruned.replace(" implements BenefitGrantPayload", "")
    new = build_schema(pruned)
    refused = [c for c in find_breaking_changes(old, new) if not _allowed(old, new, c)]
    assert sorted(c.description for c in refused) == [
        "BenefitGrantPayload was removed.",
        "Field Mutation.redeemCoupon changed type from BenefitGrantPayload! to"
        " RedeemCouponPayload!.",
        "Field Mutation.redeemMobilityDiscount changed type from BenefitGrantPayload! to"
        " RedeemMobilityDiscountPayload!.",
    ]
