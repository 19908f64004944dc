"""Partner types, scopes, and the one table saying which scopes each type may hold.

A scope is named ``resource:action``. A client holds a subset of its type's scopes; a token
request may ask for a subset of the client's. Later features only *use* these scopes: adding a
scope or moving one between types is a change to this file alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType


class PartnerType(StrEnum):
    """The kinds of organisation that use the platform."""

    BANK = "bank"
    HOSPITAL = "hospital"
    MOBILITY_OPERATOR = "mobility_operator"
    COMMERCE_DISTRICT = "commerce_district"
    VILLAGE_COMMITTEE = "village_committee"
    TAX_BUREAU = "tax_bureau"
    REGULATOR = "regulator"
    CREDIT_OFFICE = "credit_office"
    CITIZEN_APP = "citizen_app"


class Scope(StrEnum):
    """Every permission a token can carry, for the whole platform."""

    ENTERPRISE_READ = "enterprise:read"
    MERCHANT_READ = "merchant:read"
    MERCHANT_INDICATOR_READ = "merchant_indicator:read"
    MERCHANT_INDICATOR_WRITE = "merchant_indicator:write"
    MERCHANT_CODE_ISSUE = "merchant_code:issue"
    HOUSEHOLD_READ = "household:read"
    CREDIT_RECORD_READ = "credit_record:read"
    CREDIT_RECORD_WRITE = "credit_record:write"
    PERSON_READ = "person:read"
    PERSON_READ_IDENTIFIER = "person:read_identifier"
    TAX_RATING_WRITE = "tax_rating:write"
    GREEN_PROFILE_WRITE = "green_profile:write"
    CONSENT_WRITE = "consent:write"
    CONSENT_AUTHORIZE = "consent:authorize"
    INTEGRITY_CODE_ISSUE = "integrity_code:issue"
    AUDIT_READ = "audit:read"
    AUDIT_READ_OWN = "audit:read_own"
    EVALUATION_READ = "evaluation:read"
    RULE_SET_WRITE = "rule_set:write"
    EXEMPTION_LIST_WRITE = "exemption_list:write"
    CREDIT_REPAIR_APPLY = "credit_repair:apply"
    CREDIT_REPAIR_DECIDE = "credit_repair:decide"
    CREDIT_REPORT_ISSUE = "credit_report:issue"
    INCENTIVE_READ = "incentive:read"
    INCENTIVE_WRITE = "incentive:write"
    INCENTIVE_REDEEM = "incentive:redeem"
    DEFERRED_PAYMENT_WRITE = "deferred_payment:write"
    MOBILITY_DISCOUNT_WRITE = "mobility_discount:write"
    COUPON_WRITE = "coupon:write"
    LOAN_PRODUCT_WRITE = "loan_product:write"
    LOAN_MATCH_READ = "loan_match:read"
    FINANCING_NEED_WRITE = "financing_need:write"
    FINANCING_NEED_CLAIM = "financing_need:claim"
    CREDIT_LINE_WRITE = "credit_line:write"
    WEBHOOK_MANAGE = "webhook:manage"
    STATISTICS_READ = "statistics:read"
    PARTNER_MANAGE = "partner:manage"
    BULK_RUN = "bulk:run"
    VILLAGE_RULE_WRITE = "village_rule:write"
    CIVILITY_POINTS_WRITE = "civility_points:write"
    MODEL_HOUSEHOLD_APPROVE = "model_household:approve"
    HOUSEHOLD_READ_OWN = "household:read_own"
    APPROVAL_COMMITMENT_SIGN = "approval_commitment:sign"
    APPROVAL_COMMITMENT_VERIFY = "approval_commitment:verify"
    IP_PLEDGE_WRITE = "ip_pledge:write"
    INDUSTRY_READ = "industry:read"
    INDUSTRY_WRITE = "industry:write"
    INDUSTRY_READ_OWN = "industry:read_own"


SCOPE_DESCRIPTIONS: Mapping[Scope, str] = MappingProxyType(
    {
        Scope.ENTERPRISE_READ: "Read enterprises, their ratings and green profiles.",
        Scope.MERCHANT_READ: "Read merchants of the commerce districts.",
        Scope.MERCHANT_INDICATOR_READ: "Read merchants' indicators, colours, district figures.",
        Scope.MERCHANT_INDICATOR_WRITE: "Record merchants' indicator observations.",
        Scope.MERCHANT_CODE_ISSUE: "Print a merchant's scan-to-check QR code.",
        Scope.HOUSEHOLD_READ: "Read village households.",
        Scope.CREDIT_RECORD_READ: "Read credit records.",
        Scope.CREDIT_RECORD_WRITE: "Report credit records.",
        Scope.PERSON_READ: "Read persons (masked identifiers, with consent).",
        Scope.PERSON_READ_IDENTIFIER: "Read a person's full resident identifier.",
        Scope.TAX_RATING_WRITE: "Report tax credit ratings.",
        Scope.GREEN_PROFILE_WRITE: "Report enterprises' green profiles.",
        Scope.CONSENT_WRITE: "Request a person's consent.",
        Scope.CONSENT_AUTHORIZE: "Grant or withdraw consent on a person's behalf.",
        Scope.INTEGRITY_CODE_ISSUE: "Issue a person's integrity code.",
        Scope.AUDIT_READ: "Read the access audit of every subject.",
        Scope.AUDIT_READ_OWN: "Read the access audit of the signed-in person.",
        Scope.EVALUATION_READ: "Read credit evaluations and grades.",
        Scope.RULE_SET_WRITE: "Publish scoring and eligibility rule sets.",
        Scope.EXEMPTION_LIST_WRITE: "Maintain the exemption list.",
        Scope.CREDIT_REPAIR_APPLY: "Apply for credit repair.",
        Scope.CREDIT_REPAIR_DECIDE: "Decide credit repair applications.",
        Scope.CREDIT_REPORT_ISSUE: "Issue signed special credit reports.",
        Scope.INCENTIVE_READ: "Read credit incentives.",
        Scope.INCENTIVE_WRITE: "Define credit incentives.",
        Scope.INCENTIVE_REDEEM: "Check and redeem the incentives the partner's type operates.",
        Scope.DEFERRED_PAYMENT_WRITE: "Grant pay-after-treatment.",
        Scope.MOBILITY_DISCOUNT_WRITE: "Grant mobility discounts.",
        Scope.COUPON_WRITE: "Issue coupons.",
        Scope.LOAN_PRODUCT_WRITE: "Publish loan products.",
        Scope.LOAN_MATCH_READ: "Match enterprises to loan products.",
        Scope.FINANCING_NEED_WRITE: "Post a financing need.",
        Scope.FINANCING_NEED_CLAIM: "Claim a posted financing need.",
        Scope.CREDIT_LINE_WRITE: "Report credit lines granted.",
        Scope.WEBHOOK_MANAGE: "Manage the partner's webhooks.",
        Scope.STATISTICS_READ: "Read platform statistics.",
        Scope.PARTNER_MANAGE: "Manage partners and their clients.",
        Scope.BULK_RUN: "Export a connection in bulk as JSON Lines (bulk operations).",
        Scope.VILLAGE_RULE_WRITE: "Keep a village's rules as point rules (村规民约).",
        Scope.CIVILITY_POINTS_WRITE: "Record and correct households' civility points; nominate "
        "model households.",
        Scope.MODEL_HOUSEHOLD_APPROVE: "Approve or reject model-household nominations.",
        Scope.HOUSEHOLD_READ_OWN: "Read the household file the signed-in person heads.",
        Scope.APPROVAL_COMMITMENT_SIGN: "Sign an approval matter's commitment for a fast track "
        "(信易批).",
        Scope.APPROVAL_COMMITMENT_VERIFY: "Verify fast-tracked commitments and list those due.",
        Scope.IP_PLEDGE_WRITE: "Register intellectual-property pledges and their loans.",
        Scope.INDUSTRY_READ: "Read industry credit evaluations, inspection plans and figures.",
        Scope.INDUSTRY_WRITE: "Record industry indicator observations and inspection results.",
        Scope.INDUSTRY_READ_OWN: "Read the signed-in enterprise's own industry evaluations.",
    }
)

_NOT_FOR_CREDIT_OFFICE = frozenset(
    {
        Scope.CONSENT_AUTHORIZE,
        Scope.INTEGRITY_CODE_ISSUE,
        Scope.CREDIT_REPAIR_APPLY,
        Scope.AUDIT_READ_OWN,
        Scope.FINANCING_NEED_WRITE,
        Scope.HOUSEHOLD_READ_OWN,
        Scope.IP_PLEDGE_WRITE,
        Scope.INDUSTRY_READ_OWN,
    }
)

#: Which scopes each partner type may hold: the single source of truth.
SCOPES_BY_TYPE: Mapping[PartnerType, frozenset[Scope]] = MappingProxyType(
    {
        PartnerType.BANK: frozenset(
            {
                Scope.ENTERPRISE_READ,
                Scope.CREDIT_RECORD_READ,
                Scope.PERSON_READ,
                Scope.CONSENT_WRITE,
                Scope.EVALUATION_READ,
                Scope.LOAN_PRODUCT_WRITE,
                Scope.LOAN_MATCH_READ,
                Scope.FINANCING_NEED_CLAIM,
                Scope.CREDIT_LINE_WRITE,
                Scope.WEBHOOK_MANAGE,
                Scope.INCENTIVE_READ,
                Scope.INCENTIVE_REDEEM,
                Scope.IP_PLEDGE_WRITE,
            }
        ),
        PartnerType.HOSPITAL: frozenset(
            {
                Scope.PERSON_READ,
                Scope.CONSENT_WRITE,
                Scope.DEFERRED_PAYMENT_WRITE,
                Scope.INCENTIVE_READ,
                Scope.INCENTIVE_REDEEM,
            }
        ),
        PartnerType.MOBILITY_OPERATOR: frozenset(
            {
                Scope.PERSON_READ,
                Scope.CONSENT_WRITE,
                Scope.MOBILITY_DISCOUNT_WRITE,
                Scope.COUPON_WRITE,
                Scope.INCENTIVE_READ,
                Scope.INCENTIVE_REDEEM,
            }
        ),
        PartnerType.COMMERCE_DISTRICT: frozenset(
            {
                Scope.MERCHANT_READ,
                Scope.CREDIT_RECORD_READ,
                Scope.CREDIT_RECORD_WRITE,
                Scope.MERCHANT_INDICATOR_READ,
                Scope.MERCHANT_INDICATOR_WRITE,
                Scope.MERCHANT_CODE_ISSUE,
                Scope.CONSENT_WRITE,
                Scope.INCENTIVE_READ,
                Scope.INCENTIVE_REDEEM,
            }
        ),
        PartnerType.VILLAGE_COMMITTEE: frozenset(
            {
                Scope.HOUSEHOLD_READ,
                Scope.CREDIT_RECORD_READ,
                Scope.CREDIT_RECORD_WRITE,
                Scope.VILLAGE_RULE_WRITE,
                Scope.CIVILITY_POINTS_WRITE,
                Scope.CONSENT_WRITE,
                Scope.INCENTIVE_READ,
                Scope.INCENTIVE_REDEEM,
            }
        ),
        PartnerType.TAX_BUREAU: frozenset(
            {
                Scope.ENTERPRISE_READ,
                Scope.TAX_RATING_WRITE,
                Scope.GREEN_PROFILE_WRITE,
                Scope.CREDIT_RECORD_WRITE,
            }
        ),
        PartnerType.REGULATOR: frozenset(
            {
                Scope.ENTERPRISE_READ,
                Scope.MERCHANT_READ,
                Scope.MERCHANT_INDICATOR_READ,
                Scope.MERCHANT_INDICATOR_WRITE,
                Scope.HOUSEHOLD_READ,
                Scope.CREDIT_RECORD_READ,
                Scope.CREDIT_RECORD_WRITE,
                Scope.EXEMPTION_LIST_WRITE,
                Scope.CREDIT_REPAIR_DECIDE,
                Scope.EVALUATION_READ,
                Scope.STATISTICS_READ,
                Scope.BULK_RUN,
                Scope.CONSENT_WRITE,
                Scope.INCENTIVE_READ,
                Scope.INCENTIVE_REDEEM,
                Scope.APPROVAL_COMMITMENT_SIGN,
                Scope.APPROVAL_COMMITMENT_VERIFY,
                Scope.INDUSTRY_READ,
                Scope.INDUSTRY_WRITE,
            }
        ),
        PartnerType.CREDIT_OFFICE: frozenset(Scope) - _NOT_FOR_CREDIT_OFFICE,
        PartnerType.CITIZEN_APP: frozenset(
            {
                Scope.CONSENT_AUTHORIZE,
                Scope.INTEGRITY_CODE_ISSUE,
                Scope.AUDIT_READ_OWN,
                Scope.CREDIT_REPAIR_APPLY,
                Scope.CREDIT_REPORT_ISSUE,
                Scope.FINANCING_NEED_WRITE,
                Scope.INCENTIVE_READ,
                Scope.MERCHANT_READ,
                Scope.HOUSEHOLD_READ_OWN,
                Scope.APPROVAL_COMMITMENT_SIGN,
                Scope.INDUSTRY_READ_OWN,
            }
        ),
    }
)


class UnknownScopeError(ValueError):
    """A scope name that is not one of ``Scope``."""


def parse_scopes(names: str | Iterable[str]) -> frozenset[Scope]:
    """Scopes from a space-separated string or names; UnknownScopeError names the first bad one."""
    items = names.split() if isinstance(names, str) else names
    scopes: set[Scope] = set()
    for name in items:
        try:
            scopes.add(Scope(name))
        except ValueError:
            raise UnknownScopeError(f"unknown scope {name!r}") from None
    return frozenset(scopes)


def format_scopes(scopes: Iterable[Scope]) -> str:
    """The space-separated, sorted form used in tokens and responses."""
    return " ".join(sorted(scope.value for scope in scopes))


def scope_table_markdown() -> str:
    """The scope table as Markdown: a row per scope, a column per partner type (for the README)."""
    types = list(PartnerType)
    header = "| Scope | Meaning | " + " | ".join(f"`{t.value}`" for t in types) + " |"
    rule = "|---|---|" + "|".join(":-:" for _ in types) + "|"
    rows = [
        f"| `{scope.value}` | {SCOPE_DESCRIPTIONS[scope]} | "
        + " | ".join("✓" if scope in SCOPES_BY_TYPE[t] else "" for t in types)
        + " |"
        for scope in Scope
    ]
    return "\n".join([header, rule, *rows]) + "\n"
