"""The query root: each context's queries, composed (the bases' fields come first, in order)."""

from __future__ import annotations

import strawberry

from api.graphql.approvals.queries import ApprovalsQuery
from api.graphql.banking.queries import BankingQuery
from api.graphql.bulk.queries import BulkQuery
from api.graphql.consent import queries as consent_queries
from api.graphql.credit.queries import CreditQuery
from api.graphql.incentives import IncentiveOperatorQuery
from api.graphql.industry.queries import IndustryQuery
from api.graphql.ippledge.queries import IpPledgeQuery
from api.graphql.merchants import MerchantQuery
from api.graphql.outreach import OutreachQuery
from api.graphql.reports import queries as report_queries
from api.graphql.scenarios.queries import ScenarioQuery
from api.graphql.subjects import queries as subject_queries
from api.graphql.taxcredit.queries import TaxCreditQuery
from api.graphql.usage.queries import UsageQuery
from api.graphql.village.queries import VillageQuery
from api.graphql.webhooks.queries import WebhookQuery


@strawberry.type(description="Read the city's public credit information.")
class Query(
    CreditQuery,
    ScenarioQuery,
    BankingQuery,
    WebhookQuery,
    UsageQuery,
    BulkQuery,
    VillageQuery,
    MerchantQuery,
    IncentiveOperatorQuery,
    ApprovalsQuery,
    TaxCreditQuery,
    IpPledgeQuery,
    IndustryQuery,
    OutreachQuery,
):
    """The query root; each field is declared, with its resolver, in its context's queries."""

    verify_credit_report = report_queries.verify_credit_report
    node = subject_queries.node
    enterprise = subject_queries.enterprise
    enterprises = subject_queries.enterprises
    person = consent_queries.person
    consent = consent_queries.consent
    my_consents = consent_queries.my_consents
    my_access_log = consent_queries.my_access_log
    audit_log = consent_queries.audit_log
    merchant = subject_queries.merchant
    household = subject_queries.household
