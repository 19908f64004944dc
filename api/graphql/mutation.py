"""The mutation root: each context's mutations, composed (the bases' fields come first)."""

from __future__ import annotations

import strawberry

from api.graphql.approvals.mutations import ApprovalsMutation
from api.graphql.banking.mutations import BankingMutation
from api.graphql.bulk.mutations import BulkMutation
from api.graphql.consent.mutations import consents, integrity_codes
from api.graphql.credit.mutations import CreditMutation
from api.graphql.incentives import IncentiveOperatorMutation
from api.graphql.industry.mutations import IndustryMutation
from api.graphql.ippledge.mutations import IpPledgeMutation
from api.graphql.merchants import MerchantMutation
from api.graphql.outreach import OutreachMutation
from api.graphql.reports.mutations import issue
from api.graphql.scenarios.mutations import ScenarioMutation
from api.graphql.taxcredit.mutations import TaxCreditMutation
from api.graphql.usage.mutations import UsageMutation
from api.graphql.village.mutations import VillageMutation
from api.graphql.webhooks.mutations import WebhookMutation


@strawberry.type(
    description="Change data: integrity codes, consents, credit records, repair, rule sets."
)
class Mutation(
    CreditMutation,
    ScenarioMutation,
    BankingMutation,
    WebhookMutation,
    UsageMutation,
    BulkMutation,
    VillageMutation,
    MerchantMutation,
    IncentiveOperatorMutation,
    ApprovalsMutation,
    TaxCreditMutation,
    IpPledgeMutation,
    IndustryMutation,
    OutreachMutation,
):
    """The mutation root; each mutation is declared, with its resolver, in its context's file."""

    issue_credit_report = issue.issue_credit_report
    issue_integrity_code = integrity_codes.issue_integrity_code
    revoke_integrity_code = integrity_codes.revoke_integrity_code
    request_consent = consents.request_consent
    authorize_consent = consents.authorize_consent
    reject_consent = consents.reject_consent
    revoke_consent = consents.revoke_consent
