"""What the bank scenarios need from storage (``api.db.repositories.Repositories`` provides it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from api.domain.banking.lending import (
    BorrowerEvent,
    CreditLine,
    CreditLineReport,
    FinancingNeed,
    LendingStatistic,
    NeedClaim,
)
from api.domain.banking.model import (
    Candidate,
    GreenClassification,
    GreenFigures,
    LoanCriteria,
    LoanKind,
    LoanProduct,
    MatchFacts,
    ProductDraft,
    ProductStatus,
    TaxFacts,
)
from api.domain.paging import Page, PageRequest


class LoanProductStore(Protocol):
    """Loan products."""

    async def add(self, bank_id: int, draft: ProductDraft, *, now: datetime) -> LoanProduct:
        """Store a new draft product."""
        ...

    async def get(self, product_id: int) -> LoanProduct | None:
        """One product by id."""
        ...

    async def replace(
        self, product: LoanProduct, draft: ProductDraft, *, now: datetime
    ) -> LoanProduct | None:
        """Compare-and-set the product's content from its read version; None if it moved."""
        ...

    async def set_status(
        self, product: LoanProduct, status: ProductStatus, *, now: datetime
    ) -> LoanProduct | None:
        """Compare-and-set the status from the read version; None if it moved."""
        ...

    async def open_products(self, day: date) -> list[LoanProduct]:
        """Every published product valid on ``day``."""
        ...


class MatchingStore(Protocol):
    """The matching index (one row of facts per enterprise) and its pages."""

    async def refresh(self, enterprise_ids: Sequence[int], *, now: datetime) -> None:
        """Recompute the facts of these enterprises from their current data."""
        ...

    async def facts(self, enterprise_ids: Sequence[int]) -> dict[int, MatchFacts]:
        """The stored facts of these enterprises."""
        ...

    async def tax_facts(self, enterprise_id: int) -> TaxFacts | None:
        """What tax-credit eligibility reads of an enterprise (live, not the index)."""
        ...

    async def candidates(
        self, kind: LoanKind, criteria: LoanCriteria, request: PageRequest
    ) -> Page[Candidate]:
        """Enterprises meeting the criteria, by strength for the kind, then newest id."""
        ...


class GreenStore(Protocol):
    """Green profiles and their classifications."""

    async def profile(self, enterprise_id: int) -> GreenFigures | None:
        """The enterprise's current green profile, if any."""
        ...

    async def save_profile(self, enterprise_id: int, figures: GreenFigures) -> None:
        """Make these figures the enterprise's current profile (and its green class)."""
        ...

    async def classification(self, enterprise_id: int) -> GreenClassification | None:
        """The current classification, if any."""
        ...

    async def save_classification(self, classification: GreenClassification) -> None:
        """Store the current classification."""
        ...


class FinancingStore(Protocol):
    """Financing needs, the banks told about them, and their claims."""

    async def add_need(
        self, enterprise_id: int, amount: Decimal, purpose: str, term_months: int, now: datetime
    ) -> FinancingNeed:
        """Store an open need."""
        ...

    async def get_need(self, need_id: int) -> FinancingNeed | None:
        """One need by id."""
        ...

    async def tell(self, need_id: int, told: dict[int, int]) -> None:
        """Remember which bank was told about the need, through which of its products."""
        ...

    async def claim(self, need_id: int, bank_id: int, now: datetime) -> NeedClaim | None:
        """Take one of the need's three places; None when they are taken (never a fourth)."""
        ...

    async def claim_of(self, need_id: int, bank_id: int) -> NeedClaim | None:
        """The bank's claim on the need, if it has one."""
        ...


class CreditLineStore(Protocol):
    """Credit lines reported by banks."""

    async def add(
        self, bank_id: int, report: CreditLineReport, fingerprint: str, now: datetime
    ) -> CreditLine | None:
        """Store the line once per (bank, reference); None when the reference is taken."""
        ...

    async def by_reference(self, bank_id: int, reference: str) -> tuple[CreditLine, str] | None:
        """A stored line and its fingerprint."""
        ...

    async def has_line(self, bank_id: int, enterprise_id: int) -> bool:
        """Whether the bank reported a line to the enterprise."""
        ...

    async def statistics(self, start: date, end: date) -> list[LendingStatistic]:
        """Lines granted in [start, end] by bank, district and month."""
        ...


#: Resolves a host name to the IP addresses it has now (none when it does not resolve); the
#: platform uses the event loop's ``getaddrinfo``, tests inject a table.
HostResolver = Callable[[str], Awaitable[Sequence[str]]]


class WebhookStore(Protocol):
    """Webhook endpoints, borrower subscriptions and the delivery outbox."""

    async def set_endpoint(self, bank_id: int, url: str, now: datetime) -> None:
        """Register (or replace) the bank's webhook URL."""
        ...

    async def endpoint(self, bank_id: int) -> str | None:
        """The bank's webhook URL, if any."""
        ...

    async def subscribe(self, bank_id: int, enterprise_id: int, now: datetime) -> int:
        """Follow a borrower (idempotent); the subscription id."""
        ...

    async def unsubscribe(self, bank_id: int, enterprise_id: int) -> bool:
        """Stop following; False when it was not followed."""
        ...

    async def subscribers(self, enterprise_id: int) -> list[tuple[int, int]]:
        """(subscription id, bank id) of every bank following the enterprise."""
        ...

    async def enqueue(
        self,
        bank_id: int,
        event: BorrowerEvent,
        *,
        subscription_id: int | None,
        subject: dict[str, str],
        now: datetime,
    ) -> str:
        """Write one event to the outbox (same transaction as its cause); its event id."""
        ...


class BankingStore(Protocol):
    """Everything the bank scenarios touch, on one transaction."""

    @property
    def loan_products(self) -> LoanProductStore:
        """Loan products."""
        ...

    @property
    def matching(self) -> MatchingStore:
        """The matching index."""
        ...

    @property
    def green(self) -> GreenStore:
        """Green profiles and classifications."""
        ...

    @property
    def financing(self) -> FinancingStore:
        """Financing needs and claims."""
        ...

    @property
    def credit_lines(self) -> CreditLineStore:
        """Credit lines."""
        ...

    @property
    def webhooks(self) -> WebhookStore:
        """Endpoints, subscriptions, outbox."""
        ...
