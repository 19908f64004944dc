"""Generated from schema/ by clients/generate.py: do not edit."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from credit_platform_client.client import CreditPlatformClient

AccessOutcome = Literal["ALLOWED", "DENIED"]

BenefitKind = Literal["PERCENT_DISCOUNT", "FIXED_AMOUNT", "DEFERRED_PAYMENT", "FEE_WAIVER"]

BenefitSource = Literal["DISCOUNT", "COUPON", "DEFERRED_PAYMENT"]

CarbonBand = Literal["DARK_GREEN", "LIGHT_GREEN", "YELLOW", "RED"]

ConsentPermission = Literal[
    "READ_IDENTITY",
    "READ_INTEGRITY_CODE",
    "READ_CREDIT_RECORDS",
    "READ_EVALUATION",
    "READ_ENTERPRISE_NON_PUBLIC",
]

ConsentStatus = Literal["AWAITING_AUTHORISATION", "AUTHORISED", "REJECTED", "REVOKED", "EXPIRED"]

CouponStatus = Literal["ISSUED", "REDEEMED"]

CreditGrade = Literal["A", "B", "C", "D"]

CreditReportDomain = Literal[
    "ADMINISTRATIVE_PENALTY",
    "ADMINISTRATIVE_ENFORCEMENT",
    "SERIOUS_DISHONESTY_LIST",
    "CRIMINAL_RECORD",
]

CreditReportItemStatus = Literal["ACTIVE", "REPAIRED"]

CreditReportVerificationStatus = Literal["VALID", "ALTERED", "EXPIRED", "UNKNOWN"]

DeferredAccountStatus = Literal["OPEN", "SETTLED", "OVERDUE"]

DenialReason = Literal[
    "NO_AUTHORISATION",
    "CODE_INVALID",
    "CODE_EXPIRED",
    "CODE_REVOKED",
    "CONSENT_NOT_FOUND",
    "CONSENT_NOT_AUTHORISED",
    "CONSENT_EXPIRED",
    "CONSENT_REVOKED",
    "WRONG_PURPOSE",
    "WRONG_PARTNER",
    "WRONG_SUBJECT",
    "PERMISSION_NOT_GRANTED",
    "PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE",
    "SUBJECT_NOT_FOUND",
]

District = Literal["WUXING", "NANXUN", "DEQING", "CHANGXING", "ANJI"]

EnterpriseOrder = Literal["ID", "NAME", "REGISTERED_ON"]

EvaluationCause = Literal[
    "RECORD_ADDED", "REPAIR_APPROVED", "RECORDS_IMPORTED", "FULL_RUN", "RECORDS_EXPIRED", "SEED"
]

FinancingNeedStatus = Literal["OPEN", "FULLY_CLAIMED", "WITHDRAWN"]

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

GreenTier = Literal["DEEP_GREEN", "GREEN", "LIGHT_GREEN", "NOT_GREEN"]

IncentiveStatisticsDimension = Literal[
    "SCENARIO", "CATEGORY", "OPERATOR_TYPE", "PARTNER", "DISTRICT", "DAY", "MONTH"
]

IneligibilityReason = Literal[
    "NOT_AUTHORISED",
    "NO_INTEGRITY_COLOUR",
    "COLOUR_BELOW_LOWEST",
    "SCENARIO_NOT_STARTED",
    "SCENARIO_EXPIRED",
    "SCENARIO_RETIRED",
    "WRONG_OPERATOR_TYPE",
    "DAILY_LIMIT_REACHED",
    "UNSETTLED_OVERDUE_BILL",
]

IntegrityColour = Literal["BLUE", "GREEN", "YELLOW", "ORANGE", "RED"]

IssueCreditReportErrorCode = Literal[
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "PERIOD_END_BEFORE_START",
    "PERIOD_IN_FUTURE",
    "NO_DOMAINS",
    "ACCESS_DENIED",
    "SIGNING_UNAVAILABLE",
]

LoanKind = Literal["GREEN_LOAN", "TAX_CREDIT_LOAN", "CREDIT_LOAN"]

LoanProductStatus = Literal["DRAFT", "PUBLISHED", "RETIRED"]

MatchCriterion = Literal[
    "DISTRICT",
    "INDUSTRY",
    "SIZE_CLASS",
    "TAX_GRADE",
    "CREDIT_GRADE",
    "GREEN",
    "GREEN_TIER",
    "CARBON_BAND",
    "NO_SERIOUS_DISHONESTY",
]

MatchScoreComponent = Literal["CREDIT", "TAX", "GREEN_TIER", "CARBON_BAND", "ESG"]

MerchantColour = Literal["GREEN", "BLUE", "YELLOW", "RED"]

OperatorType = Literal[
    "BANK",
    "HOSPITAL",
    "MOBILITY_OPERATOR",
    "COMMERCE_DISTRICT",
    "VILLAGE_COMMITTEE",
    "TAX_BUREAU",
    "REGULATOR",
    "CREDIT_OFFICE",
    "CITIZEN_APP",
]

Purpose = Literal[
    "PAY_AFTER_TREATMENT",
    "MOBILITY_DISCOUNT",
    "CREDIT_LOAN",
    "TAX_CREDIT_LOAN",
    "GREEN_LOAN_MATCHING",
    "POST_LOAN_MONITORING",
    "INCENTIVE_ELIGIBILITY",
    "CREDIT_SUPERVISION",
    "SUBJECT_SELF_SERVICE",
]

RecordCategory = Literal[
    "COMMITMENT",
    "COMMITMENT_KEPT",
    "COMMITMENT_BROKEN",
    "HONOUR",
    "VOLUNTARY_SERVICE",
    "LICENCE",
    "PENALTY",
    "ENFORCEMENT",
    "DISHONESTY_LIST",
    "CRIMINAL_RECORD",
    "SCENARIO_EVENT",
]

RecordStatus = Literal["ACTIVE", "REPAIRED", "EXPIRED", "EXEMPTED"]

RepairState = Literal["AWAITING", "APPLIED", "REPAIRED", "REJECTED"]

Severity = Literal["MINOR", "GENERAL", "SERIOUS"]

SizeClass = Literal["MICRO", "SMALL", "MEDIUM", "LARGE"]

SubjectKind = Literal["PERSON", "ENTERPRISE", "MERCHANT", "HOUSEHOLD"]

TaxGrade = Literal["A", "B", "M", "C", "D"]

WebhookDeliveryStatus = Literal["PENDING", "DELIVERED", "FAILING"]

WebhookEventType = Literal[
    "GRADE_WORSENED",
    "SERIOUS_DISHONESTY",
    "SERIOUS_RECORD",
    "GREEN_STATUS_WORSENED",
    "FINANCING_NEED_POSTED",
]


class AddExemptMatterInput(TypedDict, total=False):
    """A matter to put on the exempt-from-penalty list."""

    code: str
    description: str
    conditions: str
    guidance: str
    windowMonths: int


class AuditLogFilter(TypedDict, total=False):
    """Filters of the audit log search; all must hold."""

    partnerId: int | None
    residentId: str | None
    uscc: str | None
    purpose: Purpose | None
    outcome: AccessOutcome | None
    occurredFrom: str | None
    occurredUntil: str | None


class ColourValueInput(TypedDict, total=False):
    """A colour and its own benefit value."""

    colour: IntegrityColour
    value: str


class CommitmentOutcomeInput(TypedDict, total=False):
    """Whether a signed credit commitment was kept."""

    subject: SubjectInput
    department: str
    occurredAt: str
    summary: str
    idempotencyKey: str
    publicityUntil: str | None
    kept: bool
    severity: Severity | None


class CreditLineInput(TypedDict, total=False):
    """A credit line the bank granted."""

    reference: str
    uscc: str
    productId: str
    amount: str
    grantedOn: str


class EnterpriseFilter(TypedDict, total=False):
    """Filters of the enterprise list; all must hold."""

    districts: list[District] | None
    industryPrefix: str | None
    sizeClasses: list[SizeClass] | None
    taxGrades: list[TaxGrade] | None
    greenClasses: list[GreenActivityClass] | None


class FactInput(TypedDict, total=False):
    """What every reported fact carries."""

    subject: SubjectInput
    department: str
    occurredAt: str
    summary: str
    idempotencyKey: str
    publicityUntil: str | None


class FinancingNeedInput(TypedDict, total=False):
    """A financing need, posted by the signed-in enterprise."""

    uscc: str
    amount: str
    purpose: str
    termMonths: int


class GreenProfileInput(TypedDict, total=False):
    """An enterprise's green profile, from the tax bureau."""

    uscc: str
    activityClass: GreenActivityClass
    emissionsTonnes: str
    carbonIntensity: str
    carbonReductionTonnes: str
    esgScore: str
    asOf: str


