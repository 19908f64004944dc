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
        "ApprovalCommitmentsDue",
        "ApprovalMatters",
        "ApprovalStatistics",
        "AuditLog",
        "AuthorizeConsent",
        "BorrowerCreditCheck",
        "BulkExportStart",
        "CancelBulkOperation",
        "ClaimFinancingNeed",
        "CommerceDistrictStatistics",
        "CorrectCivilityEntry",
        "CreateLoanProduct",
        "CurrentBulkOperation",
        "DecideCreditRepair",
        "DecideModelHousehold",
        "EnterpriseCreditProfile",
        "EnterpriseEvaluation",
        "EnterpriseTaxProfile",
        "EnterprisesForBulkExport",
        "ExemptMatters",
        "FetchNode",
        "FinancingNeeds",
        "FollowBorrower",
        "GreenClassification",
        "GreenEnterprises",
        "HouseholdCreditRecords",
        "ImportMerchantIndicators",
        "IncentiveCatalogue",
        "IncentiveEligibility",
        "IncentiveScenarioOperators",
        "IncentiveStatistics",
        "IndustryEvaluation",
        "IndustrySchemes",
        "IndustryStatistics",
        "InspectionPlan",
        "IpPledgeStatistics",
        "IssueCoupons",
        "IssueCreditReport",
        "IssueIntegrityCode",
        "LendingStatistics",
        "LendingVolumes",
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
        "ModelHouseholds",
        "MyAccessLog",
        "MyCreditRepairs",
        "MyFinancingNeeds",
        "MyHouseholdFile",
        "MyIndustryEvaluations",
        "MyIpPledges",
        "MyNotices",
        "MyUsage",
        "NominateModelHousehold",
        "OpenDeferredAccount",
        "OutreachQueue",
        "OutreachStatistics",
        "OwnFinancingNeed",
        "PartnerUsage",
        "PatientEligibility",
        "PayAfterTreatmentEligibility",
        "PostFinancingNeed",
        "PublishLoanProduct",
        "RecordApprovalCommitmentOutcome",
        "RecordCivilityEntry",
        "RecordDeferredCharge",
        "RecordFollowUpResult",
        "RecordHonour",
        "RecordIndustryInspection",
        "RecordIndustryObservation",
        "RecordMerchantIndicator",
        "RecordPenalty",
        "RedeemCoupon",
        "RedeemIncentive",
        "RedeemMobilityDiscount",
        "RegisterIpPledge",
        "RegisterWebhook",
        "RepairQueue",
        "ReportCreditLine",
        "ReportLendingVolume",
        "ReportTaxCreditRating",
        "ReportTaxPaid",
        "RequestConsent",
        "RuleSets",
        "SaveIncentiveScenario",
        "SaveScenarioOperators",
        "SaveVillageRule",
        "ScanMerchant",
        "ScanPersonCode",
        "SetPartnerQuota",
        "SettleDeferredAccount",
        "SignApprovalCommitment",
        "SignApprovalCommitmentAtWindow",
        "TaxCreditEligibility",
        "UpdateGreenProfile",
        "VerifyCreditReport",
        "VillageHouseholds",
        "VillageStatistics",
        "WebhookDeliveries",
        "WithdrawFinancingNeed",
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
