"""Generated from schema/ by clients/generate.py: do not edit."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from credit_platform_client.client import CreditPlatformClient

District = Literal["WUXING", "NANXUN", "DEQING", "CHANGXING", "ANJI"]

EnterpriseOrder = Literal["ID", "NAME", "REGISTERED_ON"]

GreenActivityClass = Literal[
    "ENERGY_SAVING",
    "ENVIRONMENTAL_PROTECTION",
    "RESOURCE_RECYCLING",
    "CLEAN_ENERGY",
    "ECOLOGICAL_PROTECTION",
    "GREEN_INFRASTRUCTURE",
    "GREEN_SERVICES",
    "NOT_GREEN",
]

RecordCategory = Literal[
    "COMMITMENT",
    "COMMITMENT_KEPT",
    "COMMITMENT_BROKEN",
    "HONOUR",
    "LICENCE",
    "PENALTY",
    "ENFORCEMENT",
    "DISHONESTY_LIST",
    "SCENARIO_EVENT",
]

RecordStatus = Literal["ACTIVE", "REPAIRED", "EXPIRED", "EXEMPTED"]

Severity = Literal["MINOR", "GENERAL", "SERIOUS"]

SizeClass = Literal["MICRO", "SMALL", "MEDIUM", "LARGE"]

TaxGrade = Literal["A", "B", "M", "C", "D"]


class EnterpriseFilter(TypedDict, total=False):
    """Filters of the enterprise list; all must hold."""

    districts: list[District] | None
    industryPrefix: str | None
    sizeClasses: list[SizeClass] | None
    taxGrades: list[TaxGrade] | None
    greenClasses: list[GreenActivityClass] | None


ENTERPRISE_CREDIT_PROFILE = """# A bank checks a prospective borrower: its public profile, tax grade, green profile and
# publishable credit records.
query EnterpriseCreditProfile($uscc: UnifiedSocialCreditCode!) {
  enterprise(uscc: $uscc) {
    id
    uscc
    name
    industryCode
    district
    sizeClass
    registeredOn
    registeredCapital
    taxGrade
    taxRatings { year grade }
    greenClass
    greenProfile { activityClass carbonIntensity carbonReductionTonnes esgScore asOf }
    creditRecords(first: 20) {
      nodes { id category severity occurredAt publicityUntil summary department { name } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""


async def enterprise_credit_profile(client: CreditPlatformClient, *, uscc: str) -> dict[str, Any]:
    """Run EnterpriseCreditProfile (used by: bank, credit_office, regulator)."""
    return await client.execute(
        ENTERPRISE_CREDIT_PROFILE, {"uscc": uscc}, operation_name="EnterpriseCreditProfile"
    )


FETCH_NODE = """# Any object again by the global ID a previous answer gave.
query FetchNode($id: ID!) {
  node(id: $id) {
    id
    ... on Enterprise { uscc name }
  }
}"""


async def fetch_node(client: CreditPlatformClient, *, id: str) -> dict[str, Any]:
    """Run FetchNode (used by: bank, credit_office)."""
    return await client.execute(FETCH_NODE, {"id": id}, operation_name="FetchNode")


GREEN_ENTERPRISES = """# A bank lists green enterprises in its districts, page by page ("the bank finds the firm").
query GreenEnterprises($first: Int!, $after: String, $filter: EnterpriseFilter) {
  enterprises(first: $first, after: $after, filter: $filter) {
    edges {
      cursor
      node { id uscc name district sizeClass taxGrade greenClass greenProfile { esgScore carbonIntensity } }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def green_enterprises(
    client: CreditPlatformClient,
    *,
    first: int,
    after: str | None = None,
    filter: EnterpriseFilter | None = None,
) -> dict[str, Any]:
    """Run GreenEnterprises (used by: bank, credit_office)."""
    return await client.execute(
        GREEN_ENTERPRISES,
        {"first": first, "after": after, "filter": filter},
        operation_name="GreenEnterprises",
    )


SCAN_MERCHANT = """# The city app shows who a merchant is when a person scans its code.
query ScanMerchant($uscc: UnifiedSocialCreditCode!) {
  merchant(uscc: $uscc) { id uscc name commerceDistrict district }
}"""


async def scan_merchant(client: CreditPlatformClient, *, uscc: str) -> dict[str, Any]:
    """Run ScanMerchant (used by: citizen_app)."""
    return await client.execute(SCAN_MERCHANT, {"uscc": uscc}, operation_name="ScanMerchant")


MERCHANT_CREDIT_RECORDS = """# A commerce-district operator reviews a merchant's publishable credit records.
query MerchantCreditRecords($uscc: UnifiedSocialCreditCode!, $first: Int!, $after: String) {
  merchant(uscc: $uscc) {
    id
    uscc
    name
    commerceDistrict
    district
    creditRecords(first: $first, after: $after) {
      nodes { id category severity occurredAt summary department { name } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""


async def merchant_credit_records(
    client: CreditPlatformClient, *, uscc: str, first: int, after: str | None = None
) -> dict[str, Any]:
    """Run MerchantCreditRecords (used by: commerce_district, credit_office, regulator)."""
    return await client.execute(
        MERCHANT_CREDIT_RECORDS,
        {"uscc": uscc, "first": first, "after": after},
        operation_name="MerchantCreditRecords",
    )


HOUSEHOLD_CREDIT_RECORDS = """# A village committee reviews a household's publishable credit records.
query HouseholdCreditRecords($village: String!, $householdNumber: String!) {
  household(village: $village, householdNumber: $householdNumber) {
    id
    village
    householdNumber
    district
    memberCount
    creditRecords(first: 20) {
      nodes { id category occurredAt summary department { name } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""


async def household_credit_records(
    client: CreditPlatformClient, *, village: str, household_number: str
) -> dict[str, Any]:
    """Run HouseholdCreditRecords (used by: credit_office, regulator, village_committee)."""
    return await client.execute(
        HOUSEHOLD_CREDIT_RECORDS,
        {"village": village, "householdNumber": household_number},
        operation_name="HouseholdCreditRecords",
    )


ENTERPRISE_TAX_PROFILE = """# The tax bureau looks up an enterprise before reporting its rating and carbon results.
query EnterpriseTaxProfile($uscc: UnifiedSocialCreditCode!) {
  enterprise(uscc: $uscc) {
    id
    uscc
    name
    taxGrade
    taxRatings { year grade }
    greenProfile { activityClass emissionsTonnes carbonIntensity carbonReductionTonnes asOf }
  }
}"""


async def enterprise_tax_profile(client: CreditPlatformClient, *, uscc: str) -> dict[str, Any]:
    """Run EnterpriseTaxProfile (used by: tax_bureau)."""
    return await client.execute(
        ENTERPRISE_TAX_PROFILE, {"uscc": uscc}, operation_name="EnterpriseTaxProfile"
    )