class IncentiveStatisticsFilter(TypedDict, total=False):
    """Which benefits count, and how to group them; all filters must hold."""

    scenarioCodes: list[str] | None
    categoryCodes: list[str] | None
    operatorTypes: list[OperatorType] | None
    districts: list[District] | None
    partnerIds: list[int] | None
    grantedFrom: str | None
    grantedUntil: str | None
    groupBy: list[IncentiveStatisticsDimension] | None


class IssueCouponsInput(TypedDict, total=False):
    """Issue coupons of a scenario to the persons who consented."""

    scenarioCode: str
    expiresAt: str
    idempotencyKey: str
    limit: int


class IssueCreditReportInput(TypedDict, total=False):
    """What a special credit report covers: whom, which days, which domains."""

    residentId: str | None
    uscc: str | None
    periodFrom: str
    periodUntil: str
    domains: list[CreditReportDomain]


class LoanCriteriaInput(TypedDict, total=False):
    """Who a product is for; all must hold."""

    districts: list[District] | None
    industryPrefixes: list[str] | None
    sizeClasses: list[SizeClass] | None
    lowestTaxGrade: TaxGrade | None
    lowestCreditGrade: str | None
    greenRequired: bool
    lowestGreenTier: GreenTier | None
    worstCarbonBand: CarbonBand | None
    noSeriousDishonesty: bool


class LoanProductInput(TypedDict, total=False):
    """A loan product as a bank defines it."""

    name: str
    kind: LoanKind
    criteria: LoanCriteriaInput
    amountMin: str
    amountMax: str
    rateMin: str
    rateMax: str
    validFrom: str
    validUntil: str | None
    taxMultiple: str | None


class NegativeFactInput(TypedDict, total=False):
    """A negative fact, with its severity."""

    subject: SubjectInput
    department: str
    occurredAt: str
    summary: str
    idempotencyKey: str
    publicityUntil: str | None
    severity: Severity


class OpenDeferredAccountInput(TypedDict, total=False):
    """Open a visit's deferred account from the patient's scanned code."""

    integrityCode: str
    visitNumber: str
    scenarioCode: str


class PenaltyInput(TypedDict, total=False):
    """An administrative penalty."""

    subject: SubjectInput
    department: str
    occurredAt: str
    summary: str
    idempotencyKey: str
    publicityUntil: str | None
    severity: Severity
    matterCode: str | None


class PublishRuleSetInput(TypedDict, total=False):
    """A new rule set: a version, an effective date and the parameters."""

    version: str
    effectiveFrom: str
    description: str
    parameters: str


class RecordDeferredChargeInput(TypedDict, total=False):
    """One charge during a visit."""

    visitNumber: str
    amount: str
    item: str
    department: str
    idempotencyKey: str


class RedeemCouponInput(TypedDict, total=False):
    """Redeem a coupon on one order."""

    couponCode: str
    orderReference: str
    orderAmount: str
    idempotencyKey: str


class RedeemMobilityDiscountInput(TypedDict, total=False):
    """Grant a discount on one order to the person who showed a code."""

    scenarioCode: str
    integrityCode: str
    orderReference: str
    orderAmount: str
    idempotencyKey: str


