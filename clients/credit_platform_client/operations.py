"""Generated from schema/ by clients/generate.py: do not edit.

One typed function per operation the platform publishes, with the TypedDicts of its
variables and of its result. Custom scalars travel as JSON strings: ``Decimal`` is an
exact decimal (``decimal.Decimal(value)``), ``Date`` and ``DateTime`` are ISO 8601.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict, cast

from credit_platform_client.client import CreditPlatformClient

Date = str
"""Date (isoformat)"""

DateTime = str
"""Date with time (isoformat), with a UTC offset (+08:00 or Z) when sent."""

Decimal = str
"""A decimal number (fixed point), best sent as a string: "1234.56"."""

JSON = Any
"""The `JSON` scalar type represents JSON values as specified by [ECMA-404](https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf)."""

ResidentId = str
"""An 18-character resident ID (GB 11643-1999): 17 digits with a real birth date, then a MOD 11-2 check digit or X."""

UnifiedSocialCreditCode = str
"""An 18-character unified social credit code (GB 32100-2015): digits and capital letters except I, O, S, V, Z, the last one a mod-31 check character."""

AccessOutcome = Literal["ALLOWED", "DENIED"]

AcknowledgeMyNoticeErrorCode = Literal["INVALID_IDENTIFIER", "NOT_FOUND"]

ActivateRuleSetErrorCode = Literal["NOT_FOUND"]

AddExemptMatterErrorCode = Literal["INVALID_ARGUMENT"]

ApplyForCreditRepairErrorCode = Literal[
    "CONFLICT",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "REPAIR_NOT_YET_ELIGIBLE",
    "REPAIR_TRANSITION_NOT_ALLOWED",
]

ApprovalCommitmentStatus = Literal["REFUSED", "PENDING", "KEPT", "BROKEN"]

AuthorizeConsentErrorCode = Literal[
    "CONSENT_TRANSITION_NOT_ALLOWED", "INVALID_ARGUMENT", "INVALID_IDENTIFIER", "NOT_FOUND"
]

BenefitKind = Literal["PERCENT_DISCOUNT", "FIXED_AMOUNT", "DEFERRED_PAYMENT", "FEE_WAIVER"]

BenefitSource = Literal["DISCOUNT", "COUPON", "DEFERRED_PAYMENT"]

BulkOperationCancelErrorCode = Literal["NOT_FOUND", "NOT_RUNNING"]

BulkOperationFailure = Literal["QUERY_ERROR", "ACCESS_DENIED", "WORKER_LOST", "INTERNAL_ERROR"]

BulkOperationRunQueryErrorCode = Literal[
    "ALREADY_RUNNING",
    "FORBIDDEN_FIELD",
    "INVALID_QUERY",
    "NO_CONNECTION",
    "PERSONAL_DATA",
    "TRUSTED_DOCUMENT_REQUIRED",
]

BulkOperationStatus = Literal["CREATED", "RUNNING", "COMPLETED", "FAILED", "CANCELED"]

CarbonBand = Literal["DARK_GREEN", "LIGHT_GREEN", "YELLOW", "RED"]

CivilityEntryInputKind = Literal["POINTS", "DISPUTE_SETTLEMENT"]

CivilityEntryKind = Literal["POINTS", "DISPUTE_SETTLEMENT", "CORRECTION"]

ClaimFinancingNeedErrorCode = Literal["CLAIMS_FULL", "NEED_NOT_OPEN", "NOT_FOUND"]

ClearPartnerQuotaErrorCode = Literal["INVALID_ARGUMENT", "NOT_FOUND"]

ConsentPermission = Literal[
    "READ_IDENTITY",
    "READ_INTEGRITY_CODE",
    "READ_CREDIT_RECORDS",
    "READ_EVALUATION",
    "READ_ENTERPRISE_NON_PUBLIC",
]

ConsentStatus = Literal["AWAITING_AUTHORISATION", "AUTHORISED", "REJECTED", "REVOKED", "EXPIRED"]

CorrectCivilityEntryErrorCode = Literal[
    "ALREADY_CORRECTED",
    "CONFLICT",
    "HOUSEHOLD_OF_ANOTHER_VILLAGE",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
]

CouponStatus = Literal["ISSUED", "REDEEMED"]

CreateLoanProductErrorCode = Literal["INVALID_ARGUMENT"]

CreditGrade = Literal["A", "B", "C", "D"]

CreditReportDomain = Literal[
    "ADMINISTRATIVE_PENALTY",
    "ADMINISTRATIVE_ENFORCEMENT",
    "SERIOUS_DISHONESTY_LIST",
    "CRIMINAL_RECORD",
]

CreditReportItemStatus = Literal["ACTIVE", "REPAIRED"]

CreditReportVerificationStatus = Literal["VALID", "ALTERED", "EXPIRED", "UNKNOWN"]

DecideCreditRepairErrorCode = Literal[
    "CONFLICT", "INVALID_ARGUMENT", "NOT_FOUND", "REPAIR_TRANSITION_NOT_ALLOWED"
]

DecideModelHouseholdErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOMINATION_ALREADY_DECIDED",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

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

FastTrackReasonCode = Literal[
    "KIND_NOT_ACCEPTED",
    "NOT_EVALUATED",
    "SERIOUS_DISHONESTY",
    "GRADE_TOO_LOW",
    "COLOUR_TOO_LOW",
    "BROKEN_COMMITMENT_RECENTLY",
    "GOOD_STANDING",
    "NO_BROKEN_COMMITMENT",
]

FinancingNeedStatus = Literal["OPEN", "FULLY_CLAIMED", "WITHDRAWN"]

FollowBorrowerErrorCode = Literal["NOT_A_BORROWER", "NOT_FOUND", "WEBHOOK_NOT_REGISTERED"]

FollowUpResult = Literal["KEPT", "RELAPSED", "UNREACHABLE"]

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

HouseholdColour = Literal["BLUE", "GREEN", "YELLOW", "RED"]

HouseholdColourReasonCode = Literal["POINTS", "MEMBER_SERIOUS_RECORD"]

ImportMerchantIndicatorsErrorCode = Literal[
    "DATE_IN_FUTURE",
    "DEPARTMENT_NOT_FOR_CATEGORY",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "MERCHANT_NOT_IN_YOUR_DISTRICT",
    "NOT_A_DISTRICT_OPERATOR",
    "NOT_FOUND",
    "UNKNOWN_CATEGORY",
    "VALUE_OUT_OF_RANGE",
]

IncentiveStatisticsDimension = Literal[
    "SCENARIO", "CATEGORY", "OPERATOR_TYPE", "PARTNER", "DISTRICT", "DAY", "MONTH"
]

IndicatorCategoryCode = Literal[
    "PUBLIC_CREDIT",
    "COMPLAINTS",
    "INSPECTIONS",
    "LICENCES",
    "FOOD_SAFETY",
    "FIRE_SAFETY",
    "PRICE_MEASUREMENT",
    "GARBAGE_SORTING",
    "ROAD_OCCUPATION",
    "ENVIRONMENTAL_HEALTH",
    "CONSUMER_SATISFACTION",
]

IndicatorMeasure = Literal["SCORE", "COUNT", "OUTCOME"]

IndicatorStatus = Literal["CURRENT", "STALE", "MISSING"]

Industry = Literal["GREEN_WHARF", "LIVE_STREAMING", "CATERING"]

IndustryGrade = Literal["A", "B", "C", "D"]

IndustryGradeReason = Literal[
    "SCORE_A", "SCORE_B", "SCORE_C", "SCORE_D", "RED_LINE", "NO_CURRENT_OBSERVATIONS"
]

IndustryIndicatorMeasure = Literal["SCORE", "COUNT", "OUTCOME", "INSPECTION"]

IndustryIndicatorStatus = Literal["CURRENT", "STALE", "MISSING"]

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
    "ONCE_ONLY_USED",
]

IntegrityColour = Literal["BLUE", "GREEN", "YELLOW", "ORANGE", "RED"]

IpKind = Literal["PATENT", "TRADEMARK"]

IssueCouponsErrorCode = Literal[
    "CONFLICT",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "SCENARIO_EXPIRED",
    "SCENARIO_NOT_STARTED",
    "SCENARIO_RETIRED",
    "WRONG_BENEFIT_KIND",
    "WRONG_OPERATOR_TYPE",
]

IssueCreditReportErrorCode = Literal[
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "PERIOD_END_BEFORE_START",
    "PERIOD_IN_FUTURE",
    "NO_DOMAINS",
    "ACCESS_DENIED",
    "SIGNING_UNAVAILABLE",
]

IssueIntegrityCodeErrorCode = Literal[
    "INVALID_ARGUMENT", "INVALID_IDENTIFIER", "NOT_FOUND", "PURPOSE_NOT_ALLOWED"
]

LoanKind = Literal["GREEN_LOAN", "TAX_CREDIT_LOAN", "CREDIT_LOAN"]

LoanProductStatus = Literal["DRAFT", "PUBLISHED", "RETIRED"]

MarkNoticeReachedErrorCode = Literal["INVALID_ARGUMENT", "NOT_FOUND"]

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

MerchantColourReason = Literal[
    "SCORE_GREEN", "SCORE_BLUE", "SCORE_YELLOW", "SCORE_RED", "RED_LINE", "NO_CURRENT_OBSERVATIONS"
]

ModelHouseholdStatus = Literal["NOMINATED", "APPROVED", "REJECTED"]

NominateModelHouseholdErrorCode = Literal[
    "ALREADY_NOMINATED",
    "CONFLICT",
    "HOUSEHOLD_OF_ANOTHER_VILLAGE",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_ELIGIBLE_FOR_NOMINATION",
    "NOT_FOUND",
]

NoticeChannel = Literal["CITIZEN_APP", "OFFICE_QUEUE"]

OpenDeferredAccountErrorCode = Literal[
    "CODE_EXPIRED",
    "CODE_INVALID",
    "CODE_REVOKED",
    "COLOUR_BELOW_LOWEST",
    "CONFLICT",
    "CONSENT_EXPIRED",
    "CONSENT_NOT_AUTHORISED",
    "CONSENT_NOT_FOUND",
    "CONSENT_REVOKED",
    "DAILY_LIMIT_REACHED",
    "INVALID_ARGUMENT",
    "NOT_AUTHORISED",
    "NOT_FOUND",
    "NO_AUTHORISATION",
    "NO_INTEGRITY_COLOUR",
    "ONCE_ONLY_USED",
    "PERMISSION_NOT_GRANTED",
    "PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE",
    "SCENARIO_EXPIRED",
    "SCENARIO_NOT_STARTED",
    "SCENARIO_RETIRED",
    "SUBJECT_NOT_FOUND",
    "UNSETTLED_OVERDUE_BILL",
    "VISIT_NUMBER_REUSED",
    "WRONG_BENEFIT_KIND",
    "WRONG_OPERATOR_TYPE",
    "WRONG_PARTNER",
    "WRONG_PURPOSE",
    "WRONG_SUBJECT",
]

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

PostFinancingNeedErrorCode = Literal["INVALID_ARGUMENT", "NOT_FOUND"]

PublishLoanProductErrorCode = Literal[
    "INVALID_ARGUMENT", "NOT_FOUND", "NOT_YOUR_PRODUCT", "PRODUCT_TRANSITION_NOT_ALLOWED"
]

PublishRuleSetErrorCode = Literal["INVALID_ARGUMENT"]

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

RecordApprovalCommitmentOutcomeErrorCode = Literal[
    "COMMITMENT_NOT_PENDING",
    "CONFLICT",
    "DATE_IN_FUTURE",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "MATTER_OF_ANOTHER_DEPARTMENT",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
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

RecordCivilityEntryErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "HOUSEHOLD_OF_ANOTHER_VILLAGE",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "RULE_CAP_REACHED",
]

RecordCommitmentErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RecordCommitmentOutcomeErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RecordCriminalRecordErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RecordDeferredChargeErrorCode = Literal[
    "ACCOUNT_NOT_OPEN",
    "ALREADY_SETTLED",
    "CONFLICT",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "LIMIT_EXCEEDED",
    "NOT_FOUND",
]

RecordDishonestyListEntryErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RecordEnforcementErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RecordFollowUpResultErrorCode = Literal[
    "CONFLICT", "IDEMPOTENCY_KEY_REUSED", "INVALID_ARGUMENT", "NOT_FOUND"
]

RecordHonourErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RecordIndustryInspectionErrorCode = Literal[
    "DATE_IN_FUTURE",
    "DEPARTMENT_NOT_FOR_INDICATOR",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "UNKNOWN_INDICATOR",
    "VALUE_OUT_OF_RANGE",
]

RecordIndustryObservationErrorCode = Literal[
    "DATE_IN_FUTURE",
    "DEPARTMENT_NOT_FOR_INDICATOR",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "UNKNOWN_INDICATOR",
    "VALUE_OUT_OF_RANGE",
]

RecordLicenceErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RecordMerchantIndicatorErrorCode = Literal[
    "DATE_IN_FUTURE",
    "DEPARTMENT_NOT_FOR_CATEGORY",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "MERCHANT_NOT_IN_YOUR_DISTRICT",
    "NOT_A_DISTRICT_OPERATOR",
    "NOT_FOUND",
    "UNKNOWN_CATEGORY",
    "VALUE_OUT_OF_RANGE",
]

RecordPenaltyErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RecordStatus = Literal["ACTIVE", "REPAIRED", "EXPIRED", "EXEMPTED"]

RecordVoluntaryServiceErrorCode = Literal[
    "CONFLICT",
    "DATE_IN_FUTURE",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PUBLICITY_OUT_OF_RANGE",
]

RedeemCouponErrorCode = Literal[
    "CONFLICT",
    "COUPON_ALREADY_REDEEMED",
    "COUPON_EXPIRED",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
    "ORDER_ALREADY_REDEEMED",
    "WRONG_BENEFIT_KIND",
]

RedeemIncentiveErrorCode = Literal[
    "CODE_EXPIRED",
    "CODE_INVALID",
    "CODE_REVOKED",
    "COLOUR_BELOW_LOWEST",
    "CONFLICT",
    "CONSENT_EXPIRED",
    "CONSENT_NOT_AUTHORISED",
    "CONSENT_NOT_FOUND",
    "CONSENT_REVOKED",
    "DAILY_LIMIT_REACHED",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_AUTHORISED",
    "NOT_FOUND",
    "NO_AUTHORISATION",
    "NO_INTEGRITY_COLOUR",
    "ONCE_ONLY_USED",
    "ORDER_ALREADY_REDEEMED",
    "PERMISSION_NOT_GRANTED",
    "PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE",
    "SCENARIO_EXPIRED",
    "SCENARIO_NOT_STARTED",
    "SCENARIO_RETIRED",
    "SUBJECT_NOT_FOUND",
    "UNSETTLED_OVERDUE_BILL",
    "WRONG_BENEFIT_KIND",
    "WRONG_OPERATOR_TYPE",
    "WRONG_PARTNER",
    "WRONG_PURPOSE",
    "WRONG_SUBJECT",
]

RedeemMobilityDiscountErrorCode = Literal[
    "CODE_EXPIRED",
    "CODE_INVALID",
    "CODE_REVOKED",
    "COLOUR_BELOW_LOWEST",
    "CONFLICT",
    "CONSENT_EXPIRED",
    "CONSENT_NOT_AUTHORISED",
    "CONSENT_NOT_FOUND",
    "CONSENT_REVOKED",
    "DAILY_LIMIT_REACHED",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_AUTHORISED",
    "NOT_FOUND",
    "NO_AUTHORISATION",
    "NO_INTEGRITY_COLOUR",
    "ONCE_ONLY_USED",
    "ORDER_ALREADY_REDEEMED",
    "PERMISSION_NOT_GRANTED",
    "PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE",
    "SCENARIO_EXPIRED",
    "SCENARIO_NOT_STARTED",
    "SCENARIO_RETIRED",
    "SUBJECT_NOT_FOUND",
    "UNSETTLED_OVERDUE_BILL",
    "WRONG_BENEFIT_KIND",
    "WRONG_OPERATOR_TYPE",
    "WRONG_PARTNER",
    "WRONG_PURPOSE",
    "WRONG_SUBJECT",
]

RegisterIpPledgeErrorCode = Literal[
    "CONFLICT", "DATE_IN_FUTURE", "IDEMPOTENCY_KEY_REUSED", "INVALID_ARGUMENT", "NOT_FOUND"
]

RegisterWebhookErrorCode = Literal["INVALID_ARGUMENT"]

RejectConsentErrorCode = Literal[
    "CONSENT_TRANSITION_NOT_ALLOWED", "INVALID_ARGUMENT", "INVALID_IDENTIFIER", "NOT_FOUND"
]

RepairNoticeKind = Literal["REPAIR_NOTICE", "REPAIR_REMINDER", "REPAIR_FOLLOW_UP"]

RepairState = Literal["AWAITING", "APPLIED", "REPAIRED", "REJECTED"]

ReportCreditLineErrorCode = Literal[
    "IDEMPOTENCY_KEY_REUSED", "INVALID_ARGUMENT", "NOT_FOUND", "NOT_YOUR_PRODUCT"
]

ReportLendingVolumeErrorCode = Literal["DATE_IN_FUTURE", "INVALID_ARGUMENT"]

ReportTaxCreditRatingErrorCode = Literal[
    "CONFLICT", "DATE_IN_FUTURE", "IDEMPOTENCY_KEY_REUSED", "INVALID_ARGUMENT", "NOT_FOUND"
]

ReportTaxPaidErrorCode = Literal["INVALID_ARGUMENT", "NOT_FOUND"]

RequestConsentErrorCode = Literal[
    "CONSENT_EXPIRY_OUT_OF_RANGE",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
    "PERMISSION_NOT_APPLICABLE",
    "PURPOSE_NOT_ALLOWED",
]

RetireExemptMatterErrorCode = Literal["NOT_FOUND"]

RetireLoanProductErrorCode = Literal[
    "INVALID_ARGUMENT", "NOT_FOUND", "NOT_YOUR_PRODUCT", "PRODUCT_TRANSITION_NOT_ALLOWED"
]

RevokeConsentErrorCode = Literal[
    "CONSENT_TRANSITION_NOT_ALLOWED", "INVALID_ARGUMENT", "INVALID_IDENTIFIER", "NOT_FOUND"
]

RevokeIntegrityCodeErrorCode = Literal["INVALID_ARGUMENT", "INVALID_IDENTIFIER", "NOT_FOUND"]

SaveIncentiveCategoryErrorCode = Literal["INVALID_ARGUMENT"]

SaveIncentiveScenarioErrorCode = Literal["INVALID_ARGUMENT", "NOT_FOUND"]

SaveScenarioOperatorsErrorCode = Literal["INVALID_ARGUMENT", "NOT_FOUND"]

SaveVillageRuleErrorCode = Literal[
    "CONFLICT", "IDEMPOTENCY_KEY_REUSED", "INVALID_ARGUMENT", "NOT_FOUND", "NOT_YOUR_VILLAGE"
]

SetPartnerQuotaErrorCode = Literal["INVALID_ARGUMENT", "NOT_FOUND"]

SettleDeferredAccountErrorCode = Literal[
    "ACCOUNT_NOT_OPEN",
    "ALREADY_SETTLED",
    "CONFLICT",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "NOT_FOUND",
]

Severity = Literal["MINOR", "GENERAL", "SERIOUS"]

SignApprovalCommitmentErrorCode = Literal[
    "COMMITMENT_PENDING",
    "CONFLICT",
    "FORBIDDEN",
    "IDEMPOTENCY_KEY_REUSED",
    "INVALID_ARGUMENT",
    "INVALID_IDENTIFIER",
    "NOT_FOUND",
]

SizeClass = Literal["MICRO", "SMALL", "MEDIUM", "LARGE"]

SubjectKind = Literal["PERSON", "ENTERPRISE", "MERCHANT", "HOUSEHOLD"]

TaxGrade = Literal["A", "B", "M", "C", "D"]

UnfollowBorrowerErrorCode = Literal["NOT_FOUND"]

UpdateGreenProfileErrorCode = Literal["INVALID_ARGUMENT", "NOT_FOUND"]

UpdateLoanProductErrorCode = Literal[
    "INVALID_ARGUMENT", "NOT_FOUND", "NOT_YOUR_PRODUCT", "PRODUCT_TRANSITION_NOT_ALLOWED"
]

WebhookDeliveryStatus = Literal["PENDING", "DELIVERED", "FAILING"]

WebhookEventType = Literal[
    "GRADE_WORSENED",
    "SERIOUS_DISHONESTY",
    "SERIOUS_RECORD",
    "GREEN_STATUS_WORSENED",
    "FINANCING_NEED_POSTED",
]

WithdrawFinancingNeedErrorCode = Literal["NEED_NOT_OPEN", "NOT_FOUND"]


class AddExemptMatterInput(TypedDict):
    """A matter to put on the exempt-from-penalty list."""

    code: str
    description: str
    conditions: str
    guidance: str
    windowMonths: NotRequired[int]


class AuditLogFilter(TypedDict):
    """Filters of the audit log search; all must hold."""

    partnerId: NotRequired[int | None]
    residentId: NotRequired[ResidentId | None]
    uscc: NotRequired[UnifiedSocialCreditCode | None]
    purpose: NotRequired[Purpose | None]
    outcome: NotRequired[AccessOutcome | None]
    occurredFrom: NotRequired[DateTime | None]
    occurredUntil: NotRequired[DateTime | None]


class ColourValueInput(TypedDict):
    """A colour and its own benefit value."""

    colour: IntegrityColour
    value: Decimal


class CommitmentOutcomeInput(TypedDict):
    """Whether a signed credit commitment was kept."""

    subject: SubjectInput
    department: str
    occurredAt: DateTime
    summary: str
    idempotencyKey: str
    publicityUntil: NotRequired[Date | None]
    kept: bool
    severity: NotRequired[Severity | None]


class CorrectCivilityEntryInput(TypedDict):
    """A correction of an entry, with its reason."""

    entryId: str
    reason: str
    recordedBy: str
    idempotencyKey: str


class CreditLineInput(TypedDict):
    """A credit line the bank granted."""

    reference: str
    uscc: UnifiedSocialCreditCode
    productId: str
    amount: Decimal
    grantedOn: Date


class DecideModelHouseholdInput(TypedDict):
    """The county's decision on a nomination."""

    nominationId: str
    approve: bool
    reason: str
    department: str
    idempotencyKey: str


class EnterpriseFilter(TypedDict):
    """Filters of the enterprise list; all must hold."""

    districts: NotRequired[list[District] | None]
    industryPrefix: NotRequired[str | None]
    sizeClasses: NotRequired[list[SizeClass] | None]
    taxGrades: NotRequired[list[TaxGrade] | None]
    greenClasses: NotRequired[list[GreenActivityClass] | None]


class FactInput(TypedDict):
    """What every reported fact carries."""

    subject: SubjectInput
    department: str
    occurredAt: DateTime
    summary: str
    idempotencyKey: str
    publicityUntil: NotRequired[Date | None]


class FinancingNeedInput(TypedDict):
    """A financing need, posted by the signed-in enterprise."""

    uscc: UnifiedSocialCreditCode
    amount: Decimal
    purpose: str
    termMonths: int


class GreenProfileInput(TypedDict):
    """An enterprise's green profile, from the tax bureau."""

    uscc: UnifiedSocialCreditCode
    activityClass: GreenActivityClass
    emissionsTonnes: Decimal
    carbonIntensity: Decimal
    carbonReductionTonnes: Decimal
    esgScore: Decimal
    asOf: Date


class ImportMerchantIndicatorsInput(TypedDict):
    """A CSV file of indicator observations."""

    content: str


class IncentiveStatisticsFilter(TypedDict):
    """Which benefits count, and how to group them; all filters must hold."""

    scenarioCodes: NotRequired[list[str] | None]
    categoryCodes: NotRequired[list[str] | None]
    operatorTypes: NotRequired[list[OperatorType] | None]
    districts: NotRequired[list[District] | None]
    partnerIds: NotRequired[list[int] | None]
    grantedFrom: NotRequired[Date | None]
    grantedUntil: NotRequired[Date | None]
    groupBy: NotRequired[list[IncentiveStatisticsDimension] | None]


class IssueCouponsInput(TypedDict):
    """Issue coupons of a scenario to the persons who consented."""

    scenarioCode: str
    expiresAt: DateTime
    idempotencyKey: str
    limit: NotRequired[int]


class IssueCreditReportInput(TypedDict):
    """What a special credit report covers: whom, which days, which domains."""

    residentId: NotRequired[ResidentId | None]
    uscc: NotRequired[UnifiedSocialCreditCode | None]
    periodFrom: Date
    periodUntil: Date
    domains: list[CreditReportDomain]


class LendingVolumeInput(TypedDict):
    """A bank's lending granted in one finished month, from its books."""

    period: str
    totalLending: Decimal
    greenLending: Decimal


class LoanCriteriaInput(TypedDict):
    """Who a product is for; all must hold."""

    districts: NotRequired[list[District] | None]
    industryPrefixes: NotRequired[list[str] | None]
    sizeClasses: NotRequired[list[SizeClass] | None]
    lowestTaxGrade: NotRequired[TaxGrade | None]
    lowestCreditGrade: NotRequired[str | None]
    greenRequired: NotRequired[bool]
    lowestGreenTier: NotRequired[GreenTier | None]
    worstCarbonBand: NotRequired[CarbonBand | None]
    noSeriousDishonesty: NotRequired[bool]


class LoanProductInput(TypedDict):
    """A loan product as a bank defines it."""

    name: str
    kind: LoanKind
    criteria: LoanCriteriaInput
    amountMin: Decimal
    amountMax: Decimal
    rateMin: Decimal
    rateMax: Decimal
    validFrom: Date
    validUntil: NotRequired[Date | None]
    taxMultiple: NotRequired[Decimal | None]


class NegativeFactInput(TypedDict):
    """A negative fact, with its severity."""

    subject: SubjectInput
    department: str
    occurredAt: DateTime
    summary: str
    idempotencyKey: str
    publicityUntil: NotRequired[Date | None]
    severity: Severity


class NominateModelHouseholdInput(TypedDict):
    """A household nominated as the year's model household."""

    householdId: str
    year: int
    idempotencyKey: str


class OpenDeferredAccountInput(TypedDict):
    """Open a visit's deferred account from the patient's scanned code."""

    integrityCode: str
    visitNumber: str
    scenarioCode: NotRequired[str]


class PenaltyInput(TypedDict):
    """An administrative penalty."""

    subject: SubjectInput
    department: str
    occurredAt: DateTime
    summary: str
    idempotencyKey: str
    publicityUntil: NotRequired[Date | None]
    severity: Severity
    matterCode: NotRequired[str | None]


class PublishRuleSetInput(TypedDict):
    """A new rule set: a version, an effective date and the parameters."""

    version: str
    effectiveFrom: Date
    description: str
    parameters: JSON


class RecordApprovalCommitmentOutcomeInput(TypedDict):
    """A department's verification of a fast-tracked commitment."""

    reference: str
    department: str
    kept: bool
    severity: NotRequired[Severity | None]
    summary: str
    idempotencyKey: str


class RecordCivilityEntryInput(TypedDict):
    """An entry against a household under one of the village's rules."""

    householdId: str
    ruleCode: str
    occurredOn: Date
    recordedBy: str
    idempotencyKey: str
    kind: NotRequired[CivilityEntryInputKind]
    note: NotRequired[str]
    evidenceReference: NotRequired[str | None]


class RecordDeferredChargeInput(TypedDict):
    """One charge during a visit."""

    visitNumber: str
    amount: Decimal
    item: str
    department: str
    idempotencyKey: str


class RecordFollowUpResultInput(TypedDict):
    """What a repair's follow-up visit found."""

    repairId: str
    result: FollowUpResult
    idempotencyKey: str
    note: NotRequired[str]


class RecordIndustryInspectionInput(TypedDict):
    """An inspection result; it feeds the scheme's inspection indicator."""

    subject: str
    department: str
    inspectedOn: Date
    passed: bool
    findings: int
    note: NotRequired[str | None]
    idempotencyKey: str


class RecordIndustryObservationInput(TypedDict):
    """One indicator observation of an industry subject."""

    subject: str
    indicator: str
    department: str
    value: Decimal
    observedOn: Date
    note: NotRequired[str | None]
    idempotencyKey: str


class RecordMerchantIndicatorInput(TypedDict):
    """One indicator observation of a merchant."""

    uscc: UnifiedSocialCreditCode
    category: str
    department: str
    value: Decimal
    observedOn: Date
    note: NotRequired[str | None]
    idempotencyKey: str


class RedeemCouponInput(TypedDict):
    """Redeem a coupon on one order."""

    couponCode: str
    orderReference: str
    orderAmount: Decimal
    idempotencyKey: str


class RedeemIncentiveInput(TypedDict):
    """Redeem any scenario's benefit on one order for a scanned code."""

    scenarioCode: str
    integrityCode: str
    orderReference: str
    orderAmount: Decimal
    idempotencyKey: str


class RedeemMobilityDiscountInput(TypedDict):
    """Grant a discount on one order to the person who showed a code."""

    scenarioCode: str
    integrityCode: str
    orderReference: str
    orderAmount: Decimal
    idempotencyKey: str


class RegisterIpPledgeInput(TypedDict):
    """A patent or trademark pledged to you, and the loan it secured."""

    uscc: UnifiedSocialCreditCode
    kind: IpKind
    registrationNumber: str
    pledgeRegisteredOn: Date
    valuation: Decimal
    loanAmount: Decimal
    appliedOn: Date
    loanedOn: Date
    idempotencyKey: str


class RequestConsentInput(TypedDict):
    """A partner asks a subject (a person or an enterprise) for consent."""

    residentId: NotRequired[ResidentId | None]
    uscc: NotRequired[UnifiedSocialCreditCode | None]
    permissions: list[ConsentPermission]
    purpose: Purpose
    expiresAt: DateTime


class SaveIncentiveCategoryInput(TypedDict):
    """A category to add or change (by code)."""

    code: str
    name: str
    nameZh: str
    description: str


class SaveIncentiveScenarioInput(TypedDict):
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
    benefitValue: Decimal
    validFrom: Date
    benefitCap: NotRequired[Decimal | None]
    colourValues: NotRequired[list[ColourValueInput]]
    dailyLimit: NotRequired[int | None]
    settleWithinDays: NotRequired[int | None]
    validUntil: NotRequired[Date | None]
    active: NotRequired[bool]


class SaveScenarioOperatorsInput(TypedDict):
    """Who may operate a scenario, and whether it is once only."""

    scenarioCode: str
    operatorTypes: list[OperatorType]
    onceOnly: NotRequired[bool]


class SaveVillageRuleInput(TypedDict):
    """A village rule (村规民约) as points: its next version is stored."""

    village: str
    code: str
    description: str
    points: int
    yearlyCap: NotRequired[int | None]
    idempotencyKey: str


class SetPartnerQuotaInput(TypedDict):
    """A partner's own bucket: whole numbers, both at least 1."""

    partnerId: int
    size: int
    restoreRate: int


class SettleDeferredAccountInput(TypedDict):
    """Settle a visit once, after treatment."""

    visitNumber: str
    idempotencyKey: str


class SignApprovalCommitmentInput(TypedDict):
    """A commitment signed for an approval matter (信易批)."""

    matterCode: str
    residentId: NotRequired[ResidentId | None]
    uscc: NotRequired[UnifiedSocialCreditCode | None]
    idempotencyKey: str


class SubjectInput(TypedDict):
    """Who the fact is about: exactly one of the three ways to name one."""

    residentId: NotRequired[ResidentId | None]
    uscc: NotRequired[UnifiedSocialCreditCode | None]
    village: NotRequired[str | None]
    householdNumber: NotRequired[str | None]


class TaxCreditRatingInput(TypedDict):
    """A year's tax credit rating of an enterprise, from the tax bureau."""

    uscc: UnifiedSocialCreditCode
    year: int
    score: Decimal
    grade: NotRequired[TaxGrade | None]
    newOrNoRevenue: NotRequired[bool]
    idempotencyKey: str


ACKNOWLEDGE_MY_NOTICE = """# The signed-in person acknowledges a repair notice they have read; again is a replay.
mutation AcknowledgeMyNotice($residentId: ResidentId!, $noticeId: ID!) {
  acknowledgeMyNotice(residentId: $residentId, noticeId: $noticeId) {
    notice { id eventId kind acknowledgedAt }
    replayed
    errors { field message errorCode }
  }
}"""
ACKNOWLEDGE_MY_NOTICE_ID = "sha256:8184c626b5226df17a1fb134d324acda23f45f6a1a1cfeca0aec9b2f57f28148"
"""The trusted document id of AcknowledgeMyNotice: the SHA-256 of its file's bytes."""


class AcknowledgeMyNoticeVariables(TypedDict):
    """The variables of AcknowledgeMyNotice."""

    residentId: ResidentId
    noticeId: str


class AcknowledgeMyNoticeResultAcknowledgeMyNoticeNotice(TypedDict):
    """A notice a credit repair case owes its subject."""

    id: str
    eventId: str
    kind: RepairNoticeKind
    acknowledgedAt: DateTime | None


class AcknowledgeMyNoticeResultAcknowledgeMyNoticeErrors(TypedDict):
    """Why acknowledgeMyNotice did not do what was asked."""

    field: str | None
    message: str
    errorCode: AcknowledgeMyNoticeErrorCode


class AcknowledgeMyNoticeResultAcknowledgeMyNotice(TypedDict):
    """The notice after acknowledging it, or why not."""

    notice: AcknowledgeMyNoticeResultAcknowledgeMyNoticeNotice | None
    replayed: bool
    errors: list[AcknowledgeMyNoticeResultAcknowledgeMyNoticeErrors]


class AcknowledgeMyNoticeResult(TypedDict):
    """What AcknowledgeMyNotice answers: its ``data``."""

    acknowledgeMyNotice: AcknowledgeMyNoticeResultAcknowledgeMyNotice


async def acknowledge_my_notice(
    client: CreditPlatformClient, *, resident_id: ResidentId, notice_id: str
) -> AcknowledgeMyNoticeResult:
    """Run AcknowledgeMyNotice (used by: citizen_app).

    The signed-in person acknowledges a repair notice they have read; again is a replay.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: AcknowledgeMyNoticeVariables = {"residentId": resident_id, "noticeId": notice_id}
    data = await client.execute(
        ACKNOWLEDGE_MY_NOTICE,
        variables,
        "AcknowledgeMyNotice",
        mutation=True,
        document_id=ACKNOWLEDGE_MY_NOTICE_ID,
    )
    return cast("AcknowledgeMyNoticeResult", data)


APPLY_FOR_CREDIT_REPAIR = """# The signed-in enterprise applies to repair a record, with a public credit commitment.
mutation ApplyForCreditRepair($repairId: ID!, $commitment: String!, $uscc: UnifiedSocialCreditCode) {
  applyForCreditRepair(repairId: $repairId, commitment: $commitment, uscc: $uscc) {
    repairCase { id state commitment appliedAt }
    errors { field code message }
  }
}"""
APPLY_FOR_CREDIT_REPAIR_ID = (
    "sha256:32aecd739d502cbbeae982a4efecd9abe311bbec9ec68da7ca1031667e6a6894"
)
"""The trusted document id of ApplyForCreditRepair: the SHA-256 of its file's bytes."""


