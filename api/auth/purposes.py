"""Which purposes each partner type may name when it reads personal or non-public data.

One table, like the scope table: the domain rules take a type's allowed set as an argument
(``Accessor.allowed_purposes``), so moving a purpose between types is a change here alone.
Every personal query names a purpose (domain.md, "Consent, as open banking does it").
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from api.auth.principal import Principal
from api.auth.scopes import PartnerType
from api.domain.consent.model import Accessor, Purpose

#: Which purposes each partner type may use: the single source of truth. Types that read no
#: personal or non-public data have none, so any such read by them is refused.
PURPOSES_BY_TYPE: Mapping[PartnerType, frozenset[Purpose]] = MappingProxyType(
    {
        PartnerType.BANK: frozenset(
            {
                Purpose.CREDIT_LOAN,
                Purpose.TAX_CREDIT_LOAN,
                Purpose.GREEN_LOAN_MATCHING,
                Purpose.POST_LOAN_MONITORING,
                Purpose.INCENTIVE_ELIGIBILITY,
            }
        ),
        PartnerType.HOSPITAL: frozenset(
            {Purpose.PAY_AFTER_TREATMENT, Purpose.INCENTIVE_ELIGIBILITY}
        ),
        PartnerType.MOBILITY_OPERATOR: frozenset(
            {Purpose.MOBILITY_DISCOUNT, Purpose.INCENTIVE_ELIGIBILITY}
        ),
        PartnerType.COMMERCE_DISTRICT: frozenset({Purpose.INCENTIVE_ELIGIBILITY}),
        PartnerType.VILLAGE_COMMITTEE: frozenset({Purpose.INCENTIVE_ELIGIBILITY}),
        PartnerType.TAX_BUREAU: frozenset(),
        PartnerType.REGULATOR: frozenset(
            {Purpose.CREDIT_SUPERVISION, Purpose.INCENTIVE_ELIGIBILITY}
        ),
        PartnerType.CREDIT_OFFICE: frozenset(
            {Purpose.CREDIT_SUPERVISION, Purpose.INCENTIVE_ELIGIBILITY}
        ),
        PartnerType.CITIZEN_APP: frozenset({Purpose.SUBJECT_SELF_SERVICE}),
    }
)


def allowed_purposes(partner_type: PartnerType) -> frozenset[Purpose]:
    """The purposes a partner of this type may name."""
    return PURPOSES_BY_TYPE[partner_type]


def accessor_for(principal: Principal) -> Accessor:
    """The domain's view of the partner behind a request, with its type's purposes."""
    return Accessor(
        partner_id=principal.partner_id,
        partner_type=principal.partner_type.value,
        client_id=principal.client_id,
        token_id=principal.token_id,
        allowed_purposes=allowed_purposes(principal.partner_type),
    )


def purpose_table_markdown() -> str:
    """The purpose table as Markdown: a row per purpose, a column per partner type."""
    types = list(PartnerType)
    header = "| Purpose | " + " | ".join(f"`{t.value}`" for t in types) + " |"
    rule = "|---|" + "|".join(":-:" for _ in types) + "|"
    rows = [
        f"| `{purpose.value}` | "
        + " | ".join("✓" if purpose in PURPOSES_BY_TYPE[t] else "" for t in types)
        + " |"
        for purpose in Purpose
    ]
    return "\n".join([header, rule, *rows]) + "\n"