class RequestConsentInput(TypedDict, total=False):
    """A partner asks a subject (a person or an enterprise) for consent."""

    residentId: str | None
    uscc: str | None
    permissions: list[ConsentPermission]
    purpose: Purpose
    expiresAt: str


class SaveIncentiveCategoryInput(TypedDict, total=False):
    """A category to add or change (by code)."""

    code: str
    name: str
    nameZh: str
    description: str


class SaveIncentiveScenarioInput(TypedDict, total=False):
    """A scenario to add or change (by code)."""

    code: str
    categoryCode: str
    name: str
    nameZh: str
    description: str
    operatorType: OperatorType
    purpose: Purpose
    lowestColour: IntegrityColour
    benefitKind: BenefitKind
    benefitValue: str
    validFrom: str
    benefitCap: str | None
    colourValues: list[ColourValueInput]
    dailyLimit: int | None
    settleWithinDays: int | None
    validUntil: str | None
    active: bool


class SettleDeferredAccountInput(TypedDict, total=False):
    """Settle a visit once, after treatment."""

    visitNumber: str
    idempotencyKey: str


class SubjectInput(TypedDict, total=False):
    """Who the fact is about: exactly one of the three ways to name one."""

    residentId: str | None
    uscc: str | None
    village: str | None
    householdNumber: str | None


BORROWER_CREDIT_CHECK = """# A bank reads a borrower under the consent they authorised for a credit loan.
query BorrowerCreditCheck($residentId: ResidentId!, $consentId: ID!) {
  person(purpose: CREDIT_LOAN, residentId: $residentId, consentId: $consentId) {
    person {
      residentId
      name
      district
      creditRecords(first: 10) { nodes { category severity occurredAt summary department { name } } }
    }
    denial { reason message }
  }
}"""


async def borrower_credit_check(
    client: CreditPlatformClient, *, resident_id: str, consent_id: str
) -> dict[str, Any]:
    """Run BorrowerCreditCheck (used by: bank)."""
    return await client.execute(
        BORROWER_CREDIT_CHECK,
        {"residentId": resident_id, "consentId": consent_id},
        operation_name="BorrowerCreditCheck",
    )


CLAIM_FINANCING_NEED = """# A bank claims a need: the first three get access to it, later claims are refused (CLAIMS_FULL).
mutation ClaimFinancingNeed($needId: ID!) {
  claimFinancingNeed(needId: $needId) {
    need { id yourPosition claimsLeft status purpose enterprise { uscc name } }
    errors { field message code }
  }
}"""


async def claim_financing_need(client: CreditPlatformClient, *, need_id: str) -> dict[str, Any]:
    """Run ClaimFinancingNeed (used by: bank)."""
    return await client.execute(
        CLAIM_FINANCING_NEED, {"needId": need_id}, operation_name="ClaimFinancingNeed"
    )


CREATE_LOAN_PRODUCT = """# A bank registers a loan product as a draft (only it sees drafts), then publishes it.
mutation CreateLoanProduct($productInput: LoanProductInput!) {
  createLoanProduct(input: $productInput) {
    product { id name kind status version amountMin amountMax rateMin rateMax taxMultiple validFrom validUntil
      criteria { districts industryPrefixes sizeClasses lowestTaxGrade lowestCreditGrade greenRequired lowestGreenTier worstCarbonBand noSeriousDishonesty } }
    errors { field message code }
  }
}"""


async def create_loan_product(
    client: CreditPlatformClient, *, product_input: LoanProductInput
) -> dict[str, Any]:
    """Run CreateLoanProduct (used by: bank)."""
    return await client.execute(
        CREATE_LOAN_PRODUCT, {"productInput": product_input}, operation_name="CreateLoanProduct"
    )


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


ENTERPRISE_EVALUATION = """# A bank reads a borrower's public credit evaluation and its main reasons.
query EnterpriseEvaluation($uscc: UnifiedSocialCreditCode!) {
  enterprise(uscc: $uscc) {
    id name
    evaluation {
      score grade ruleSetVersion evaluatedAt
      reasons(first: 4) { code points detail }
    }
    evaluationHistory(first: 5) { nodes { score grade cause evaluatedAt } }
  }
}"""


