"""The persisted operations' names: the only operation names a metric label or span may carry.

The list is the set of operation names under ``schema/operations/**`` (kept here so an
installed package needs no schema folder); ``tests/observability/test_operations.py`` fails
when the two differ.
"""

from __future__ import annotations

#: Every operation name in ``schema/operations/**``.
KNOWN_OPERATIONS: frozenset[str] = frozenset(
    (
        "AcknowledgeMyNotice",
        "ApplyForCreditRepair",
        "AuditLog",
        "AuthorizeConsent",
        "BorrowerCreditCheck",
        "ClaimFinancingNeed",
        "CommerceDistrictStatistics",
        "CreateLoanProduct",
        "DecideCreditRepair",
        "EnterpriseCreditProfile",
        "EnterpriseEvaluation",
        "EnterpriseTaxProfile",
        "ExemptMatters",
        "FetchNode",
        "FinancingNeeds",
        "FollowBorrower",
        "GreenClassification",
        "GreenEnterprises",
        "HouseholdCreditRecords",
        "ImportMerchantIndicators",
        "IncentiveCatalogue",
        "IncentiveStatistics",
        "IssueCoupons",
        "IssueCreditReport",
        "IssueIntegrityCode",
        "LendingStatistics",
        "LoanCandidates",
        "LoanProducts",
        "MarkNoticeReached",
        "MerchantAssessment",
        "MerchantCreditRecords",
        "MerchantIndicatorCard",
        "MerchantIndicatorCategories",
        "MerchantScanCode",
        "MobilityDiscountEligibility",
        "MobilityScenarios",
        "MyAccessLog",
        "MyCreditRepairs",
        "MyFinancingNeeds",
        "MyNotices",
        "MyUsage",
        "OpenDeferredAccount",
        "OutreachQueue",
        "OutreachStatistics",
        "PartnerUsage",
        "PatientEligibility",
        "PayAfterTreatmentEligibility",
        "PostFinancingNeed",
        "PublishLoanProduct",
        "RecordDeferredCharge",
        "RecordFollowUpResult",
        "RecordHonour",
        "RecordMerchantIndicator",
        "RecordPenalty",
        "RedeemCoupon",
        "RedeemMobilityDiscount",
        "RegisterWebhook",
        "RepairQueue",
        "ReportCreditLine",
        "ReportTaxPaid",
        "RequestConsent",
        "RuleSets",
        "SaveIncentiveScenario",
        "ScanMerchant",
        "ScanPersonCode",
        "SetPartnerQuota",
        "SettleDeferredAccount",
        "TaxCreditEligibility",
        "UpdateGreenProfile",
        "VerifyCreditReport",
        "WebhookDeliveries",
    )
)

#: The label of a request that named no operation (and whose document's operation has none).
ANONYMOUS = "anonymous"
#: The label of a named operation that is not a persisted one (partner-chosen text stays out).
OTHER = "other"
#: The label of a request refused before its body was read (a bad bearer token, say).
UNREAD = "unread"


def operation_label(name: str | None) -> str:
    """The bounded label for an operation name: a persisted name, ``other`` or ``anonymous``."""
    if not name:
        return ANONYMOUS
    return name if name in KNOWN_OPERATIONS else OTHER
