"""Repositories: read and write domain objects through the unit of work's session; never commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.db.repositories.approvals import ApprovalRepository
from api.db.repositories.audit import AuditRepository
from api.db.repositories.banking.claims import FinancingRepository
from api.db.repositories.banking.credit_lines import CreditLineRepository
from api.db.repositories.banking.green import GreenRepository
from api.db.repositories.banking.matching import MatchingRepository
from api.db.repositories.banking.products import LoanProductRepository
from api.db.repositories.banking.webhooks import WebhookRepository
from api.db.repositories.borrower_watch import BorrowerWatchRepository
from api.db.repositories.bulk import BulkOperationRepository
from api.db.repositories.consent import ConsentRepository, IntegrityCodeRepository
from api.db.repositories.credit.evaluations import EvaluationRepository
from api.db.repositories.credit.exemptions import ExemptionRepository
from api.db.repositories.credit.intake import IntakeRepository
from api.db.repositories.credit.records import RecordWriterRepository
from api.db.repositories.credit.repairs import RepairRepository
from api.db.repositories.gate import SessionGate
from api.db.repositories.incentive_operators import IncentiveOperatorRepository
from api.db.repositories.industry import IndustryRepository
from api.db.repositories.ippledge import PledgeRepository
from api.db.repositories.merchants import MerchantIndicatorRepository
from api.db.repositories.outreach import OutreachRepository
from api.db.repositories.persons import PersonRepository
from api.db.repositories.records import CreditRecordRepository
from api.db.repositories.reports import CreditReportRepository
from api.db.repositories.scenarios.benefits import BenefitRepository
from api.db.repositories.scenarios.catalogue import IncentiveCatalogueRepository
from api.db.repositories.scenarios.coupons import CouponRepository
from api.db.repositories.scenarios.deferred import DeferredAccountRepository
from api.db.repositories.scenarios.savepoints import SavepointRepository
from api.db.repositories.subjects import (
    EnterpriseRepository,
    HouseholdRepository,
    MerchantRepository,
)
from api.db.repositories.taxcredit import (
    LendingVolumeRepository,
    OwnNeedRepository,
    TaxCreditRepository,
)
from api.db.repositories.usage import UsageRepository
from api.db.repositories.village import VillageRepository


class Repositories:
    """Every repository, bound to one session."""

    def __init__(self, session: AsyncSession) -> None:
        gate = SessionGate(session)
        self.session = session
        self.gate = gate
        self.enterprises = EnterpriseRepository(gate)
        self.merchants = MerchantRepository(gate)
        self.households = HouseholdRepository(gate)
        self.records = CreditRecordRepository(gate)
        self.persons = PersonRepository(gate)
        self.integrity_codes = IntegrityCodeRepository(gate)
        self.consents = ConsentRepository(gate)
        self.audit = AuditRepository(gate)
        self.reports = CreditReportRepository(gate)
        self.record_writer = RecordWriterRepository(gate)
        self.evaluations = EvaluationRepository(gate)
        self.intakes = IntakeRepository(gate)
        self.exemptions = ExemptionRepository(gate)
        self.repairs = RepairRepository(gate)
        self.loan_products = LoanProductRepository(gate)
        self.matching = MatchingRepository(gate)
        self.green = GreenRepository(gate)
        self.financing = FinancingRepository(gate)
        self.credit_lines = CreditLineRepository(gate)
        self.webhooks = WebhookRepository(gate)
        self.borrower_watch = BorrowerWatchRepository(gate)
        self.incentives = IncentiveCatalogueRepository(gate)
        self.deferred_accounts = DeferredAccountRepository(gate)
        self.benefits = BenefitRepository(gate)
        self.coupons = CouponRepository(gate)
        self.savepoints = SavepointRepository(gate)
        self.incentive_operators = IncentiveOperatorRepository(gate)
        self.usage = UsageRepository(gate)
        self.bulk_operations = BulkOperationRepository(gate)
        self.village = VillageRepository(gate)
        self.merchant_indicators = MerchantIndicatorRepository(gate)
        self.approvals = ApprovalRepository(gate)
        self.tax_credit = TaxCreditRepository(gate)
        self.lending_volumes = LendingVolumeRepository(gate)
        self.own_needs = OwnNeedRepository(gate)
        self.ip_pledges = PledgeRepository(gate)
        self.industry = IndustryRepository(gate)
        self.outreach = OutreachRepository(gate)

    async def close(self) -> None:
        """Let the running statement finish and refuse later ones (call before closing)."""
        await self.gate.close()