class ApplyForCreditRepairVariables(TypedDict):
    """The variables of ApplyForCreditRepair."""

    repairId: str
    commitment: str
    uscc: NotRequired[UnifiedSocialCreditCode | None]


class ApplyForCreditRepairResultApplyForCreditRepairRepairCase(TypedDict):
    """The credit repair case of one record."""

    id: str
    state: RepairState
    commitment: str | None
    appliedAt: DateTime | None


class ApplyForCreditRepairResultApplyForCreditRepairErrors(TypedDict):
    """Why applyForCreditRepair did not do what was asked."""

    field: str | None
    code: str
    message: str


class ApplyForCreditRepairResultApplyForCreditRepair(TypedDict):
    """A repair case after applying, or why the application was refused."""

    repairCase: ApplyForCreditRepairResultApplyForCreditRepairRepairCase | None
    errors: list[ApplyForCreditRepairResultApplyForCreditRepairErrors]


class ApplyForCreditRepairResult(TypedDict):
    """What ApplyForCreditRepair answers: its ``data``."""

    applyForCreditRepair: ApplyForCreditRepairResultApplyForCreditRepair


async def apply_for_credit_repair(
    client: CreditPlatformClient,
    *,
    repair_id: str,
    commitment: str,
    uscc: UnifiedSocialCreditCode | None = None,
) -> ApplyForCreditRepairResult:
    """Run ApplyForCreditRepair (used by: citizen_app).

    The signed-in enterprise applies to repair a record, with a public credit commitment.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ApplyForCreditRepairVariables = {
        "repairId": repair_id,
        "commitment": commitment,
        "uscc": uscc,
    }
    data = await client.execute(
        APPLY_FOR_CREDIT_REPAIR,
        variables,
        "ApplyForCreditRepair",
        mutation=True,
        document_id=APPLY_FOR_CREDIT_REPAIR_ID,
    )
    return cast("ApplyForCreditRepairResult", data)


APPROVAL_COMMITMENTS_DUE = """# The approving department lists its fast-tracked commitments due for verification.
query ApprovalCommitmentsDue($approvalDepartment: String!) {
  approvalCommitmentsDue(department: $approvalDepartment, withinDays: 30) {
    reference
    subjectKind
    status
    signedAt
    verifyBy
    matter { code name }
  }
}"""
APPROVAL_COMMITMENTS_DUE_ID = (
    "sha256:2a84b26811083e132f6dc5ac6f4cdcc0e88b93b5a9bb97f0266a6c89f58aa4e6"
)
"""The trusted document id of ApprovalCommitmentsDue: the SHA-256 of its file's bytes."""


class ApprovalCommitmentsDueVariables(TypedDict):
    """The variables of ApprovalCommitmentsDue."""

    approvalDepartment: str


class ApprovalCommitmentsDueResultApprovalCommitmentsDueMatter(TypedDict):
    """An approval matter decided on a commitment."""

    code: str
    name: str


class ApprovalCommitmentsDueResultApprovalCommitmentsDue(TypedDict):
    """A commitment a subject signed for an approval matter, the decision and outcome."""

    reference: str
    subjectKind: SubjectKind
    status: ApprovalCommitmentStatus
    signedAt: DateTime
    verifyBy: Date | None
    matter: ApprovalCommitmentsDueResultApprovalCommitmentsDueMatter


class ApprovalCommitmentsDueResult(TypedDict):
    """What ApprovalCommitmentsDue answers: its ``data``."""

    approvalCommitmentsDue: list[ApprovalCommitmentsDueResultApprovalCommitmentsDue]


async def approval_commitments_due(
    client: CreditPlatformClient, *, approval_department: str
) -> ApprovalCommitmentsDueResult:
    """Run ApprovalCommitmentsDue (used by: regulator).

    The approving department lists its fast-tracked commitments due for verification.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ApprovalCommitmentsDueVariables = {"approvalDepartment": approval_department}
    data = await client.execute(
        APPROVAL_COMMITMENTS_DUE,
        variables,
        "ApprovalCommitmentsDue",
        mutation=False,
        document_id=APPROVAL_COMMITMENTS_DUE_ID,
    )
    return cast("ApprovalCommitmentsDueResult", data)


APPROVAL_MATTERS = """# Anyone (no access token) reads the catalogue of approval matters decided on a commitment (信易批).
query ApprovalMatters($approvalDepartment: String) {
  approvalMatters(department: $approvalDepartment) {
    code
    name
    departmentCode
    subjectKinds
    commitment
    waived
    standardDays
    fastTrackDays
    verifyWithinDays
  }
}"""
APPROVAL_MATTERS_ID = "sha256:90af7cda0aa4271c18eb7fa6c21a896a91d083695a15a722a175f97d70d073ad"
"""The trusted document id of ApprovalMatters: the SHA-256 of its file's bytes."""


class ApprovalMattersVariables(TypedDict):
    """The variables of ApprovalMatters."""

    approvalDepartment: NotRequired[str | None]


class ApprovalMattersResultApprovalMatters(TypedDict):
    """An approval matter decided on a commitment."""

    code: str
    name: str
    departmentCode: str
    subjectKinds: list[SubjectKind]
    commitment: str
    waived: list[str]
    standardDays: int
    fastTrackDays: int
    verifyWithinDays: int


class ApprovalMattersResult(TypedDict):
    """What ApprovalMatters answers: its ``data``."""

    approvalMatters: list[ApprovalMattersResultApprovalMatters]


async def approval_matters(
    client: CreditPlatformClient, *, approval_department: str | None = None
) -> ApprovalMattersResult:
    """Run ApprovalMatters (used by: public).

    Anyone (no access token) reads the catalogue of approval matters decided on a commitment (信易批).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ApprovalMattersVariables = {"approvalDepartment": approval_department}
    data = await client.execute(
        APPROVAL_MATTERS,
        variables,
        "ApprovalMatters",
        mutation=False,
        document_id=APPROVAL_MATTERS_ID,
    )
    return cast("ApprovalMattersResult", data)


APPROVAL_STATISTICS = """# A regulator reads 信易批 in figures: commitments by outcome, for the city and per department.
query ApprovalStatistics {
  approvalStatistics {
    total { matters signed fastTracked refused pending kept broken }
    departments { departmentCode matters signed fastTracked refused pending kept broken }
  }
}"""
APPROVAL_STATISTICS_ID = "sha256:533a2deb6d8805f256fced1da8f8e73725805ec856ea5796486b36574105076e"
"""The trusted document id of ApprovalStatistics: the SHA-256 of its file's bytes."""


class ApprovalStatisticsVariables(TypedDict):
    """The variables of ApprovalStatistics."""


class ApprovalStatisticsResultApprovalStatisticsTotal(TypedDict):
    """Commitments by outcome, of one department or of the whole city."""

    matters: int
    signed: int
    fastTracked: int
    refused: int
    pending: int
    kept: int
    broken: int


class ApprovalStatisticsResultApprovalStatisticsDepartments(TypedDict):
    """Commitments by outcome, of one department or of the whole city."""

    departmentCode: str
    matters: int
    signed: int
    fastTracked: int
    refused: int
    pending: int
    kept: int
    broken: int


class ApprovalStatisticsResultApprovalStatistics(TypedDict):
    """信易批 in figures."""

    total: ApprovalStatisticsResultApprovalStatisticsTotal
    departments: list[ApprovalStatisticsResultApprovalStatisticsDepartments]


class ApprovalStatisticsResult(TypedDict):
    """What ApprovalStatistics answers: its ``data``."""

    approvalStatistics: ApprovalStatisticsResultApprovalStatistics


async def approval_statistics(client: CreditPlatformClient) -> ApprovalStatisticsResult:
    """Run ApprovalStatistics (used by: regulator).

    A regulator reads 信易批 in figures: commitments by outcome, for the city and per department.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ApprovalStatisticsVariables = {}
    data = await client.execute(
        APPROVAL_STATISTICS,
        variables,
        "ApprovalStatistics",
        mutation=False,
        document_id=APPROVAL_STATISTICS_ID,
    )
    return cast("ApprovalStatisticsResult", data)


AUDIT_LOG = """# The credit office searches the audit log.
query AuditLog($first: Int!, $filter: AuditLogFilter) {
  auditLog(first: $first, filter: $filter) {
    nodes { occurredAt partnerName partnerType purpose fields outcome reason requestId }
    pageInfo { hasNextPage endCursor }
  }
}"""
AUDIT_LOG_ID = "sha256:bb96e911ca11762d160a4392c5c51a92d37d6a1378c313d5070f0c7369de5ff8"
"""The trusted document id of AuditLog: the SHA-256 of its file's bytes."""


class AuditLogVariables(TypedDict):
    """The variables of AuditLog."""

    first: int
    filter: NotRequired[AuditLogFilter | None]


class AuditLogResultAuditLogNodes(TypedDict):
    """One access to a subject's data, allowed or refused."""

    occurredAt: DateTime
    partnerName: str
    partnerType: str
    purpose: Purpose
    fields: list[str]
    outcome: AccessOutcome
    reason: DenialReason | None
    requestId: str


class AuditLogResultAuditLogPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class AuditLogResultAuditLog(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[AuditLogResultAuditLogNodes]
    pageInfo: AuditLogResultAuditLogPageInfo


class AuditLogResult(TypedDict):
    """What AuditLog answers: its ``data``."""

    auditLog: AuditLogResultAuditLog


async def audit_log(
    client: CreditPlatformClient, *, first: int, filter: AuditLogFilter | None = None
) -> AuditLogResult:
    """Run AuditLog (used by: credit_office).

    The credit office searches the audit log.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: AuditLogVariables = {"first": first, "filter": filter}
    data = await client.execute(
        AUDIT_LOG, variables, "AuditLog", mutation=False, document_id=AUDIT_LOG_ID
    )
    return cast("AuditLogResult", data)


AUTHORIZE_CONSENT = """# The signed-in person authorises a partner's consent request.
mutation AuthorizeConsent($consentId: ID!, $residentId: ResidentId!) {
  authorizeConsent(consentId: $consentId, residentId: $residentId) {
    consent { id status }
    errors { field message code }
  }
}"""
AUTHORIZE_CONSENT_ID = "sha256:a0e2913eb47b2ec1fbe2e5854e964aad50fdf703bbaf559117ceabc989725f89"
"""The trusted document id of AuthorizeConsent: the SHA-256 of its file's bytes."""


class AuthorizeConsentVariables(TypedDict):
    """The variables of AuthorizeConsent."""

    consentId: str
    residentId: ResidentId


class AuthorizeConsentResultAuthorizeConsentConsent(TypedDict):
    """A subject's standing consent for one partner."""

    id: str
    status: ConsentStatus


class AuthorizeConsentResultAuthorizeConsentErrors(TypedDict):
    """Why authorizeConsent did not do what was asked."""

    field: str | None
    message: str
    code: str


class AuthorizeConsentResultAuthorizeConsent(TypedDict):
    """The consent after authorising it, or why it did not change."""

    consent: AuthorizeConsentResultAuthorizeConsentConsent | None
    errors: list[AuthorizeConsentResultAuthorizeConsentErrors]


class AuthorizeConsentResult(TypedDict):
    """What AuthorizeConsent answers: its ``data``."""

    authorizeConsent: AuthorizeConsentResultAuthorizeConsent


async def authorize_consent(
    client: CreditPlatformClient, *, consent_id: str, resident_id: ResidentId
) -> AuthorizeConsentResult:
    """Run AuthorizeConsent (used by: citizen_app).

    The signed-in person authorises a partner's consent request.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: AuthorizeConsentVariables = {"consentId": consent_id, "residentId": resident_id}
    data = await client.execute(
        AUTHORIZE_CONSENT,
        variables,
        "AuthorizeConsent",
        mutation=True,
        document_id=AUTHORIZE_CONSENT_ID,
    )
    return cast("AuthorizeConsentResult", data)


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
BORROWER_CREDIT_CHECK_ID = "sha256:18d08c0df988a105fe9cd3532556063936394c3b30f5989b962713f5cf6904d8"
"""The trusted document id of BorrowerCreditCheck: the SHA-256 of its file's bytes."""


class BorrowerCreditCheckVariables(TypedDict):
    """The variables of BorrowerCreditCheck."""

    residentId: ResidentId
    consentId: str


class BorrowerCreditCheckResultPersonPersonCreditRecordsNodesDepartment(TypedDict):
    """A city department that reports credit records."""

    name: str


class BorrowerCreditCheckResultPersonPersonCreditRecordsNodes(TypedDict):
    """One publishable fact a department reported."""

    category: RecordCategory
    severity: Severity | None
    occurredAt: DateTime
    summary: str
    department: BorrowerCreditCheckResultPersonPersonCreditRecordsNodesDepartment


class BorrowerCreditCheckResultPersonPersonCreditRecords(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[BorrowerCreditCheckResultPersonPersonCreditRecordsNodes]


class BorrowerCreditCheckResultPersonPerson(TypedDict):
    """A person, read with their authorisation for a purpose."""

    residentId: str
    name: str
    district: District
    creditRecords: BorrowerCreditCheckResultPersonPersonCreditRecords


class BorrowerCreditCheckResultPersonDenial(TypedDict):
    """Why a read was refused: no data comes with it."""

    reason: DenialReason
    message: str


class BorrowerCreditCheckResultPerson(TypedDict):
    """The answer to a read of a person: the person, or why not."""

    person: BorrowerCreditCheckResultPersonPerson | None
    denial: BorrowerCreditCheckResultPersonDenial | None


class BorrowerCreditCheckResult(TypedDict):
    """What BorrowerCreditCheck answers: its ``data``."""

    person: BorrowerCreditCheckResultPerson


async def borrower_credit_check(
    client: CreditPlatformClient, *, resident_id: ResidentId, consent_id: str
) -> BorrowerCreditCheckResult:
    """Run BorrowerCreditCheck (used by: bank).

    A bank reads a borrower under the consent they authorised for a credit loan.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: BorrowerCreditCheckVariables = {"residentId": resident_id, "consentId": consent_id}
    data = await client.execute(
        BORROWER_CREDIT_CHECK,
        variables,
        "BorrowerCreditCheck",
        mutation=False,
        document_id=BORROWER_CREDIT_CHECK_ID,
    )
    return cast("BorrowerCreditCheckResult", data)


BULK_EXPORT_START = """# A regulator starts a bulk export of the enterprise register (names and tax grades).
mutation BulkExportStart {
  bulkOperationRunQuery(query: "{ enterprises { edges { node { id uscc name taxGrade } } } }") {
    bulkOperation { id status createdAt }
    errors { field message errorCode }
  }
}"""
BULK_EXPORT_START_ID = "sha256:086013852e650694f222227b8b1a2624b98ebab9c2fcfbdbe5302ea324272b67"
"""The trusted document id of BulkExportStart: the SHA-256 of its file's bytes."""


class BulkExportStartVariables(TypedDict):
    """The variables of BulkExportStart."""


class BulkExportStartResultBulkOperationRunQueryBulkOperation(TypedDict):
    """An export of one connection as JSON Lines."""

    id: str
    status: BulkOperationStatus
    createdAt: DateTime


class BulkExportStartResultBulkOperationRunQueryErrors(TypedDict):
    """Why bulkOperationRunQuery did not do what was asked."""

    field: str | None
    message: str
    errorCode: BulkOperationRunQueryErrorCode


class BulkExportStartResultBulkOperationRunQuery(TypedDict):
    """The bulk operation started, or why not."""

    bulkOperation: BulkExportStartResultBulkOperationRunQueryBulkOperation | None
    errors: list[BulkExportStartResultBulkOperationRunQueryErrors]


class BulkExportStartResult(TypedDict):
    """What BulkExportStart answers: its ``data``."""

    bulkOperationRunQuery: BulkExportStartResultBulkOperationRunQuery


async def bulk_export_start(client: CreditPlatformClient) -> BulkExportStartResult:
    """Run BulkExportStart (used by: regulator).

    A regulator starts a bulk export of the enterprise register (names and tax grades).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: BulkExportStartVariables = {}
    data = await client.execute(
        BULK_EXPORT_START,
        variables,
        "BulkExportStart",
        mutation=True,
        document_id=BULK_EXPORT_START_ID,
    )
    return cast("BulkExportStartResult", data)


CANCEL_BULK_OPERATION = """# A regulator cancels one of its bulk operations.
mutation CancelBulkOperation($id: ID!) {
  bulkOperationCancel(id: $id) {
    bulkOperation { id status cancelRequested }
    errors { field message errorCode }
  }
}"""
CANCEL_BULK_OPERATION_ID = "sha256:165ead7591671c2003ed536350cb53283301c0c44bd1913dcc937dd457729ec9"
"""The trusted document id of CancelBulkOperation: the SHA-256 of its file's bytes."""


class CancelBulkOperationVariables(TypedDict):
    """The variables of CancelBulkOperation."""

    id: str


class CancelBulkOperationResultBulkOperationCancelBulkOperation(TypedDict):
    """An export of one connection as JSON Lines."""

    id: str
    status: BulkOperationStatus
    cancelRequested: bool


class CancelBulkOperationResultBulkOperationCancelErrors(TypedDict):
    """Why bulkOperationCancel did not do what was asked."""

    field: str | None
    message: str
    errorCode: BulkOperationCancelErrorCode


class CancelBulkOperationResultBulkOperationCancel(TypedDict):
    """The bulk operation after a cancel, or why not."""

    bulkOperation: CancelBulkOperationResultBulkOperationCancelBulkOperation | None
    errors: list[CancelBulkOperationResultBulkOperationCancelErrors]


class CancelBulkOperationResult(TypedDict):
    """What CancelBulkOperation answers: its ``data``."""

    bulkOperationCancel: CancelBulkOperationResultBulkOperationCancel


async def cancel_bulk_operation(
    client: CreditPlatformClient, *, id: str
) -> CancelBulkOperationResult:
    """Run CancelBulkOperation (used by: regulator).

    A regulator cancels one of its bulk operations.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: CancelBulkOperationVariables = {"id": id}
    data = await client.execute(
        CANCEL_BULK_OPERATION,
        variables,
        "CancelBulkOperation",
        mutation=True,
        document_id=CANCEL_BULK_OPERATION_ID,
    )
    return cast("CancelBulkOperationResult", data)


CLAIM_FINANCING_NEED = """# A bank claims a need: the first three get access to it, later claims are refused (CLAIMS_FULL).
mutation ClaimFinancingNeed($needId: ID!) {
  claimFinancingNeed(needId: $needId) {
    need { id yourPosition claimsLeft status purpose enterprise { uscc name } }
    errors { field message code }
  }
}"""
CLAIM_FINANCING_NEED_ID = "sha256:74f337e52f90ab7082ea54c713d3e9ebca71fb412845b90b2ac2bf83f9bf6ced"
"""The trusted document id of ClaimFinancingNeed: the SHA-256 of its file's bytes."""


class ClaimFinancingNeedVariables(TypedDict):
    """The variables of ClaimFinancingNeed."""

    needId: str


class ClaimFinancingNeedResultClaimFinancingNeedNeedEnterprise(TypedDict):
    """A market entity, identified by its unified social credit code."""

    uscc: str
    name: str


class ClaimFinancingNeedResultClaimFinancingNeedNeed(TypedDict):
    """A financing need an enterprise posted."""

    id: str
    yourPosition: int | None
    claimsLeft: int
    status: FinancingNeedStatus
    purpose: str | None
    enterprise: ClaimFinancingNeedResultClaimFinancingNeedNeedEnterprise | None


class ClaimFinancingNeedResultClaimFinancingNeedErrors(TypedDict):
    """Why claimFinancingNeed did not do what was asked."""

    field: str | None
    message: str
    code: str


class ClaimFinancingNeedResultClaimFinancingNeed(TypedDict):
    """A claim on a financing need, or why it was refused."""

    need: ClaimFinancingNeedResultClaimFinancingNeedNeed | None
    errors: list[ClaimFinancingNeedResultClaimFinancingNeedErrors]


class ClaimFinancingNeedResult(TypedDict):
    """What ClaimFinancingNeed answers: its ``data``."""

    claimFinancingNeed: ClaimFinancingNeedResultClaimFinancingNeed


async def claim_financing_need(
    client: CreditPlatformClient, *, need_id: str
) -> ClaimFinancingNeedResult:
    """Run ClaimFinancingNeed (used by: bank).

    A bank claims a need: the first three get access to it, later claims are refused (CLAIMS_FULL).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ClaimFinancingNeedVariables = {"needId": need_id}
    data = await client.execute(
        CLAIM_FINANCING_NEED,
        variables,
        "ClaimFinancingNeed",
        mutation=True,
        document_id=CLAIM_FINANCING_NEED_ID,
    )
    return cast("ClaimFinancingNeedResult", data)


COMMERCE_DISTRICT_STATISTICS = """# A commerce district's merchants by colour, its complaints by month, before and after.
query CommerceDistrictStatistics($commerceDistrict: String!, $since: Date!) {
  commerceDistrictStatistics(commerceDistrict: $commerceDistrict, since: $since) {
    statistics {
      commerceDistrict asOf merchants
      byColour { colour merchants }
      complaintsByMonth { month complaints }
      since complaintsBefore complaintsAfter changePercent
    }
    errors { field code message }
  }
}"""
COMMERCE_DISTRICT_STATISTICS_ID = (
    "sha256:7dc2e697247a19849dc4cf6b67472b480406a17f5f9c2fbe5aadcf8c5ed8af9b"
)
"""The trusted document id of CommerceDistrictStatistics: the SHA-256 of its file's bytes."""


class CommerceDistrictStatisticsVariables(TypedDict):
    """The variables of CommerceDistrictStatistics."""

    commerceDistrict: str
    since: Date


class CommerceDistrictStatisticsResultCommerceDistrictStatisticsStatisticsByColour(TypedDict):
    """How many merchants have a colour."""

    colour: MerchantColour | None
    merchants: int


class CommerceDistrictStatisticsResultCommerceDistrictStatisticsStatisticsComplaintsByMonth(
    TypedDict
):
    """Complaints observed in one month."""

    month: Date
    complaints: int


class CommerceDistrictStatisticsResultCommerceDistrictStatisticsStatistics(TypedDict):
    """A commerce district's merchants by colour and its complaints."""

    commerceDistrict: str
    asOf: Date
    merchants: int
    byColour: list[CommerceDistrictStatisticsResultCommerceDistrictStatisticsStatisticsByColour]
    complaintsByMonth: list[
        CommerceDistrictStatisticsResultCommerceDistrictStatisticsStatisticsComplaintsByMonth
    ]
    since: Date
    complaintsBefore: int
    complaintsAfter: int
    changePercent: Decimal | None


class CommerceDistrictStatisticsResultCommerceDistrictStatisticsErrors(TypedDict):
    """Why a query has no answer (mutations have their own error types)."""

    field: str | None
    code: str
    message: str


class CommerceDistrictStatisticsResultCommerceDistrictStatistics(TypedDict):
    """District statistics, or why there are none."""

    statistics: CommerceDistrictStatisticsResultCommerceDistrictStatisticsStatistics | None
    errors: list[CommerceDistrictStatisticsResultCommerceDistrictStatisticsErrors]


class CommerceDistrictStatisticsResult(TypedDict):
    """What CommerceDistrictStatistics answers: its ``data``."""

    commerceDistrictStatistics: CommerceDistrictStatisticsResultCommerceDistrictStatistics


async def commerce_district_statistics(
    client: CreditPlatformClient, *, commerce_district: str, since: Date
) -> CommerceDistrictStatisticsResult:
    """Run CommerceDistrictStatistics (used by: commerce_district, credit_office).

    A commerce district's merchants by colour, its complaints by month, before and after.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: CommerceDistrictStatisticsVariables = {
        "commerceDistrict": commerce_district,
        "since": since,
    }
    data = await client.execute(
        COMMERCE_DISTRICT_STATISTICS,
        variables,
        "CommerceDistrictStatistics",
        mutation=False,
        document_id=COMMERCE_DISTRICT_STATISTICS_ID,
    )
    return cast("CommerceDistrictStatisticsResult", data)


CORRECT_CIVILITY_ENTRY = """# A village committee corrects an entry with a reason: the correction is an entry of its own.
mutation CorrectCivilityEntry($civilityCorrection: CorrectCivilityEntryInput!) {
  correctCivilityEntry(input: $civilityCorrection) {
    entry { id kind points note correctsEntryId rule { code version } }
    file { householdId points colour }
    replayed
    errors { field message errorCode }
  }
}"""
CORRECT_CIVILITY_ENTRY_ID = (
    "sha256:4de68d3f80ce545ab3090de2ecb526a84e050568c0f367103eaf831b6a27e4ed"
)
"""The trusted document id of CorrectCivilityEntry: the SHA-256 of its file's bytes."""


class CorrectCivilityEntryVariables(TypedDict):
    """The variables of CorrectCivilityEntry."""

    civilityCorrection: CorrectCivilityEntryInput


class CorrectCivilityEntryResultCorrectCivilityEntryEntryRule(TypedDict):
    """One version of a village rule (村规民约)."""

    code: str
    version: int


class CorrectCivilityEntryResultCorrectCivilityEntryEntry(TypedDict):
    """An entry of a household's civility file."""

    id: str
    kind: CivilityEntryKind
    points: int
    note: str
    correctsEntryId: str | None
    rule: CorrectCivilityEntryResultCorrectCivilityEntryEntryRule


class CorrectCivilityEntryResultCorrectCivilityEntryFile(TypedDict):
    """One household, one file, one code: points this year, colour and reasons."""

    householdId: str
    points: int
    colour: HouseholdColour


class CorrectCivilityEntryResultCorrectCivilityEntryErrors(TypedDict):
    """Why correctCivilityEntry did not do what was asked."""

    field: str | None
    message: str
    errorCode: CorrectCivilityEntryErrorCode


class CorrectCivilityEntryResultCorrectCivilityEntry(TypedDict):
    """The correcting entry and the household's file after it, or why not."""

    entry: CorrectCivilityEntryResultCorrectCivilityEntryEntry | None
    file: CorrectCivilityEntryResultCorrectCivilityEntryFile | None
    replayed: bool
    errors: list[CorrectCivilityEntryResultCorrectCivilityEntryErrors]


class CorrectCivilityEntryResult(TypedDict):
    """What CorrectCivilityEntry answers: its ``data``."""

    correctCivilityEntry: CorrectCivilityEntryResultCorrectCivilityEntry


async def correct_civility_entry(
    client: CreditPlatformClient, *, civility_correction: CorrectCivilityEntryInput
) -> CorrectCivilityEntryResult:
    """Run CorrectCivilityEntry (used by: village_committee).

    A village committee corrects an entry with a reason: the correction is an entry of its own.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: CorrectCivilityEntryVariables = {"civilityCorrection": civility_correction}
    data = await client.execute(
        CORRECT_CIVILITY_ENTRY,
        variables,
        "CorrectCivilityEntry",
        mutation=True,
        document_id=CORRECT_CIVILITY_ENTRY_ID,
    )
    return cast("CorrectCivilityEntryResult", data)


CREATE_LOAN_PRODUCT = """# A bank registers a loan product as a draft (only it sees drafts), then publishes it.
mutation CreateLoanProduct($productInput: LoanProductInput!) {
  createLoanProduct(input: $productInput) {
    product { id name kind status version amountMin amountMax rateMin rateMax taxMultiple validFrom validUntil
      criteria { districts industryPrefixes sizeClasses lowestTaxGrade lowestCreditGrade greenRequired lowestGreenTier worstCarbonBand noSeriousDishonesty } }
    errors { field message code }
  }
}"""
CREATE_LOAN_PRODUCT_ID = "sha256:f58922c709e676772478893d29839b319c91b79e55b885831905274a91a34190"
"""The trusted document id of CreateLoanProduct: the SHA-256 of its file's bytes."""


class CreateLoanProductVariables(TypedDict):
    """The variables of CreateLoanProduct."""

    productInput: LoanProductInput


class CreateLoanProductResultCreateLoanProductProductCriteria(TypedDict):
    """Who a loan product is for; all must hold."""

    districts: list[District]
    industryPrefixes: list[str]
    sizeClasses: list[SizeClass]
    lowestTaxGrade: TaxGrade | None
    lowestCreditGrade: str | None
    greenRequired: bool
    lowestGreenTier: GreenTier | None
    worstCarbonBand: CarbonBand | None
    noSeriousDishonesty: bool


class CreateLoanProductResultCreateLoanProductProduct(TypedDict):
    """A bank's loan product."""

    id: str
    name: str
    kind: LoanKind
    status: LoanProductStatus
    version: int
    amountMin: Decimal
    amountMax: Decimal
    rateMin: Decimal
    rateMax: Decimal
    taxMultiple: Decimal | None
    validFrom: Date
    validUntil: Date | None
    criteria: CreateLoanProductResultCreateLoanProductProductCriteria


class CreateLoanProductResultCreateLoanProductErrors(TypedDict):
    """Why createLoanProduct did not do what was asked."""

    field: str | None
    message: str
    code: str


class CreateLoanProductResultCreateLoanProduct(TypedDict):
    """A loan product registered as a draft, or why not."""

    product: CreateLoanProductResultCreateLoanProductProduct | None
    errors: list[CreateLoanProductResultCreateLoanProductErrors]


class CreateLoanProductResult(TypedDict):
    """What CreateLoanProduct answers: its ``data``."""

    createLoanProduct: CreateLoanProductResultCreateLoanProduct


async def create_loan_product(
    client: CreditPlatformClient, *, product_input: LoanProductInput
) -> CreateLoanProductResult:
    """Run CreateLoanProduct (used by: bank).

    A bank registers a loan product as a draft (only it sees drafts), then publishes it.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: CreateLoanProductVariables = {"productInput": product_input}
    data = await client.execute(
        CREATE_LOAN_PRODUCT,
        variables,
        "CreateLoanProduct",
        mutation=True,
        document_id=CREATE_LOAN_PRODUCT_ID,
    )
    return cast("CreateLoanProductResult", data)


CURRENT_BULK_OPERATION = """# A regulator follows its newest bulk operation; once COMPLETED, `url` downloads the file.
query CurrentBulkOperation {
  currentBulkOperation { id status rootField objectCount fileSize errorCode completedAt url }
}"""
CURRENT_BULK_OPERATION_ID = (
    "sha256:d5307a3bc583f1265628f378b14f67adb75ae48b466e04e6201e4198df5f7b9a"
)
"""The trusted document id of CurrentBulkOperation: the SHA-256 of its file's bytes."""


class CurrentBulkOperationVariables(TypedDict):
    """The variables of CurrentBulkOperation."""


class CurrentBulkOperationResultCurrentBulkOperation(TypedDict):
    """An export of one connection as JSON Lines."""

    id: str
    status: BulkOperationStatus
    rootField: str
    objectCount: int
    fileSize: str
    errorCode: BulkOperationFailure | None
    completedAt: DateTime | None
    url: str | None


class CurrentBulkOperationResult(TypedDict):
    """What CurrentBulkOperation answers: its ``data``."""

    currentBulkOperation: CurrentBulkOperationResultCurrentBulkOperation | None


async def current_bulk_operation(client: CreditPlatformClient) -> CurrentBulkOperationResult:
    """Run CurrentBulkOperation (used by: regulator).

    A regulator follows its newest bulk operation; once COMPLETED, `url` downloads the file.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: CurrentBulkOperationVariables = {}
    data = await client.execute(
        CURRENT_BULK_OPERATION,
        variables,
        "CurrentBulkOperation",
        mutation=False,
        document_id=CURRENT_BULK_OPERATION_ID,
    )
    return cast("CurrentBulkOperationResult", data)


DECIDE_CREDIT_REPAIR = """# A regulator approves or rejects a repair application, with a reason.
mutation DecideCreditRepair($repairId: ID!, $approve: Boolean!, $reason: String!) {
  decideCreditRepair(repairId: $repairId, approve: $approve, reason: $reason) {
    repairCase { id state decisionReason followUpDueOn }
    evaluation { score grade }
    errors { field code message }
  }
}"""
DECIDE_CREDIT_REPAIR_ID = "sha256:f6a736b35d8fd16113b199e86bf758387c18ca925ba34df29cf4ccf4ae6632bd"
"""The trusted document id of DecideCreditRepair: the SHA-256 of its file's bytes."""


class DecideCreditRepairVariables(TypedDict):
    """The variables of DecideCreditRepair."""

    repairId: str
    approve: bool
    reason: str


class DecideCreditRepairResultDecideCreditRepairRepairCase(TypedDict):
    """The credit repair case of one record."""

    id: str
    state: RepairState
    decisionReason: str | None
    followUpDueOn: Date | None


class DecideCreditRepairResultDecideCreditRepairEvaluation(TypedDict):
    """A subject's public credit evaluation under a rule set: score, grade, code and every factor."""

    score: int
    grade: CreditGrade


class DecideCreditRepairResultDecideCreditRepairErrors(TypedDict):
    """Why decideCreditRepair did not do what was asked."""

    field: str | None
    code: str
    message: str


class DecideCreditRepairResultDecideCreditRepair(TypedDict):
    """A repair case after a decision, or why the decision was refused."""

    repairCase: DecideCreditRepairResultDecideCreditRepairRepairCase | None
    evaluation: DecideCreditRepairResultDecideCreditRepairEvaluation | None
    errors: list[DecideCreditRepairResultDecideCreditRepairErrors]


class DecideCreditRepairResult(TypedDict):
    """What DecideCreditRepair answers: its ``data``."""

    decideCreditRepair: DecideCreditRepairResultDecideCreditRepair


async def decide_credit_repair(
    client: CreditPlatformClient, *, repair_id: str, approve: bool, reason: str
) -> DecideCreditRepairResult:
    """Run DecideCreditRepair (used by: regulator).

    A regulator approves or rejects a repair application, with a reason.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: DecideCreditRepairVariables = {
        "repairId": repair_id,
        "approve": approve,
        "reason": reason,
    }
    data = await client.execute(
        DECIDE_CREDIT_REPAIR,
        variables,
        "DecideCreditRepair",
        mutation=True,
        document_id=DECIDE_CREDIT_REPAIR_ID,
    )
    return cast("DecideCreditRepairResult", data)


DECIDE_MODEL_HOUSEHOLD = """# The county's credit office approves or rejects a model-household nomination; an approval
# records an honour for each member.
mutation DecideModelHousehold($nominationDecision: DecideModelHouseholdInput!) {
  decideModelHousehold(input: $nominationDecision) {
    nomination { id householdId year status decidedAt decisionReason honourRecordCount }
    replayed
    errors { field message errorCode }
  }
}"""
DECIDE_MODEL_HOUSEHOLD_ID = (
    "sha256:6f5e8daa59e38c27f24b8a40350f2b0043b1b69565ee5b05a692a44e4e992cb5"
)
"""The trusted document id of DecideModelHousehold: the SHA-256 of its file's bytes."""


class DecideModelHouseholdVariables(TypedDict):
    """The variables of DecideModelHousehold."""

    nominationDecision: DecideModelHouseholdInput


class DecideModelHouseholdResultDecideModelHouseholdNomination(TypedDict):
    """A model-household nomination."""

    id: str
    householdId: str
    year: int
    status: ModelHouseholdStatus
    decidedAt: DateTime | None
    decisionReason: str | None
    honourRecordCount: int


class DecideModelHouseholdResultDecideModelHouseholdErrors(TypedDict):
    """Why decideModelHousehold did not do what was asked."""

    field: str | None
    message: str
    errorCode: DecideModelHouseholdErrorCode


class DecideModelHouseholdResultDecideModelHousehold(TypedDict):
    """The nomination decided, or why not."""

    nomination: DecideModelHouseholdResultDecideModelHouseholdNomination | None
    replayed: bool
    errors: list[DecideModelHouseholdResultDecideModelHouseholdErrors]


class DecideModelHouseholdResult(TypedDict):
    """What DecideModelHousehold answers: its ``data``."""

    decideModelHousehold: DecideModelHouseholdResultDecideModelHousehold


async def decide_model_household(
    client: CreditPlatformClient, *, nomination_decision: DecideModelHouseholdInput
) -> DecideModelHouseholdResult:
    """Run DecideModelHousehold (used by: credit_office).

    The county's credit office approves or rejects a model-household nomination; an approval
    records an honour for each member.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: DecideModelHouseholdVariables = {"nominationDecision": nomination_decision}
    data = await client.execute(
        DECIDE_MODEL_HOUSEHOLD,
        variables,
        "DecideModelHousehold",
        mutation=True,
        document_id=DECIDE_MODEL_HOUSEHOLD_ID,
    )
    return cast("DecideModelHouseholdResult", data)


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
ENTERPRISE_CREDIT_PROFILE_ID = (
    "sha256:85de2bef668cf8c746161932eeb75b8b54fba007def630398e66a636b09e0f20"
)
"""The trusted document id of EnterpriseCreditProfile: the SHA-256 of its file's bytes."""


class EnterpriseCreditProfileVariables(TypedDict):
    """The variables of EnterpriseCreditProfile."""

    uscc: UnifiedSocialCreditCode


class EnterpriseCreditProfileResultEnterpriseTaxRatings(TypedDict):
    """One year's tax credit grade, from the tax bureau."""

    year: int
    grade: TaxGrade


class EnterpriseCreditProfileResultEnterpriseGreenProfile(TypedDict):
    """An enterprise's green profile, as of a date."""

    activityClass: GreenActivityClass
    carbonIntensity: Decimal
    carbonReductionTonnes: Decimal
    esgScore: Decimal
    asOf: Date


class EnterpriseCreditProfileResultEnterpriseCreditRecordsNodesDepartment(TypedDict):
    """A city department that reports credit records."""

    name: str


class EnterpriseCreditProfileResultEnterpriseCreditRecordsNodes(TypedDict):
    """One publishable fact a department reported."""

    id: str
    category: RecordCategory
    severity: Severity | None
    occurredAt: DateTime
    publicityUntil: Date | None
    summary: str
    department: EnterpriseCreditProfileResultEnterpriseCreditRecordsNodesDepartment


class EnterpriseCreditProfileResultEnterpriseCreditRecordsPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class EnterpriseCreditProfileResultEnterpriseCreditRecords(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[EnterpriseCreditProfileResultEnterpriseCreditRecordsNodes]
    pageInfo: EnterpriseCreditProfileResultEnterpriseCreditRecordsPageInfo


class EnterpriseCreditProfileResultEnterprise(TypedDict):
    """A market entity, identified by its unified social credit code."""

    id: str
    uscc: str
    name: str
    industryCode: str
    district: District
    sizeClass: SizeClass
    registeredOn: Date
    registeredCapital: Decimal
    taxGrade: TaxGrade | None
    taxRatings: list[EnterpriseCreditProfileResultEnterpriseTaxRatings]
    greenClass: GreenActivityClass | None
    greenProfile: EnterpriseCreditProfileResultEnterpriseGreenProfile | None
    creditRecords: EnterpriseCreditProfileResultEnterpriseCreditRecords


class EnterpriseCreditProfileResult(TypedDict):
    """What EnterpriseCreditProfile answers: its ``data``."""

    enterprise: EnterpriseCreditProfileResultEnterprise | None


async def enterprise_credit_profile(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> EnterpriseCreditProfileResult:
    """Run EnterpriseCreditProfile (used by: bank, credit_office, regulator).

    A bank checks a prospective borrower: its public profile, tax grade, green profile and
    publishable credit records.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: EnterpriseCreditProfileVariables = {"uscc": uscc}
    data = await client.execute(
        ENTERPRISE_CREDIT_PROFILE,
        variables,
        "EnterpriseCreditProfile",
        mutation=False,
        document_id=ENTERPRISE_CREDIT_PROFILE_ID,
    )
    return cast("EnterpriseCreditProfileResult", data)


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
ENTERPRISE_EVALUATION_ID = "sha256:0fc5c0a0543c1992417073b1cee74afc7b764b31e72d4775cff23eff7862ff66"
"""The trusted document id of EnterpriseEvaluation: the SHA-256 of its file's bytes."""


class EnterpriseEvaluationVariables(TypedDict):
    """The variables of EnterpriseEvaluation."""

    uscc: UnifiedSocialCreditCode


class EnterpriseEvaluationResultEnterpriseEvaluationReasons(TypedDict):
    """One reason the score moved, and by how much."""

    code: str
    points: int
    detail: str


class EnterpriseEvaluationResultEnterpriseEvaluation(TypedDict):
    """A subject's public credit evaluation under a rule set: score, grade, code and every factor."""

    score: int
    grade: CreditGrade
    ruleSetVersion: str
    evaluatedAt: DateTime
    reasons: list[EnterpriseEvaluationResultEnterpriseEvaluationReasons]


class EnterpriseEvaluationResultEnterpriseEvaluationHistoryNodes(TypedDict):
    """A subject's public credit evaluation under a rule set: score, grade, code and every factor."""

    score: int
    grade: CreditGrade
    cause: EvaluationCause
    evaluatedAt: DateTime


class EnterpriseEvaluationResultEnterpriseEvaluationHistory(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[EnterpriseEvaluationResultEnterpriseEvaluationHistoryNodes]


class EnterpriseEvaluationResultEnterprise(TypedDict):
    """A market entity, identified by its unified social credit code."""

    id: str
    name: str
    evaluation: EnterpriseEvaluationResultEnterpriseEvaluation | None
    evaluationHistory: EnterpriseEvaluationResultEnterpriseEvaluationHistory


class EnterpriseEvaluationResult(TypedDict):
    """What EnterpriseEvaluation answers: its ``data``."""

    enterprise: EnterpriseEvaluationResultEnterprise | None


async def enterprise_evaluation(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> EnterpriseEvaluationResult:
    """Run EnterpriseEvaluation (used by: bank).

    A bank reads a borrower's public credit evaluation and its main reasons.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: EnterpriseEvaluationVariables = {"uscc": uscc}
    data = await client.execute(
        ENTERPRISE_EVALUATION,
        variables,
        "EnterpriseEvaluation",
        mutation=False,
        document_id=ENTERPRISE_EVALUATION_ID,
    )
    return cast("EnterpriseEvaluationResult", data)


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
ENTERPRISE_TAX_PROFILE_ID = (
    "sha256:19dd301dd90b89ecc924fbe11e032180a409b6e37261e90b61d8252330b51ea4"
)
"""The trusted document id of EnterpriseTaxProfile: the SHA-256 of its file's bytes."""


class EnterpriseTaxProfileVariables(TypedDict):
    """The variables of EnterpriseTaxProfile."""

    uscc: UnifiedSocialCreditCode


class EnterpriseTaxProfileResultEnterpriseTaxRatings(TypedDict):
    """One year's tax credit grade, from the tax bureau."""

    year: int
    grade: TaxGrade


class EnterpriseTaxProfileResultEnterpriseGreenProfile(TypedDict):
    """An enterprise's green profile, as of a date."""

    activityClass: GreenActivityClass
    emissionsTonnes: Decimal
    carbonIntensity: Decimal
    carbonReductionTonnes: Decimal
    asOf: Date


class EnterpriseTaxProfileResultEnterprise(TypedDict):
    """A market entity, identified by its unified social credit code."""

    id: str
    uscc: str
    name: str
    taxGrade: TaxGrade | None
    taxRatings: list[EnterpriseTaxProfileResultEnterpriseTaxRatings]
    greenProfile: EnterpriseTaxProfileResultEnterpriseGreenProfile | None


class EnterpriseTaxProfileResult(TypedDict):
    """What EnterpriseTaxProfile answers: its ``data``."""

    enterprise: EnterpriseTaxProfileResultEnterprise | None


async def enterprise_tax_profile(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> EnterpriseTaxProfileResult:
    """Run EnterpriseTaxProfile (used by: tax_bureau).

    The tax bureau looks up an enterprise before reporting its rating and carbon results.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: EnterpriseTaxProfileVariables = {"uscc": uscc}
    data = await client.execute(
        ENTERPRISE_TAX_PROFILE,
        variables,
        "EnterpriseTaxProfile",
        mutation=False,
        document_id=ENTERPRISE_TAX_PROFILE_ID,
    )
    return cast("EnterpriseTaxProfileResult", data)


ENTERPRISES_FOR_BULK_EXPORT = """# A regulator's export of every enterprise with its records: run as a bulk operation
# (bulkOperationRunQuery(documentId: ...)); there the worker pages it and reads every record:
# the `first` values below only bound it when run as an ordinary query.
query EnterprisesForBulkExport {
  enterprises(first: 10) {
    edges {
      node {
        id uscc name district industryCode sizeClass taxGrade greenClass registeredOn
        creditRecords(first: 10) {
          edges { node { id category severity occurredAt summary department { name } } }
        }
      }
    }
  }
}"""
ENTERPRISES_FOR_BULK_EXPORT_ID = (
    "sha256:88c17611f77eec5f4591443c56e0b2880ab8d0bf7946fc431de0d05d23d3991e"
)
"""The trusted document id of EnterprisesForBulkExport: the SHA-256 of its file's bytes."""


class EnterprisesForBulkExportVariables(TypedDict):
    """The variables of EnterprisesForBulkExport."""


class EnterprisesForBulkExportResultEnterprisesEdgesNodeCreditRecordsEdgesNodeDepartment(TypedDict):
    """A city department that reports credit records."""

    name: str


class EnterprisesForBulkExportResultEnterprisesEdgesNodeCreditRecordsEdgesNode(TypedDict):
    """One publishable fact a department reported."""

    id: str
    category: RecordCategory
    severity: Severity | None
    occurredAt: DateTime
    summary: str
    department: EnterprisesForBulkExportResultEnterprisesEdgesNodeCreditRecordsEdgesNodeDepartment


class EnterprisesForBulkExportResultEnterprisesEdgesNodeCreditRecordsEdges(TypedDict):
    """An item of a list and its cursor."""

    node: EnterprisesForBulkExportResultEnterprisesEdgesNodeCreditRecordsEdgesNode


class EnterprisesForBulkExportResultEnterprisesEdgesNodeCreditRecords(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    edges: list[EnterprisesForBulkExportResultEnterprisesEdgesNodeCreditRecordsEdges]


class EnterprisesForBulkExportResultEnterprisesEdgesNode(TypedDict):
    """A market entity, identified by its unified social credit code."""

    id: str
    uscc: str
    name: str
    district: District
    industryCode: str
    sizeClass: SizeClass
    taxGrade: TaxGrade | None
    greenClass: GreenActivityClass | None
    registeredOn: Date
    creditRecords: EnterprisesForBulkExportResultEnterprisesEdgesNodeCreditRecords


class EnterprisesForBulkExportResultEnterprisesEdges(TypedDict):
    """An item of a list and its cursor."""

    node: EnterprisesForBulkExportResultEnterprisesEdgesNode


class EnterprisesForBulkExportResultEnterprises(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    edges: list[EnterprisesForBulkExportResultEnterprisesEdges]


class EnterprisesForBulkExportResult(TypedDict):
    """What EnterprisesForBulkExport answers: its ``data``."""

    enterprises: EnterprisesForBulkExportResultEnterprises


async def enterprises_for_bulk_export(
    client: CreditPlatformClient,
) -> EnterprisesForBulkExportResult:
    """Run EnterprisesForBulkExport (used by: regulator).

    A regulator's export of every enterprise with its records: run as a bulk operation
    (bulkOperationRunQuery(documentId: ...)); there the worker pages it and reads every record:
    the `first` values below only bound it when run as an ordinary query.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: EnterprisesForBulkExportVariables = {}
    data = await client.execute(
        ENTERPRISES_FOR_BULK_EXPORT,
        variables,
        "EnterprisesForBulkExport",
        mutation=False,
        document_id=ENTERPRISES_FOR_BULK_EXPORT_ID,
    )
    return cast("EnterprisesForBulkExportResult", data)


EXEMPT_MATTERS = """# The exempt-from-penalty list, to quote a matter code in recordPenalty.
query ExemptMatters {
  exemptMatters { code description conditions guidance windowMonths active }
}"""
EXEMPT_MATTERS_ID = "sha256:80160561639e93c29e80a883c931ef5942fad76138d4e7e7b13723458273be53"
"""The trusted document id of ExemptMatters: the SHA-256 of its file's bytes."""


class ExemptMattersVariables(TypedDict):
    """The variables of ExemptMatters."""


class ExemptMattersResultExemptMatters(TypedDict):
    """A matter on the exempt-from-penalty list (涉企免罚清单)."""

    code: str
    description: str
    conditions: str
    guidance: str
    windowMonths: int
    active: bool


class ExemptMattersResult(TypedDict):
    """What ExemptMatters answers: its ``data``."""

    exemptMatters: list[ExemptMattersResultExemptMatters]


async def exempt_matters(client: CreditPlatformClient) -> ExemptMattersResult:
    """Run ExemptMatters (used by: regulator).

    The exempt-from-penalty list, to quote a matter code in recordPenalty.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ExemptMattersVariables = {}
    data = await client.execute(
        EXEMPT_MATTERS, variables, "ExemptMatters", mutation=False, document_id=EXEMPT_MATTERS_ID
    )
    return cast("ExemptMattersResult", data)


FETCH_NODE = """# Any object again by the global ID a previous answer gave.
query FetchNode($id: ID!) {
  node(id: $id) {
    id
    ... on Enterprise { uscc name }
  }
}"""
FETCH_NODE_ID = "sha256:29d3818bb42f4536bac75fa656ff19bfb8ca4a5f0747d1bc10206bca03f13bba"
"""The trusted document id of FetchNode: the SHA-256 of its file's bytes."""


class FetchNodeVariables(TypedDict):
    """The variables of FetchNode."""

    id: str


class FetchNodeResultNode(TypedDict):
    """An object with an opaque global ID, fetchable with `node(id:)`."""

    id: str
    uscc: NotRequired[str]
    name: NotRequired[str]


class FetchNodeResult(TypedDict):
    """What FetchNode answers: its ``data``."""

    node: FetchNodeResultNode | None


async def fetch_node(client: CreditPlatformClient, *, id: str) -> FetchNodeResult:
    """Run FetchNode (used by: bank, credit_office).

    Any object again by the global ID a previous answer gave.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: FetchNodeVariables = {"id": id}
    data = await client.execute(
        FETCH_NODE, variables, "FetchNode", mutation=False, document_id=FETCH_NODE_ID
    )
    return cast("FetchNodeResult", data)


FINANCING_NEEDS = """# The financing needs a bank was told about (one of its products matches), newest first.
query FinancingNeeds($first: Int!, $after: String) {
  financingNeeds(first: $first, after: $after) {
    nodes { id amount termMonths status claimsLeft postedAt yourPosition purpose enterprise { uscc name } }
    pageInfo { hasNextPage endCursor }
  }
}"""
FINANCING_NEEDS_ID = "sha256:367d037095150357e3d3c4fcc0e19ce41261e3cbfe69e09cb7864fe4e5af1bc5"
"""The trusted document id of FinancingNeeds: the SHA-256 of its file's bytes."""


class FinancingNeedsVariables(TypedDict):
    """The variables of FinancingNeeds."""

    first: int
    after: NotRequired[str | None]


class FinancingNeedsResultFinancingNeedsNodesEnterprise(TypedDict):
    """A market entity, identified by its unified social credit code."""

    uscc: str
    name: str


class FinancingNeedsResultFinancingNeedsNodes(TypedDict):
    """A financing need an enterprise posted."""

    id: str
    amount: Decimal
    termMonths: int
    status: FinancingNeedStatus
    claimsLeft: int
    postedAt: DateTime
    yourPosition: int | None
    purpose: str | None
    enterprise: FinancingNeedsResultFinancingNeedsNodesEnterprise | None


class FinancingNeedsResultFinancingNeedsPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class FinancingNeedsResultFinancingNeeds(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[FinancingNeedsResultFinancingNeedsNodes]
    pageInfo: FinancingNeedsResultFinancingNeedsPageInfo


class FinancingNeedsResult(TypedDict):
    """What FinancingNeeds answers: its ``data``."""

    financingNeeds: FinancingNeedsResultFinancingNeeds


async def financing_needs(
    client: CreditPlatformClient, *, first: int, after: str | None = None
) -> FinancingNeedsResult:
    """Run FinancingNeeds (used by: bank).

    The financing needs a bank was told about (one of its products matches), newest first.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: FinancingNeedsVariables = {"first": first, "after": after}
    data = await client.execute(
        FINANCING_NEEDS, variables, "FinancingNeeds", mutation=False, document_id=FINANCING_NEEDS_ID
    )
    return cast("FinancingNeedsResult", data)


FOLLOW_BORROWER = """# A bank follows one of its borrowers ("跟踪绿"): worsening is delivered to its webhook.
mutation FollowBorrower($uscc: UnifiedSocialCreditCode!) {
  followBorrower(uscc: $uscc) { url following errors { field message code } }
}"""
FOLLOW_BORROWER_ID = "sha256:f19ebea8f42138fb6334025758636f724485e5ecb5c97c15febc468b0548e98f"
"""The trusted document id of FollowBorrower: the SHA-256 of its file's bytes."""


class FollowBorrowerVariables(TypedDict):
    """The variables of FollowBorrower."""

    uscc: UnifiedSocialCreditCode


class FollowBorrowerResultFollowBorrowerErrors(TypedDict):
    """Why followBorrower did not do what was asked."""

    field: str | None
    message: str
    code: str


class FollowBorrowerResultFollowBorrower(TypedDict):
    """A borrower subscription after following, or why not."""

    url: str | None
    following: bool
    errors: list[FollowBorrowerResultFollowBorrowerErrors]


class FollowBorrowerResult(TypedDict):
    """What FollowBorrower answers: its ``data``."""

    followBorrower: FollowBorrowerResultFollowBorrower


async def follow_borrower(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> FollowBorrowerResult:
    """Run FollowBorrower (used by: bank).

    A bank follows one of its borrowers ("跟踪绿"): worsening is delivered to its webhook.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: FollowBorrowerVariables = {"uscc": uscc}
    data = await client.execute(
        FOLLOW_BORROWER, variables, "FollowBorrower", mutation=True, document_id=FOLLOW_BORROWER_ID
    )
    return cast("FollowBorrowerResult", data)


GREEN_CLASSIFICATION = """# An enterprise's green identification: green or not, tier and carbon band, with reasons.
query GreenClassification($uscc: UnifiedSocialCreditCode!) {
  greenClassification(uscc: $uscc) {
    version green tier carbonBand profileAsOf classifiedAt reasons { code detail }
  }
}"""
GREEN_CLASSIFICATION_ID = "sha256:97009c15fd98fafdf829069ddfe8c8eff6304ee734e11e5947eefcf708190162"
"""The trusted document id of GreenClassification: the SHA-256 of its file's bytes."""


class GreenClassificationVariables(TypedDict):
    """The variables of GreenClassification."""

    uscc: UnifiedSocialCreditCode


class GreenClassificationResultGreenClassificationReasons(TypedDict):
    """One explained step of a classification."""

    code: str
    detail: str


class GreenClassificationResultGreenClassification(TypedDict):
    """Green identification of an enterprise, versioned and explained."""

    version: str
    green: bool
    tier: GreenTier
    carbonBand: CarbonBand
    profileAsOf: Date
    classifiedAt: DateTime
    reasons: list[GreenClassificationResultGreenClassificationReasons]


class GreenClassificationResult(TypedDict):
    """What GreenClassification answers: its ``data``."""

    greenClassification: GreenClassificationResultGreenClassification | None


async def green_classification(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> GreenClassificationResult:
    """Run GreenClassification (used by: bank).

    An enterprise's green identification: green or not, tier and carbon band, with reasons.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: GreenClassificationVariables = {"uscc": uscc}
    data = await client.execute(
        GREEN_CLASSIFICATION,
        variables,
        "GreenClassification",
        mutation=False,
        document_id=GREEN_CLASSIFICATION_ID,
    )
    return cast("GreenClassificationResult", data)


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
GREEN_ENTERPRISES_ID = "sha256:e07aaaa04f1875699278e04019a80f4ebb8709ffeb8c65a428b3c57f3fa2645f"
"""The trusted document id of GreenEnterprises: the SHA-256 of its file's bytes."""


class GreenEnterprisesVariables(TypedDict):
    """The variables of GreenEnterprises."""

    first: int
    after: NotRequired[str | None]
    filter: NotRequired[EnterpriseFilter | None]


class GreenEnterprisesResultEnterprisesEdgesNodeGreenProfile(TypedDict):
    """An enterprise's green profile, as of a date."""

    esgScore: Decimal
    carbonIntensity: Decimal


class GreenEnterprisesResultEnterprisesEdgesNode(TypedDict):
    """A market entity, identified by its unified social credit code."""

    id: str
    uscc: str
    name: str
    district: District
    sizeClass: SizeClass
    taxGrade: TaxGrade | None
    greenClass: GreenActivityClass | None
    greenProfile: GreenEnterprisesResultEnterprisesEdgesNodeGreenProfile | None


class GreenEnterprisesResultEnterprisesEdges(TypedDict):
    """An item of a list and its cursor."""

    cursor: str
    node: GreenEnterprisesResultEnterprisesEdgesNode


class GreenEnterprisesResultEnterprisesPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class GreenEnterprisesResultEnterprises(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    edges: list[GreenEnterprisesResultEnterprisesEdges]
    pageInfo: GreenEnterprisesResultEnterprisesPageInfo


class GreenEnterprisesResult(TypedDict):
    """What GreenEnterprises answers: its ``data``."""

    enterprises: GreenEnterprisesResultEnterprises


async def green_enterprises(
    client: CreditPlatformClient,
    *,
    first: int,
    after: str | None = None,
    filter: EnterpriseFilter | None = None,
) -> GreenEnterprisesResult:
    """Run GreenEnterprises (used by: bank, credit_office).

    A bank lists green enterprises in its districts, page by page ("the bank finds the firm").

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: GreenEnterprisesVariables = {"first": first, "after": after, "filter": filter}
    data = await client.execute(
        GREEN_ENTERPRISES,
        variables,
        "GreenEnterprises",
        mutation=False,
        document_id=GREEN_ENTERPRISES_ID,
    )
    return cast("GreenEnterprisesResult", data)


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
HOUSEHOLD_CREDIT_RECORDS_ID = (
    "sha256:cf5b5802cde78497fb85edab1028fec46ea1cbc13834ca66ad387a712769eaa1"
)
"""The trusted document id of HouseholdCreditRecords: the SHA-256 of its file's bytes."""


class HouseholdCreditRecordsVariables(TypedDict):
    """The variables of HouseholdCreditRecords."""

    village: str
    householdNumber: str


class HouseholdCreditRecordsResultHouseholdCreditRecordsNodesDepartment(TypedDict):
    """A city department that reports credit records."""

    name: str


class HouseholdCreditRecordsResultHouseholdCreditRecordsNodes(TypedDict):
    """One publishable fact a department reported."""

    id: str
    category: RecordCategory
    occurredAt: DateTime
    summary: str
    department: HouseholdCreditRecordsResultHouseholdCreditRecordsNodesDepartment


class HouseholdCreditRecordsResultHouseholdCreditRecordsPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class HouseholdCreditRecordsResultHouseholdCreditRecords(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[HouseholdCreditRecordsResultHouseholdCreditRecordsNodes]
    pageInfo: HouseholdCreditRecordsResultHouseholdCreditRecordsPageInfo


class HouseholdCreditRecordsResultHousehold(TypedDict):
    """A village household, by village and household number."""

    id: str
    village: str
    householdNumber: str
    district: District
    memberCount: int
    creditRecords: HouseholdCreditRecordsResultHouseholdCreditRecords


class HouseholdCreditRecordsResult(TypedDict):
    """What HouseholdCreditRecords answers: its ``data``."""

    household: HouseholdCreditRecordsResultHousehold | None


async def household_credit_records(
    client: CreditPlatformClient, *, village: str, household_number: str
) -> HouseholdCreditRecordsResult:
    """Run HouseholdCreditRecords (used by: credit_office, regulator, village_committee).

    A village committee reviews a household's publishable credit records.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: HouseholdCreditRecordsVariables = {
        "village": village,
        "householdNumber": household_number,
    }
    data = await client.execute(
        HOUSEHOLD_CREDIT_RECORDS,
        variables,
        "HouseholdCreditRecords",
        mutation=False,
        document_id=HOUSEHOLD_CREDIT_RECORDS_ID,
    )
    return cast("HouseholdCreditRecordsResult", data)


IMPORT_MERCHANT_INDICATORS = """# A commerce-district operator sends a CSV file of observations; each bad line comes back with why.
mutation ImportMerchantIndicators($indicatorFile: ImportMerchantIndicatorsInput!) {
  importMerchantIndicators(input: $indicatorFile) {
    lines recorded replayed
    lineErrors { line code message }
    errors { field code message }
  }
}"""
IMPORT_MERCHANT_INDICATORS_ID = (
    "sha256:cf06444f81665c35c5e4c42f74e4a5ecbe3d9e3901acd6a4d8c926dc79b006d4"
)
"""The trusted document id of ImportMerchantIndicators: the SHA-256 of its file's bytes."""


class ImportMerchantIndicatorsVariables(TypedDict):
    """The variables of ImportMerchantIndicators."""

    indicatorFile: ImportMerchantIndicatorsInput


class ImportMerchantIndicatorsResultImportMerchantIndicatorsLineErrors(TypedDict):
    """Why one line of an import was refused."""

    line: int
    code: str
    message: str


class ImportMerchantIndicatorsResultImportMerchantIndicatorsErrors(TypedDict):
    """Why importMerchantIndicators did not do what was asked."""

    field: str | None
    code: str
    message: str


class ImportMerchantIndicatorsResultImportMerchantIndicators(TypedDict):
    """What an import file did: every good line recorded, each bad one why."""

    lines: int
    recorded: int
    replayed: int
    lineErrors: list[ImportMerchantIndicatorsResultImportMerchantIndicatorsLineErrors]
    errors: list[ImportMerchantIndicatorsResultImportMerchantIndicatorsErrors]


class ImportMerchantIndicatorsResult(TypedDict):
    """What ImportMerchantIndicators answers: its ``data``."""

    importMerchantIndicators: ImportMerchantIndicatorsResultImportMerchantIndicators


async def import_merchant_indicators(
    client: CreditPlatformClient, *, indicator_file: ImportMerchantIndicatorsInput
) -> ImportMerchantIndicatorsResult:
    """Run ImportMerchantIndicators (used by: commerce_district).

    A commerce-district operator sends a CSV file of observations; each bad line comes back with why.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ImportMerchantIndicatorsVariables = {"indicatorFile": indicator_file}
    data = await client.execute(
        IMPORT_MERCHANT_INDICATORS,
        variables,
        "ImportMerchantIndicators",
        mutation=True,
        document_id=IMPORT_MERCHANT_INDICATORS_ID,
    )
    return cast("ImportMerchantIndicatorsResult", data)


INCENTIVE_CATALOGUE = """# The credit office reads the incentive catalogue: categories and scenarios.
query IncentiveCatalogue {
  incentiveCategories { code name nameZh description }
  incentiveScenarios {
    code categoryCode name nameZh operatorType purpose lowestColour benefitKind benefitValue
    benefitCap dailyLimit settleWithinDays validFrom validUntil active
    colourValues { colour value }
  }
}"""
INCENTIVE_CATALOGUE_ID = "sha256:10814e98e666cf0dc5236ac927185323f2b56bd989069ef99231b0e8a51bc69e"
"""The trusted document id of IncentiveCatalogue: the SHA-256 of its file's bytes."""


class IncentiveCatalogueVariables(TypedDict):
    """The variables of IncentiveCatalogue."""


class IncentiveCatalogueResultIncentiveCategories(TypedDict):
    """A category of the incentive catalogue."""

    code: str
    name: str
    nameZh: str
    description: str


class IncentiveCatalogueResultIncentiveScenariosColourValues(TypedDict):
    """A scenario's benefit value for one colour."""

    colour: IntegrityColour
    value: Decimal


class IncentiveCatalogueResultIncentiveScenarios(TypedDict):
    """A scenario of the incentive catalogue."""

    code: str
    categoryCode: str
    name: str
    nameZh: str
    operatorType: OperatorType
    purpose: Purpose
    lowestColour: IntegrityColour
    benefitKind: BenefitKind
    benefitValue: Decimal
    benefitCap: Decimal | None
    dailyLimit: int | None
    settleWithinDays: int | None
    validFrom: Date
    validUntil: Date | None
    active: bool
    colourValues: list[IncentiveCatalogueResultIncentiveScenariosColourValues]


class IncentiveCatalogueResult(TypedDict):
    """What IncentiveCatalogue answers: its ``data``."""

    incentiveCategories: list[IncentiveCatalogueResultIncentiveCategories]
    incentiveScenarios: list[IncentiveCatalogueResultIncentiveScenarios]


async def incentive_catalogue(client: CreditPlatformClient) -> IncentiveCatalogueResult:
    """Run IncentiveCatalogue (used by: credit_office).

    The credit office reads the incentive catalogue: categories and scenarios.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IncentiveCatalogueVariables = {}
    data = await client.execute(
        INCENTIVE_CATALOGUE,
        variables,
        "IncentiveCatalogue",
        mutation=False,
        document_id=INCENTIVE_CATALOGUE_ID,
    )
    return cast("IncentiveCatalogueResult", data)


INCENTIVE_ELIGIBILITY = """# An incentive operator (shop, scenic spot, library, bank, ...) checks a scanned code for one of
# the scenarios its partner type operates.
query IncentiveEligibility($incentiveScenarioCode: String!, $incentiveCode: String!) {
  incentiveEligibility(scenarioCode: $incentiveScenarioCode, integrityCode: $incentiveCode) {
    scenarioCode eligible reasons denial colour value usesToday
  }
}"""
INCENTIVE_ELIGIBILITY_ID = "sha256:d25eb2c53bf5a12cbd8313c123d9de0aecc2e775aaf35dcf91202829362f25d7"
"""The trusted document id of IncentiveEligibility: the SHA-256 of its file's bytes."""


class IncentiveEligibilityVariables(TypedDict):
    """The variables of IncentiveEligibility."""

    incentiveScenarioCode: str
    incentiveCode: str


class IncentiveEligibilityResultIncentiveEligibility(TypedDict):
    """Whether the person who showed an integrity code is admitted to a scenario."""

    scenarioCode: str
    eligible: bool
    reasons: list[IneligibilityReason]
    denial: DenialReason | None
    colour: IntegrityColour | None
    value: Decimal | None
    usesToday: int | None


class IncentiveEligibilityResult(TypedDict):
    """What IncentiveEligibility answers: its ``data``."""

    incentiveEligibility: IncentiveEligibilityResultIncentiveEligibility


async def incentive_eligibility(
    client: CreditPlatformClient, *, incentive_scenario_code: str, incentive_code: str
) -> IncentiveEligibilityResult:
    """Run IncentiveEligibility (used by: bank, commerce_district, village_committee).

    An incentive operator (shop, scenic spot, library, bank, ...) checks a scanned code for one of
    the scenarios its partner type operates.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IncentiveEligibilityVariables = {
        "incentiveScenarioCode": incentive_scenario_code,
        "incentiveCode": incentive_code,
    }
    data = await client.execute(
        INCENTIVE_ELIGIBILITY,
        variables,
        "IncentiveEligibility",
        mutation=False,
        document_id=INCENTIVE_ELIGIBILITY_ID,
    )
    return cast("IncentiveEligibilityResult", data)


INCENTIVE_SCENARIO_OPERATORS = """# Which partner types may check and redeem a scenario.
query IncentiveScenarioOperators($incentiveScenarioCode: String!) {
  incentiveScenarioOperators(scenarioCode: $incentiveScenarioCode) {
    scenarioCode operatorTypes onceOnly
  }
}"""
INCENTIVE_SCENARIO_OPERATORS_ID = (
    "sha256:1637c9f78cab179e6adc7c53c7ebf93ededcef0f069bd71647a6bc9e9c795247"
)
"""The trusted document id of IncentiveScenarioOperators: the SHA-256 of its file's bytes."""


class IncentiveScenarioOperatorsVariables(TypedDict):
    """The variables of IncentiveScenarioOperators."""

    incentiveScenarioCode: str


class IncentiveScenarioOperatorsResultIncentiveScenarioOperators(TypedDict):
    """The partner types that may check and redeem a scenario, and its once rule."""

    scenarioCode: str
    operatorTypes: list[OperatorType]
    onceOnly: bool


class IncentiveScenarioOperatorsResult(TypedDict):
    """What IncentiveScenarioOperators answers: its ``data``."""

    incentiveScenarioOperators: IncentiveScenarioOperatorsResultIncentiveScenarioOperators


async def incentive_scenario_operators(
    client: CreditPlatformClient, *, incentive_scenario_code: str
) -> IncentiveScenarioOperatorsResult:
    """Run IncentiveScenarioOperators (used by: credit_office).

    Which partner types may check and redeem a scenario.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IncentiveScenarioOperatorsVariables = {
        "incentiveScenarioCode": incentive_scenario_code
    }
    data = await client.execute(
        INCENTIVE_SCENARIO_OPERATORS,
        variables,
        "IncentiveScenarioOperators",
        mutation=False,
        document_id=INCENTIVE_SCENARIO_OPERATORS_ID,
    )
    return cast("IncentiveScenarioOperatorsResult", data)


INCENTIVE_STATISTICS = """# The credit office asks how many people benefited, how often and how much.
query IncentiveStatistics($incentiveStatisticsFilter: IncentiveStatisticsFilter) {
  incentiveStatistics(filter: $incentiveStatisticsFilter) {
    total { beneficiaries uses totalBenefit }
    groups { keys { dimension value } beneficiaries uses totalBenefit }
  }
}"""
INCENTIVE_STATISTICS_ID = "sha256:1c647255281bd1198335bfa8fa64a3afd19889ace3f4c1aa724b3757ad24fd98"
"""The trusted document id of IncentiveStatistics: the SHA-256 of its file's bytes."""


class IncentiveStatisticsVariables(TypedDict):
    """The variables of IncentiveStatistics."""

    incentiveStatisticsFilter: NotRequired[IncentiveStatisticsFilter | None]


class IncentiveStatisticsResultIncentiveStatisticsTotal(TypedDict):
    """Figures of one group or the total."""

    beneficiaries: int
    uses: int
    totalBenefit: Decimal


class IncentiveStatisticsResultIncentiveStatisticsGroupsKeys(TypedDict):
    """One grouping key of a row."""

    dimension: IncentiveStatisticsDimension
    value: str


class IncentiveStatisticsResultIncentiveStatisticsGroups(TypedDict):
    """Figures of one group or the total."""

    keys: list[IncentiveStatisticsResultIncentiveStatisticsGroupsKeys]
    beneficiaries: int
    uses: int
    totalBenefit: Decimal


class IncentiveStatisticsResultIncentiveStatistics(TypedDict):
    """Incentive statistics over a filter."""

    total: IncentiveStatisticsResultIncentiveStatisticsTotal
    groups: list[IncentiveStatisticsResultIncentiveStatisticsGroups]


class IncentiveStatisticsResult(TypedDict):
    """What IncentiveStatistics answers: its ``data``."""

    incentiveStatistics: IncentiveStatisticsResultIncentiveStatistics


async def incentive_statistics(
    client: CreditPlatformClient,
    *,
    incentive_statistics_filter: IncentiveStatisticsFilter | None = None,
) -> IncentiveStatisticsResult:
    """Run IncentiveStatistics (used by: credit_office).

    The credit office asks how many people benefited, how often and how much.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IncentiveStatisticsVariables = {
        "incentiveStatisticsFilter": incentive_statistics_filter
    }
    data = await client.execute(
        INCENTIVE_STATISTICS,
        variables,
        "IncentiveStatistics",
        mutation=False,
        document_id=INCENTIVE_STATISTICS_ID,
    )
    return cast("IncentiveStatisticsResult", data)


INDUSTRY_EVALUATION = """# A wharf's, live-streaming room's or catering shop's industry grade, explained.
query IndustryEvaluation($subject: String!, $asOf: Date) {
  industryEvaluation(subject: $subject, asOf: $asOf) {
    evaluation {
      subject { code name industry district }
      schemeVersion asOf grade score reasons
      indicators { indicator status weight points value asOf department redLine }
    }
    errors { field code message }
  }
}"""
INDUSTRY_EVALUATION_ID = "sha256:ae38926170af8c5f574296128ac146c1b540d3fb1db13ea213df424b29330caa"
"""The trusted document id of IndustryEvaluation: the SHA-256 of its file's bytes."""


class IndustryEvaluationVariables(TypedDict):
    """The variables of IndustryEvaluation."""

    subject: str
    asOf: NotRequired[Date | None]


class IndustryEvaluationResultIndustryEvaluationEvaluationSubject(TypedDict):
    """A wharf, live-streaming room or catering shop under a scheme."""

    code: str
    name: str
    industry: Industry
    district: District


class IndustryEvaluationResultIndustryEvaluationEvaluationIndicators(TypedDict):
    """One indicator in an industry evaluation."""

    indicator: str
    status: IndustryIndicatorStatus
    weight: int
    points: Decimal | None
    value: Decimal | None
    asOf: Date | None
    department: str | None
    redLine: bool


class IndustryEvaluationResultIndustryEvaluationEvaluation(TypedDict):
    """A subject's industry grade on one day, explained."""

    subject: IndustryEvaluationResultIndustryEvaluationEvaluationSubject
    schemeVersion: str
    asOf: Date
    grade: IndustryGrade | None
    score: Decimal | None
    reasons: list[IndustryGradeReason]
    indicators: list[IndustryEvaluationResultIndustryEvaluationEvaluationIndicators]


class IndustryEvaluationResultIndustryEvaluationErrors(TypedDict):
    """Why a query has no answer (mutations have their own error types)."""

    field: str | None
    code: str
    message: str


class IndustryEvaluationResultIndustryEvaluation(TypedDict):
    """An industry evaluation, or why there is none."""

    evaluation: IndustryEvaluationResultIndustryEvaluationEvaluation | None
    errors: list[IndustryEvaluationResultIndustryEvaluationErrors]


class IndustryEvaluationResult(TypedDict):
    """What IndustryEvaluation answers: its ``data``."""

    industryEvaluation: IndustryEvaluationResultIndustryEvaluation


async def industry_evaluation(
    client: CreditPlatformClient, *, subject: str, as_of: Date | None = None
) -> IndustryEvaluationResult:
    """Run IndustryEvaluation (used by: credit_office, regulator).

    A wharf's, live-streaming room's or catering shop's industry grade, explained.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IndustryEvaluationVariables = {"subject": subject, "asOf": as_of}
    data = await client.execute(
        INDUSTRY_EVALUATION,
        variables,
        "IndustryEvaluation",
        mutation=False,
        document_id=INDUSTRY_EVALUATION_ID,
    )
    return cast("IndustryEvaluationResult", data)


INDUSTRY_SCHEMES = """# The industry credit schemes: indicators, weights, departments, thresholds, supervision.
query IndustrySchemes {
  industrySchemes {
    industry version nameZh name departments gradeAFrom gradeBFrom gradeCFrom
    inspectionIndicator
    indicators { code nameZh name departments weight measure validDays perEvent redLineBelow }
    supervision { grade visitsPerYear treatment }
  }
}"""
INDUSTRY_SCHEMES_ID = "sha256:a131e4d6a089b44479cb9be48734308a6ee9b1093a57420d6e3a59e0101d66b7"
"""The trusted document id of IndustrySchemes: the SHA-256 of its file's bytes."""


class IndustrySchemesVariables(TypedDict):
    """The variables of IndustrySchemes."""


class IndustrySchemesResultIndustrySchemesIndicators(TypedDict):
    """An indicator of an industry scheme."""

    code: str
    nameZh: str
    name: str
    departments: list[str]
    weight: int
    measure: IndustryIndicatorMeasure
    validDays: int
    perEvent: Decimal
    redLineBelow: Decimal | None


class IndustrySchemesResultIndustrySchemesSupervision(TypedDict):
    """What a grade means for supervision (分级分类监管)."""

    grade: IndustryGrade | None
    visitsPerYear: int
    treatment: str


class IndustrySchemesResultIndustrySchemes(TypedDict):
    """An industry credit evaluation scheme, versioned."""

    industry: Industry
    version: str
    nameZh: str
    name: str
    departments: list[str]
    gradeAFrom: Decimal
    gradeBFrom: Decimal
    gradeCFrom: Decimal
    inspectionIndicator: str
    indicators: list[IndustrySchemesResultIndustrySchemesIndicators]
    supervision: list[IndustrySchemesResultIndustrySchemesSupervision]


class IndustrySchemesResult(TypedDict):
    """What IndustrySchemes answers: its ``data``."""

    industrySchemes: list[IndustrySchemesResultIndustrySchemes]


async def industry_schemes(client: CreditPlatformClient) -> IndustrySchemesResult:
    """Run IndustrySchemes (used by: regulator).

    The industry credit schemes: indicators, weights, departments, thresholds, supervision.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IndustrySchemesVariables = {}
    data = await client.execute(
        INDUSTRY_SCHEMES,
        variables,
        "IndustrySchemes",
        mutation=False,
        document_id=INDUSTRY_SCHEMES_ID,
    )
    return cast("IndustrySchemesResult", data)


INDUSTRY_STATISTICS = """# An industry's subjects by grade today and the inspections a year their grades ask for.
query IndustryStatistics($industry: Industry!) {
  industryStatistics(industry: $industry) {
    industry schemeVersion asOf subjects visitsPerYear
    byGrade { grade subjects }
  }
}"""
INDUSTRY_STATISTICS_ID = "sha256:d1ff2e84fea5261ade7a017c83c2df335b5b71ecf6ab7749b49fd703ccd2e6ad"
"""The trusted document id of IndustryStatistics: the SHA-256 of its file's bytes."""


class IndustryStatisticsVariables(TypedDict):
    """The variables of IndustryStatistics."""

    industry: Industry


class IndustryStatisticsResultIndustryStatisticsByGrade(TypedDict):
    """How many subjects of an industry have a grade."""

    grade: IndustryGrade | None
    subjects: int


class IndustryStatisticsResultIndustryStatistics(TypedDict):
    """An industry's subjects by grade, for the credit office."""

    industry: Industry
    schemeVersion: str
    asOf: Date
    subjects: int
    visitsPerYear: int
    byGrade: list[IndustryStatisticsResultIndustryStatisticsByGrade]


class IndustryStatisticsResult(TypedDict):
    """What IndustryStatistics answers: its ``data``."""

    industryStatistics: IndustryStatisticsResultIndustryStatistics


async def industry_statistics(
    client: CreditPlatformClient, *, industry: Industry
) -> IndustryStatisticsResult:
    """Run IndustryStatistics (used by: credit_office).

    An industry's subjects by grade today and the inspections a year their grades ask for.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IndustryStatisticsVariables = {"industry": industry}
    data = await client.execute(
        INDUSTRY_STATISTICS,
        variables,
        "IndustryStatistics",
        mutation=False,
        document_id=INDUSTRY_STATISTICS_ID,
    )
    return cast("IndustryStatisticsResult", data)


INSPECTION_PLAN = """# Graded supervision: who to visit in a period, how often and why.
query InspectionPlan($industry: Industry!, $start: Date!, $end: Date!) {
  inspectionPlan(industry: $industry, start: $start, end: $end) {
    plan {
      industry start end totalVisits
      subjects {
        subject { code name district }
        grade score visitsPerYear treatment lastInspectedOn visits reason
      }
    }
    errors { field code message }
  }
}"""
INSPECTION_PLAN_ID = "sha256:10de1d783904cc5263439d715ec12378a7bf2bae473acf18b9c4c877776af187"
"""The trusted document id of InspectionPlan: the SHA-256 of its file's bytes."""


class InspectionPlanVariables(TypedDict):
    """The variables of InspectionPlan."""

    industry: Industry
    start: Date
    end: Date


class InspectionPlanResultInspectionPlanPlanSubjectsSubject(TypedDict):
    """A wharf, live-streaming room or catering shop under a scheme."""

    code: str
    name: str
    district: District


class InspectionPlanResultInspectionPlanPlanSubjects(TypedDict):
    """One subject of an inspection plan: when to visit and why."""

    subject: InspectionPlanResultInspectionPlanPlanSubjectsSubject
    grade: IndustryGrade | None
    score: Decimal | None
    visitsPerYear: int
    treatment: str
    lastInspectedOn: Date | None
    visits: list[Date]
    reason: str


class InspectionPlanResultInspectionPlanPlan(TypedDict):
    """A regulator's inspection plan for an industry and a period."""

    industry: Industry
    start: Date
    end: Date
    totalVisits: int
    subjects: list[InspectionPlanResultInspectionPlanPlanSubjects]


class InspectionPlanResultInspectionPlanErrors(TypedDict):
    """Why a query has no answer (mutations have their own error types)."""

    field: str | None
    code: str
    message: str


class InspectionPlanResultInspectionPlan(TypedDict):
    """An inspection plan, or why there is none."""

    plan: InspectionPlanResultInspectionPlanPlan | None
    errors: list[InspectionPlanResultInspectionPlanErrors]


class InspectionPlanResult(TypedDict):
    """What InspectionPlan answers: its ``data``."""

    inspectionPlan: InspectionPlanResultInspectionPlan


async def inspection_plan(
    client: CreditPlatformClient, *, industry: Industry, start: Date, end: Date
) -> InspectionPlanResult:
    """Run InspectionPlan (used by: credit_office, regulator).

    Graded supervision: who to visit in a period, how often and why.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: InspectionPlanVariables = {"industry": industry, "start": start, "end": end}
    data = await client.execute(
        INSPECTION_PLAN, variables, "InspectionPlan", mutation=False, document_id=INSPECTION_PLAN_ID
    )
    return cast("InspectionPlanResult", data)


IP_PLEDGE_STATISTICS = """# IP pledge financing over a period: firms, pledges, value, lending, days to loan.
query IpPledgeStatistics($since: Date!, $until: Date!) {
  ipPledgeStatistics(since: $since, until: $until) {
    since until enterprises pledges valuationTotal loanTotal meanDaysToLoan
  }
}"""
IP_PLEDGE_STATISTICS_ID = "sha256:5a2b23794ef13d168d38cb2afaa26395bdfeecf0e0b0f38b612717cc92f35fd4"
"""The trusted document id of IpPledgeStatistics: the SHA-256 of its file's bytes."""


class IpPledgeStatisticsVariables(TypedDict):
    """The variables of IpPledgeStatistics."""

    since: Date
    until: Date


class IpPledgeStatisticsResultIpPledgeStatistics(TypedDict):
    """IP pledge financing over a period of loans paid."""

    since: Date
    until: Date
    enterprises: int
    pledges: int
    valuationTotal: Decimal
    loanTotal: Decimal
    meanDaysToLoan: Decimal | None


class IpPledgeStatisticsResult(TypedDict):
    """What IpPledgeStatistics answers: its ``data``."""

    ipPledgeStatistics: IpPledgeStatisticsResultIpPledgeStatistics


async def ip_pledge_statistics(
    client: CreditPlatformClient, *, since: Date, until: Date
) -> IpPledgeStatisticsResult:
    """Run IpPledgeStatistics (used by: credit_office).

    IP pledge financing over a period: firms, pledges, value, lending, days to loan.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IpPledgeStatisticsVariables = {"since": since, "until": until}
    data = await client.execute(
        IP_PLEDGE_STATISTICS,
        variables,
        "IpPledgeStatistics",
        mutation=False,
        document_id=IP_PLEDGE_STATISTICS_ID,
    )
    return cast("IpPledgeStatisticsResult", data)


ISSUE_COUPONS = """# A mobility operator issues coupons of a scenario to the persons who consented.
mutation IssueCoupons($couponBatch: IssueCouponsInput!) {
  issueCoupons(input: $couponBatch) {
    issuedCount skipped replayed
    coupons { code colour faceValue expiresAt status }
    errors { field code message }
  }
}"""
ISSUE_COUPONS_ID = "sha256:837de4e28f24e21ebc5e17265c8c28d916d6b7fed70a03cf41ac51fa6cc59605"
"""The trusted document id of IssueCoupons: the SHA-256 of its file's bytes."""


class IssueCouponsVariables(TypedDict):
    """The variables of IssueCoupons."""

    couponBatch: IssueCouponsInput


class IssueCouponsResultIssueCouponsCoupons(TypedDict):
    """A coupon issued to one person, redeemable once."""

    code: str
    colour: IntegrityColour
    faceValue: Decimal
    expiresAt: DateTime
    status: CouponStatus


class IssueCouponsResultIssueCouponsErrors(TypedDict):
    """Why issueCoupons did not do what was asked."""

    field: str | None
    code: str
    message: str


class IssueCouponsResultIssueCoupons(TypedDict):
    """A batch of coupons, or why it was not issued."""

    issuedCount: int
    skipped: int
    replayed: bool
    coupons: list[IssueCouponsResultIssueCouponsCoupons]
    errors: list[IssueCouponsResultIssueCouponsErrors]


class IssueCouponsResult(TypedDict):
    """What IssueCoupons answers: its ``data``."""

    issueCoupons: IssueCouponsResultIssueCoupons


async def issue_coupons(
    client: CreditPlatformClient, *, coupon_batch: IssueCouponsInput
) -> IssueCouponsResult:
    """Run IssueCoupons (used by: mobility_operator).

    A mobility operator issues coupons of a scenario to the persons who consented.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IssueCouponsVariables = {"couponBatch": coupon_batch}
    data = await client.execute(
        ISSUE_COUPONS, variables, "IssueCoupons", mutation=True, document_id=ISSUE_COUPONS_ID
    )
    return cast("IssueCouponsResult", data)


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
ISSUE_CREDIT_REPORT_ID = "sha256:1b223b9d4d39bc899aa7589e66d9fc5a478eb851cd84c09f77163fd81dcb9e63"
"""The trusted document id of IssueCreditReport: the SHA-256 of its file's bytes."""


class IssueCreditReportVariables(TypedDict):
    """The variables of IssueCreditReport."""

    residentId: NotRequired[ResidentId | None]
    uscc: NotRequired[UnifiedSocialCreditCode | None]
    periodFrom: Date
    periodUntil: Date
    domains: list[CreditReportDomain]


class IssueCreditReportResultIssueCreditReportReportFindingsItems(TypedDict):
    """One record a report states."""

    occurredOn: Date
    department: str
    severity: Severity | None
    status: CreditReportItemStatus
    summary: str


class IssueCreditReportResultIssueCreditReportReportFindings(TypedDict):
    """What a report says about one domain."""

    domain: CreditReportDomain
    hasRecords: bool
    activeCount: int
    repairedCount: int
    items: list[IssueCreditReportResultIssueCreditReportReportFindingsItems]


class IssueCreditReportResultIssueCreditReportReport(TypedDict):
    """A special credit report: numbered, signed by the platform, verifiable by anyone with its number and document (verifyCreditReport)."""

    number: str
    subjectKind: SubjectKind
    subjectName: str
    subjectIdentifier: str
    periodFrom: Date
    periodUntil: Date
    issuedAt: DateTime
    validUntil: DateTime
    findings: list[IssueCreditReportResultIssueCreditReportReportFindings]
    contentHash: str
    keyId: str
    document: str


class IssueCreditReportResultIssueCreditReportErrors(TypedDict):
    """Why issueCreditReport did not issue a report."""

    field: str | None
    message: str
    code: IssueCreditReportErrorCode


class IssueCreditReportResultIssueCreditReport(TypedDict):
    """A freshly issued credit report, or why none was issued."""

    report: IssueCreditReportResultIssueCreditReportReport | None
    errors: list[IssueCreditReportResultIssueCreditReportErrors]


class IssueCreditReportResult(TypedDict):
    """What IssueCreditReport answers: its ``data``."""

    issueCreditReport: IssueCreditReportResultIssueCreditReport


async def issue_credit_report(
    client: CreditPlatformClient,
    *,
    period_from: Date,
    period_until: Date,
    domains: list[CreditReportDomain],
    resident_id: ResidentId | None = None,
    uscc: UnifiedSocialCreditCode | None = None,
) -> IssueCreditReportResult:
    """Run IssueCreditReport (used by: citizen_app, credit_office).

    Issue a signed special credit report on a person (residentId) or an enterprise (uscc):
    the citizen app for the signed-in subject, the credit office for any subject.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IssueCreditReportVariables = {
        "residentId": resident_id,
        "uscc": uscc,
        "periodFrom": period_from,
        "periodUntil": period_until,
        "domains": domains,
    }
    data = await client.execute(
        ISSUE_CREDIT_REPORT,
        variables,
        "IssueCreditReport",
        mutation=True,
        document_id=ISSUE_CREDIT_REPORT_ID,
    )
    return cast("IssueCreditReportResult", data)


ISSUE_INTEGRITY_CODE = """# The city app shows the signed-in person a code for one scenario.
mutation IssueIntegrityCode($residentId: ResidentId!, $purpose: Purpose!) {
  issueIntegrityCode(residentId: $residentId, purpose: $purpose) {
    code
    expiresAt
    errors { field message code }
  }
}"""
ISSUE_INTEGRITY_CODE_ID = "sha256:25ee216255b6f93bafcf8d38aaedc8b1ceebdd78dfa9f43d328797ece2e8be71"
"""The trusted document id of IssueIntegrityCode: the SHA-256 of its file's bytes."""


class IssueIntegrityCodeVariables(TypedDict):
    """The variables of IssueIntegrityCode."""

    residentId: ResidentId
    purpose: Purpose


class IssueIntegrityCodeResultIssueIntegrityCodeErrors(TypedDict):
    """Why issueIntegrityCode did not do what was asked."""

    field: str | None
    message: str
    code: str


class IssueIntegrityCodeResultIssueIntegrityCode(TypedDict):
    """A freshly issued integrity code (shown once)."""

    code: str | None
    expiresAt: DateTime | None
    errors: list[IssueIntegrityCodeResultIssueIntegrityCodeErrors]


class IssueIntegrityCodeResult(TypedDict):
    """What IssueIntegrityCode answers: its ``data``."""

    issueIntegrityCode: IssueIntegrityCodeResultIssueIntegrityCode


async def issue_integrity_code(
    client: CreditPlatformClient, *, resident_id: ResidentId, purpose: Purpose
) -> IssueIntegrityCodeResult:
    """Run IssueIntegrityCode (used by: citizen_app).

    The city app shows the signed-in person a code for one scenario.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: IssueIntegrityCodeVariables = {"residentId": resident_id, "purpose": purpose}
    data = await client.execute(
        ISSUE_INTEGRITY_CODE,
        variables,
        "IssueIntegrityCode",
        mutation=True,
        document_id=ISSUE_INTEGRITY_CODE_ID,
    )
    return cast("IssueIntegrityCodeResult", data)


LENDING_STATISTICS = """# The credit office's lending statistics: enterprises served, lines, green share, by bank, district, month.
query LendingStatistics($periodFrom: Date!, $periodUntil: Date!) {
  lendingStatistics(periodFrom: $periodFrom, periodUntil: $periodUntil) {
    rows { bankPartnerId district period enterprisesServed lines totalAmount greenAmount greenShare }
    errors { field message code }
  }
}"""
LENDING_STATISTICS_ID = "sha256:e984f123b43c3406a487c41042e43e701c3e2d36b405635d2eaf663d77cd9aa2"
"""The trusted document id of LendingStatistics: the SHA-256 of its file's bytes."""


class LendingStatisticsVariables(TypedDict):
    """The variables of LendingStatistics."""

    periodFrom: Date
    periodUntil: Date


class LendingStatisticsResultLendingStatisticsRows(TypedDict):
    """Lending by one bank in one district and month."""

    bankPartnerId: int
    district: District
    period: str
    enterprisesServed: int
    lines: int
    totalAmount: Decimal
    greenAmount: Decimal
    greenShare: Decimal


class LendingStatisticsResultLendingStatisticsErrors(TypedDict):
    """Why a query has no answer (mutations have their own error types)."""

    field: str | None
    message: str
    code: str


class LendingStatisticsResultLendingStatistics(TypedDict):
    """Lending statistics for the credit office, or why not."""

    rows: list[LendingStatisticsResultLendingStatisticsRows]
    errors: list[LendingStatisticsResultLendingStatisticsErrors]


class LendingStatisticsResult(TypedDict):
    """What LendingStatistics answers: its ``data``."""

    lendingStatistics: LendingStatisticsResultLendingStatistics


async def lending_statistics(
    client: CreditPlatformClient, *, period_from: Date, period_until: Date
) -> LendingStatisticsResult:
    """Run LendingStatistics (used by: credit_office).

    The credit office's lending statistics: enterprises served, lines, green share, by bank, district, month.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: LendingStatisticsVariables = {"periodFrom": period_from, "periodUntil": period_until}
    data = await client.execute(
        LENDING_STATISTICS,
        variables,
        "LendingStatistics",
        mutation=False,
        document_id=LENDING_STATISTICS_ID,
    )
    return cast("LendingStatisticsResult", data)


LENDING_VOLUMES = """# The credit office's green share of all lending: each bank's months and the city's share.
query LendingVolumes($monthFrom: String!, $monthUntil: String!) {
  lendingVolumes(periodFrom: $monthFrom, periodUntil: $monthUntil) {
    volumes { bankPartnerId period totalLending greenLending greenShare }
    totalLending
    greenLending
    greenShare
  }
}"""
LENDING_VOLUMES_ID = "sha256:aab1d5d1be41be03fd2f1deedccda8e9feadc949d79c2293c41107b903b93cf8"
"""The trusted document id of LendingVolumes: the SHA-256 of its file's bytes."""


class LendingVolumesVariables(TypedDict):
    """The variables of LendingVolumes."""

    monthFrom: str
    monthUntil: str


class LendingVolumesResultLendingVolumesVolumes(TypedDict):
    """A bank's lending of one month."""

    bankPartnerId: int
    period: str
    totalLending: Decimal
    greenLending: Decimal
    greenShare: Decimal


class LendingVolumesResultLendingVolumes(TypedDict):
    """Banks' lending over a span of months."""

    volumes: list[LendingVolumesResultLendingVolumesVolumes]
    totalLending: Decimal
    greenLending: Decimal
    greenShare: Decimal


class LendingVolumesResult(TypedDict):
    """What LendingVolumes answers: its ``data``."""

    lendingVolumes: LendingVolumesResultLendingVolumes


async def lending_volumes(
    client: CreditPlatformClient, *, month_from: str, month_until: str
) -> LendingVolumesResult:
    """Run LendingVolumes (used by: credit_office).

    The credit office's green share of all lending: each bank's months and the city's share.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: LendingVolumesVariables = {"monthFrom": month_from, "monthUntil": month_until}
    data = await client.execute(
        LENDING_VOLUMES, variables, "LendingVolumes", mutation=False, document_id=LENDING_VOLUMES_ID
    )
    return cast("LendingVolumesResult", data)


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
LOAN_CANDIDATES_ID = "sha256:38fc37b2850f69132bd8ae810a848c1928c40be5c35cf5e8b4d209c3f997f774"
"""The trusted document id of LoanCandidates: the SHA-256 of its file's bytes."""


class LoanCandidatesVariables(TypedDict):
    """The variables of LoanCandidates."""

    productId: str
    first: int
    after: NotRequired[str | None]


class LoanCandidatesResultLoanCandidatesProduct(TypedDict):
    """A bank's loan product."""

    id: str
    name: str
    kind: LoanKind


class LoanCandidatesResultLoanCandidatesCandidatesEdgesNodeEnterprise(TypedDict):
    """A market entity, identified by its unified social credit code."""

    id: str
    uscc: str
    name: str
    district: District
    sizeClass: SizeClass
    industryCode: str
    taxGrade: TaxGrade | None


class LoanCandidatesResultLoanCandidatesCandidatesEdgesNodeChecks(TypedDict):
    """One criterion of a product, checked."""

    criterion: MatchCriterion
    met: bool
    margin: int | None
    detail: str


class LoanCandidatesResultLoanCandidatesCandidatesEdgesNodeScoreParts(TypedDict):
    """Points one component of the score earned."""

    component: MatchScoreComponent
    points: Decimal
    maxPoints: Decimal


class LoanCandidatesResultLoanCandidatesCandidatesEdgesNodeLifts(TypedDict):
    """What would raise the match score."""

    component: MatchScoreComponent
    points: Decimal
    detail: str


class LoanCandidatesResultLoanCandidatesCandidatesEdgesNode(TypedDict):
    """An enterprise that meets a product's criteria."""

    score: Decimal
    enterprise: LoanCandidatesResultLoanCandidatesCandidatesEdgesNodeEnterprise
    checks: list[LoanCandidatesResultLoanCandidatesCandidatesEdgesNodeChecks]
    scoreParts: list[LoanCandidatesResultLoanCandidatesCandidatesEdgesNodeScoreParts]
    lifts: list[LoanCandidatesResultLoanCandidatesCandidatesEdgesNodeLifts]


class LoanCandidatesResultLoanCandidatesCandidatesEdges(TypedDict):
    """An item of a list and its cursor."""

    cursor: str
    node: LoanCandidatesResultLoanCandidatesCandidatesEdgesNode


class LoanCandidatesResultLoanCandidatesCandidatesPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class LoanCandidatesResultLoanCandidatesCandidates(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    edges: list[LoanCandidatesResultLoanCandidatesCandidatesEdges]
    pageInfo: LoanCandidatesResultLoanCandidatesCandidatesPageInfo


class LoanCandidatesResultLoanCandidatesErrors(TypedDict):
    """Why a query has no answer (mutations have their own error types)."""

    field: str | None
    message: str
    code: str


class LoanCandidatesResultLoanCandidates(TypedDict):
    """A page of a product's ranked candidates, or why not."""

    product: LoanCandidatesResultLoanCandidatesProduct | None
    candidates: LoanCandidatesResultLoanCandidatesCandidates | None
    errors: list[LoanCandidatesResultLoanCandidatesErrors]


class LoanCandidatesResult(TypedDict):
    """What LoanCandidates answers: its ``data``."""

    loanCandidates: LoanCandidatesResultLoanCandidates


async def loan_candidates(
    client: CreditPlatformClient, *, product_id: str, first: int, after: str | None = None
) -> LoanCandidatesResult:
    """Run LoanCandidates (used by: bank).

    "银行找企业": the enterprises meeting a product's criteria, best match first, with the reasons.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: LoanCandidatesVariables = {"productId": product_id, "first": first, "after": after}
    data = await client.execute(
        LOAN_CANDIDATES, variables, "LoanCandidates", mutation=False, document_id=LOAN_CANDIDATES_ID
    )
    return cast("LoanCandidatesResult", data)


LOAN_PRODUCTS = """# A bank lists its own loan products, drafts included.
query LoanProducts($first: Int!, $after: String) {
  loanProducts(first: $first, after: $after) {
    nodes { id name kind status version updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}"""
LOAN_PRODUCTS_ID = "sha256:742d438bf596742b2c6398c78443f3d21d2604e547b480715eb8cd855433ee43"
"""The trusted document id of LoanProducts: the SHA-256 of its file's bytes."""


class LoanProductsVariables(TypedDict):
    """The variables of LoanProducts."""

    first: int
    after: NotRequired[str | None]


class LoanProductsResultLoanProductsNodes(TypedDict):
    """A bank's loan product."""

    id: str
    name: str
    kind: LoanKind
    status: LoanProductStatus
    version: int
    updatedAt: DateTime


class LoanProductsResultLoanProductsPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class LoanProductsResultLoanProducts(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[LoanProductsResultLoanProductsNodes]
    pageInfo: LoanProductsResultLoanProductsPageInfo


class LoanProductsResult(TypedDict):
    """What LoanProducts answers: its ``data``."""

    loanProducts: LoanProductsResultLoanProducts


async def loan_products(
    client: CreditPlatformClient, *, first: int, after: str | None = None
) -> LoanProductsResult:
    """Run LoanProducts (used by: bank).

    A bank lists its own loan products, drafts included.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: LoanProductsVariables = {"first": first, "after": after}
    data = await client.execute(
        LOAN_PRODUCTS, variables, "LoanProducts", mutation=False, document_id=LOAN_PRODUCTS_ID
    )
    return cast("LoanProductsResult", data)


MARK_NOTICE_REACHED = """# The office has reached the subject of a notice in its queue (by phone or visit).
mutation MarkNoticeReached($noticeId: ID!) {
  markNoticeReached(noticeId: $noticeId) {
    notice { id eventId kind acknowledgedAt }
    replayed
    errors { field message errorCode }
  }
}"""
MARK_NOTICE_REACHED_ID = "sha256:8f763b69758a3c47d284a3e75d0e462d4c46e01f58c172cb78df2a66c4068acc"
"""The trusted document id of MarkNoticeReached: the SHA-256 of its file's bytes."""


class MarkNoticeReachedVariables(TypedDict):
    """The variables of MarkNoticeReached."""

    noticeId: str


class MarkNoticeReachedResultMarkNoticeReachedNotice(TypedDict):
    """A notice a credit repair case owes its subject."""

    id: str
    eventId: str
    kind: RepairNoticeKind
    acknowledgedAt: DateTime | None


class MarkNoticeReachedResultMarkNoticeReachedErrors(TypedDict):
    """Why markNoticeReached did not do what was asked."""

    field: str | None
    message: str
    errorCode: MarkNoticeReachedErrorCode


class MarkNoticeReachedResultMarkNoticeReached(TypedDict):
    """The notice after the office reached its subject, or why not."""

    notice: MarkNoticeReachedResultMarkNoticeReachedNotice | None
    replayed: bool
    errors: list[MarkNoticeReachedResultMarkNoticeReachedErrors]


class MarkNoticeReachedResult(TypedDict):
    """What MarkNoticeReached answers: its ``data``."""

    markNoticeReached: MarkNoticeReachedResultMarkNoticeReached


async def mark_notice_reached(
    client: CreditPlatformClient, *, notice_id: str
) -> MarkNoticeReachedResult:
    """Run MarkNoticeReached (used by: credit_office).

    The office has reached the subject of a notice in its queue (by phone or visit).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MarkNoticeReachedVariables = {"noticeId": notice_id}
    data = await client.execute(
        MARK_NOTICE_REACHED,
        variables,
        "MarkNoticeReached",
        mutation=True,
        document_id=MARK_NOTICE_REACHED_ID,
    )
    return cast("MarkNoticeReachedResult", data)


MERCHANT_ASSESSMENT = """# A merchant's four-colour code from its indicators, with the reasons and each indicator's date.
query MerchantAssessment($uscc: UnifiedSocialCreditCode!, $asOf: Date) {
  merchantAssessment(uscc: $uscc, asOf: $asOf) {
    assessment {
      uscc name commerceDistrict asOf colour score reasons
      indicators { category status weight points value asOf department redLine }
    }
    errors { field code message }
  }
}"""
MERCHANT_ASSESSMENT_ID = "sha256:f746dcf0704f6934ad9008fb4a36162cadb38fe38ac827c0ccf2c4b6f4a23fee"
"""The trusted document id of MerchantAssessment: the SHA-256 of its file's bytes."""


class MerchantAssessmentVariables(TypedDict):
    """The variables of MerchantAssessment."""

    uscc: UnifiedSocialCreditCode
    asOf: NotRequired[Date | None]


class MerchantAssessmentResultMerchantAssessmentAssessmentIndicators(TypedDict):
    """One category in an assessment."""

    category: IndicatorCategoryCode
    status: IndicatorStatus
    weight: int
    points: Decimal | None
    value: Decimal | None
    asOf: Date | None
    department: str | None
    redLine: bool


class MerchantAssessmentResultMerchantAssessmentAssessment(TypedDict):
    """A merchant's four-colour code on one day, explained."""

    uscc: str
    name: str
    commerceDistrict: str
    asOf: Date
    colour: MerchantColour | None
    score: Decimal | None
    reasons: list[MerchantColourReason]
    indicators: list[MerchantAssessmentResultMerchantAssessmentAssessmentIndicators]


class MerchantAssessmentResultMerchantAssessmentErrors(TypedDict):
    """Why a query has no answer (mutations have their own error types)."""

    field: str | None
    code: str
    message: str


class MerchantAssessmentResultMerchantAssessment(TypedDict):
    """A merchant's assessment, or why there is none."""

    assessment: MerchantAssessmentResultMerchantAssessmentAssessment | None
    errors: list[MerchantAssessmentResultMerchantAssessmentErrors]


class MerchantAssessmentResult(TypedDict):
    """What MerchantAssessment answers: its ``data``."""

    merchantAssessment: MerchantAssessmentResultMerchantAssessment


async def merchant_assessment(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode, as_of: Date | None = None
) -> MerchantAssessmentResult:
    """Run MerchantAssessment (used by: commerce_district, regulator).

    A merchant's four-colour code from its indicators, with the reasons and each indicator's date.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MerchantAssessmentVariables = {"uscc": uscc, "asOf": as_of}
    data = await client.execute(
        MERCHANT_ASSESSMENT,
        variables,
        "MerchantAssessment",
        mutation=False,
        document_id=MERCHANT_ASSESSMENT_ID,
    )
    return cast("MerchantAssessmentResult", data)


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
MERCHANT_CREDIT_RECORDS_ID = (
    "sha256:dac0fcf648e5ed79829e8d64e63c8f8a3446bd7d496759901edddf0a9f87da29"
)
"""The trusted document id of MerchantCreditRecords: the SHA-256 of its file's bytes."""


class MerchantCreditRecordsVariables(TypedDict):
    """The variables of MerchantCreditRecords."""

    uscc: UnifiedSocialCreditCode
    first: int
    after: NotRequired[str | None]


class MerchantCreditRecordsResultMerchantCreditRecordsNodesDepartment(TypedDict):
    """A city department that reports credit records."""

    name: str


class MerchantCreditRecordsResultMerchantCreditRecordsNodes(TypedDict):
    """One publishable fact a department reported."""

    id: str
    category: RecordCategory
    severity: Severity | None
    occurredAt: DateTime
    summary: str
    department: MerchantCreditRecordsResultMerchantCreditRecordsNodesDepartment


class MerchantCreditRecordsResultMerchantCreditRecordsPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class MerchantCreditRecordsResultMerchantCreditRecords(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[MerchantCreditRecordsResultMerchantCreditRecordsNodes]
    pageInfo: MerchantCreditRecordsResultMerchantCreditRecordsPageInfo


class MerchantCreditRecordsResultMerchant(TypedDict):
    """An individual merchant in a commerce district."""

    id: str
    uscc: str
    name: str
    commerceDistrict: str
    district: District
    creditRecords: MerchantCreditRecordsResultMerchantCreditRecords


class MerchantCreditRecordsResult(TypedDict):
    """What MerchantCreditRecords answers: its ``data``."""

    merchant: MerchantCreditRecordsResultMerchant | None


async def merchant_credit_records(
    client: CreditPlatformClient,
    *,
    uscc: UnifiedSocialCreditCode,
    first: int,
    after: str | None = None,
) -> MerchantCreditRecordsResult:
    """Run MerchantCreditRecords (used by: commerce_district, credit_office, regulator).

    A commerce-district operator reviews a merchant's publishable credit records.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MerchantCreditRecordsVariables = {"uscc": uscc, "first": first, "after": after}
    data = await client.execute(
        MERCHANT_CREDIT_RECORDS,
        variables,
        "MerchantCreditRecords",
        mutation=False,
        document_id=MERCHANT_CREDIT_RECORDS_ID,
    )
    return cast("MerchantCreditRecordsResult", data)


MERCHANT_INDICATOR_CARD = """# The city app shows a scanned merchant's four colours from its indicators (or a merchant its own).
query MerchantIndicatorCard($uscc: UnifiedSocialCreditCode!) {
  merchant(uscc: $uscc) {
    name
    commerceDistrict
    indicatorAssessment {
      colour score asOf reasons
      indicators { category status points asOf }
    }
  }
}"""
MERCHANT_INDICATOR_CARD_ID = (
    "sha256:a68aaa63c9451dfd55b0cf71e451e36308965ca025b6c73b3637323372d23bd0"
)
"""The trusted document id of MerchantIndicatorCard: the SHA-256 of its file's bytes."""


class MerchantIndicatorCardVariables(TypedDict):
    """The variables of MerchantIndicatorCard."""

    uscc: UnifiedSocialCreditCode


class MerchantIndicatorCardResultMerchantIndicatorAssessmentIndicators(TypedDict):
    """One category in an assessment."""

    category: IndicatorCategoryCode
    status: IndicatorStatus
    points: Decimal | None
    asOf: Date | None


class MerchantIndicatorCardResultMerchantIndicatorAssessment(TypedDict):
    """A merchant's four-colour code on one day, explained."""

    colour: MerchantColour | None
    score: Decimal | None
    asOf: Date
    reasons: list[MerchantColourReason]
    indicators: list[MerchantIndicatorCardResultMerchantIndicatorAssessmentIndicators]


class MerchantIndicatorCardResultMerchant(TypedDict):
    """An individual merchant in a commerce district."""

    name: str
    commerceDistrict: str
    indicatorAssessment: MerchantIndicatorCardResultMerchantIndicatorAssessment | None


class MerchantIndicatorCardResult(TypedDict):
    """What MerchantIndicatorCard answers: its ``data``."""

    merchant: MerchantIndicatorCardResultMerchant | None


async def merchant_indicator_card(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> MerchantIndicatorCardResult:
    """Run MerchantIndicatorCard (used by: citizen_app).

    The city app shows a scanned merchant's four colours from its indicators (or a merchant its own).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MerchantIndicatorCardVariables = {"uscc": uscc}
    data = await client.execute(
        MERCHANT_INDICATOR_CARD,
        variables,
        "MerchantIndicatorCard",
        mutation=False,
        document_id=MERCHANT_INDICATOR_CARD_ID,
    )
    return cast("MerchantIndicatorCardResult", data)


MERCHANT_INDICATOR_CATEGORIES = """# A commerce-district operator reads the eleven indicator categories: departments, weights, scoring.
query MerchantIndicatorCategories {
  merchantIndicatorCategories {
    code nameZh name departments weight measure validDays perEvent redLineBelow
  }
}"""
MERCHANT_INDICATOR_CATEGORIES_ID = (
    "sha256:765454511eea5aed4fb08449b0eba6d6c812ca4df4c2992b207fb9aa4f8a15ab"
)
"""The trusted document id of MerchantIndicatorCategories: the SHA-256 of its file's bytes."""


class MerchantIndicatorCategoriesVariables(TypedDict):
    """The variables of MerchantIndicatorCategories."""


class MerchantIndicatorCategoriesResultMerchantIndicatorCategories(TypedDict):
    """An indicator category: who observes it, its weight and scoring."""

    code: IndicatorCategoryCode
    nameZh: str
    name: str
    departments: list[str]
    weight: int
    measure: IndicatorMeasure
    validDays: int
    perEvent: Decimal
    redLineBelow: Decimal | None


class MerchantIndicatorCategoriesResult(TypedDict):
    """What MerchantIndicatorCategories answers: its ``data``."""

    merchantIndicatorCategories: list[MerchantIndicatorCategoriesResultMerchantIndicatorCategories]


async def merchant_indicator_categories(
    client: CreditPlatformClient,
) -> MerchantIndicatorCategoriesResult:
    """Run MerchantIndicatorCategories (used by: commerce_district).

    A commerce-district operator reads the eleven indicator categories: departments, weights, scoring.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MerchantIndicatorCategoriesVariables = {}
    data = await client.execute(
        MERCHANT_INDICATOR_CATEGORIES,
        variables,
        "MerchantIndicatorCategories",
        mutation=False,
        document_id=MERCHANT_INDICATOR_CATEGORIES_ID,
    )
    return cast("MerchantIndicatorCategoriesResult", data)


MERCHANT_SCAN_CODE = """# A commerce-district operator prints a merchant's scan-to-check QR code (a signed public URL).
query MerchantScanCode($uscc: UnifiedSocialCreditCode!) {
  merchantScanCode(uscc: $uscc) {
    code { url validUntil pngBase64 }
    errors { field code message }
  }
}"""
MERCHANT_SCAN_CODE_ID = "sha256:c279261e019d9f308e87ef38aea5f684d5a166461f7e04a54a68ba7631028717"
"""The trusted document id of MerchantScanCode: the SHA-256 of its file's bytes."""


class MerchantScanCodeVariables(TypedDict):
    """The variables of MerchantScanCode."""

    uscc: UnifiedSocialCreditCode


class MerchantScanCodeResultMerchantScanCodeCode(TypedDict):
    """A merchant's printable scan-to-check code."""

    url: str
    validUntil: Date
    pngBase64: str


class MerchantScanCodeResultMerchantScanCodeErrors(TypedDict):
    """Why a query has no answer (mutations have their own error types)."""

    field: str | None
    code: str
    message: str


class MerchantScanCodeResultMerchantScanCode(TypedDict):
    """A merchant's scan code, or why there is none."""

    code: MerchantScanCodeResultMerchantScanCodeCode | None
    errors: list[MerchantScanCodeResultMerchantScanCodeErrors]


class MerchantScanCodeResult(TypedDict):
    """What MerchantScanCode answers: its ``data``."""

    merchantScanCode: MerchantScanCodeResultMerchantScanCode


async def merchant_scan_code(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> MerchantScanCodeResult:
    """Run MerchantScanCode (used by: commerce_district).

    A commerce-district operator prints a merchant's scan-to-check QR code (a signed public URL).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MerchantScanCodeVariables = {"uscc": uscc}
    data = await client.execute(
        MERCHANT_SCAN_CODE,
        variables,
        "MerchantScanCode",
        mutation=False,
        document_id=MERCHANT_SCAN_CODE_ID,
    )
    return cast("MerchantScanCodeResult", data)


MOBILITY_DISCOUNT_ELIGIBILITY = """# A parking or car-rental operator validates a scanned code for one of its scenarios.
query MobilityDiscountEligibility($scenarioCode: String!, $mobilityCode: String!) {
  mobilityDiscountEligibility(scenarioCode: $scenarioCode, integrityCode: $mobilityCode) {
    scenarioCode eligible reasons denial colour value usesToday
  }
}"""
MOBILITY_DISCOUNT_ELIGIBILITY_ID = (
    "sha256:ee4d68713c31f1ea669676d73e23d90945ad37f2416fe900625a00b65bdc4347"
)
"""The trusted document id of MobilityDiscountEligibility: the SHA-256 of its file's bytes."""


class MobilityDiscountEligibilityVariables(TypedDict):
    """The variables of MobilityDiscountEligibility."""

    scenarioCode: str
    mobilityCode: str


class MobilityDiscountEligibilityResultMobilityDiscountEligibility(TypedDict):
    """Whether the person who showed an integrity code is admitted to a scenario."""

    scenarioCode: str
    eligible: bool
    reasons: list[IneligibilityReason]
    denial: DenialReason | None
    colour: IntegrityColour | None
    value: Decimal | None
    usesToday: int | None


class MobilityDiscountEligibilityResult(TypedDict):
    """What MobilityDiscountEligibility answers: its ``data``."""

    mobilityDiscountEligibility: MobilityDiscountEligibilityResultMobilityDiscountEligibility


async def mobility_discount_eligibility(
    client: CreditPlatformClient, *, scenario_code: str, mobility_code: str
) -> MobilityDiscountEligibilityResult:
    """Run MobilityDiscountEligibility (used by: mobility_operator).

    A parking or car-rental operator validates a scanned code for one of its scenarios.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MobilityDiscountEligibilityVariables = {
        "scenarioCode": scenario_code,
        "mobilityCode": mobility_code,
    }
    data = await client.execute(
        MOBILITY_DISCOUNT_ELIGIBILITY,
        variables,
        "MobilityDiscountEligibility",
        mutation=False,
        document_id=MOBILITY_DISCOUNT_ELIGIBILITY_ID,
    )
    return cast("MobilityDiscountEligibilityResult", data)


MOBILITY_SCENARIOS = """# A mobility operator lists the scenarios it operates.
query MobilityScenarios {
  incentiveScenarios(operatorType: MOBILITY_OPERATOR) {
    code name nameZh lowestColour benefitKind benefitValue benefitCap dailyLimit validUntil active
    colourValues { colour value }
  }
}"""
MOBILITY_SCENARIOS_ID = "sha256:b62909e532b11b84f47f0f55fba4f72a5004ac12b6f79c117223d787ae8c8f19"
"""The trusted document id of MobilityScenarios: the SHA-256 of its file's bytes."""


class MobilityScenariosVariables(TypedDict):
    """The variables of MobilityScenarios."""


class MobilityScenariosResultIncentiveScenariosColourValues(TypedDict):
    """A scenario's benefit value for one colour."""

    colour: IntegrityColour
    value: Decimal


class MobilityScenariosResultIncentiveScenarios(TypedDict):
    """A scenario of the incentive catalogue."""

    code: str
    name: str
    nameZh: str
    lowestColour: IntegrityColour
    benefitKind: BenefitKind
    benefitValue: Decimal
    benefitCap: Decimal | None
    dailyLimit: int | None
    validUntil: Date | None
    active: bool
    colourValues: list[MobilityScenariosResultIncentiveScenariosColourValues]


class MobilityScenariosResult(TypedDict):
    """What MobilityScenarios answers: its ``data``."""

    incentiveScenarios: list[MobilityScenariosResultIncentiveScenarios]


async def mobility_scenarios(client: CreditPlatformClient) -> MobilityScenariosResult:
    """Run MobilityScenarios (used by: mobility_operator).

    A mobility operator lists the scenarios it operates.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MobilityScenariosVariables = {}
    data = await client.execute(
        MOBILITY_SCENARIOS,
        variables,
        "MobilityScenarios",
        mutation=False,
        document_id=MOBILITY_SCENARIOS_ID,
    )
    return cast("MobilityScenariosResult", data)


MODEL_HOUSEHOLDS = """# Anyone (no access token) reads a year's model households (诚信示范户): no personal data.
query ModelHouseholds($year: Int!) {
  modelHouseholds(year: $year) { year village district maskedHeadName approvedOn }
}"""
MODEL_HOUSEHOLDS_ID = "sha256:61b44076a6d753841bb53141c985249293af542149fb44c8a0f37e9a5c1e395f"
"""The trusted document id of ModelHouseholds: the SHA-256 of its file's bytes."""


class ModelHouseholdsVariables(TypedDict):
    """The variables of ModelHouseholds."""

    year: int


class ModelHouseholdsResultModelHouseholds(TypedDict):
    """A model household (诚信示范户) on the public list: no personal data."""

    year: int
    village: str
    district: District
    maskedHeadName: str
    approvedOn: Date


class ModelHouseholdsResult(TypedDict):
    """What ModelHouseholds answers: its ``data``."""

    modelHouseholds: list[ModelHouseholdsResultModelHouseholds]


async def model_households(client: CreditPlatformClient, *, year: int) -> ModelHouseholdsResult:
    """Run ModelHouseholds (used by: public).

    Anyone (no access token) reads a year's model households (诚信示范户): no personal data.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ModelHouseholdsVariables = {"year": year}
    data = await client.execute(
        MODEL_HOUSEHOLDS,
        variables,
        "ModelHouseholds",
        mutation=False,
        document_id=MODEL_HOUSEHOLDS_ID,
    )
    return cast("ModelHouseholdsResult", data)


MY_ACCESS_LOG = """# The signed-in person sees who read their data, when, why and under which consent.
query MyAccessLog($residentId: ResidentId!, $first: Int!, $after: String) {
  myAccessLog(residentId: $residentId, first: $first, after: $after) {
    nodes { occurredAt partnerName partnerType purpose fields outcome reason consentId byIntegrityCode }
    pageInfo { hasNextPage endCursor }
  }
}"""
MY_ACCESS_LOG_ID = "sha256:f6ea792512b27f44c172a7db32f23bd90867adb5cc30cd61511b8f595e1f5606"
"""The trusted document id of MyAccessLog: the SHA-256 of its file's bytes."""


class MyAccessLogVariables(TypedDict):
    """The variables of MyAccessLog."""

    residentId: ResidentId
    first: int
    after: NotRequired[str | None]


class MyAccessLogResultMyAccessLogNodes(TypedDict):
    """One access to a subject's data, allowed or refused."""

    occurredAt: DateTime
    partnerName: str
    partnerType: str
    purpose: Purpose
    fields: list[str]
    outcome: AccessOutcome
    reason: DenialReason | None
    consentId: str | None
    byIntegrityCode: bool


class MyAccessLogResultMyAccessLogPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class MyAccessLogResultMyAccessLog(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[MyAccessLogResultMyAccessLogNodes]
    pageInfo: MyAccessLogResultMyAccessLogPageInfo


class MyAccessLogResult(TypedDict):
    """What MyAccessLog answers: its ``data``."""

    myAccessLog: MyAccessLogResultMyAccessLog


async def my_access_log(
    client: CreditPlatformClient, *, resident_id: ResidentId, first: int, after: str | None = None
) -> MyAccessLogResult:
    """Run MyAccessLog (used by: citizen_app).

    The signed-in person sees who read their data, when, why and under which consent.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MyAccessLogVariables = {"residentId": resident_id, "first": first, "after": after}
    data = await client.execute(
        MY_ACCESS_LOG, variables, "MyAccessLog", mutation=False, document_id=MY_ACCESS_LOG_ID
    )
    return cast("MyAccessLogResult", data)


MY_CREDIT_REPAIRS = """# The signed-in enterprise's repair cases: from when each record can be repaired.
query MyCreditRepairs($uscc: UnifiedSocialCreditCode, $first: Int!) {
  myCreditRepairs(uscc: $uscc, first: $first) {
    nodes { id state severity eligibleOn decisionReason record { category summary status } }
  }
}"""
MY_CREDIT_REPAIRS_ID = "sha256:e7bd9a7701ebbfb19a1b9b7d567d9d4ffd6e9130e778f14bec33305973157d54"
"""The trusted document id of MyCreditRepairs: the SHA-256 of its file's bytes."""


class MyCreditRepairsVariables(TypedDict):
    """The variables of MyCreditRepairs."""

    uscc: NotRequired[UnifiedSocialCreditCode | None]
    first: int


class MyCreditRepairsResultMyCreditRepairsNodesRecord(TypedDict):
    """The record a repair case is about, whatever its status."""

    category: RecordCategory
    summary: str
    status: RecordStatus


class MyCreditRepairsResultMyCreditRepairsNodes(TypedDict):
    """The credit repair case of one record."""

    id: str
    state: RepairState
    severity: Severity
    eligibleOn: Date
    decisionReason: str | None
    record: MyCreditRepairsResultMyCreditRepairsNodesRecord | None


class MyCreditRepairsResultMyCreditRepairs(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[MyCreditRepairsResultMyCreditRepairsNodes]


class MyCreditRepairsResult(TypedDict):
    """What MyCreditRepairs answers: its ``data``."""

    myCreditRepairs: MyCreditRepairsResultMyCreditRepairs


async def my_credit_repairs(
    client: CreditPlatformClient, *, first: int, uscc: UnifiedSocialCreditCode | None = None
) -> MyCreditRepairsResult:
    """Run MyCreditRepairs (used by: citizen_app).

    The signed-in enterprise's repair cases: from when each record can be repaired.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MyCreditRepairsVariables = {"uscc": uscc, "first": first}
    data = await client.execute(
        MY_CREDIT_REPAIRS,
        variables,
        "MyCreditRepairs",
        mutation=False,
        document_id=MY_CREDIT_REPAIRS_ID,
    )
    return cast("MyCreditRepairsResult", data)


MY_FINANCING_NEEDS = """# The signed-in enterprise's financing needs and how many of the three places are taken.
query MyFinancingNeeds($uscc: UnifiedSocialCreditCode!, $first: Int!) {
  myFinancingNeeds(uscc: $uscc, first: $first) {
    nodes { id amount termMonths purpose status claimsLeft postedAt }
  }
}"""
MY_FINANCING_NEEDS_ID = "sha256:8a35eb5520a36c40299b22a83b09df666f15985610017d88b9726b6814017f40"
"""The trusted document id of MyFinancingNeeds: the SHA-256 of its file's bytes."""


class MyFinancingNeedsVariables(TypedDict):
    """The variables of MyFinancingNeeds."""

    uscc: UnifiedSocialCreditCode
    first: int


class MyFinancingNeedsResultMyFinancingNeedsNodes(TypedDict):
    """A financing need an enterprise posted."""

    id: str
    amount: Decimal
    termMonths: int
    purpose: str | None
    status: FinancingNeedStatus
    claimsLeft: int
    postedAt: DateTime


class MyFinancingNeedsResultMyFinancingNeeds(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[MyFinancingNeedsResultMyFinancingNeedsNodes]


class MyFinancingNeedsResult(TypedDict):
    """What MyFinancingNeeds answers: its ``data``."""

    myFinancingNeeds: MyFinancingNeedsResultMyFinancingNeeds


async def my_financing_needs(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode, first: int
) -> MyFinancingNeedsResult:
    """Run MyFinancingNeeds (used by: citizen_app).

    The signed-in enterprise's financing needs and how many of the three places are taken.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MyFinancingNeedsVariables = {"uscc": uscc, "first": first}
    data = await client.execute(
        MY_FINANCING_NEEDS,
        variables,
        "MyFinancingNeeds",
        mutation=False,
        document_id=MY_FINANCING_NEEDS_ID,
    )
    return cast("MyFinancingNeedsResult", data)


MY_HOUSEHOLD_FILE = """# The head of a household reads the household's civility file and code in the citizen app.
query MyHouseholdFile($residentId: ResidentId!) {
  myHouseholdFile(residentId: $residentId) {
    householdNumber
    village
    memberCount
    year
    points
    colour
    reasons { code message }
    latestEntries { kind points occurredOn note rule { code description } }
  }
}"""
MY_HOUSEHOLD_FILE_ID = "sha256:c3180732a5741059777991b14e2ed9c29f4c6ad6ebfe1289ff56224a598cb06b"
"""The trusted document id of MyHouseholdFile: the SHA-256 of its file's bytes."""


class MyHouseholdFileVariables(TypedDict):
    """The variables of MyHouseholdFile."""

    residentId: ResidentId


class MyHouseholdFileResultMyHouseholdFileReasons(TypedDict):
    """One reason behind a household's colour."""

    code: HouseholdColourReasonCode
    message: str


class MyHouseholdFileResultMyHouseholdFileLatestEntriesRule(TypedDict):
    """One version of a village rule (村规民约)."""

    code: str
    description: str


class MyHouseholdFileResultMyHouseholdFileLatestEntries(TypedDict):
    """An entry of a household's civility file."""

    kind: CivilityEntryKind
    points: int
    occurredOn: Date
    note: str
    rule: MyHouseholdFileResultMyHouseholdFileLatestEntriesRule


class MyHouseholdFileResultMyHouseholdFile(TypedDict):
    """One household, one file, one code: points this year, colour and reasons."""

    householdNumber: str
    village: str
    memberCount: int
    year: int
    points: int
    colour: HouseholdColour
    reasons: list[MyHouseholdFileResultMyHouseholdFileReasons]
    latestEntries: list[MyHouseholdFileResultMyHouseholdFileLatestEntries]


class MyHouseholdFileResult(TypedDict):
    """What MyHouseholdFile answers: its ``data``."""

    myHouseholdFile: MyHouseholdFileResultMyHouseholdFile


async def my_household_file(
    client: CreditPlatformClient, *, resident_id: ResidentId
) -> MyHouseholdFileResult:
    """Run MyHouseholdFile (used by: citizen_app).

    The head of a household reads the household's civility file and code in the citizen app.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MyHouseholdFileVariables = {"residentId": resident_id}
    data = await client.execute(
        MY_HOUSEHOLD_FILE,
        variables,
        "MyHouseholdFile",
        mutation=False,
        document_id=MY_HOUSEHOLD_FILE_ID,
    )
    return cast("MyHouseholdFileResult", data)


MY_INDUSTRY_EVALUATIONS = """# The signed-in enterprise's own industry evaluations: each subject it runs, graded today.
query MyIndustryEvaluations($uscc: UnifiedSocialCreditCode!) {
  myIndustryEvaluations(uscc: $uscc) {
    subject { code name industry district }
    schemeVersion asOf grade score reasons
    indicators { indicator status weight points value asOf department redLine }
  }
}"""
MY_INDUSTRY_EVALUATIONS_ID = (
    "sha256:192a6f6fee5a13f80115e1f5fc1037c405586a0a21b305c4eed830ef8ff30260"
)
"""The trusted document id of MyIndustryEvaluations: the SHA-256 of its file's bytes."""


class MyIndustryEvaluationsVariables(TypedDict):
    """The variables of MyIndustryEvaluations."""

    uscc: UnifiedSocialCreditCode


class MyIndustryEvaluationsResultMyIndustryEvaluationsSubject(TypedDict):
    """A wharf, live-streaming room or catering shop under a scheme."""

    code: str
    name: str
    industry: Industry
    district: District


class MyIndustryEvaluationsResultMyIndustryEvaluationsIndicators(TypedDict):
    """One indicator in an industry evaluation."""

    indicator: str
    status: IndustryIndicatorStatus
    weight: int
    points: Decimal | None
    value: Decimal | None
    asOf: Date | None
    department: str | None
    redLine: bool


class MyIndustryEvaluationsResultMyIndustryEvaluations(TypedDict):
    """A subject's industry grade on one day, explained."""

    subject: MyIndustryEvaluationsResultMyIndustryEvaluationsSubject
    schemeVersion: str
    asOf: Date
    grade: IndustryGrade | None
    score: Decimal | None
    reasons: list[IndustryGradeReason]
    indicators: list[MyIndustryEvaluationsResultMyIndustryEvaluationsIndicators]


class MyIndustryEvaluationsResult(TypedDict):
    """What MyIndustryEvaluations answers: its ``data``."""

    myIndustryEvaluations: list[MyIndustryEvaluationsResultMyIndustryEvaluations]


async def my_industry_evaluations(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> MyIndustryEvaluationsResult:
    """Run MyIndustryEvaluations (used by: citizen_app).

    The signed-in enterprise's own industry evaluations: each subject it runs, graded today.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MyIndustryEvaluationsVariables = {"uscc": uscc}
    data = await client.execute(
        MY_INDUSTRY_EVALUATIONS,
        variables,
        "MyIndustryEvaluations",
        mutation=False,
        document_id=MY_INDUSTRY_EVALUATIONS_ID,
    )
    return cast("MyIndustryEvaluationsResult", data)


MY_IP_PLEDGES = """# The IP pledges the bank registered, newest loan first.
query MyIpPledges($first: Int!) {
  myIpPledges(first: $first) {
    kind registrationNumber uscc enterpriseName valuation loanAmount daysToLoan
  }
}"""
MY_IP_PLEDGES_ID = "sha256:d75eb7475d454fbb36d645b7b1bac5175ad079dab22fe24fcf31b22a3ef3039a"
"""The trusted document id of MyIpPledges: the SHA-256 of its file's bytes."""


class MyIpPledgesVariables(TypedDict):
    """The variables of MyIpPledges."""

    first: int


class MyIpPledgesResultMyIpPledges(TypedDict):
    """An intellectual-property pledge registered by a bank, with its loan."""

    kind: IpKind
    registrationNumber: str
    uscc: str
    enterpriseName: str
    valuation: Decimal
    loanAmount: Decimal
    daysToLoan: int


class MyIpPledgesResult(TypedDict):
    """What MyIpPledges answers: its ``data``."""

    myIpPledges: list[MyIpPledgesResultMyIpPledges]


async def my_ip_pledges(client: CreditPlatformClient, *, first: int) -> MyIpPledgesResult:
    """Run MyIpPledges (used by: bank).

    The IP pledges the bank registered, newest loan first.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MyIpPledgesVariables = {"first": first}
    data = await client.execute(
        MY_IP_PLEDGES, variables, "MyIpPledges", mutation=False, document_id=MY_IP_PLEDGES_ID
    )
    return cast("MyIpPledgesResult", data)


MY_NOTICES = """# The signed-in person reads their credit repair notices (主动告知, 到期提醒, 跟踪回访) in the app.
query MyNotices($residentId: ResidentId!, $first: Int! = 20) {
  myNotices(residentId: $residentId, first: $first) {
    id
    eventId
    kind
    channel
    repairId
    dueOn
    messageZh
    messageEn
    createdAt
    acknowledgedAt
  }
}"""
MY_NOTICES_ID = "sha256:8de0be1bd96978e8b886749b04911f56e306455f02500af2246c00e136fe91ff"
"""The trusted document id of MyNotices: the SHA-256 of its file's bytes."""


class MyNoticesVariables(TypedDict):
    """The variables of MyNotices."""

    residentId: ResidentId
    first: NotRequired[int]


class MyNoticesResultMyNotices(TypedDict):
    """A notice a credit repair case owes its subject."""

    id: str
    eventId: str
    kind: RepairNoticeKind
    channel: NoticeChannel
    repairId: str | None
    dueOn: Date
    messageZh: str
    messageEn: str
    createdAt: DateTime
    acknowledgedAt: DateTime | None


class MyNoticesResult(TypedDict):
    """What MyNotices answers: its ``data``."""

    myNotices: list[MyNoticesResultMyNotices]


async def my_notices(
    client: CreditPlatformClient, *, resident_id: ResidentId, first: int | None = None
) -> MyNoticesResult:
    """Run MyNotices (used by: citizen_app).

    The signed-in person reads their credit repair notices (主动告知, 到期提醒, 跟踪回访) in the app.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MyNoticesVariables = {"residentId": resident_id}
    if first is not None:
        variables["first"] = first
    data = await client.execute(
        MY_NOTICES, variables, "MyNotices", mutation=False, document_id=MY_NOTICES_ID
    )
    return cast("MyNoticesResult", data)


MY_USAGE = """# The calling partner's own use of the API per day: requests, cost points and throttled requests.
query MyUsage($fromDay: Date!, $toDay: Date!) {
  myUsage(from: $fromDay, to: $toDay) { day requests cost throttled }
}"""
MY_USAGE_ID = "sha256:0c5cf8a36690ae04e2e75663e5a91e8000280698122cc78b8c30f1a1fa6581f7"
"""The trusted document id of MyUsage: the SHA-256 of its file's bytes."""


class MyUsageVariables(TypedDict):
    """The variables of MyUsage."""

    fromDay: Date
    toDay: Date


class MyUsageResultMyUsage(TypedDict):
    """One day of the calling partner's use of the API."""

    day: Date
    requests: int
    cost: int
    throttled: int


class MyUsageResult(TypedDict):
    """What MyUsage answers: its ``data``."""

    myUsage: list[MyUsageResultMyUsage]


async def my_usage(client: CreditPlatformClient, *, from_day: Date, to_day: Date) -> MyUsageResult:
    """Run MyUsage (used by: citizen_app, commerce_district, hospital, mobility_operator, village_committee).

    The calling partner's own use of the API per day: requests, cost points and throttled requests.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: MyUsageVariables = {"fromDay": from_day, "toDay": to_day}
    data = await client.execute(
        MY_USAGE, variables, "MyUsage", mutation=False, document_id=MY_USAGE_ID
    )
    return cast("MyUsageResult", data)


NOMINATE_MODEL_HOUSEHOLD = """# A village committee nominates one of its top households as the year's model household.
mutation NominateModelHousehold($nomination: NominateModelHouseholdInput!) {
  nominateModelHousehold(input: $nomination) {
    nomination { id householdId year points status nominatedAt }
    replayed
    errors { field message errorCode }
  }
}"""
NOMINATE_MODEL_HOUSEHOLD_ID = (
    "sha256:ff3344eb89fbd2df3c1c7fe05347ec725d3c13e11145b6fbf5c466fb06a6d242"
)
"""The trusted document id of NominateModelHousehold: the SHA-256 of its file's bytes."""


class NominateModelHouseholdVariables(TypedDict):
    """The variables of NominateModelHousehold."""

    nomination: NominateModelHouseholdInput


class NominateModelHouseholdResultNominateModelHouseholdNomination(TypedDict):
    """A model-household nomination."""

    id: str
    householdId: str
    year: int
    points: int
    status: ModelHouseholdStatus
    nominatedAt: DateTime


class NominateModelHouseholdResultNominateModelHouseholdErrors(TypedDict):
    """Why nominateModelHousehold did not do what was asked."""

    field: str | None
    message: str
    errorCode: NominateModelHouseholdErrorCode


class NominateModelHouseholdResultNominateModelHousehold(TypedDict):
    """The nomination stored, or why not."""

    nomination: NominateModelHouseholdResultNominateModelHouseholdNomination | None
    replayed: bool
    errors: list[NominateModelHouseholdResultNominateModelHouseholdErrors]


class NominateModelHouseholdResult(TypedDict):
    """What NominateModelHousehold answers: its ``data``."""

    nominateModelHousehold: NominateModelHouseholdResultNominateModelHousehold


async def nominate_model_household(
    client: CreditPlatformClient, *, nomination: NominateModelHouseholdInput
) -> NominateModelHouseholdResult:
    """Run NominateModelHousehold (used by: village_committee).

    A village committee nominates one of its top households as the year's model household.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: NominateModelHouseholdVariables = {"nomination": nomination}
    data = await client.execute(
        NOMINATE_MODEL_HOUSEHOLD,
        variables,
        "NominateModelHousehold",
        mutation=True,
        document_id=NOMINATE_MODEL_HOUSEHOLD_ID,
    )
    return cast("NominateModelHouseholdResult", data)


OPEN_DEFERRED_ACCOUNT = """# A hospital opens a visit for pay after treatment (idempotent by visit number).
mutation OpenDeferredAccount($patOpen: OpenDeferredAccountInput!) {
  openDeferredAccount(input: $patOpen) {
    account { visitNumber colour creditLimit total remaining status dueOn }
    replayed
    errors { field code message }
  }
}"""
OPEN_DEFERRED_ACCOUNT_ID = "sha256:deaad1eae5164dd8f4d9eb2be1158e0dbd6cd4a49e3be2039c680dcd99ac7e5f"
"""The trusted document id of OpenDeferredAccount: the SHA-256 of its file's bytes."""


class OpenDeferredAccountVariables(TypedDict):
    """The variables of OpenDeferredAccount."""

    patOpen: OpenDeferredAccountInput


class OpenDeferredAccountResultOpenDeferredAccountAccount(TypedDict):
    """A visit paid after treatment; only the hospital that opened it sees it."""

    visitNumber: str
    colour: IntegrityColour
    creditLimit: Decimal
    total: Decimal
    remaining: Decimal
    status: DeferredAccountStatus
    dueOn: Date


class OpenDeferredAccountResultOpenDeferredAccountErrors(TypedDict):
    """Why openDeferredAccount did not do what was asked."""

    field: str | None
    code: str
    message: str


class OpenDeferredAccountResultOpenDeferredAccount(TypedDict):
    """A deferred account after opening it, or why it was refused."""

    account: OpenDeferredAccountResultOpenDeferredAccountAccount | None
    replayed: bool
    errors: list[OpenDeferredAccountResultOpenDeferredAccountErrors]


class OpenDeferredAccountResult(TypedDict):
    """What OpenDeferredAccount answers: its ``data``."""

    openDeferredAccount: OpenDeferredAccountResultOpenDeferredAccount


async def open_deferred_account(
    client: CreditPlatformClient, *, pat_open: OpenDeferredAccountInput
) -> OpenDeferredAccountResult:
    """Run OpenDeferredAccount (used by: hospital).

    A hospital opens a visit for pay after treatment (idempotent by visit number).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: OpenDeferredAccountVariables = {"patOpen": pat_open}
    data = await client.execute(
        OPEN_DEFERRED_ACCOUNT,
        variables,
        "OpenDeferredAccount",
        mutation=True,
        document_id=OPEN_DEFERRED_ACCOUNT_ID,
    )
    return cast("OpenDeferredAccountResult", data)


OUTREACH_QUEUE = """# The credit office's outreach queue: repair notices of enterprises, merchants and households
# that nobody has acknowledged yet, oldest first; page on with the last notice's id.
query OutreachQueue($first: Int! = 50, $after: ID) {
  outreachQueue(first: $first, after: $after) {
    id
    eventId
    kind
    channel
    repairId
    dueOn
    messageZh
    createdAt
  }
}"""
OUTREACH_QUEUE_ID = "sha256:6e9df19e208e8d154271ae66eef3f59146d23c23ea198f597ccfb26aa758a0f3"
"""The trusted document id of OutreachQueue: the SHA-256 of its file's bytes."""


class OutreachQueueVariables(TypedDict):
    """The variables of OutreachQueue."""

    first: NotRequired[int]
    after: NotRequired[str | None]


class OutreachQueueResultOutreachQueue(TypedDict):
    """A notice a credit repair case owes its subject."""

    id: str
    eventId: str
    kind: RepairNoticeKind
    channel: NoticeChannel
    repairId: str | None
    dueOn: Date
    messageZh: str
    createdAt: DateTime


class OutreachQueueResult(TypedDict):
    """What OutreachQueue answers: its ``data``."""

    outreachQueue: list[OutreachQueueResultOutreachQueue]


async def outreach_queue(
    client: CreditPlatformClient, *, first: int | None = None, after: str | None = None
) -> OutreachQueueResult:
    """Run OutreachQueue (used by: credit_office).

    The credit office's outreach queue: repair notices of enterprises, merchants and households
    that nobody has acknowledged yet, oldest first; page on with the last notice's id.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: OutreachQueueVariables = {"after": after}
    if first is not None:
        variables["first"] = first
    data = await client.execute(
        OUTREACH_QUEUE, variables, "OutreachQueue", mutation=False, document_id=OUTREACH_QUEUE_ID
    )
    return cast("OutreachQueueResult", data)


OUTREACH_STATISTICS = """# Repair outreach figures: notices, reminders and follow-ups written and acknowledged, the open
# queue, repairs completed and what the follow-up visits found.
query OutreachStatistics {
  outreachStatistics {
    notices
    reminders
    followUps
    acknowledged
    awaitingOffice
    repairs
    followUpsKept
    followUpsRelapsed
    followUpsUnreachable
  }
}"""
OUTREACH_STATISTICS_ID = "sha256:c2a8e45d63765d6c3681eb573e9273012cd4f8d2abcb8632742049e6e27e8099"
"""The trusted document id of OutreachStatistics: the SHA-256 of its file's bytes."""


class OutreachStatisticsVariables(TypedDict):
    """The variables of OutreachStatistics."""


class OutreachStatisticsResultOutreachStatistics(TypedDict):
    """How much repair outreach was done."""

    notices: int
    reminders: int
    followUps: int
    acknowledged: int
    awaitingOffice: int
    repairs: int
    followUpsKept: int
    followUpsRelapsed: int
    followUpsUnreachable: int


class OutreachStatisticsResult(TypedDict):
    """What OutreachStatistics answers: its ``data``."""

    outreachStatistics: OutreachStatisticsResultOutreachStatistics


async def outreach_statistics(client: CreditPlatformClient) -> OutreachStatisticsResult:
    """Run OutreachStatistics (used by: credit_office).

    Repair outreach figures: notices, reminders and follow-ups written and acknowledged, the open
    queue, repairs completed and what the follow-up visits found.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: OutreachStatisticsVariables = {}
    data = await client.execute(
        OUTREACH_STATISTICS,
        variables,
        "OutreachStatistics",
        mutation=False,
        document_id=OUTREACH_STATISTICS_ID,
    )
    return cast("OutreachStatisticsResult", data)


OWN_FINANCING_NEED = """# The signed-in enterprise sees its financing need and which banks claimed it.
query OwnFinancingNeed($uscc: UnifiedSocialCreditCode!, $needId: ID!) {
  ownFinancingNeed(uscc: $uscc, needId: $needId) {
    id amount termMonths status
    claimedBy { bankPartnerId bankName position claimedAt }
  }
}"""
OWN_FINANCING_NEED_ID = "sha256:3a7e9acc5d3e39284f0db1c6d1d86fd578b128775695cc7cc0e834c26c46c4b8"
"""The trusted document id of OwnFinancingNeed: the SHA-256 of its file's bytes."""


class OwnFinancingNeedVariables(TypedDict):
    """The variables of OwnFinancingNeed."""

    uscc: UnifiedSocialCreditCode
    needId: str


class OwnFinancingNeedResultOwnFinancingNeedClaimedBy(TypedDict):
    """A bank that claimed a financing need."""

    bankPartnerId: int
    bankName: str
    position: int
    claimedAt: DateTime


class OwnFinancingNeedResultOwnFinancingNeed(TypedDict):
    """A financing need as its enterprise sees it."""

    id: str
    amount: Decimal
    termMonths: int
    status: str
    claimedBy: list[OwnFinancingNeedResultOwnFinancingNeedClaimedBy]


class OwnFinancingNeedResult(TypedDict):
    """What OwnFinancingNeed answers: its ``data``."""

    ownFinancingNeed: OwnFinancingNeedResultOwnFinancingNeed


async def own_financing_need(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode, need_id: str
) -> OwnFinancingNeedResult:
    """Run OwnFinancingNeed (used by: citizen_app).

    The signed-in enterprise sees its financing need and which banks claimed it.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: OwnFinancingNeedVariables = {"uscc": uscc, "needId": need_id}
    data = await client.execute(
        OWN_FINANCING_NEED,
        variables,
        "OwnFinancingNeed",
        mutation=False,
        document_id=OWN_FINANCING_NEED_ID,
    )
    return cast("OwnFinancingNeedResult", data)


PARTNER_USAGE = """# Every partner's use of the API per day, newest day first (filter by partner or partner type).
query PartnerUsage($fromDay: Date!, $toDay: Date!, $first: Int!, $after: String, $partnerType: String) {
  partnerUsage(from: $fromDay, to: $toDay, first: $first, after: $after, partnerType: $partnerType) {
    nodes { partnerId partnerName partnerType day requests cost throttled }
    pageInfo { hasNextPage endCursor }
  }
}"""
PARTNER_USAGE_ID = "sha256:96551febc5ec76d0f41954867436b0e1f1bd506632e836d66442575d22391c3e"
"""The trusted document id of PartnerUsage: the SHA-256 of its file's bytes."""


class PartnerUsageVariables(TypedDict):
    """The variables of PartnerUsage."""

    fromDay: Date
    toDay: Date
    first: int
    after: NotRequired[str | None]
    partnerType: NotRequired[str | None]


class PartnerUsageResultPartnerUsageNodes(TypedDict):
    """One partner's use of the API on one day."""

    partnerId: int
    partnerName: str
    partnerType: str
    day: Date
    requests: int
    cost: int
    throttled: int


class PartnerUsageResultPartnerUsagePageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class PartnerUsageResultPartnerUsage(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[PartnerUsageResultPartnerUsageNodes]
    pageInfo: PartnerUsageResultPartnerUsagePageInfo


class PartnerUsageResult(TypedDict):
    """What PartnerUsage answers: its ``data``."""

    partnerUsage: PartnerUsageResultPartnerUsage


async def partner_usage(
    client: CreditPlatformClient,
    *,
    from_day: Date,
    to_day: Date,
    first: int,
    after: str | None = None,
    partner_type: str | None = None,
) -> PartnerUsageResult:
    """Run PartnerUsage (used by: credit_office).

    Every partner's use of the API per day, newest day first (filter by partner or partner type).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: PartnerUsageVariables = {
        "fromDay": from_day,
        "toDay": to_day,
        "first": first,
        "after": after,
        "partnerType": partner_type,
    }
    data = await client.execute(
        PARTNER_USAGE, variables, "PartnerUsage", mutation=False, document_id=PARTNER_USAGE_ID
    )
    return cast("PartnerUsageResult", data)


PATIENT_ELIGIBILITY = """# A hospital reads the patient who showed their integrity code, for pay-after-treatment.
query PatientEligibility($code: String!) {
  person(purpose: PAY_AFTER_TREATMENT, integrityCode: $code) {
    person { residentId name district }
    denial { reason message }
  }
}"""
PATIENT_ELIGIBILITY_ID = "sha256:404817bf7fb57195be7d0e3dc5fa7733741becc53de01b48fdcccf6bc71730de"
"""The trusted document id of PatientEligibility: the SHA-256 of its file's bytes."""


class PatientEligibilityVariables(TypedDict):
    """The variables of PatientEligibility."""

    code: str


class PatientEligibilityResultPersonPerson(TypedDict):
    """A person, read with their authorisation for a purpose."""

    residentId: str
    name: str
    district: District


class PatientEligibilityResultPersonDenial(TypedDict):
    """Why a read was refused: no data comes with it."""

    reason: DenialReason
    message: str


class PatientEligibilityResultPerson(TypedDict):
    """The answer to a read of a person: the person, or why not."""

    person: PatientEligibilityResultPersonPerson | None
    denial: PatientEligibilityResultPersonDenial | None


class PatientEligibilityResult(TypedDict):
    """What PatientEligibility answers: its ``data``."""

    person: PatientEligibilityResultPerson


async def patient_eligibility(
    client: CreditPlatformClient, *, code: str
) -> PatientEligibilityResult:
    """Run PatientEligibility (used by: hospital).

    A hospital reads the patient who showed their integrity code, for pay-after-treatment.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: PatientEligibilityVariables = {"code": code}
    data = await client.execute(
        PATIENT_ELIGIBILITY,
        variables,
        "PatientEligibility",
        mutation=False,
        document_id=PATIENT_ELIGIBILITY_ID,
    )
    return cast("PatientEligibilityResult", data)


PAY_AFTER_TREATMENT_ELIGIBILITY = """# A hospital checks whether the patient who showed their integrity code may pay after treatment.
query PayAfterTreatmentEligibility($code: String!) {
  payAfterTreatmentEligibility(integrityCode: $code) {
    scenarioCode eligible reasons denial colour value
  }
}"""
PAY_AFTER_TREATMENT_ELIGIBILITY_ID = (
    "sha256:85b538c66551f397e89485e46d734ee18dc00b0e096583eb66e7d0f2de384185"
)
"""The trusted document id of PayAfterTreatmentEligibility: the SHA-256 of its file's bytes."""


class PayAfterTreatmentEligibilityVariables(TypedDict):
    """The variables of PayAfterTreatmentEligibility."""

    code: str


class PayAfterTreatmentEligibilityResultPayAfterTreatmentEligibility(TypedDict):
    """Whether the person who showed an integrity code is admitted to a scenario."""

    scenarioCode: str
    eligible: bool
    reasons: list[IneligibilityReason]
    denial: DenialReason | None
    colour: IntegrityColour | None
    value: Decimal | None


class PayAfterTreatmentEligibilityResult(TypedDict):
    """What PayAfterTreatmentEligibility answers: its ``data``."""

    payAfterTreatmentEligibility: PayAfterTreatmentEligibilityResultPayAfterTreatmentEligibility


async def pay_after_treatment_eligibility(
    client: CreditPlatformClient, *, code: str
) -> PayAfterTreatmentEligibilityResult:
    """Run PayAfterTreatmentEligibility (used by: hospital).

    A hospital checks whether the patient who showed their integrity code may pay after treatment.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: PayAfterTreatmentEligibilityVariables = {"code": code}
    data = await client.execute(
        PAY_AFTER_TREATMENT_ELIGIBILITY,
        variables,
        "PayAfterTreatmentEligibility",
        mutation=False,
        document_id=PAY_AFTER_TREATMENT_ELIGIBILITY_ID,
    )
    return cast("PayAfterTreatmentEligibilityResult", data)


POST_FINANCING_NEED = """# The signed-in enterprise posts a financing need; banks with a matching product are told.
mutation PostFinancingNeed($needInput: FinancingNeedInput!) {
  postFinancingNeed(input: $needInput) {
    need { id amount termMonths purpose status claimsLeft postedAt }
    banksTold
    errors { field message code }
  }
}"""
POST_FINANCING_NEED_ID = "sha256:82ccd86394ceb71bd83174f7c3cf0ddecead50e0cc43e5498c6d13ca1e0dfd1e"
"""The trusted document id of PostFinancingNeed: the SHA-256 of its file's bytes."""


class PostFinancingNeedVariables(TypedDict):
    """The variables of PostFinancingNeed."""

    needInput: FinancingNeedInput


class PostFinancingNeedResultPostFinancingNeedNeed(TypedDict):
    """A financing need an enterprise posted."""

    id: str
    amount: Decimal
    termMonths: int
    purpose: str | None
    status: FinancingNeedStatus
    claimsLeft: int
    postedAt: DateTime


class PostFinancingNeedResultPostFinancingNeedErrors(TypedDict):
    """Why postFinancingNeed did not do what was asked."""

    field: str | None
    message: str
    code: str


class PostFinancingNeedResultPostFinancingNeed(TypedDict):
    """A posted financing need, or why not."""

    need: PostFinancingNeedResultPostFinancingNeedNeed | None
    banksTold: int
    errors: list[PostFinancingNeedResultPostFinancingNeedErrors]


class PostFinancingNeedResult(TypedDict):
    """What PostFinancingNeed answers: its ``data``."""

    postFinancingNeed: PostFinancingNeedResultPostFinancingNeed


async def post_financing_need(
    client: CreditPlatformClient, *, need_input: FinancingNeedInput
) -> PostFinancingNeedResult:
    """Run PostFinancingNeed (used by: citizen_app).

    The signed-in enterprise posts a financing need; banks with a matching product are told.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: PostFinancingNeedVariables = {"needInput": need_input}
    data = await client.execute(
        POST_FINANCING_NEED,
        variables,
        "PostFinancingNeed",
        mutation=True,
        document_id=POST_FINANCING_NEED_ID,
    )
    return cast("PostFinancingNeedResult", data)


PUBLISH_LOAN_PRODUCT = """# A bank publishes one of its drafts: it matches enterprises and is told about financing needs.
mutation PublishLoanProduct($productId: ID!) {
  publishLoanProduct(id: $productId) {
    product { id status version }
    errors { field message code }
  }
}"""
PUBLISH_LOAN_PRODUCT_ID = "sha256:bc827da3ad429ea6a769a78531b755ecc1d1331550a868cff935de4ea0a0cdfc"
"""The trusted document id of PublishLoanProduct: the SHA-256 of its file's bytes."""


class PublishLoanProductVariables(TypedDict):
    """The variables of PublishLoanProduct."""

    productId: str


class PublishLoanProductResultPublishLoanProductProduct(TypedDict):
    """A bank's loan product."""

    id: str
    status: LoanProductStatus
    version: int


class PublishLoanProductResultPublishLoanProductErrors(TypedDict):
    """Why publishLoanProduct did not do what was asked."""

    field: str | None
    message: str
    code: str


class PublishLoanProductResultPublishLoanProduct(TypedDict):
    """A loan product after publishing it, or why not."""

    product: PublishLoanProductResultPublishLoanProductProduct | None
    errors: list[PublishLoanProductResultPublishLoanProductErrors]


class PublishLoanProductResult(TypedDict):
    """What PublishLoanProduct answers: its ``data``."""

    publishLoanProduct: PublishLoanProductResultPublishLoanProduct


async def publish_loan_product(
    client: CreditPlatformClient, *, product_id: str
) -> PublishLoanProductResult:
    """Run PublishLoanProduct (used by: bank).

    A bank publishes one of its drafts: it matches enterprises and is told about financing needs.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: PublishLoanProductVariables = {"productId": product_id}
    data = await client.execute(
        PUBLISH_LOAN_PRODUCT,
        variables,
        "PublishLoanProduct",
        mutation=True,
        document_id=PUBLISH_LOAN_PRODUCT_ID,
    )
    return cast("PublishLoanProductResult", data)


RECORD_APPROVAL_COMMITMENT_OUTCOME = """# The approving department records whether a fast-tracked commitment was kept or broken; the
# outcome becomes a credit record linked to the commitment.
mutation RecordApprovalCommitmentOutcome($approvalOutcome: RecordApprovalCommitmentOutcomeInput!) {
  recordApprovalCommitmentOutcome(input: $approvalOutcome) {
    commitment { reference status verifiedAt outcomeRecorded }
    replayed
    errors { field message errorCode }
  }
}"""
RECORD_APPROVAL_COMMITMENT_OUTCOME_ID = (
    "sha256:9407634d605db9fa73ae9c6e9ef4fefe3fba03ada8f033b1b605154c5df29d91"
)
"""The trusted document id of RecordApprovalCommitmentOutcome: the SHA-256 of its file's bytes."""


class RecordApprovalCommitmentOutcomeVariables(TypedDict):
    """The variables of RecordApprovalCommitmentOutcome."""

    approvalOutcome: RecordApprovalCommitmentOutcomeInput


class RecordApprovalCommitmentOutcomeResultRecordApprovalCommitmentOutcomeCommitment(TypedDict):
    """A commitment a subject signed for an approval matter, the decision and outcome."""

    reference: str
    status: ApprovalCommitmentStatus
    verifiedAt: DateTime | None
    outcomeRecorded: bool


class RecordApprovalCommitmentOutcomeResultRecordApprovalCommitmentOutcomeErrors(TypedDict):
    """Why recordApprovalCommitmentOutcome did not do what was asked."""

    field: str | None
    message: str
    errorCode: RecordApprovalCommitmentOutcomeErrorCode


class RecordApprovalCommitmentOutcomeResultRecordApprovalCommitmentOutcome(TypedDict):
    """The verified commitment, or why not."""

    commitment: (
        RecordApprovalCommitmentOutcomeResultRecordApprovalCommitmentOutcomeCommitment | None
    )
    replayed: bool
    errors: list[RecordApprovalCommitmentOutcomeResultRecordApprovalCommitmentOutcomeErrors]


class RecordApprovalCommitmentOutcomeResult(TypedDict):
    """What RecordApprovalCommitmentOutcome answers: its ``data``."""

    recordApprovalCommitmentOutcome: (
        RecordApprovalCommitmentOutcomeResultRecordApprovalCommitmentOutcome
    )


async def record_approval_commitment_outcome(
    client: CreditPlatformClient, *, approval_outcome: RecordApprovalCommitmentOutcomeInput
) -> RecordApprovalCommitmentOutcomeResult:
    """Run RecordApprovalCommitmentOutcome (used by: regulator).

    The approving department records whether a fast-tracked commitment was kept or broken; the
    outcome becomes a credit record linked to the commitment.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordApprovalCommitmentOutcomeVariables = {"approvalOutcome": approval_outcome}
    data = await client.execute(
        RECORD_APPROVAL_COMMITMENT_OUTCOME,
        variables,
        "RecordApprovalCommitmentOutcome",
        mutation=True,
        document_id=RECORD_APPROVAL_COMMITMENT_OUTCOME_ID,
    )
    return cast("RecordApprovalCommitmentOutcomeResult", data)


RECORD_CIVILITY_ENTRY = """# A village committee records points (or a dispute settled in the village) against a household.
mutation RecordCivilityEntry($civilityEntry: RecordCivilityEntryInput!) {
  recordCivilityEntry(input: $civilityEntry) {
    entry { id kind points requestedPoints occurredOn note evidenceReference recordedBy rule { code version } }
    file { householdId householdNumber points colour reasons { code message } }
    replayed
    errors { field message errorCode }
  }
}"""
RECORD_CIVILITY_ENTRY_ID = "sha256:38d02068a32edb487bc29cb90434a9bd5a64be61714003a3f4c79061aefb313a"
"""The trusted document id of RecordCivilityEntry: the SHA-256 of its file's bytes."""


class RecordCivilityEntryVariables(TypedDict):
    """The variables of RecordCivilityEntry."""

    civilityEntry: RecordCivilityEntryInput


class RecordCivilityEntryResultRecordCivilityEntryEntryRule(TypedDict):
    """One version of a village rule (村规民约)."""

    code: str
    version: int


class RecordCivilityEntryResultRecordCivilityEntryEntry(TypedDict):
    """An entry of a household's civility file."""

    id: str
    kind: CivilityEntryKind
    points: int
    requestedPoints: int
    occurredOn: Date
    note: str
    evidenceReference: str | None
    recordedBy: str
    rule: RecordCivilityEntryResultRecordCivilityEntryEntryRule


class RecordCivilityEntryResultRecordCivilityEntryFileReasons(TypedDict):
    """One reason behind a household's colour."""

    code: HouseholdColourReasonCode
    message: str


class RecordCivilityEntryResultRecordCivilityEntryFile(TypedDict):
    """One household, one file, one code: points this year, colour and reasons."""

    householdId: str
    householdNumber: str
    points: int
    colour: HouseholdColour
    reasons: list[RecordCivilityEntryResultRecordCivilityEntryFileReasons]


class RecordCivilityEntryResultRecordCivilityEntryErrors(TypedDict):
    """Why recordCivilityEntry did not do what was asked."""

    field: str | None
    message: str
    errorCode: RecordCivilityEntryErrorCode


class RecordCivilityEntryResultRecordCivilityEntry(TypedDict):
    """The entry recorded and the household's file after it, or why not."""

    entry: RecordCivilityEntryResultRecordCivilityEntryEntry | None
    file: RecordCivilityEntryResultRecordCivilityEntryFile | None
    replayed: bool
    errors: list[RecordCivilityEntryResultRecordCivilityEntryErrors]


class RecordCivilityEntryResult(TypedDict):
    """What RecordCivilityEntry answers: its ``data``."""

    recordCivilityEntry: RecordCivilityEntryResultRecordCivilityEntry


async def record_civility_entry(
    client: CreditPlatformClient, *, civility_entry: RecordCivilityEntryInput
) -> RecordCivilityEntryResult:
    """Run RecordCivilityEntry (used by: village_committee).

    A village committee records points (or a dispute settled in the village) against a household.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordCivilityEntryVariables = {"civilityEntry": civility_entry}
    data = await client.execute(
        RECORD_CIVILITY_ENTRY,
        variables,
        "RecordCivilityEntry",
        mutation=True,
        document_id=RECORD_CIVILITY_ENTRY_ID,
    )
    return cast("RecordCivilityEntryResult", data)


RECORD_DEFERRED_CHARGE = """# A hospital records one charge of a visit; refused past the visit's limit.
mutation RecordDeferredCharge($patCharge: RecordDeferredChargeInput!) {
  recordDeferredCharge(input: $patCharge) {
    account { visitNumber total remaining chargeCount status }
    charge { amount item department chargedAt }
    replayed
    errors { field code message }
  }
}"""
RECORD_DEFERRED_CHARGE_ID = (
    "sha256:b63b739250bfab60f6df28db282524682180a4e61a7d6e3f3a5a6021be732196"
)
"""The trusted document id of RecordDeferredCharge: the SHA-256 of its file's bytes."""


class RecordDeferredChargeVariables(TypedDict):
    """The variables of RecordDeferredCharge."""

    patCharge: RecordDeferredChargeInput


class RecordDeferredChargeResultRecordDeferredChargeAccount(TypedDict):
    """A visit paid after treatment; only the hospital that opened it sees it."""

    visitNumber: str
    total: Decimal
    remaining: Decimal
    chargeCount: int
    status: DeferredAccountStatus


class RecordDeferredChargeResultRecordDeferredChargeCharge(TypedDict):
    """One charge recorded during a visit."""

    amount: Decimal
    item: str
    department: str
    chargedAt: DateTime


class RecordDeferredChargeResultRecordDeferredChargeErrors(TypedDict):
    """Why recordDeferredCharge did not do what was asked."""

    field: str | None
    code: str
    message: str


class RecordDeferredChargeResultRecordDeferredCharge(TypedDict):
    """A deferred account after a charge, or why it was refused."""

    account: RecordDeferredChargeResultRecordDeferredChargeAccount | None
    charge: RecordDeferredChargeResultRecordDeferredChargeCharge | None
    replayed: bool
    errors: list[RecordDeferredChargeResultRecordDeferredChargeErrors]


class RecordDeferredChargeResult(TypedDict):
    """What RecordDeferredCharge answers: its ``data``."""

    recordDeferredCharge: RecordDeferredChargeResultRecordDeferredCharge


async def record_deferred_charge(
    client: CreditPlatformClient, *, pat_charge: RecordDeferredChargeInput
) -> RecordDeferredChargeResult:
    """Run RecordDeferredCharge (used by: hospital).

    A hospital records one charge of a visit; refused past the visit's limit.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordDeferredChargeVariables = {"patCharge": pat_charge}
    data = await client.execute(
        RECORD_DEFERRED_CHARGE,
        variables,
        "RecordDeferredCharge",
        mutation=True,
        document_id=RECORD_DEFERRED_CHARGE_ID,
    )
    return cast("RecordDeferredChargeResult", data)


RECORD_FOLLOW_UP_RESULT = """# What the follow-up visit after a credit repair found (跟踪回访); one result per case.
mutation RecordFollowUpResult($followUp: RecordFollowUpResultInput!) {
  recordFollowUpResult(input: $followUp) {
    followUp { repairId result note recordedAt }
    replayed
    errors { field message errorCode }
  }
}"""
RECORD_FOLLOW_UP_RESULT_ID = (
    "sha256:b6112c1b9de1c4915386caa540506abe874039342e25e08229a192fe2064da84"
)
"""The trusted document id of RecordFollowUpResult: the SHA-256 of its file's bytes."""


class RecordFollowUpResultVariables(TypedDict):
    """The variables of RecordFollowUpResult."""

    followUp: RecordFollowUpResultInput


class RecordFollowUpResultResultRecordFollowUpResultFollowUp(TypedDict):
    """What a repair's follow-up visit found."""

    repairId: str
    result: FollowUpResult
    note: str
    recordedAt: DateTime


class RecordFollowUpResultResultRecordFollowUpResultErrors(TypedDict):
    """Why recordFollowUpResult did not do what was asked."""

    field: str | None
    message: str
    errorCode: RecordFollowUpResultErrorCode


class RecordFollowUpResultResultRecordFollowUpResult(TypedDict):
    """The follow-up result recorded, or why not."""

    followUp: RecordFollowUpResultResultRecordFollowUpResultFollowUp | None
    replayed: bool
    errors: list[RecordFollowUpResultResultRecordFollowUpResultErrors]


class RecordFollowUpResultResult(TypedDict):
    """What RecordFollowUpResult answers: its ``data``."""

    recordFollowUpResult: RecordFollowUpResultResultRecordFollowUpResult


async def record_follow_up_result(
    client: CreditPlatformClient, *, follow_up: RecordFollowUpResultInput
) -> RecordFollowUpResultResult:
    """Run RecordFollowUpResult (used by: credit_office).

    What the follow-up visit after a credit repair found (跟踪回访); one result per case.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordFollowUpResultVariables = {"followUp": follow_up}
    data = await client.execute(
        RECORD_FOLLOW_UP_RESULT,
        variables,
        "RecordFollowUpResult",
        mutation=True,
        document_id=RECORD_FOLLOW_UP_RESULT_ID,
    )
    return cast("RecordFollowUpResultResult", data)


RECORD_HONOUR = """# The tax bureau records an honour (e.g. an A-grade taxpayer commendation).
mutation RecordHonour($fact: FactInput!) {
  recordHonour(input: $fact) {
    record { id category occurredAt }
    replayed
    errors { field code message }
  }
}"""
RECORD_HONOUR_ID = "sha256:0894dcdd8b8f251fa3d3d455a15d87a8274221b4874be7b5c8e7d0e46471f512"
"""The trusted document id of RecordHonour: the SHA-256 of its file's bytes."""


class RecordHonourVariables(TypedDict):
    """The variables of RecordHonour."""

    fact: FactInput


class RecordHonourResultRecordHonourRecord(TypedDict):
    """One publishable fact a department reported."""

    id: str
    category: RecordCategory
    occurredAt: DateTime


class RecordHonourResultRecordHonourErrors(TypedDict):
    """Why recordHonour did not do what was asked."""

    field: str | None
    code: str
    message: str


class RecordHonourResultRecordHonour(TypedDict):
    """The outcome of reporting an honour."""

    record: RecordHonourResultRecordHonourRecord | None
    replayed: bool
    errors: list[RecordHonourResultRecordHonourErrors]


class RecordHonourResult(TypedDict):
    """What RecordHonour answers: its ``data``."""

    recordHonour: RecordHonourResultRecordHonour


async def record_honour(client: CreditPlatformClient, *, fact: FactInput) -> RecordHonourResult:
    """Run RecordHonour (used by: tax_bureau).

    The tax bureau records an honour (e.g. an A-grade taxpayer commendation).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordHonourVariables = {"fact": fact}
    data = await client.execute(
        RECORD_HONOUR, variables, "RecordHonour", mutation=True, document_id=RECORD_HONOUR_ID
    )
    return cast("RecordHonourResult", data)


RECORD_INDUSTRY_INSPECTION = """# An inspection result; it feeds the subject's evaluation.
mutation RecordIndustryInspection($inspection: RecordIndustryInspectionInput!) {
  recordIndustryInspection(input: $inspection) {
    observation { indicator department value observedOn note }
    replayed
    errors { field code message }
  }
}"""
RECORD_INDUSTRY_INSPECTION_ID = (
    "sha256:20c40fabcdce712526c27a20d7eae5bfbc13b9fef820e37932ba01c5897b7e0e"
)
"""The trusted document id of RecordIndustryInspection: the SHA-256 of its file's bytes."""


class RecordIndustryInspectionVariables(TypedDict):
    """The variables of RecordIndustryInspection."""

    inspection: RecordIndustryInspectionInput


class RecordIndustryInspectionResultRecordIndustryInspectionObservation(TypedDict):
    """A recorded industry observation or inspection result."""

    indicator: str
    department: str
    value: Decimal
    observedOn: Date
    note: str | None


class RecordIndustryInspectionResultRecordIndustryInspectionErrors(TypedDict):
    """Why recordIndustryInspection did not do what was asked."""

    field: str | None
    code: str
    message: str


class RecordIndustryInspectionResultRecordIndustryInspection(TypedDict):
    """An inspection result recorded, or why not."""

    observation: RecordIndustryInspectionResultRecordIndustryInspectionObservation | None
    replayed: bool
    errors: list[RecordIndustryInspectionResultRecordIndustryInspectionErrors]


class RecordIndustryInspectionResult(TypedDict):
    """What RecordIndustryInspection answers: its ``data``."""

    recordIndustryInspection: RecordIndustryInspectionResultRecordIndustryInspection


async def record_industry_inspection(
    client: CreditPlatformClient, *, inspection: RecordIndustryInspectionInput
) -> RecordIndustryInspectionResult:
    """Run RecordIndustryInspection (used by: regulator).

    An inspection result; it feeds the subject's evaluation.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordIndustryInspectionVariables = {"inspection": inspection}
    data = await client.execute(
        RECORD_INDUSTRY_INSPECTION,
        variables,
        "RecordIndustryInspection",
        mutation=True,
        document_id=RECORD_INDUSTRY_INSPECTION_ID,
    )
    return cast("RecordIndustryInspectionResult", data)


RECORD_INDUSTRY_OBSERVATION = """# One indicator observation of an industry subject, by a department that feeds it.
mutation RecordIndustryObservation($observation: RecordIndustryObservationInput!) {
  recordIndustryObservation(input: $observation) {
    observation { indicator department value observedOn note }
    replayed
    errors { field code message }
  }
}"""
RECORD_INDUSTRY_OBSERVATION_ID = (
    "sha256:9f533e59f82e6568ebb0d3a5122197561072bd058df0638983477343d74c7db8"
)
"""The trusted document id of RecordIndustryObservation: the SHA-256 of its file's bytes."""


class RecordIndustryObservationVariables(TypedDict):
    """The variables of RecordIndustryObservation."""

    observation: RecordIndustryObservationInput


class RecordIndustryObservationResultRecordIndustryObservationObservation(TypedDict):
    """A recorded industry observation or inspection result."""

    indicator: str
    department: str
    value: Decimal
    observedOn: Date
    note: str | None


class RecordIndustryObservationResultRecordIndustryObservationErrors(TypedDict):
    """Why recordIndustryObservation did not do what was asked."""

    field: str | None
    code: str
    message: str


class RecordIndustryObservationResultRecordIndustryObservation(TypedDict):
    """An industry observation recorded, or why not."""

    observation: RecordIndustryObservationResultRecordIndustryObservationObservation | None
    replayed: bool
    errors: list[RecordIndustryObservationResultRecordIndustryObservationErrors]


class RecordIndustryObservationResult(TypedDict):
    """What RecordIndustryObservation answers: its ``data``."""

    recordIndustryObservation: RecordIndustryObservationResultRecordIndustryObservation


async def record_industry_observation(
    client: CreditPlatformClient, *, observation: RecordIndustryObservationInput
) -> RecordIndustryObservationResult:
    """Run RecordIndustryObservation (used by: regulator).

    One indicator observation of an industry subject, by a department that feeds it.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordIndustryObservationVariables = {"observation": observation}
    data = await client.execute(
        RECORD_INDUSTRY_OBSERVATION,
        variables,
        "RecordIndustryObservation",
        mutation=True,
        document_id=RECORD_INDUSTRY_OBSERVATION_ID,
    )
    return cast("RecordIndustryObservationResult", data)


RECORD_MERCHANT_INDICATOR = """# One indicator observation of a merchant (a district operator: its own districts' merchants).
mutation RecordMerchantIndicator($indicator: RecordMerchantIndicatorInput!) {
  recordMerchantIndicator(input: $indicator) {
    observation { category department value observedOn note }
    replayed
    errors { field code message }
  }
}"""
RECORD_MERCHANT_INDICATOR_ID = (
    "sha256:5aea51df125ecc3a18a786007a266600172074bf7e35a6efa4a30f19f9d0bcff"
)
"""The trusted document id of RecordMerchantIndicator: the SHA-256 of its file's bytes."""


class RecordMerchantIndicatorVariables(TypedDict):
    """The variables of RecordMerchantIndicator."""

    indicator: RecordMerchantIndicatorInput


class RecordMerchantIndicatorResultRecordMerchantIndicatorObservation(TypedDict):
    """A recorded indicator observation."""

    category: IndicatorCategoryCode
    department: str
    value: Decimal
    observedOn: Date
    note: str | None


class RecordMerchantIndicatorResultRecordMerchantIndicatorErrors(TypedDict):
    """Why recordMerchantIndicator did not do what was asked."""

    field: str | None
    code: str
    message: str


class RecordMerchantIndicatorResultRecordMerchantIndicator(TypedDict):
    """An observation recorded, or why not."""

    observation: RecordMerchantIndicatorResultRecordMerchantIndicatorObservation | None
    replayed: bool
    errors: list[RecordMerchantIndicatorResultRecordMerchantIndicatorErrors]


class RecordMerchantIndicatorResult(TypedDict):
    """What RecordMerchantIndicator answers: its ``data``."""

    recordMerchantIndicator: RecordMerchantIndicatorResultRecordMerchantIndicator


async def record_merchant_indicator(
    client: CreditPlatformClient, *, indicator: RecordMerchantIndicatorInput
) -> RecordMerchantIndicatorResult:
    """Run RecordMerchantIndicator (used by: commerce_district, regulator).

    One indicator observation of a merchant (a district operator: its own districts' merchants).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordMerchantIndicatorVariables = {"indicator": indicator}
    data = await client.execute(
        RECORD_MERCHANT_INDICATOR,
        variables,
        "RecordMerchantIndicator",
        mutation=True,
        document_id=RECORD_MERCHANT_INDICATOR_ID,
    )
    return cast("RecordMerchantIndicatorResult", data)


RECORD_PENALTY = """# A regulator records a penalty; a first minor violation of a listed matter is exempted.
mutation RecordPenalty($penalty: PenaltyInput!) {
  recordPenalty(input: $penalty) {
    record { id category severity status occurredAt publicityUntil }
    replayed exempted guidance repairEligibleOn
    evaluation { score grade reasons { code points detail } }
    errors { field code message }
  }
}"""
RECORD_PENALTY_ID = "sha256:d5e7d4b2f8b1f51836b5d3a38ebf2e2f82803e06e337e3cf228f4e4f1aef5aaa"
"""The trusted document id of RecordPenalty: the SHA-256 of its file's bytes."""


class RecordPenaltyVariables(TypedDict):
    """The variables of RecordPenalty."""

    penalty: PenaltyInput


class RecordPenaltyResultRecordPenaltyRecord(TypedDict):
    """One publishable fact a department reported."""

    id: str
    category: RecordCategory
    severity: Severity | None
    status: RecordStatus
    occurredAt: DateTime
    publicityUntil: Date | None


class RecordPenaltyResultRecordPenaltyEvaluationReasons(TypedDict):
    """One reason the score moved, and by how much."""

    code: str
    points: int
    detail: str


class RecordPenaltyResultRecordPenaltyEvaluation(TypedDict):
    """A subject's public credit evaluation under a rule set: score, grade, code and every factor."""

    score: int
    grade: CreditGrade
    reasons: list[RecordPenaltyResultRecordPenaltyEvaluationReasons]


class RecordPenaltyResultRecordPenaltyErrors(TypedDict):
    """Why recordPenalty did not do what was asked."""

    field: str | None
    code: str
    message: str


class RecordPenaltyResultRecordPenalty(TypedDict):
    """The outcome of reporting a penalty."""

    record: RecordPenaltyResultRecordPenaltyRecord | None
    replayed: bool
    exempted: bool
    guidance: str | None
    repairEligibleOn: Date | None
    evaluation: RecordPenaltyResultRecordPenaltyEvaluation | None
    errors: list[RecordPenaltyResultRecordPenaltyErrors]


class RecordPenaltyResult(TypedDict):
    """What RecordPenalty answers: its ``data``."""

    recordPenalty: RecordPenaltyResultRecordPenalty


async def record_penalty(
    client: CreditPlatformClient, *, penalty: PenaltyInput
) -> RecordPenaltyResult:
    """Run RecordPenalty (used by: regulator).

    A regulator records a penalty; a first minor violation of a listed matter is exempted.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RecordPenaltyVariables = {"penalty": penalty}
    data = await client.execute(
        RECORD_PENALTY, variables, "RecordPenalty", mutation=True, document_id=RECORD_PENALTY_ID
    )
    return cast("RecordPenaltyResult", data)


REDEEM_COUPON = """# A mobility operator redeems one of its coupons on an order (at most once).
mutation RedeemCoupon($couponRedeem: RedeemCouponInput!) {
  redeemCoupon(input: $couponRedeem) {
    grant { scenarioCode source orderReference benefitAmount grantedAt }
    replayed
    errors { field code message }
  }
}"""
REDEEM_COUPON_ID = "sha256:cf09fc3a36e9e6f481ac7a657a319cb857297ec2a2a2f86e731bbced48513fd7"
"""The trusted document id of RedeemCoupon: the SHA-256 of its file's bytes."""


class RedeemCouponVariables(TypedDict):
    """The variables of RedeemCoupon."""

    couponRedeem: RedeemCouponInput


class RedeemCouponResultRedeemCouponGrant(TypedDict):
    """A benefit granted once on one order."""

    scenarioCode: str
    source: BenefitSource
    orderReference: str
    benefitAmount: Decimal
    grantedAt: DateTime


class RedeemCouponResultRedeemCouponErrors(TypedDict):
    """Why redeemCoupon did not do what was asked."""

    field: str | None
    code: str
    message: str


class RedeemCouponResultRedeemCoupon(TypedDict):
    """A benefit granted by a coupon, or why not."""

    grant: RedeemCouponResultRedeemCouponGrant | None
    replayed: bool
    errors: list[RedeemCouponResultRedeemCouponErrors]


class RedeemCouponResult(TypedDict):
    """What RedeemCoupon answers: its ``data``."""

    redeemCoupon: RedeemCouponResultRedeemCoupon


async def redeem_coupon(
    client: CreditPlatformClient, *, coupon_redeem: RedeemCouponInput
) -> RedeemCouponResult:
    """Run RedeemCoupon (used by: mobility_operator).

    A mobility operator redeems one of its coupons on an order (at most once).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RedeemCouponVariables = {"couponRedeem": coupon_redeem}
    data = await client.execute(
        REDEEM_COUPON, variables, "RedeemCoupon", mutation=True, document_id=REDEEM_COUPON_ID
    )
    return cast("RedeemCouponResult", data)


REDEEM_INCENTIVE = """# An incentive operator grants a scenario's benefit on one order, once per key and per order.
mutation RedeemIncentive($incentiveRedeem: RedeemIncentiveInput!) {
  redeemIncentive(input: $incentiveRedeem) {
    grant { scenarioCode source orderReference orderAmount benefitAmount grantedAt }
    replayed
    errors { field code message }
  }
}"""
REDEEM_INCENTIVE_ID = "sha256:c23ee853b585050c85c57f37e2df6868ef3b384fbc584af25d0a7d28886cc77c"
"""The trusted document id of RedeemIncentive: the SHA-256 of its file's bytes."""


class RedeemIncentiveVariables(TypedDict):
    """The variables of RedeemIncentive."""

    incentiveRedeem: RedeemIncentiveInput


class RedeemIncentiveResultRedeemIncentiveGrant(TypedDict):
    """A benefit granted once on one order."""

    scenarioCode: str
    source: BenefitSource
    orderReference: str
    orderAmount: Decimal
    benefitAmount: Decimal
    grantedAt: DateTime


class RedeemIncentiveResultRedeemIncentiveErrors(TypedDict):
    """Why redeemIncentive did not do what was asked."""

    field: str | None
    code: str
    message: str


class RedeemIncentiveResultRedeemIncentive(TypedDict):
    """A benefit granted by an incentive operator, or why not."""

    grant: RedeemIncentiveResultRedeemIncentiveGrant | None
    replayed: bool
    errors: list[RedeemIncentiveResultRedeemIncentiveErrors]


class RedeemIncentiveResult(TypedDict):
    """What RedeemIncentive answers: its ``data``."""

    redeemIncentive: RedeemIncentiveResultRedeemIncentive


async def redeem_incentive(
    client: CreditPlatformClient, *, incentive_redeem: RedeemIncentiveInput
) -> RedeemIncentiveResult:
    """Run RedeemIncentive (used by: bank, commerce_district, village_committee).

    An incentive operator grants a scenario's benefit on one order, once per key and per order.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RedeemIncentiveVariables = {"incentiveRedeem": incentive_redeem}
    data = await client.execute(
        REDEEM_INCENTIVE,
        variables,
        "RedeemIncentive",
        mutation=True,
        document_id=REDEEM_INCENTIVE_ID,
    )
    return cast("RedeemIncentiveResult", data)


REDEEM_MOBILITY_DISCOUNT = """# A mobility operator grants a discount on one order (once per key and order, within the daily limit).
mutation RedeemMobilityDiscount($mobilityRedeem: RedeemMobilityDiscountInput!) {
  redeemMobilityDiscount(input: $mobilityRedeem) {
    grant { scenarioCode source orderReference orderAmount benefitAmount grantedAt }
    replayed
    errors { field code message }
  }
}"""
REDEEM_MOBILITY_DISCOUNT_ID = (
    "sha256:8ab9ba24d868146e8bda172e58830b496a0950f2eeb3a2b014a72e0af969c1cc"
)
"""The trusted document id of RedeemMobilityDiscount: the SHA-256 of its file's bytes."""


class RedeemMobilityDiscountVariables(TypedDict):
    """The variables of RedeemMobilityDiscount."""

    mobilityRedeem: RedeemMobilityDiscountInput


class RedeemMobilityDiscountResultRedeemMobilityDiscountGrant(TypedDict):
    """A benefit granted once on one order."""

    scenarioCode: str
    source: BenefitSource
    orderReference: str
    orderAmount: Decimal
    benefitAmount: Decimal
    grantedAt: DateTime


class RedeemMobilityDiscountResultRedeemMobilityDiscountErrors(TypedDict):
    """Why redeemMobilityDiscount did not do what was asked."""

    field: str | None
    code: str
    message: str


class RedeemMobilityDiscountResultRedeemMobilityDiscount(TypedDict):
    """A benefit granted by a mobility discount, or why not."""

    grant: RedeemMobilityDiscountResultRedeemMobilityDiscountGrant | None
    replayed: bool
    errors: list[RedeemMobilityDiscountResultRedeemMobilityDiscountErrors]


class RedeemMobilityDiscountResult(TypedDict):
    """What RedeemMobilityDiscount answers: its ``data``."""

    redeemMobilityDiscount: RedeemMobilityDiscountResultRedeemMobilityDiscount


async def redeem_mobility_discount(
    client: CreditPlatformClient, *, mobility_redeem: RedeemMobilityDiscountInput
) -> RedeemMobilityDiscountResult:
    """Run RedeemMobilityDiscount (used by: mobility_operator).

    A mobility operator grants a discount on one order (once per key and order, within the daily limit).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RedeemMobilityDiscountVariables = {"mobilityRedeem": mobility_redeem}
    data = await client.execute(
        REDEEM_MOBILITY_DISCOUNT,
        variables,
        "RedeemMobilityDiscount",
        mutation=True,
        document_id=REDEEM_MOBILITY_DISCOUNT_ID,
    )
    return cast("RedeemMobilityDiscountResult", data)


REGISTER_IP_PLEDGE = """# A bank registers a patent or trademark pledge and the loan it secured (知识产权质押融资).
mutation RegisterIpPledge($ipPledge: RegisterIpPledgeInput!) {
  registerIpPledge(input: $ipPledge) {
    pledge {
      kind registrationNumber uscc enterpriseName pledgeRegisteredOn
      valuation loanAmount appliedOn loanedOn daysToLoan
    }
    replayed
    errors { field message errorCode }
  }
}"""
REGISTER_IP_PLEDGE_ID = "sha256:ab2830653a1556fa79c5d9ca6d86ef92350cf0b7a0e70af99c52a8ebf8e3bca1"
"""The trusted document id of RegisterIpPledge: the SHA-256 of its file's bytes."""


class RegisterIpPledgeVariables(TypedDict):
    """The variables of RegisterIpPledge."""

    ipPledge: RegisterIpPledgeInput


class RegisterIpPledgeResultRegisterIpPledgePledge(TypedDict):
    """An intellectual-property pledge registered by a bank, with its loan."""

    kind: IpKind
    registrationNumber: str
    uscc: str
    enterpriseName: str
    pledgeRegisteredOn: Date
    valuation: Decimal
    loanAmount: Decimal
    appliedOn: Date
    loanedOn: Date
    daysToLoan: int


class RegisterIpPledgeResultRegisterIpPledgeErrors(TypedDict):
    """Why registerIpPledge did not do what was asked."""

    field: str | None
    message: str
    errorCode: RegisterIpPledgeErrorCode


class RegisterIpPledgeResultRegisterIpPledge(TypedDict):
    """The pledge registered, or why not."""

    pledge: RegisterIpPledgeResultRegisterIpPledgePledge | None
    replayed: bool
    errors: list[RegisterIpPledgeResultRegisterIpPledgeErrors]


class RegisterIpPledgeResult(TypedDict):
    """What RegisterIpPledge answers: its ``data``."""

    registerIpPledge: RegisterIpPledgeResultRegisterIpPledge


async def register_ip_pledge(
    client: CreditPlatformClient, *, ip_pledge: RegisterIpPledgeInput
) -> RegisterIpPledgeResult:
    """Run RegisterIpPledge (used by: bank).

    A bank registers a patent or trademark pledge and the loan it secured (知识产权质押融资).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RegisterIpPledgeVariables = {"ipPledge": ip_pledge}
    data = await client.execute(
        REGISTER_IP_PLEDGE,
        variables,
        "RegisterIpPledge",
        mutation=True,
        document_id=REGISTER_IP_PLEDGE_ID,
    )
    return cast("RegisterIpPledgeResult", data)


REGISTER_WEBHOOK = """# A bank registers the HTTPS URL its post-loan events are POSTed to (signed, retried).
mutation RegisterWebhook($webhookUrl: String!) {
  registerWebhook(url: $webhookUrl) { url following errors { field message code } }
}"""
REGISTER_WEBHOOK_ID = "sha256:5bc324c43f18f08ea3a43ab55f7aefa453382c1e57d1da71f7b6aa411c8c3651"
"""The trusted document id of RegisterWebhook: the SHA-256 of its file's bytes."""


class RegisterWebhookVariables(TypedDict):
    """The variables of RegisterWebhook."""

    webhookUrl: str


class RegisterWebhookResultRegisterWebhookErrors(TypedDict):
    """Why registerWebhook did not do what was asked."""

    field: str | None
    message: str
    code: str


class RegisterWebhookResultRegisterWebhook(TypedDict):
    """Your webhook after registering it, or why not."""

    url: str | None
    following: bool
    errors: list[RegisterWebhookResultRegisterWebhookErrors]


class RegisterWebhookResult(TypedDict):
    """What RegisterWebhook answers: its ``data``."""

    registerWebhook: RegisterWebhookResultRegisterWebhook


async def register_webhook(
    client: CreditPlatformClient, *, webhook_url: str
) -> RegisterWebhookResult:
    """Run RegisterWebhook (used by: bank).

    A bank registers the HTTPS URL its post-loan events are POSTed to (signed, retried).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RegisterWebhookVariables = {"webhookUrl": webhook_url}
    data = await client.execute(
        REGISTER_WEBHOOK,
        variables,
        "RegisterWebhook",
        mutation=True,
        document_id=REGISTER_WEBHOOK_ID,
    )
    return cast("RegisterWebhookResult", data)


REPAIR_QUEUE = """# A regulator's queue of repair applications.
query RepairQueue($first: Int!) {
  creditRepairs(first: $first, states: [APPLIED]) {
    nodes { id state severity eligibleOn commitment appliedAt record { category summary } }
    pageInfo { hasNextPage endCursor }
  }
}"""
REPAIR_QUEUE_ID = "sha256:9b0c78837b37a57a2b375733ffe320360b14627aa82ba1c0a58abf10c10a11b7"
"""The trusted document id of RepairQueue: the SHA-256 of its file's bytes."""


class RepairQueueVariables(TypedDict):
    """The variables of RepairQueue."""

    first: int


class RepairQueueResultCreditRepairsNodesRecord(TypedDict):
    """The record a repair case is about, whatever its status."""

    category: RecordCategory
    summary: str


class RepairQueueResultCreditRepairsNodes(TypedDict):
    """The credit repair case of one record."""

    id: str
    state: RepairState
    severity: Severity
    eligibleOn: Date
    commitment: str | None
    appliedAt: DateTime | None
    record: RepairQueueResultCreditRepairsNodesRecord | None


class RepairQueueResultCreditRepairsPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class RepairQueueResultCreditRepairs(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[RepairQueueResultCreditRepairsNodes]
    pageInfo: RepairQueueResultCreditRepairsPageInfo


class RepairQueueResult(TypedDict):
    """What RepairQueue answers: its ``data``."""

    creditRepairs: RepairQueueResultCreditRepairs


async def repair_queue(client: CreditPlatformClient, *, first: int) -> RepairQueueResult:
    """Run RepairQueue (used by: regulator).

    A regulator's queue of repair applications.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RepairQueueVariables = {"first": first}
    data = await client.execute(
        REPAIR_QUEUE, variables, "RepairQueue", mutation=False, document_id=REPAIR_QUEUE_ID
    )
    return cast("RepairQueueResult", data)


REPORT_CREDIT_LINE = """# A bank reports a credit line granted, idempotently by its reference.
mutation ReportCreditLine($lineInput: CreditLineInput!) {
  reportCreditLine(input: $lineInput) {
    creditLine { id reference amount grantedOn product { id name } }
    replayed
    errors { field message code }
  }
}"""
REPORT_CREDIT_LINE_ID = "sha256:b5e7d4ba66ab26cdb40bfd6419d88333db03f5d4b260d65ebe9f5d5f224f7ed0"
"""The trusted document id of ReportCreditLine: the SHA-256 of its file's bytes."""


class ReportCreditLineVariables(TypedDict):
    """The variables of ReportCreditLine."""

    lineInput: CreditLineInput


class ReportCreditLineResultReportCreditLineCreditLineProduct(TypedDict):
    """A bank's loan product."""

    id: str
    name: str


class ReportCreditLineResultReportCreditLineCreditLine(TypedDict):
    """A credit line a bank reported."""

    id: str
    reference: str
    amount: Decimal
    grantedOn: Date
    product: ReportCreditLineResultReportCreditLineCreditLineProduct


class ReportCreditLineResultReportCreditLineErrors(TypedDict):
    """Why reportCreditLine did not do what was asked."""

    field: str | None
    message: str
    code: str


class ReportCreditLineResultReportCreditLine(TypedDict):
    """A reported credit line, or why not."""

    creditLine: ReportCreditLineResultReportCreditLineCreditLine | None
    replayed: bool
    errors: list[ReportCreditLineResultReportCreditLineErrors]


class ReportCreditLineResult(TypedDict):
    """What ReportCreditLine answers: its ``data``."""

    reportCreditLine: ReportCreditLineResultReportCreditLine


async def report_credit_line(
    client: CreditPlatformClient, *, line_input: CreditLineInput
) -> ReportCreditLineResult:
    """Run ReportCreditLine (used by: bank).

    A bank reports a credit line granted, idempotently by its reference.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ReportCreditLineVariables = {"lineInput": line_input}
    data = await client.execute(
        REPORT_CREDIT_LINE,
        variables,
        "ReportCreditLine",
        mutation=True,
        document_id=REPORT_CREDIT_LINE_ID,
    )
    return cast("ReportCreditLineResult", data)


REPORT_LENDING_VOLUME = """# A bank reports a finished month's lending from its books (all loans, the green part).
mutation ReportLendingVolume($lendingVolume: LendingVolumeInput!) {
  reportLendingVolume(input: $lendingVolume) {
    volume { bankPartnerId period totalLending greenLending greenShare }
    changed
    errors { field message code }
  }
}"""
REPORT_LENDING_VOLUME_ID = "sha256:fed80c44598d370e2c17d17f13fa69b3cdc96b8ba07908b4a4bb8aa58fd80a89"
"""The trusted document id of ReportLendingVolume: the SHA-256 of its file's bytes."""


class ReportLendingVolumeVariables(TypedDict):
    """The variables of ReportLendingVolume."""

    lendingVolume: LendingVolumeInput


class ReportLendingVolumeResultReportLendingVolumeVolume(TypedDict):
    """A bank's lending of one month."""

    bankPartnerId: int
    period: str
    totalLending: Decimal
    greenLending: Decimal
    greenShare: Decimal


class ReportLendingVolumeResultReportLendingVolumeErrors(TypedDict):
    """Why reportLendingVolume did not do what was asked."""

    field: str | None
    message: str
    code: str


class ReportLendingVolumeResultReportLendingVolume(TypedDict):
    """The month's lending as stored, or why not."""

    volume: ReportLendingVolumeResultReportLendingVolumeVolume | None
    changed: bool
    errors: list[ReportLendingVolumeResultReportLendingVolumeErrors]


class ReportLendingVolumeResult(TypedDict):
    """What ReportLendingVolume answers: its ``data``."""

    reportLendingVolume: ReportLendingVolumeResultReportLendingVolume


async def report_lending_volume(
    client: CreditPlatformClient, *, lending_volume: LendingVolumeInput
) -> ReportLendingVolumeResult:
    """Run ReportLendingVolume (used by: bank).

    A bank reports a finished month's lending from its books (all loans, the green part).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ReportLendingVolumeVariables = {"lendingVolume": lending_volume}
    data = await client.execute(
        REPORT_LENDING_VOLUME,
        variables,
        "ReportLendingVolume",
        mutation=True,
        document_id=REPORT_LENDING_VOLUME_ID,
    )
    return cast("ReportLendingVolumeResult", data)


REPORT_TAX_CREDIT_RATING = """# The tax bureau reports an enterprise's tax credit rating of a year (score, grade); retries keep one.
mutation ReportTaxCreditRating($taxRating: TaxCreditRatingInput!) {
  reportTaxCreditRating(input: $taxRating) {
    rating { year grade score currentGrade }
    replayed
    errors { field message code }
  }
}"""
REPORT_TAX_CREDIT_RATING_ID = (
    "sha256:1d16d274691b89427495baf04404f3f205b40d2a1448f8473daf7fb4b443ccd5"
)
"""The trusted document id of ReportTaxCreditRating: the SHA-256 of its file's bytes."""


class ReportTaxCreditRatingVariables(TypedDict):
    """The variables of ReportTaxCreditRating."""

    taxRating: TaxCreditRatingInput


class ReportTaxCreditRatingResultReportTaxCreditRatingRating(TypedDict):
    """A tax credit rating as stored."""

    year: int
    grade: TaxGrade
    score: Decimal
    currentGrade: TaxGrade | None


class ReportTaxCreditRatingResultReportTaxCreditRatingErrors(TypedDict):
    """Why reportTaxCreditRating did not do what was asked."""

    field: str | None
    message: str
    code: str


class ReportTaxCreditRatingResultReportTaxCreditRating(TypedDict):
    """The rating as stored, or why not."""

    rating: ReportTaxCreditRatingResultReportTaxCreditRatingRating | None
    replayed: bool
    errors: list[ReportTaxCreditRatingResultReportTaxCreditRatingErrors]


class ReportTaxCreditRatingResult(TypedDict):
    """What ReportTaxCreditRating answers: its ``data``."""

    reportTaxCreditRating: ReportTaxCreditRatingResultReportTaxCreditRating


async def report_tax_credit_rating(
    client: CreditPlatformClient, *, tax_rating: TaxCreditRatingInput
) -> ReportTaxCreditRatingResult:
    """Run ReportTaxCreditRating (used by: tax_bureau).

    The tax bureau reports an enterprise's tax credit rating of a year (score, grade); retries keep one.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ReportTaxCreditRatingVariables = {"taxRating": tax_rating}
    data = await client.execute(
        REPORT_TAX_CREDIT_RATING,
        variables,
        "ReportTaxCreditRating",
        mutation=True,
        document_id=REPORT_TAX_CREDIT_RATING_ID,
    )
    return cast("ReportTaxCreditRatingResult", data)


REPORT_TAX_PAID = """# The tax bureau reports the tax an enterprise paid in a year (read by banks only with consent).
mutation ReportTaxPaid($uscc: UnifiedSocialCreditCode!, $taxYear: Int!, $taxAmount: Decimal!) {
  reportTaxPaid(uscc: $uscc, year: $taxYear, amount: $taxAmount) { stored errors { field message code } }
}"""
REPORT_TAX_PAID_ID = "sha256:eee7a8dec451b19d3d2fd0d681ef52524a84f3d6c84605f8d86e78c8ef729fb7"
"""The trusted document id of ReportTaxPaid: the SHA-256 of its file's bytes."""


class ReportTaxPaidVariables(TypedDict):
    """The variables of ReportTaxPaid."""

    uscc: UnifiedSocialCreditCode
    taxYear: int
    taxAmount: Decimal


class ReportTaxPaidResultReportTaxPaidErrors(TypedDict):
    """Why reportTaxPaid did not do what was asked."""

    field: str | None
    message: str
    code: str


class ReportTaxPaidResultReportTaxPaid(TypedDict):
    """A report of tax paid, or why not."""

    stored: bool
    errors: list[ReportTaxPaidResultReportTaxPaidErrors]


class ReportTaxPaidResult(TypedDict):
    """What ReportTaxPaid answers: its ``data``."""

    reportTaxPaid: ReportTaxPaidResultReportTaxPaid


async def report_tax_paid(
    client: CreditPlatformClient,
    *,
    uscc: UnifiedSocialCreditCode,
    tax_year: int,
    tax_amount: Decimal,
) -> ReportTaxPaidResult:
    """Run ReportTaxPaid (used by: tax_bureau).

    The tax bureau reports the tax an enterprise paid in a year (read by banks only with consent).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ReportTaxPaidVariables = {"uscc": uscc, "taxYear": tax_year, "taxAmount": tax_amount}
    data = await client.execute(
        REPORT_TAX_PAID, variables, "ReportTaxPaid", mutation=True, document_id=REPORT_TAX_PAID_ID
    )
    return cast("ReportTaxPaidResult", data)


REQUEST_CONSENT = """# A bank asks a person for a standing consent; they authorise it in the city app.
mutation RequestConsent($input: RequestConsentInput!) {
  requestConsent(input: $input) {
    consent { id status purpose permissions expiresAt }
    errors { field message code }
  }
}"""
REQUEST_CONSENT_ID = "sha256:851e375575965d6223bec954999b9caaf244086904b6a45e292e38cb95918d78"
"""The trusted document id of RequestConsent: the SHA-256 of its file's bytes."""


class RequestConsentVariables(TypedDict):
    """The variables of RequestConsent."""

    input: RequestConsentInput


class RequestConsentResultRequestConsentConsent(TypedDict):
    """A subject's standing consent for one partner."""

    id: str
    status: ConsentStatus
    purpose: Purpose
    permissions: list[ConsentPermission]
    expiresAt: DateTime


class RequestConsentResultRequestConsentErrors(TypedDict):
    """Why requestConsent did not do what was asked."""

    field: str | None
    message: str
    code: str


class RequestConsentResultRequestConsent(TypedDict):
    """The consent requested, or why not."""

    consent: RequestConsentResultRequestConsentConsent | None
    errors: list[RequestConsentResultRequestConsentErrors]


class RequestConsentResult(TypedDict):
    """What RequestConsent answers: its ``data``."""

    requestConsent: RequestConsentResultRequestConsent


async def request_consent(
    client: CreditPlatformClient, *, input: RequestConsentInput
) -> RequestConsentResult:
    """Run RequestConsent (used by: bank).

    A bank asks a person for a standing consent; they authorise it in the city app.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RequestConsentVariables = {"input": input}
    data = await client.execute(
        REQUEST_CONSENT, variables, "RequestConsent", mutation=True, document_id=REQUEST_CONSENT_ID
    )
    return cast("RequestConsentResult", data)


RULE_SETS = """# The credit office lists the published rule sets and which is active.
query RuleSets {
  ruleSets { version effectiveFrom description active publishedAt parameters }
}"""
RULE_SETS_ID = "sha256:0256fa8b20392b395072dc631c346640da53380dcb2c1666e971cd77e291ff56"
"""The trusted document id of RuleSets: the SHA-256 of its file's bytes."""


class RuleSetsVariables(TypedDict):
    """The variables of RuleSets."""


class RuleSetsResultRuleSets(TypedDict):
    """A published version of the evaluation's rules."""

    version: str
    effectiveFrom: Date
    description: str
    active: bool
    publishedAt: DateTime
    parameters: JSON


class RuleSetsResult(TypedDict):
    """What RuleSets answers: its ``data``."""

    ruleSets: list[RuleSetsResultRuleSets]


async def rule_sets(client: CreditPlatformClient) -> RuleSetsResult:
    """Run RuleSets (used by: credit_office).

    The credit office lists the published rule sets and which is active.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: RuleSetsVariables = {}
    data = await client.execute(
        RULE_SETS, variables, "RuleSets", mutation=False, document_id=RULE_SETS_ID
    )
    return cast("RuleSetsResult", data)


SAVE_INCENTIVE_SCENARIO = """# The credit office adds or changes a scenario of the catalogue.
mutation SaveIncentiveScenario($incentiveScenario: SaveIncentiveScenarioInput!) {
  saveIncentiveScenario(input: $incentiveScenario) {
    scenario { code operatorType lowestColour benefitKind benefitValue active }
    errors { field code message }
  }
}"""
SAVE_INCENTIVE_SCENARIO_ID = (
    "sha256:e1f07dabcd63ce1fa6acd9ac181ae37bb0dc660b07955800c18e3d87e5278e3e"
)
"""The trusted document id of SaveIncentiveScenario: the SHA-256 of its file's bytes."""


class SaveIncentiveScenarioVariables(TypedDict):
    """The variables of SaveIncentiveScenario."""

    incentiveScenario: SaveIncentiveScenarioInput


class SaveIncentiveScenarioResultSaveIncentiveScenarioScenario(TypedDict):
    """A scenario of the incentive catalogue."""

    code: str
    operatorType: OperatorType
    lowestColour: IntegrityColour
    benefitKind: BenefitKind
    benefitValue: Decimal
    active: bool


class SaveIncentiveScenarioResultSaveIncentiveScenarioErrors(TypedDict):
    """Why saveIncentiveScenario did not do what was asked."""

    field: str | None
    code: str
    message: str


class SaveIncentiveScenarioResultSaveIncentiveScenario(TypedDict):
    """A scenario after a change, or why not."""

    scenario: SaveIncentiveScenarioResultSaveIncentiveScenarioScenario | None
    errors: list[SaveIncentiveScenarioResultSaveIncentiveScenarioErrors]


class SaveIncentiveScenarioResult(TypedDict):
    """What SaveIncentiveScenario answers: its ``data``."""

    saveIncentiveScenario: SaveIncentiveScenarioResultSaveIncentiveScenario


async def save_incentive_scenario(
    client: CreditPlatformClient, *, incentive_scenario: SaveIncentiveScenarioInput
) -> SaveIncentiveScenarioResult:
    """Run SaveIncentiveScenario (used by: credit_office).

    The credit office adds or changes a scenario of the catalogue.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: SaveIncentiveScenarioVariables = {"incentiveScenario": incentive_scenario}
    data = await client.execute(
        SAVE_INCENTIVE_SCENARIO,
        variables,
        "SaveIncentiveScenario",
        mutation=True,
        document_id=SAVE_INCENTIVE_SCENARIO_ID,
    )
    return cast("SaveIncentiveScenarioResult", data)


SAVE_SCENARIO_OPERATORS = """# The credit office sets which partner types check and redeem a scenario, and its once rule.
mutation SaveScenarioOperators($scenarioOperators: SaveScenarioOperatorsInput!) {
  saveScenarioOperators(input: $scenarioOperators) {
    operators { scenarioCode operatorTypes onceOnly }
    errors { field code message }
  }
}"""
SAVE_SCENARIO_OPERATORS_ID = (
    "sha256:189795bfca8bac2649660a1a3a388959a5e36d639e750794077a95de2a50dafd"
)
"""The trusted document id of SaveScenarioOperators: the SHA-256 of its file's bytes."""


class SaveScenarioOperatorsVariables(TypedDict):
    """The variables of SaveScenarioOperators."""

    scenarioOperators: SaveScenarioOperatorsInput


class SaveScenarioOperatorsResultSaveScenarioOperatorsOperators(TypedDict):
    """The partner types that may check and redeem a scenario, and its once rule."""

    scenarioCode: str
    operatorTypes: list[OperatorType]
    onceOnly: bool


class SaveScenarioOperatorsResultSaveScenarioOperatorsErrors(TypedDict):
    """Why saveScenarioOperators did not do what was asked."""

    field: str | None
    code: str
    message: str


class SaveScenarioOperatorsResultSaveScenarioOperators(TypedDict):
    """A scenario's operators as now set, or why not."""

    operators: SaveScenarioOperatorsResultSaveScenarioOperatorsOperators | None
    errors: list[SaveScenarioOperatorsResultSaveScenarioOperatorsErrors]


class SaveScenarioOperatorsResult(TypedDict):
    """What SaveScenarioOperators answers: its ``data``."""

    saveScenarioOperators: SaveScenarioOperatorsResultSaveScenarioOperators


async def save_scenario_operators(
    client: CreditPlatformClient, *, scenario_operators: SaveScenarioOperatorsInput
) -> SaveScenarioOperatorsResult:
    """Run SaveScenarioOperators (used by: credit_office).

    The credit office sets which partner types check and redeem a scenario, and its once rule.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: SaveScenarioOperatorsVariables = {"scenarioOperators": scenario_operators}
    data = await client.execute(
        SAVE_SCENARIO_OPERATORS,
        variables,
        "SaveScenarioOperators",
        mutation=True,
        document_id=SAVE_SCENARIO_OPERATORS_ID,
    )
    return cast("SaveScenarioOperatorsResult", data)


SAVE_VILLAGE_RULE = """# A village committee keeps one of its village rules (村规民约) as a point rule: a new code, or
# the next version of one.
mutation SaveVillageRule($villageRule: SaveVillageRuleInput!) {
  saveVillageRule(input: $villageRule) {
    rule { code version description points yearlyCap validFrom retiredAt }
    replayed
    errors { field message errorCode }
  }
}"""
SAVE_VILLAGE_RULE_ID = "sha256:563742ec66c6a58d5789f41d79d7d2126d108d35666d98369c2d9b7812124a0a"
"""The trusted document id of SaveVillageRule: the SHA-256 of its file's bytes."""


class SaveVillageRuleVariables(TypedDict):
    """The variables of SaveVillageRule."""

    villageRule: SaveVillageRuleInput


class SaveVillageRuleResultSaveVillageRuleRule(TypedDict):
    """One version of a village rule (村规民约)."""

    code: str
    version: int
    description: str
    points: int
    yearlyCap: int | None
    validFrom: DateTime
    retiredAt: DateTime | None


class SaveVillageRuleResultSaveVillageRuleErrors(TypedDict):
    """Why saveVillageRule did not do what was asked."""

    field: str | None
    message: str
    errorCode: SaveVillageRuleErrorCode


class SaveVillageRuleResultSaveVillageRule(TypedDict):
    """The rule version stored, or why not."""

    rule: SaveVillageRuleResultSaveVillageRuleRule | None
    replayed: bool
    errors: list[SaveVillageRuleResultSaveVillageRuleErrors]


class SaveVillageRuleResult(TypedDict):
    """What SaveVillageRule answers: its ``data``."""

    saveVillageRule: SaveVillageRuleResultSaveVillageRule


async def save_village_rule(
    client: CreditPlatformClient, *, village_rule: SaveVillageRuleInput
) -> SaveVillageRuleResult:
    """Run SaveVillageRule (used by: village_committee).

    A village committee keeps one of its village rules (村规民约) as a point rule: a new code, or
    the next version of one.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: SaveVillageRuleVariables = {"villageRule": village_rule}
    data = await client.execute(
        SAVE_VILLAGE_RULE,
        variables,
        "SaveVillageRule",
        mutation=True,
        document_id=SAVE_VILLAGE_RULE_ID,
    )
    return cast("SaveVillageRuleResult", data)


SCAN_MERCHANT = """# The city app shows who a merchant is, and its four-colour code, when a person scans it.
query ScanMerchant($uscc: UnifiedSocialCreditCode!) {
  merchant(uscc: $uscc) { id uscc name commerceDistrict district colourCode }
}"""
SCAN_MERCHANT_ID = "sha256:4e2e1727dc1248c74d1428e82a72932417e3c1dcdfed60c043faf19832b360f3"
"""The trusted document id of ScanMerchant: the SHA-256 of its file's bytes."""


class ScanMerchantVariables(TypedDict):
    """The variables of ScanMerchant."""

    uscc: UnifiedSocialCreditCode


class ScanMerchantResultMerchant(TypedDict):
    """An individual merchant in a commerce district."""

    id: str
    uscc: str
    name: str
    commerceDistrict: str
    district: District
    colourCode: MerchantColour | None


class ScanMerchantResult(TypedDict):
    """What ScanMerchant answers: its ``data``."""

    merchant: ScanMerchantResultMerchant | None


async def scan_merchant(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode
) -> ScanMerchantResult:
    """Run ScanMerchant (used by: citizen_app).

    The city app shows who a merchant is, and its four-colour code, when a person scans it.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ScanMerchantVariables = {"uscc": uscc}
    data = await client.execute(
        SCAN_MERCHANT, variables, "ScanMerchant", mutation=False, document_id=SCAN_MERCHANT_ID
    )
    return cast("ScanMerchantResult", data)


SCAN_PERSON_CODE = """# A parking or car-rental operator reads the person who showed their code, for a discount.
query ScanPersonCode($code: String!) {
  person(purpose: MOBILITY_DISCOUNT, integrityCode: $code) {
    person { residentId name district }
    denial { reason message }
  }
}"""
SCAN_PERSON_CODE_ID = "sha256:4433a714390f59f07b06953f4b666e830d75fafe7257e33ac46500b483576331"
"""The trusted document id of ScanPersonCode: the SHA-256 of its file's bytes."""


class ScanPersonCodeVariables(TypedDict):
    """The variables of ScanPersonCode."""

    code: str


class ScanPersonCodeResultPersonPerson(TypedDict):
    """A person, read with their authorisation for a purpose."""

    residentId: str
    name: str
    district: District


class ScanPersonCodeResultPersonDenial(TypedDict):
    """Why a read was refused: no data comes with it."""

    reason: DenialReason
    message: str


class ScanPersonCodeResultPerson(TypedDict):
    """The answer to a read of a person: the person, or why not."""

    person: ScanPersonCodeResultPersonPerson | None
    denial: ScanPersonCodeResultPersonDenial | None


class ScanPersonCodeResult(TypedDict):
    """What ScanPersonCode answers: its ``data``."""

    person: ScanPersonCodeResultPerson


async def scan_person_code(client: CreditPlatformClient, *, code: str) -> ScanPersonCodeResult:
    """Run ScanPersonCode (used by: mobility_operator).

    A parking or car-rental operator reads the person who showed their code, for a discount.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: ScanPersonCodeVariables = {"code": code}
    data = await client.execute(
        SCAN_PERSON_CODE,
        variables,
        "ScanPersonCode",
        mutation=False,
        document_id=SCAN_PERSON_CODE_ID,
    )
    return cast("ScanPersonCodeResult", data)


SET_PARTNER_QUOTA = """# Give one partner its own bucket of cost points in place of its type's.
mutation SetPartnerQuota($quota: SetPartnerQuotaInput!) {
  setPartnerQuota(input: $quota) {
    quota { partnerId size restoreRate updatedAt }
    errors { field message errorCode }
  }
}"""
SET_PARTNER_QUOTA_ID = "sha256:d276fab0fa21e0b1696e915ab5882adce775d8b7a2c1f2f8aff3b3184746559d"
"""The trusted document id of SetPartnerQuota: the SHA-256 of its file's bytes."""


class SetPartnerQuotaVariables(TypedDict):
    """The variables of SetPartnerQuota."""

    quota: SetPartnerQuotaInput


class SetPartnerQuotaResultSetPartnerQuotaQuota(TypedDict):
    """A partner's own bucket of cost points."""

    partnerId: int
    size: int
    restoreRate: int
    updatedAt: DateTime


class SetPartnerQuotaResultSetPartnerQuotaErrors(TypedDict):
    """Why setPartnerQuota did not do what was asked."""

    field: str | None
    message: str
    errorCode: SetPartnerQuotaErrorCode


class SetPartnerQuotaResultSetPartnerQuota(TypedDict):
    """The partner's bucket as now set, or why not."""

    quota: SetPartnerQuotaResultSetPartnerQuotaQuota | None
    errors: list[SetPartnerQuotaResultSetPartnerQuotaErrors]


class SetPartnerQuotaResult(TypedDict):
    """What SetPartnerQuota answers: its ``data``."""

    setPartnerQuota: SetPartnerQuotaResultSetPartnerQuota


async def set_partner_quota(
    client: CreditPlatformClient, *, quota: SetPartnerQuotaInput
) -> SetPartnerQuotaResult:
    """Run SetPartnerQuota (used by: credit_office).

    Give one partner its own bucket of cost points in place of its type's.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: SetPartnerQuotaVariables = {"quota": quota}
    data = await client.execute(
        SET_PARTNER_QUOTA,
        variables,
        "SetPartnerQuota",
        mutation=True,
        document_id=SET_PARTNER_QUOTA_ID,
    )
    return cast("SetPartnerQuotaResult", data)


SETTLE_DEFERRED_ACCOUNT = """# A hospital settles a visit once, after treatment.
mutation SettleDeferredAccount($patSettle: SettleDeferredAccountInput!) {
  settleDeferredAccount(input: $patSettle) {
    account { visitNumber status settledAt settledAmount charges { amount item department } }
    settledBenefit { benefitAmount }
    replayed
    errors { field code message }
  }
}"""
SETTLE_DEFERRED_ACCOUNT_ID = (
    "sha256:f3dd5b61cab124e69bfde3f1a22323aecdde54fcbd2d0e0814b7bfbe0aa48218"
)
"""The trusted document id of SettleDeferredAccount: the SHA-256 of its file's bytes."""


class SettleDeferredAccountVariables(TypedDict):
    """The variables of SettleDeferredAccount."""

    patSettle: SettleDeferredAccountInput


class SettleDeferredAccountResultSettleDeferredAccountAccountCharges(TypedDict):
    """One charge recorded during a visit."""

    amount: Decimal
    item: str
    department: str


class SettleDeferredAccountResultSettleDeferredAccountAccount(TypedDict):
    """A visit paid after treatment; only the hospital that opened it sees it."""

    visitNumber: str
    status: DeferredAccountStatus
    settledAt: DateTime | None
    settledAmount: Decimal | None
    charges: list[SettleDeferredAccountResultSettleDeferredAccountAccountCharges]


class SettleDeferredAccountResultSettleDeferredAccountSettledBenefit(TypedDict):
    """A benefit granted once on one order."""

    benefitAmount: Decimal


class SettleDeferredAccountResultSettleDeferredAccountErrors(TypedDict):
    """Why settleDeferredAccount did not do what was asked."""

    field: str | None
    code: str
    message: str


class SettleDeferredAccountResultSettleDeferredAccount(TypedDict):
    """A deferred account after settling it, or why it was refused."""

    account: SettleDeferredAccountResultSettleDeferredAccountAccount | None
    settledBenefit: SettleDeferredAccountResultSettleDeferredAccountSettledBenefit | None
    replayed: bool
    errors: list[SettleDeferredAccountResultSettleDeferredAccountErrors]


class SettleDeferredAccountResult(TypedDict):
    """What SettleDeferredAccount answers: its ``data``."""

    settleDeferredAccount: SettleDeferredAccountResultSettleDeferredAccount


async def settle_deferred_account(
    client: CreditPlatformClient, *, pat_settle: SettleDeferredAccountInput
) -> SettleDeferredAccountResult:
    """Run SettleDeferredAccount (used by: hospital).

    A hospital settles a visit once, after treatment.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: SettleDeferredAccountVariables = {"patSettle": pat_settle}
    data = await client.execute(
        SETTLE_DEFERRED_ACCOUNT,
        variables,
        "SettleDeferredAccount",
        mutation=True,
        document_id=SETTLE_DEFERRED_ACCOUNT_ID,
    )
    return cast("SettleDeferredAccountResult", data)


SIGN_APPROVAL_COMMITMENT = """# The signed-in person (or enterprise) signs an approval matter's commitment in the citizen app
# and gets the fast-track decision (信易批) at once, with its reasons.
mutation SignApprovalCommitment($approvalCommitment: SignApprovalCommitmentInput!) {
  signApprovalCommitment(input: $approvalCommitment) {
    commitment {
      reference
      status
      fastTracked
      reasons { code message }
      verifyBy
      matter { code name fastTrackDays waived }
    }
    replayed
    errors { field message errorCode }
  }
}"""
SIGN_APPROVAL_COMMITMENT_ID = (
    "sha256:fdbe6f1c44400d0fc743fc063bb6e7baeda0b54e43a50a14927c18c81e8928ec"
)
"""The trusted document id of SignApprovalCommitment: the SHA-256 of its file's bytes."""


class SignApprovalCommitmentVariables(TypedDict):
    """The variables of SignApprovalCommitment."""

    approvalCommitment: SignApprovalCommitmentInput


class SignApprovalCommitmentResultSignApprovalCommitmentCommitmentReasons(TypedDict):
    """One reason of a fast-track decision."""

    code: FastTrackReasonCode
    message: str


class SignApprovalCommitmentResultSignApprovalCommitmentCommitmentMatter(TypedDict):
    """An approval matter decided on a commitment."""

    code: str
    name: str
    fastTrackDays: int
    waived: list[str]


class SignApprovalCommitmentResultSignApprovalCommitmentCommitment(TypedDict):
    """A commitment a subject signed for an approval matter, the decision and outcome."""

    reference: str
    status: ApprovalCommitmentStatus
    fastTracked: bool
    reasons: list[SignApprovalCommitmentResultSignApprovalCommitmentCommitmentReasons]
    verifyBy: Date | None
    matter: SignApprovalCommitmentResultSignApprovalCommitmentCommitmentMatter


class SignApprovalCommitmentResultSignApprovalCommitmentErrors(TypedDict):
    """Why signApprovalCommitment did not do what was asked."""

    field: str | None
    message: str
    errorCode: SignApprovalCommitmentErrorCode


class SignApprovalCommitmentResultSignApprovalCommitment(TypedDict):
    """The commitment as stored, with the fast-track decision, or why not."""

    commitment: SignApprovalCommitmentResultSignApprovalCommitmentCommitment | None
    replayed: bool
    errors: list[SignApprovalCommitmentResultSignApprovalCommitmentErrors]


class SignApprovalCommitmentResult(TypedDict):
    """What SignApprovalCommitment answers: its ``data``."""

    signApprovalCommitment: SignApprovalCommitmentResultSignApprovalCommitment


async def sign_approval_commitment(
    client: CreditPlatformClient, *, approval_commitment: SignApprovalCommitmentInput
) -> SignApprovalCommitmentResult:
    """Run SignApprovalCommitment (used by: citizen_app).

    The signed-in person (or enterprise) signs an approval matter's commitment in the citizen app
    and gets the fast-track decision (信易批) at once, with its reasons.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: SignApprovalCommitmentVariables = {"approvalCommitment": approval_commitment}
    data = await client.execute(
        SIGN_APPROVAL_COMMITMENT,
        variables,
        "SignApprovalCommitment",
        mutation=True,
        document_id=SIGN_APPROVAL_COMMITMENT_ID,
    )
    return cast("SignApprovalCommitmentResult", data)


SIGN_APPROVAL_COMMITMENT_AT_WINDOW = """# A department's window signs an enterprise's or merchant's commitment for one of its matters
# and reads the fast-track decision (信易批).
mutation SignApprovalCommitmentAtWindow($windowCommitment: SignApprovalCommitmentInput!) {
  signApprovalCommitment(input: $windowCommitment) {
    commitment { reference status fastTracked reasons { code message } verifyBy }
    replayed
    errors { field message errorCode }
  }
}"""
SIGN_APPROVAL_COMMITMENT_AT_WINDOW_ID = (
    "sha256:54ec198e93d9c7c4e7b7b98b8d8cbab2cde74800eb0ec1207ffcb0f0388f14b6"
)
"""The trusted document id of SignApprovalCommitmentAtWindow: the SHA-256 of its file's bytes."""


class SignApprovalCommitmentAtWindowVariables(TypedDict):
    """The variables of SignApprovalCommitmentAtWindow."""

    windowCommitment: SignApprovalCommitmentInput


class SignApprovalCommitmentAtWindowResultSignApprovalCommitmentCommitmentReasons(TypedDict):
    """One reason of a fast-track decision."""

    code: FastTrackReasonCode
    message: str


class SignApprovalCommitmentAtWindowResultSignApprovalCommitmentCommitment(TypedDict):
    """A commitment a subject signed for an approval matter, the decision and outcome."""

    reference: str
    status: ApprovalCommitmentStatus
    fastTracked: bool
    reasons: list[SignApprovalCommitmentAtWindowResultSignApprovalCommitmentCommitmentReasons]
    verifyBy: Date | None


class SignApprovalCommitmentAtWindowResultSignApprovalCommitmentErrors(TypedDict):
    """Why signApprovalCommitment did not do what was asked."""

    field: str | None
    message: str
    errorCode: SignApprovalCommitmentErrorCode


class SignApprovalCommitmentAtWindowResultSignApprovalCommitment(TypedDict):
    """The commitment as stored, with the fast-track decision, or why not."""

    commitment: SignApprovalCommitmentAtWindowResultSignApprovalCommitmentCommitment | None
    replayed: bool
    errors: list[SignApprovalCommitmentAtWindowResultSignApprovalCommitmentErrors]


class SignApprovalCommitmentAtWindowResult(TypedDict):
    """What SignApprovalCommitmentAtWindow answers: its ``data``."""

    signApprovalCommitment: SignApprovalCommitmentAtWindowResultSignApprovalCommitment


async def sign_approval_commitment_at_window(
    client: CreditPlatformClient, *, window_commitment: SignApprovalCommitmentInput
) -> SignApprovalCommitmentAtWindowResult:
    """Run SignApprovalCommitmentAtWindow (used by: regulator).

    A department's window signs an enterprise's or merchant's commitment for one of its matters
    and reads the fast-track decision (信易批).

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: SignApprovalCommitmentAtWindowVariables = {"windowCommitment": window_commitment}
    data = await client.execute(
        SIGN_APPROVAL_COMMITMENT_AT_WINDOW,
        variables,
        "SignApprovalCommitmentAtWindow",
        mutation=True,
        document_id=SIGN_APPROVAL_COMMITMENT_AT_WINDOW_ID,
    )
    return cast("SignApprovalCommitmentAtWindowResult", data)


TAX_CREDIT_ELIGIBILITY = """# 绿税贷: the bank's tax-credit products for an enterprise that authorised it, with amounts or reasons.
query TaxCreditEligibility($uscc: UnifiedSocialCreditCode!, $consentId: ID!) {
  taxCreditEligibility(uscc: $uscc, consentId: $consentId) {
    offers { eligible indicativeAmount product { id name } reasons { code detail } }
    denial { reason message }
    errors { field message code }
  }
}"""
TAX_CREDIT_ELIGIBILITY_ID = (
    "sha256:71d5a38568d12730787f1790e5b997a626c6d3062b8542544b0462a857000696"
)
"""The trusted document id of TaxCreditEligibility: the SHA-256 of its file's bytes."""


class TaxCreditEligibilityVariables(TypedDict):
    """The variables of TaxCreditEligibility."""

    uscc: UnifiedSocialCreditCode
    consentId: str


class TaxCreditEligibilityResultTaxCreditEligibilityOffersProduct(TypedDict):
    """A bank's loan product."""

    id: str
    name: str


class TaxCreditEligibilityResultTaxCreditEligibilityOffersReasons(TypedDict):
    """One explained step of a classification."""

    code: str
    detail: str


class TaxCreditEligibilityResultTaxCreditEligibilityOffers(TypedDict):
    """One of the bank's tax-credit products for an enterprise."""

    eligible: bool
    indicativeAmount: Decimal | None
    product: TaxCreditEligibilityResultTaxCreditEligibilityOffersProduct
    reasons: list[TaxCreditEligibilityResultTaxCreditEligibilityOffersReasons]


class TaxCreditEligibilityResultTaxCreditEligibilityDenial(TypedDict):
    """Why a read was refused: no data comes with it."""

    reason: DenialReason
    message: str


class TaxCreditEligibilityResultTaxCreditEligibilityErrors(TypedDict):
    """Why a query has no answer (mutations have their own error types)."""

    field: str | None
    message: str
    code: str


class TaxCreditEligibilityResultTaxCreditEligibility(TypedDict):
    """Tax-credit loan eligibility for an enterprise that authorised you."""

    offers: list[TaxCreditEligibilityResultTaxCreditEligibilityOffers]
    denial: TaxCreditEligibilityResultTaxCreditEligibilityDenial | None
    errors: list[TaxCreditEligibilityResultTaxCreditEligibilityErrors]


class TaxCreditEligibilityResult(TypedDict):
    """What TaxCreditEligibility answers: its ``data``."""

    taxCreditEligibility: TaxCreditEligibilityResultTaxCreditEligibility


async def tax_credit_eligibility(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode, consent_id: str
) -> TaxCreditEligibilityResult:
    """Run TaxCreditEligibility (used by: bank).

    绿税贷: the bank's tax-credit products for an enterprise that authorised it, with amounts or reasons.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: TaxCreditEligibilityVariables = {"uscc": uscc, "consentId": consent_id}
    data = await client.execute(
        TAX_CREDIT_ELIGIBILITY,
        variables,
        "TaxCreditEligibility",
        mutation=False,
        document_id=TAX_CREDIT_ELIGIBILITY_ID,
    )
    return cast("TaxCreditEligibilityResult", data)


UPDATE_GREEN_PROFILE = """# The tax bureau reports an enterprise's green profile; its classification is recomputed at once.
mutation UpdateGreenProfile($greenProfile: GreenProfileInput!) {
  updateGreenProfile(input: $greenProfile) {
    classification { version green tier carbonBand reasons { code detail } }
    errors { field message code }
  }
}"""
UPDATE_GREEN_PROFILE_ID = "sha256:29afe593a5d3430858e6ee21b96e4a60df20581cdf584edf1e949fb04a306dbd"
"""The trusted document id of UpdateGreenProfile: the SHA-256 of its file's bytes."""


class UpdateGreenProfileVariables(TypedDict):
    """The variables of UpdateGreenProfile."""

    greenProfile: GreenProfileInput


class UpdateGreenProfileResultUpdateGreenProfileClassificationReasons(TypedDict):
    """One explained step of a classification."""

    code: str
    detail: str


class UpdateGreenProfileResultUpdateGreenProfileClassification(TypedDict):
    """Green identification of an enterprise, versioned and explained."""

    version: str
    green: bool
    tier: GreenTier
    carbonBand: CarbonBand
    reasons: list[UpdateGreenProfileResultUpdateGreenProfileClassificationReasons]


class UpdateGreenProfileResultUpdateGreenProfileErrors(TypedDict):
    """Why updateGreenProfile did not do what was asked."""

    field: str | None
    message: str
    code: str


class UpdateGreenProfileResultUpdateGreenProfile(TypedDict):
    """A green profile after the tax bureau's report, or why not."""

    classification: UpdateGreenProfileResultUpdateGreenProfileClassification | None
    errors: list[UpdateGreenProfileResultUpdateGreenProfileErrors]


class UpdateGreenProfileResult(TypedDict):
    """What UpdateGreenProfile answers: its ``data``."""

    updateGreenProfile: UpdateGreenProfileResultUpdateGreenProfile


async def update_green_profile(
    client: CreditPlatformClient, *, green_profile: GreenProfileInput
) -> UpdateGreenProfileResult:
    """Run UpdateGreenProfile (used by: tax_bureau).

    The tax bureau reports an enterprise's green profile; its classification is recomputed at once.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: UpdateGreenProfileVariables = {"greenProfile": green_profile}
    data = await client.execute(
        UPDATE_GREEN_PROFILE,
        variables,
        "UpdateGreenProfile",
        mutation=True,
        document_id=UPDATE_GREEN_PROFILE_ID,
    )
    return cast("UpdateGreenProfileResult", data)


VERIFY_CREDIT_REPORT = """# Anyone (no access token) verifies a special credit report by its number and document.
query VerifyCreditReport($number: String!, $document: String!) {
  verifyCreditReport(number: $number, document: $document) {
    status
    issuedAt
    validUntil
  }
}"""
VERIFY_CREDIT_REPORT_ID = "sha256:89d8ed1a882f5a39bd47d4747cbe7ff10dfd75c16e51a08235e7880002b91aaf"
"""The trusted document id of VerifyCreditReport: the SHA-256 of its file's bytes."""


class VerifyCreditReportVariables(TypedDict):
    """The variables of VerifyCreditReport."""

    number: str
    document: str


class VerifyCreditReportResultVerifyCreditReport(TypedDict):
    """The answer to verifyCreditReport: a status, and the report's issue and expiry times only when the document is the genuine one."""

    status: CreditReportVerificationStatus
    issuedAt: DateTime | None
    validUntil: DateTime | None


class VerifyCreditReportResult(TypedDict):
    """What VerifyCreditReport answers: its ``data``."""

    verifyCreditReport: VerifyCreditReportResultVerifyCreditReport


async def verify_credit_report(
    client: CreditPlatformClient, *, number: str, document: str
) -> VerifyCreditReportResult:
    """Run VerifyCreditReport (used by: public).

    Anyone (no access token) verifies a special credit report by its number and document.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: VerifyCreditReportVariables = {"number": number, "document": document}
    data = await client.execute(
        VERIFY_CREDIT_REPORT,
        variables,
        "VerifyCreditReport",
        mutation=False,
        document_id=VERIFY_CREDIT_REPORT_ID,
    )
    return cast("VerifyCreditReportResult", data)


VILLAGE_HOUSEHOLDS = """# A village committee reads its village: rules in force, households with points, colours and
# newest entries, and this year's model-household nominations.
query VillageHouseholds($village: String!, $first: Int!, $after: String, $year: Int!) {
  village(name: $village) {
    name
    namePinyin
    district
    township
    rules { code version description points yearlyCap validFrom }
    households(first: $first, after: $after) {
      nodes {
        householdId
        householdNumber
        headName
        memberCount
        openedAt
        year
        points
        colour
        reasons { code message }
        latestEntries { id kind points occurredOn note recordedBy rule { code version } }
      }
      pageInfo { hasNextPage endCursor }
    }
    nominations(year: $year) { id householdId year points status decidedAt decisionReason }
  }
}"""
VILLAGE_HOUSEHOLDS_ID = "sha256:08bc4daa444216824c0bdaf790150a2771f81ab37ca1c8ad098dd84228e18a91"
"""The trusted document id of VillageHouseholds: the SHA-256 of its file's bytes."""


class VillageHouseholdsVariables(TypedDict):
    """The variables of VillageHouseholds."""

    village: str
    first: int
    after: NotRequired[str | None]
    year: int


class VillageHouseholdsResultVillageRules(TypedDict):
    """One version of a village rule (村规民约)."""

    code: str
    version: int
    description: str
    points: int
    yearlyCap: int | None
    validFrom: DateTime


class VillageHouseholdsResultVillageHouseholdsNodesReasons(TypedDict):
    """One reason behind a household's colour."""

    code: HouseholdColourReasonCode
    message: str


class VillageHouseholdsResultVillageHouseholdsNodesLatestEntriesRule(TypedDict):
    """One version of a village rule (村规民约)."""

    code: str
    version: int


class VillageHouseholdsResultVillageHouseholdsNodesLatestEntries(TypedDict):
    """An entry of a household's civility file."""

    id: str
    kind: CivilityEntryKind
    points: int
    occurredOn: Date
    note: str
    recordedBy: str
    rule: VillageHouseholdsResultVillageHouseholdsNodesLatestEntriesRule


class VillageHouseholdsResultVillageHouseholdsNodes(TypedDict):
    """One household, one file, one code: points this year, colour and reasons."""

    householdId: str
    householdNumber: str
    headName: str | None
    memberCount: int
    openedAt: DateTime | None
    year: int
    points: int
    colour: HouseholdColour
    reasons: list[VillageHouseholdsResultVillageHouseholdsNodesReasons]
    latestEntries: list[VillageHouseholdsResultVillageHouseholdsNodesLatestEntries]


class VillageHouseholdsResultVillageHouseholdsPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class VillageHouseholdsResultVillageHouseholds(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[VillageHouseholdsResultVillageHouseholdsNodes]
    pageInfo: VillageHouseholdsResultVillageHouseholdsPageInfo


class VillageHouseholdsResultVillageNominations(TypedDict):
    """A model-household nomination."""

    id: str
    householdId: str
    year: int
    points: int
    status: ModelHouseholdStatus
    decidedAt: DateTime | None
    decisionReason: str | None


class VillageHouseholdsResultVillage(TypedDict):
    """A village that keeps households' civility files."""

    name: str
    namePinyin: str
    district: District
    township: str
    rules: list[VillageHouseholdsResultVillageRules]
    households: VillageHouseholdsResultVillageHouseholds
    nominations: list[VillageHouseholdsResultVillageNominations]


class VillageHouseholdsResult(TypedDict):
    """What VillageHouseholds answers: its ``data``."""

    village: VillageHouseholdsResultVillage


async def village_households(
    client: CreditPlatformClient, *, village: str, first: int, year: int, after: str | None = None
) -> VillageHouseholdsResult:
    """Run VillageHouseholds (used by: village_committee).

    A village committee reads its village: rules in force, households with points, colours and
    newest entries, and this year's model-household nominations.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: VillageHouseholdsVariables = {
        "village": village,
        "first": first,
        "after": after,
        "year": year,
    }
    data = await client.execute(
        VILLAGE_HOUSEHOLDS,
        variables,
        "VillageHouseholds",
        mutation=False,
        document_id=VILLAGE_HOUSEHOLDS_ID,
    )
    return cast("VillageHouseholdsResult", data)


VILLAGE_STATISTICS = """# The credit office reads the civility files across the city: coverage per village and
# district, the points distribution and the year's model households.
query VillageStatistics($year: Int!) {
  villageStatistics(year: $year) {
    year
    households
    files
    coverage
    modelHouseholds
    districts { village district households files coverage modelHouseholds }
    villages { village district households files coverage modelHouseholds }
    pointsDistribution { label lowest highest files }
  }
}"""
VILLAGE_STATISTICS_ID = "sha256:662b2ff26c0a6daba0ff797356c50b8d24e6553e8082be83e4a5e49082cdb332"
"""The trusted document id of VillageStatistics: the SHA-256 of its file's bytes."""


class VillageStatisticsVariables(TypedDict):
    """The variables of VillageStatistics."""

    year: int


class VillageStatisticsResultVillageStatisticsDistricts(TypedDict):
    """Civility files against households."""

    village: str
    district: District
    households: int
    files: int
    coverage: Decimal
    modelHouseholds: int


class VillageStatisticsResultVillageStatisticsVillages(TypedDict):
    """Civility files against households."""

    village: str
    district: District
    households: int
    files: int
    coverage: Decimal
    modelHouseholds: int


class VillageStatisticsResultVillageStatisticsPointsDistribution(TypedDict):
    """How many files fall in a band of points."""

    label: str
    lowest: int | None
    highest: int | None
    files: int


class VillageStatisticsResultVillageStatistics(TypedDict):
    """Civility files across the city."""

    year: int
    households: int
    files: int
    coverage: Decimal
    modelHouseholds: int
    districts: list[VillageStatisticsResultVillageStatisticsDistricts]
    villages: list[VillageStatisticsResultVillageStatisticsVillages]
    pointsDistribution: list[VillageStatisticsResultVillageStatisticsPointsDistribution]


class VillageStatisticsResult(TypedDict):
    """What VillageStatistics answers: its ``data``."""

    villageStatistics: VillageStatisticsResultVillageStatistics


async def village_statistics(client: CreditPlatformClient, *, year: int) -> VillageStatisticsResult:
    """Run VillageStatistics (used by: credit_office).

    The credit office reads the civility files across the city: coverage per village and
    district, the points distribution and the year's model households.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: VillageStatisticsVariables = {"year": year}
    data = await client.execute(
        VILLAGE_STATISTICS,
        variables,
        "VillageStatistics",
        mutation=False,
        document_id=VILLAGE_STATISTICS_ID,
    )
    return cast("VillageStatisticsResult", data)


WEBHOOK_DELIVERIES = """# A bank's developer reads its own webhook outbox, newest first, to debug its receiver.
query WebhookDeliveries($first: Int!, $after: String, $status: WebhookDeliveryStatus) {
  webhookDeliveries(first: $first, after: $after, status: $status) {
    nodes { eventId type status attempts createdAt deliveredAt nextAttemptAt lastError body }
    pageInfo { hasNextPage endCursor }
  }
}"""
WEBHOOK_DELIVERIES_ID = "sha256:73086e37b6fafb174f53cf82dce3805c367a90e9c0e1c2feccee74ae9fe7a9f1"
"""The trusted document id of WebhookDeliveries: the SHA-256 of its file's bytes."""


class WebhookDeliveriesVariables(TypedDict):
    """The variables of WebhookDeliveries."""

    first: int
    after: NotRequired[str | None]
    status: NotRequired[WebhookDeliveryStatus | None]


class WebhookDeliveriesResultWebhookDeliveriesNodes(TypedDict):
    """An event in your webhook outbox."""

    eventId: str
    type: WebhookEventType
    status: WebhookDeliveryStatus
    attempts: int
    createdAt: DateTime
    deliveredAt: DateTime | None
    nextAttemptAt: DateTime | None
    lastError: str | None
    body: str


class WebhookDeliveriesResultWebhookDeliveriesPageInfo(TypedDict):
    """Where a page ends and whether another follows it."""

    hasNextPage: bool
    endCursor: str | None


class WebhookDeliveriesResultWebhookDeliveries(TypedDict):
    """A page of a list in keyset order, with where it ends."""

    nodes: list[WebhookDeliveriesResultWebhookDeliveriesNodes]
    pageInfo: WebhookDeliveriesResultWebhookDeliveriesPageInfo


class WebhookDeliveriesResult(TypedDict):
    """What WebhookDeliveries answers: its ``data``."""

    webhookDeliveries: WebhookDeliveriesResultWebhookDeliveries


async def webhook_deliveries(
    client: CreditPlatformClient,
    *,
    first: int,
    after: str | None = None,
    status: WebhookDeliveryStatus | None = None,
) -> WebhookDeliveriesResult:
    """Run WebhookDeliveries (used by: bank).

    A bank's developer reads its own webhook outbox, newest first, to debug its receiver.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: WebhookDeliveriesVariables = {"first": first, "after": after, "status": status}
    data = await client.execute(
        WEBHOOK_DELIVERIES,
        variables,
        "WebhookDeliveries",
        mutation=False,
        document_id=WEBHOOK_DELIVERIES_ID,
    )
    return cast("WebhookDeliveriesResult", data)


WITHDRAW_FINANCING_NEED = """# The signed-in enterprise withdraws its financing need: no bank can claim it afterwards.
mutation WithdrawFinancingNeed($uscc: UnifiedSocialCreditCode!, $needId: ID!) {
  withdrawFinancingNeed(uscc: $uscc, needId: $needId) {
    need { id status claimedBy { bankName position } }
    alreadyWithdrawn
    errors { field message code }
  }
}"""
WITHDRAW_FINANCING_NEED_ID = (
    "sha256:a73a3bd6e801ce0858272a1c0d66675c4b49795f14254c59aff5d176e76528a2"
)
"""The trusted document id of WithdrawFinancingNeed: the SHA-256 of its file's bytes."""


class WithdrawFinancingNeedVariables(TypedDict):
    """The variables of WithdrawFinancingNeed."""

    uscc: UnifiedSocialCreditCode
    needId: str


class WithdrawFinancingNeedResultWithdrawFinancingNeedNeedClaimedBy(TypedDict):
    """A bank that claimed a financing need."""

    bankName: str
    position: int


class WithdrawFinancingNeedResultWithdrawFinancingNeedNeed(TypedDict):
    """A financing need as its enterprise sees it."""

    id: str
    status: str
    claimedBy: list[WithdrawFinancingNeedResultWithdrawFinancingNeedNeedClaimedBy]


class WithdrawFinancingNeedResultWithdrawFinancingNeedErrors(TypedDict):
    """Why withdrawFinancingNeed did not do what was asked."""

    field: str | None
    message: str
    code: str


class WithdrawFinancingNeedResultWithdrawFinancingNeed(TypedDict):
    """The withdrawn need, or why not."""

    need: WithdrawFinancingNeedResultWithdrawFinancingNeedNeed | None
    alreadyWithdrawn: bool
    errors: list[WithdrawFinancingNeedResultWithdrawFinancingNeedErrors]


class WithdrawFinancingNeedResult(TypedDict):
    """What WithdrawFinancingNeed answers: its ``data``."""

    withdrawFinancingNeed: WithdrawFinancingNeedResultWithdrawFinancingNeed


async def withdraw_financing_need(
    client: CreditPlatformClient, *, uscc: UnifiedSocialCreditCode, need_id: str
) -> WithdrawFinancingNeedResult:
    """Run WithdrawFinancingNeed (used by: citizen_app).

    The signed-in enterprise withdraws its financing need: no bank can claim it afterwards.

    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).
    """
    variables: WithdrawFinancingNeedVariables = {"uscc": uscc, "needId": need_id}
    data = await client.execute(
        WITHDRAW_FINANCING_NEED,
        variables,
        "WithdrawFinancingNeed",
        mutation=True,
        document_id=WITHDRAW_FINANCING_NEED_ID,
    )
    return cast("WithdrawFinancingNeedResult", data)
