"""The scope table: one source of truth, complete, and rendered for the README."""

from __future__ import annotations

import pytest

from api.auth.scopes import (
    SCOPE_DESCRIPTIONS,
    SCOPES_BY_TYPE,
    PartnerType,
    Scope,
    UnknownScopeError,
    format_scopes,
    parse_scopes,
    scope_table_markdown,
)
from api.db.tables.auth import PARTNER_TYPE_VALUES


def test_the_database_knows_every_partner_type() -> None:
    assert tuple(PARTNER_TYPE_VALUES) == tuple(t.value for t in PartnerType)


def test_every_type_has_scopes_and_every_scope_a_holder() -> None:
    assert set(SCOPES_BY_TYPE) == set(PartnerType)
    held = set().union(*SCOPES_BY_TYPE.values())
    assert held == set(Scope)
    assert all(SCOPES_BY_TYPE[t] for t in PartnerType)


def test_scope_names_are_resource_colon_action() -> None:
    for scope in Scope:
        resource, action = scope.value.split(":")
        assert resource.isidentifier()
        assert action.isidentifier()
        assert resource.islower()
    assert set(SCOPE_DESCRIPTIONS) == set(Scope)


def test_credit_office_holds_everything_but_citizens_and_banks_own_actions() -> None:
    citizen_only = {
        Scope.CONSENT_AUTHORIZE,
        Scope.INTEGRITY_CODE_ISSUE,
        Scope.CREDIT_REPAIR_APPLY,
        Scope.AUDIT_READ_OWN,
        Scope.FINANCING_NEED_WRITE,
        Scope.HOUSEHOLD_READ_OWN,
        Scope.INDUSTRY_READ_OWN,
    }
    # A pledge is registered by the bank that lent against it, never by the credit office.
    banks_own = {Scope.IP_PLEDGE_WRITE}
    assert SCOPES_BY_TYPE[PartnerType.CREDIT_OFFICE] == frozenset(Scope) - citizen_only - banks_own
    assert citizen_only <= SCOPES_BY_TYPE[PartnerType.CITIZEN_APP]
    assert banks_own <= SCOPES_BY_TYPE[PartnerType.BANK]


@pytest.mark.parametrize(
    ("partner_type", "scope", "held"),
    [
        (PartnerType.BANK, Scope.LOAN_PRODUCT_WRITE, True),
        (PartnerType.BANK, Scope.TAX_RATING_WRITE, False),
        (PartnerType.HOSPITAL, Scope.DEFERRED_PAYMENT_WRITE, True),
        (PartnerType.MOBILITY_OPERATOR, Scope.MOBILITY_DISCOUNT_WRITE, True),
        (PartnerType.TAX_BUREAU, Scope.GREEN_PROFILE_WRITE, True),
        (PartnerType.REGULATOR, Scope.CREDIT_REPAIR_DECIDE, True),
        (PartnerType.VILLAGE_COMMITTEE, Scope.CIVILITY_POINTS_WRITE, True),
        (PartnerType.VILLAGE_COMMITTEE, Scope.MODEL_HOUSEHOLD_APPROVE, False),
        (PartnerType.REGULATOR, Scope.CIVILITY_POINTS_WRITE, False),
        (PartnerType.REGULATOR, Scope.PARTNER_MANAGE, False),
        (PartnerType.CITIZEN_APP, Scope.CREDIT_REPORT_ISSUE, True),
        (PartnerType.COMMERCE_DISTRICT, Scope.HOUSEHOLD_READ, False),
        (PartnerType.VILLAGE_COMMITTEE, Scope.HOUSEHOLD_READ, True),
    ],
)
def test_assignments(partner_type: PartnerType, scope: Scope, held: bool) -> None:
    assert (scope in SCOPES_BY_TYPE[partner_type]) is held


def test_parse_and_format() -> None:
    assert parse_scopes("merchant:read  enterprise:read") == {
        Scope.MERCHANT_READ,
        Scope.ENTERPRISE_READ,
    }
    assert parse_scopes([]) == frozenset()
    assert format_scopes([Scope.MERCHANT_READ, Scope.ENTERPRISE_READ]) == (
        "enterprise:read merchant:read"
    )
    with pytest.raises(UnknownScopeError):
        parse_scopes("enterprise:read enterprise:delete")


def test_markdown_table() -> None:
    lines = scope_table_markdown().splitlines()
    assert len(lines) == 2 + len(Scope)
    assert all(f"`{t.value}`" in lines[0] for t in PartnerType)
    assert all(line.count("|") == 3 + len(PartnerType) for line in lines)
    bank_column = 2 + list(PartnerType).index(PartnerType.BANK)
    row = next(line for line in lines if line.startswith("| `loan_product:write`"))
    assert row.split("|")[bank_column + 1].strip() == "✓"
    checks = sum(line.count("✓") for line in lines)
    assert checks == sum(len(scopes) for scopes in SCOPES_BY_TYPE.values())