async def enterprise_evaluation(client: CreditPlatformClient, *, uscc: str) -> dict[str, Any]:
    """Run EnterpriseEvaluation (used by: bank)."""
    return await client.execute(
        ENTERPRISE_EVALUATION, {"uscc": uscc}, operation_name="EnterpriseEvaluation"
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


FINANCING_NEEDS = """# The financing needs a bank was told about (one of its products matches), newest first.
query FinancingNeeds($first: Int!, $after: String) {
  financingNeeds(first: $first, after: $after) {
    nodes { id amount termMonths status claimsLeft postedAt yourPosition purpose enterprise { uscc name } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def financing_needs(
    client: CreditPlatformClient, *, first: int, after: str | None = None
) -> dict[str, Any]:
    """Run FinancingNeeds (used by: bank)."""
    return await client.execute(
        FINANCING_NEEDS, {"first": first, "after": after}, operation_name="FinancingNeeds"
    )


FOLLOW_BORROWER = """# A bank follows one of its borrowers ("跟踪绿"): worsening is delivered to its webhook.
mutation FollowBorrower($uscc: UnifiedSocialCreditCode!) {
  followBorrower(uscc: $uscc) { url following errors { field message code } }
}"""


async def follow_borrower(client: CreditPlatformClient, *, uscc: str) -> dict[str, Any]:
    """Run FollowBorrower (used by: bank)."""
    return await client.execute(FOLLOW_BORROWER, {"uscc": uscc}, operation_name="FollowBorrower")


GREEN_CLASSIFICATION = """# An enterprise's green identification: green or not, tier and carbon band, with reasons.
query GreenClassification($uscc: UnifiedSocialCreditCode!) {
  greenClassification(uscc: $uscc) {
    version green tier carbonBand profileAsOf classifiedAt reasons { code detail }
  }
}"""


async def green_classification(client: CreditPlatformClient, *, uscc: str) -> dict[str, Any]:
    """Run GreenClassification (used by: bank)."""
    return await client.execute(
        GREEN_CLASSIFICATION, {"uscc": uscc}, operation_name="GreenClassification"
    )


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


LOAN_CANDIDATES = """# "银行找企业": the enterprises meeting a product's criteria, best match first, with the reasons.
query LoanCandidates($productId: ID!, $first: Int!, $after: String) {
  loanCandidates(productId: $productId, first: $first, after: $after) {
    product { id name kind }
    candidates {
      edges {
        cursor
        node {
          score
          enterprise { id uscc name district sizeClass industryCode taxGrade }
          checks { criterion met margin detail }
          scoreParts { component points maxPoints }
          lifts { component points detail }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    errors { field message code }
  }
}"""


async def loan_candidates(
    client: CreditPlatformClient, *, product_id: str, first: int, after: str | None = None
) -> dict[str, Any]:
    """Run LoanCandidates (used by: bank)."""
    return await client.execute(
        LOAN_CANDIDATES,
        {"productId": product_id, "first": first, "after": after},
        operation_name="LoanCandidates",
    )


LOAN_PRODUCTS = """# A bank lists its own loan products, drafts included.
query LoanProducts($first: Int!, $after: String) {
  loanProducts(first: $first, after: $after) {
    nodes { id name kind status version updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def loan_products(
    client: CreditPlatformClient, *, first: int, after: str | None = None
) -> dict[str, Any]:
    """Run LoanProducts (used by: bank)."""
    return await client.execute(
        LOAN_PRODUCTS, {"first": first, "after": after}, operation_name="LoanProducts"
    )


PUBLISH_LOAN_PRODUCT = """# A bank publishes one of its drafts: it matches enterprises and is told about financing needs.
mutation PublishLoanProduct($productId: ID!) {
  publishLoanProduct(id: $productId) {
    product { id status version }
    errors { field message code }
  }
}"""


async def publish_loan_product(client: CreditPlatformClient, *, product_id: str) -> dict[str, Any]:
    """Run PublishLoanProduct (used by: bank)."""
    return await client.execute(
        PUBLISH_LOAN_PRODUCT, {"productId": product_id}, operation_name="PublishLoanProduct"
    )


REGISTER_WEBHOOK = """# A bank registers the HTTPS URL its post-loan events are POSTed to (signed, retried).
mutation RegisterWebhook($webhookUrl: String!) {
  registerWebhook(url: $webhookUrl) { url following errors { field message code } }
}"""


async def register_webhook(client: CreditPlatformClient, *, webhook_url: str) -> dict[str, Any]:
    """Run RegisterWebhook (used by: bank)."""
    return await client.execute(
        REGISTER_WEBHOOK, {"webhookUrl": webhook_url}, operation_name="RegisterWebhook"
    )


REPORT_CREDIT_LINE = """# A bank reports a credit line granted, idempotently by its reference.
mutation ReportCreditLine($lineInput: CreditLineInput!) {
  reportCreditLine(input: $lineInput) {
    creditLine { id reference amount grantedOn product { id name } }
    replayed
    errors { field message code }
  }
}"""


async def report_credit_line(
    client: CreditPlatformClient, *, line_input: CreditLineInput
) -> dict[str, Any]:
    """Run ReportCreditLine (used by: bank)."""
    return await client.execute(
        REPORT_CREDIT_LINE, {"lineInput": line_input}, operation_name="ReportCreditLine"
    )


REQUEST_CONSENT = """# A bank asks a person for a standing consent; they authorise it in the city app.
mutation RequestConsent($input: RequestConsentInput!) {
  requestConsent(input: $input) {
    consent { id status purpose permissions expiresAt }
    errors { field message code }
  }
}"""


async def request_consent(
    client: CreditPlatformClient, *, input: RequestConsentInput
) -> dict[str, Any]:
    """Run RequestConsent (used by: bank)."""
    return await client.execute(REQUEST_CONSENT, {"input": input}, operation_name="RequestConsent")


TAX_CREDIT_ELIGIBILITY = """# 绿税贷: the bank's tax-credit products for an enterprise that authorised it, with amounts or reasons.
query TaxCreditEligibility($uscc: UnifiedSocialCreditCode!, $consentId: ID!) {
  taxCreditEligibility(uscc: $uscc, consentId: $consentId) {
    offers { eligible indicativeAmount product { id name } reasons { code detail } }
    denial { reason message }
    errors { field message code }
  }
}"""


async def tax_credit_eligibility(
    client: CreditPlatformClient, *, uscc: str, consent_id: str
) -> dict[str, Any]:
    """Run TaxCreditEligibility (used by: bank)."""
    return await client.execute(
        TAX_CREDIT_ELIGIBILITY,
        {"uscc": uscc, "consentId": consent_id},
        operation_name="TaxCreditEligibility",
    )


WEBHOOK_DELIVERIES = """# A bank's developer reads its own webhook outbox, newest first, to debug its receiver.
query WebhookDeliveries($first: Int!, $after: String, $status: WebhookDeliveryStatus) {
  webhookDeliveries(first: $first, after: $after, status: $status) {
    nodes { eventId type status attempts createdAt deliveredAt nextAttemptAt lastError body }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def webhook_deliveries(
    client: CreditPlatformClient,
    *,
    first: int,
    after: str | None = None,
    status: WebhookDeliveryStatus | None = None,
) -> dict[str, Any]:
    """Run WebhookDeliveries (used by: bank)."""
    return await client.execute(
        WEBHOOK_DELIVERIES,
        {"first": first, "after": after, "status": status},
        operation_name="WebhookDeliveries",
    )


APPLY_FOR_CREDIT_REPAIR = """# The signed-in enterprise applies to repair a record, with a public credit commitment.
mutation ApplyForCreditRepair($repairId: ID!, $commitment: String!, $uscc: UnifiedSocialCreditCode) {
  applyForCreditRepair(repairId: $repairId, commitment: $commitment, uscc: $uscc) {
    repairCase { id state commitment appliedAt }
    errors { field code message }
  }
}"""


async def apply_for_credit_repair(
    client: CreditPlatformClient, *, repair_id: str, commitment: str, uscc: str | None = None
) -> dict[str, Any]:
    """Run ApplyForCreditRepair (used by: citizen_app)."""
    return await client.execute(
        APPLY_FOR_CREDIT_REPAIR,
        {"repairId": repair_id, "commitment": commitment, "uscc": uscc},
        operation_name="ApplyForCreditRepair",
    )


AUTHORIZE_CONSENT = """# The signed-in person authorises a partner's consent request.
mutation AuthorizeConsent($consentId: ID!, $residentId: ResidentId!) {
  authorizeConsent(consentId: $consentId, residentId: $residentId) {
    consent { id status }
    errors { field message code }
  }
}"""


async def authorize_consent(
    client: CreditPlatformClient, *, consent_id: str, resident_id: str
) -> dict[str, Any]:
    """Run AuthorizeConsent (used by: citizen_app)."""
    return await client.execute(
        AUTHORIZE_CONSENT,
        {"consentId": consent_id, "residentId": resident_id},
        operation_name="AuthorizeConsent",
    )


ISSUE_CREDIT_REPORT = """# Issue a signed special credit report on a person (residentId) or an enterprise (uscc):
# the citizen app for the signed-in subject, the credit office for any subject.
mutation IssueCreditReport(
  $residentId: ResidentId
  $uscc: UnifiedSocialCreditCode
  $periodFrom: Date!
  $periodUntil: Date!
  $domains: [CreditReportDomain!]!
) {
  issueCreditReport(
    input: {
      residentId: $residentId
      uscc: $uscc
      periodFrom: $periodFrom
      periodUntil: $periodUntil
      domains: $domains
    }
  ) {
    report {
      number
      subjectKind
      subjectName
      subjectIdentifier
      periodFrom
      periodUntil
      issuedAt
      validUntil
      findings {
        domain
        hasRecords
        activeCount
        repairedCount
        items { occurredOn department severity status summary }
      }
      contentHash
      keyId
      document
    }
    errors { field message code }
  }
}"""


async def issue_credit_report(
    client: CreditPlatformClient,
    *,
    resident_id: str | None = None,
    uscc: str | None = None,
    period_from: str,
    period_until: str,
    domains: list[CreditReportDomain],
) -> dict[str, Any]:
    """Run IssueCreditReport (used by: citizen_app, credit_office)."""
    return await client.execute(
        ISSUE_CREDIT_REPORT,
        {
            "residentId": resident_id,
            "uscc": uscc,
            "periodFrom": period_from,
            "periodUntil": period_until,
            "domains": domains,
        },
        operation_name="IssueCreditReport",
    )


ISSUE_INTEGRITY_CODE = """# The city app shows the signed-in person a code for one scenario.
mutation IssueIntegrityCode($residentId: ResidentId!, $purpose: Purpose!) {
  issueIntegrityCode(residentId: $residentId, purpose: $purpose) {
    code
    expiresAt
    errors { field message code }
  }
}"""


async def issue_integrity_code(
    client: CreditPlatformClient, *, resident_id: str, purpose: Purpose
) -> dict[str, Any]:
    """Run IssueIntegrityCode (used by: citizen_app)."""
    return await client.execute(
        ISSUE_INTEGRITY_CODE,
        {"residentId": resident_id, "purpose": purpose},
        operation_name="IssueIntegrityCode",
    )


MY_ACCESS_LOG = """# The signed-in person sees who read their data, when, why and under which consent.
query MyAccessLog($residentId: ResidentId!, $first: Int!, $after: String) {
  myAccessLog(residentId: $residentId, first: $first, after: $after) {
    nodes { occurredAt partnerName partnerType purpose fields outcome reason consentId byIntegrityCode }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def my_access_log(
    client: CreditPlatformClient, *, resident_id: str, first: int, after: str | None = None
) -> dict[str, Any]:
    """Run MyAccessLog (used by: citizen_app)."""
    return await client.execute(
        MY_ACCESS_LOG,
        {"residentId": resident_id, "first": first, "after": after},
        operation_name="MyAccessLog",
    )


MY_CREDIT_REPAIRS = """# The signed-in enterprise's repair cases: from when each record can be repaired.
query MyCreditRepairs($uscc: UnifiedSocialCreditCode, $first: Int!) {
  myCreditRepairs(uscc: $uscc, first: $first) {
    nodes { id state severity eligibleOn decisionReason record { category summary status } }
  }
}"""


async def my_credit_repairs(
    client: CreditPlatformClient, *, uscc: str | None = None, first: int
) -> dict[str, Any]:
    """Run MyCreditRepairs (used by: citizen_app)."""
    return await client.execute(
        MY_CREDIT_REPAIRS, {"uscc": uscc, "first": first}, operation_name="MyCreditRepairs"
    )


MY_FINANCING_NEEDS = """# The signed-in enterprise's financing needs and how many of the three places are taken.
query MyFinancingNeeds($uscc: UnifiedSocialCreditCode!, $first: Int!) {
  myFinancingNeeds(uscc: $uscc, first: $first) {
    nodes { id amount termMonths purpose status claimsLeft postedAt }
  }
}"""


async def my_financing_needs(
    client: CreditPlatformClient, *, uscc: str, first: int
) -> dict[str, Any]:
    """Run MyFinancingNeeds (used by: citizen_app)."""
    return await client.execute(
        MY_FINANCING_NEEDS, {"uscc": uscc, "first": first}, operation_name="MyFinancingNeeds"
    )


POST_FINANCING_NEED = """# The signed-in enterprise posts a financing need; banks with a matching product are told.
mutation PostFinancingNeed($needInput: FinancingNeedInput!) {
  postFinancingNeed(input: $needInput) {
    need { id amount termMonths purpose status claimsLeft postedAt }
    banksTold
    errors { field message code }
  }
}"""


async def post_financing_need(
    client: CreditPlatformClient, *, need_input: FinancingNeedInput
) -> dict[str, Any]:
    """Run PostFinancingNeed (used by: citizen_app)."""
    return await client.execute(
        POST_FINANCING_NEED, {"needInput": need_input}, operation_name="PostFinancingNeed"
    )


SCAN_MERCHANT = """# The city app shows who a merchant is, and its four-colour code, when a person scans it.
query ScanMerchant($uscc: UnifiedSocialCreditCode!) {
  merchant(uscc: $uscc) { id uscc name commerceDistrict district colourCode }
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


AUDIT_LOG = """# The credit office searches the audit log.
query AuditLog($first: Int!, $filter: AuditLogFilter) {
  auditLog(first: $first, filter: $filter) {
    nodes { occurredAt partnerName partnerType purpose fields outcome reason requestId }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def audit_log(
    client: CreditPlatformClient, *, first: int, filter: AuditLogFilter | None = None
) -> dict[str, Any]:
    """Run AuditLog (used by: credit_office)."""
    return await client.execute(
        AUDIT_LOG, {"first": first, "filter": filter}, operation_name="AuditLog"
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


INCENTIVE_CATALOGUE = """# The credit office reads the incentive catalogue: categories and scenarios.
query IncentiveCatalogue {
  incentiveCategories { code name nameZh description }
  incentiveScenarios {
    code categoryCode name nameZh operatorType purpose lowestColour benefitKind benefitValue
    benefitCap dailyLimit settleWithinDays validFrom validUntil active
    colourValues { colour value }
  }
}"""


async def incentive_catalogue(client: CreditPlatformClient) -> dict[str, Any]:
    """Run IncentiveCatalogue (used by: credit_office)."""
    return await client.execute(INCENTIVE_CATALOGUE, {}, operation_name="IncentiveCatalogue")


INCENTIVE_STATISTICS = """# The credit office asks how many people benefited, how often and how much.
query IncentiveStatistics($incentiveStatisticsFilter: IncentiveStatisticsFilter) {
  incentiveStatistics(filter: $incentiveStatisticsFilter) {
    total { beneficiaries uses totalBenefit }
    groups { keys { dimension value } beneficiaries uses totalBenefit }
  }
}"""


async def incentive_statistics(
    client: CreditPlatformClient,
    *,
    incentive_statistics_filter: IncentiveStatisticsFilter | None = None,
) -> dict[str, Any]:
    """Run IncentiveStatistics (used by: credit_office)."""
    return await client.execute(
        INCENTIVE_STATISTICS,
        {"incentiveStatisticsFilter": incentive_statistics_filter},
        operation_name="IncentiveStatistics",
    )


LENDING_STATISTICS = """# The credit office's lending statistics: enterprises served, lines, green share, by bank, district, month.
query LendingStatistics($periodFrom: Date!, $periodUntil: Date!) {
  lendingStatistics(periodFrom: $periodFrom, periodUntil: $periodUntil) {
    rows { bankPartnerId district period enterprisesServed lines totalAmount greenAmount greenShare }
    errors { field message code }
  }
}"""


async def lending_statistics(
    client: CreditPlatformClient, *, period_from: str, period_until: str
) -> dict[str, Any]:
    """Run LendingStatistics (used by: credit_office)."""
    return await client.execute(
        LENDING_STATISTICS,
        {"periodFrom": period_from, "periodUntil": period_until},
        operation_name="LendingStatistics",
    )


RULE_SETS = """# The credit office lists the published rule sets and which is active.
query RuleSets {
  ruleSets { version effectiveFrom description active publishedAt parameters }
}"""


async def rule_sets(client: CreditPlatformClient) -> dict[str, Any]:
    """Run RuleSets (used by: credit_office)."""
    return await client.execute(RULE_SETS, {}, operation_name="RuleSets")


SAVE_INCENTIVE_SCENARIO = """# The credit office adds or changes a scenario of the catalogue.
mutation SaveIncentiveScenario($incentiveScenario: SaveIncentiveScenarioInput!) {
  saveIncentiveScenario(input: $incentiveScenario) {
    scenario { code operatorType lowestColour benefitKind benefitValue active }
    errors { field code message }
  }
}"""


async def save_incentive_scenario(
    client: CreditPlatformClient, *, incentive_scenario: SaveIncentiveScenarioInput
) -> dict[str, Any]:
    """Run SaveIncentiveScenario (used by: credit_office)."""
    return await client.execute(
        SAVE_INCENTIVE_SCENARIO,
        {"incentiveScenario": incentive_scenario},
        operation_name="SaveIncentiveScenario",
    )


OPEN_DEFERRED_ACCOUNT = """# A hospital opens a visit for pay after treatment (idempotent by visit number).
mutation OpenDeferredAccount($patOpen: OpenDeferredAccountInput!) {
  openDeferredAccount(input: $patOpen) {
    account { visitNumber colour creditLimit total remaining status dueOn }
    replayed
    errors { field code message }
  }
}"""


async def open_deferred_account(
    client: CreditPlatformClient, *, pat_open: OpenDeferredAccountInput
) -> dict[str, Any]:
    """Run OpenDeferredAccount (used by: hospital)."""
    return await client.execute(
        OPEN_DEFERRED_ACCOUNT, {"patOpen": pat_open}, operation_name="OpenDeferredAccount"
    )


PATIENT_ELIGIBILITY = """# A hospital reads the patient who showed their integrity code, for pay-after-treatment.
query PatientEligibility($code: String!) {
  person(purpose: PAY_AFTER_TREATMENT, integrityCode: $code) {
    person { residentId name district }
    denial { reason message }
  }
}"""


async def patient_eligibility(client: CreditPlatformClient, *, code: str) -> dict[str, Any]:
    """Run PatientEligibility (used by: hospital)."""
    return await client.execute(
        PATIENT_ELIGIBILITY, {"code": code}, operation_name="PatientEligibility"
    )


PAY_AFTER_TREATMENT_ELIGIBILITY = """# A hospital checks whether the patient who showed their integrity code may pay after treatment.
query PayAfterTreatmentEligibility($code: String!) {
  payAfterTreatmentEligibility(integrityCode: $code) {
    scenarioCode eligible reasons denial colour value
  }
}"""


async def pay_after_treatment_eligibility(
    client: CreditPlatformClient, *, code: str
) -> dict[str, Any]:
    """Run PayAfterTreatmentEligibility (used by: hospital)."""
    return await client.execute(
        PAY_AFTER_TREATMENT_ELIGIBILITY,
        {"code": code},
        operation_name="PayAfterTreatmentEligibility",
    )


RECORD_DEFERRED_CHARGE = """# A hospital records one charge of a visit; refused past the visit's limit.
mutation RecordDeferredCharge($patCharge: RecordDeferredChargeInput!) {
  recordDeferredCharge(input: $patCharge) {
    account { visitNumber total remaining chargeCount status }
    charge { amount item department chargedAt }
    replayed
    errors { field code message }
  }
}"""


async def record_deferred_charge(
    client: CreditPlatformClient, *, pat_charge: RecordDeferredChargeInput
) -> dict[str, Any]:
    """Run RecordDeferredCharge (used by: hospital)."""
    return await client.execute(
        RECORD_DEFERRED_CHARGE, {"patCharge": pat_charge}, operation_name="RecordDeferredCharge"
    )


SETTLE_DEFERRED_ACCOUNT = """# A hospital settles a visit once, after treatment.
mutation SettleDeferredAccount($patSettle: SettleDeferredAccountInput!) {
  settleDeferredAccount(input: $patSettle) {
    account { visitNumber status settledAt settledAmount charges { amount item department } }
    settledBenefit { benefitAmount }
    replayed
    errors { field code message }
  }
}"""


async def settle_deferred_account(
    client: CreditPlatformClient, *, pat_settle: SettleDeferredAccountInput
) -> dict[str, Any]:
    """Run SettleDeferredAccount (used by: hospital)."""
    return await client.execute(
        SETTLE_DEFERRED_ACCOUNT, {"patSettle": pat_settle}, operation_name="SettleDeferredAccount"
    )


ISSUE_COUPONS = """# A mobility operator issues coupons of a scenario to the persons who consented.
mutation IssueCoupons($couponBatch: IssueCouponsInput!) {
  issueCoupons(input: $couponBatch) {
    issuedCount skipped replayed
    coupons { code colour faceValue expiresAt status }
    errors { field code message }
  }
}"""


async def issue_coupons(
    client: CreditPlatformClient, *, coupon_batch: IssueCouponsInput
) -> dict[str, Any]:
    """Run IssueCoupons (used by: mobility_operator)."""
    return await client.execute(
        ISSUE_COUPONS, {"couponBatch": coupon_batch}, operation_name="IssueCoupons"
    )


MOBILITY_DISCOUNT_ELIGIBILITY = """# A parking or car-rental operator validates a scanned code for one of its scenarios.
query MobilityDiscountEligibility($scenarioCode: String!, $mobilityCode: String!) {
  mobilityDiscountEligibility(scenarioCode: $scenarioCode, integrityCode: $mobilityCode) {
    scenarioCode eligible reasons denial colour value usesToday
  }
}"""


async def mobility_discount_eligibility(
    client: CreditPlatformClient, *, scenario_code: str, mobility_code: str
) -> dict[str, Any]:
    """Run MobilityDiscountEligibility (used by: mobility_operator)."""
    return await client.execute(
        MOBILITY_DISCOUNT_ELIGIBILITY,
        {"scenarioCode": scenario_code, "mobilityCode": mobility_code},
        operation_name="MobilityDiscountEligibility",
    )


MOBILITY_SCENARIOS = """# A mobility operator lists the scenarios it operates.
query MobilityScenarios {
  incentiveScenarios(operatorType: MOBILITY_OPERATOR) {
    code name nameZh lowestColour benefitKind benefitValue benefitCap dailyLimit validUntil active
    colourValues { colour value }
  }
}"""


async def mobility_scenarios(client: CreditPlatformClient) -> dict[str, Any]:
    """Run MobilityScenarios (used by: mobility_operator)."""
    return await client.execute(MOBILITY_SCENARIOS, {}, operation_name="MobilityScenarios")


REDEEM_COUPON = """# A mobility operator redeems one of its coupons on an order (at most once).
mutation RedeemCoupon($couponRedeem: RedeemCouponInput!) {
  redeemCoupon(input: $couponRedeem) {
    grant { scenarioCode source orderReference benefitAmount grantedAt }
    replayed
    errors { field code message }
  }
}"""


async def redeem_coupon(
    client: CreditPlatformClient, *, coupon_redeem: RedeemCouponInput
) -> dict[str, Any]:
    """Run RedeemCoupon (used by: mobility_operator)."""
    return await client.execute(
        REDEEM_COUPON, {"couponRedeem": coupon_redeem}, operation_name="RedeemCoupon"
    )


REDEEM_MOBILITY_DISCOUNT = """# A mobility operator grants a discount on one order (once per key and order, within the daily limit).
mutation RedeemMobilityDiscount($mobilityRedeem: RedeemMobilityDiscountInput!) {
  redeemMobilityDiscount(input: $mobilityRedeem) {
    grant { scenarioCode source orderReference orderAmount benefitAmount grantedAt }
    replayed
    errors { field code message }
  }
}"""


async def redeem_mobility_discount(
    client: CreditPlatformClient, *, mobility_redeem: RedeemMobilityDiscountInput
) -> dict[str, Any]:
    """Run RedeemMobilityDiscount (used by: mobility_operator)."""
    return await client.execute(
        REDEEM_MOBILITY_DISCOUNT,
        {"mobilityRedeem": mobility_redeem},
        operation_name="RedeemMobilityDiscount",
    )


SCAN_PERSON_CODE = """# A parking or car-rental operator reads the person who showed their code, for a discount.
query ScanPersonCode($code: String!) {
  person(purpose: MOBILITY_DISCOUNT, integrityCode: $code) {
    person { residentId name district }
    denial { reason message }
  }
}"""


async def scan_person_code(client: CreditPlatformClient, *, code: str) -> dict[str, Any]:
    """Run ScanPersonCode (used by: mobility_operator)."""
    return await client.execute(SCAN_PERSON_CODE, {"code": code}, operation_name="ScanPersonCode")


VERIFY_CREDIT_REPORT = """# Anyone (no access token) verifies a special credit report by its number and document.
query VerifyCreditReport($number: String!, $document: String!) {
  verifyCreditReport(number: $number, document: $document) {
    status
    issuedAt
    validUntil
  }
}"""


async def verify_credit_report(
    client: CreditPlatformClient, *, number: str, document: str
) -> dict[str, Any]:
    """Run VerifyCreditReport (used by: public)."""
    return await client.execute(
        VERIFY_CREDIT_REPORT,
        {"number": number, "document": document},
        operation_name="VerifyCreditReport",
    )


DECIDE_CREDIT_REPAIR = """# A regulator approves or rejects a repair application, with a reason.
mutation DecideCreditRepair($repairId: ID!, $approve: Boolean!, $reason: String!) {
  decideCreditRepair(repairId: $repairId, approve: $approve, reason: $reason) {
    repairCase { id state decisionReason followUpDueOn }
    evaluation { score grade }
    errors { field code message }
  }
}"""


async def decide_credit_repair(
    client: CreditPlatformClient, *, repair_id: str, approve: bool, reason: str
) -> dict[str, Any]:
    """Run DecideCreditRepair (used by: regulator)."""
    return await client.execute(
        DECIDE_CREDIT_REPAIR,
        {"repairId": repair_id, "approve": approve, "reason": reason},
        operation_name="DecideCreditRepair",
    )


EXEMPT_MATTERS = """# The exempt-from-penalty list, to quote a matter code in recordPenalty.
query ExemptMatters {
  exemptMatters { code description conditions guidance windowMonths active }
}"""


async def exempt_matters(client: CreditPlatformClient) -> dict[str, Any]:
    """Run ExemptMatters (used by: regulator)."""
    return await client.execute(EXEMPT_MATTERS, {}, operation_name="ExemptMatters")


RECORD_PENALTY = """# A regulator records a penalty; a first minor violation of a listed matter is exempted.
mutation RecordPenalty($penalty: PenaltyInput!) {
  recordPenalty(input: $penalty) {
    record { id category severity status occurredAt publicityUntil }
    replayed exempted guidance repairEligibleOn
    evaluation { score grade reasons { code points detail } }
    errors { field code message }
  }
}"""


async def record_penalty(client: CreditPlatformClient, *, penalty: PenaltyInput) -> dict[str, Any]:
    """Run RecordPenalty (used by: regulator)."""
    return await client.execute(
        RECORD_PENALTY, {"penalty": penalty}, operation_name="RecordPenalty"
    )


REPAIR_QUEUE = """# A regulator's queue of repair applications.
query RepairQueue($first: Int!) {
  creditRepairs(first: $first, states: [APPLIED]) {
    nodes { id state severity eligibleOn commitment appliedAt record { category summary } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def repair_queue(client: CreditPlatformClient, *, first: int) -> dict[str, Any]:
    """Run RepairQueue (used by: regulator)."""
    return await client.execute(REPAIR_QUEUE, {"first": first}, operation_name="RepairQueue")


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


RECORD_HONOUR = """# The tax bureau records an honour (e.g. an A-grade taxpayer commendation).
mutation RecordHonour($fact: FactInput!) {
  recordHonour(input: $fact) {
    record { id category occurredAt }
    replayed
    errors { field code message }
  }
}"""


async def record_honour(client: CreditPlatformClient, *, fact: FactInput) -> dict[str, Any]:
    """Run RecordHonour (used by: tax_bureau)."""
    return await client.execute(RECORD_HONOUR, {"fact": fact}, operation_name="RecordHonour")


REPORT_TAX_PAID = """# The tax bureau reports the tax an enterprise paid in a year (read by banks only with consent).
mutation ReportTaxPaid($uscc: UnifiedSocialCreditCode!, $taxYear: Int!, $taxAmount: Decimal!) {
  reportTaxPaid(uscc: $uscc, year: $taxYear, amount: $taxAmount) { stored errors { field message code } }
}"""


async def report_tax_paid(
    client: CreditPlatformClient, *, uscc: str, tax_year: int, tax_amount: str
) -> dict[str, Any]:
    """Run ReportTaxPaid (used by: tax_bureau)."""
    return await client.execute(
        REPORT_TAX_PAID,
        {"uscc": uscc, "taxYear": tax_year, "taxAmount": tax_amount},
        operation_name="ReportTaxPaid",
    )


UPDATE_GREEN_PROFILE = """# The tax bureau reports an enterprise's green profile; its classification is recomputed at once.
mutation UpdateGreenProfile($greenProfile: GreenProfileInput!) {
  updateGreenProfile(input: $greenProfile) {
    classification { version green tier carbonBand reasons { code detail } }
    errors { field message code }
  }
}"""


async def update_green_profile(
    client: CreditPlatformClient, *, green_profile: GreenProfileInput
) -> dict[str, Any]:
    """Run UpdateGreenProfile (used by: tax_bureau)."""
    return await client.execute(
        UPDATE_GREEN_PROFILE, {"greenProfile": green_profile}, operation_name="UpdateGreenProfile"
    )
