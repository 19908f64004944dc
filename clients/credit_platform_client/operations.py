"""Generated from schema/ by clients/generate.py: do not edit."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from credit_platform_client.client import CreditPlatformClient

AccessOutcome = Literal["ALLOWED", "DENIED"]

ConsentPermission = Literal[
    "READ_IDENTITY",
    "READ_INTEGRITY_CODE",
    "READ_CREDIT_RECORDS",
    "READ_EVALUATION",
    "READ_ENTERPRISE_NON_PUBLIC",
]

ConsentStatus = Literal["AWAITING_AUTHORISATION", "AUTHORISED", "REJECTED", "REVOKED", "EXPIRED"]

CreditGrade = Literal["A", "B", "C", "D"]

CreditReportDomain = Literal[
    "ADMINISTRATIVE_PENALTY",
    "ADMINISTRATIVE_ENFORCEMENT",
    "SERIOUS_DISHONESTY_LIST",
    "CRIMINAL_RECORD",
]

CreditReportItemStatus = Literal["ACTIVE", "REPAIRED"]

CreditReportVerificationStatus = Literal["VALID", "ALTERED", "EXPIRED", "UNKNOWN"]

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

EvaluationCause = Literal["RECORD_ADDED", "REPAIR_APPROVED", "RECORDS_IMPORTED", "FULL_RUN", "SEED"]

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

MerchantColour = Literal["GREEN", "BLUE", "YELLOW", "RED"]

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


class IssueCreditReportInput(TypedDict, total=False):
    """What a special credit report covers: whom, which days, which domains."""

    residentId: str | None
    uscc: str | None
    periodFrom: str
    periodUntil: str
    domains: list[CreditReportDomain]


class NegativeFactInput(TypedDict, total=False):
    """A negative fact, with its severity."""

    subject: SubjectInput
    department: str
    occurredAt: str
    summary: str
    idempotencyKey: str
    publicityUntil: str | None
    severity: Severity


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


class RequestConsentInput(TypedDict, total=False):
    """A partner asks a subject (a person or an enterprise) for consent."""

    residentId: str | None
    uscc: str | None
    permissions: list[ConsentPermission]
    purpose: Purpose
    expiresAt: str


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


RULE_SETS = """# The credit office lists the published rule sets and which is active.
query RuleSets {
  ruleSets { version effectiveFrom description active publishedAt parameters }
}"""


async def rule_sets(client: CreditPlatformClient) -> dict[str, Any]:
    """Run RuleSets (used by: credit_office)."""
    return await client.execute(RULE_SETS, {}, operation_name="RuleSets")


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
