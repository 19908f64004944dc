"""What the scenarios need from storage (``api.db.repositories.Repositories`` provides it)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from api.domain.consent.model import Purpose
from api.domain.consent.ports import AccessStore
from api.domain.credit.codes import IntegrityColour
from api.domain.credit.ports import CreditStore
from api.domain.incentives.ports import IncentiveOperatorStore
from api.domain.scenarios.model import (
    BenefitGrant,
    Category,
    Coupon,
    CouponBatch,
    DeferredAccount,
    DeferredCharge,
    GrantDraft,
    Scenario,
    ScenarioDraft,
    Statistics,
    StatisticsFilter,
)


class IncentiveCatalogue(Protocol):
    """Categories and scenarios."""

    async def categories(self) -> list[Category]:
        """Every category, in catalogue order."""
        ...

    async def save_category(
        self, *, code: str, name: str, name_zh: str, description: str
    ) -> Category:
        """Add a category or change the one with this code."""
        ...

    async def scenarios(
        self, *, category_code: str | None = None, operator_type: str | None = None
    ) -> list[Scenario]:
        """Scenarios by code, optionally of one category or operator type."""
        ...

    async def scenario(self, code: str) -> Scenario | None:
        """The scenario with this code, active or retired."""
        ...

    async def scenario_by_id(self, scenario_id: int) -> Scenario | None:
        """The scenario with this id."""
        ...

    async def save_scenario(self, draft: ScenarioDraft, now: datetime) -> Scenario | None:
        """Add a scenario or change the one with this code; None when its category is unknown."""
        ...


class DeferredAccounts(Protocol):
    """Pay-after-treatment accounts and their charges."""

    async def open(
        self,
        *,
        scenario_id: int,
        partner_id: int,
        person_id: int,
        visit_number: str,
        colour: IntegrityColour,
        credit_limit: Decimal,
        due_on: date,
        now: datetime,
    ) -> DeferredAccount | None:
        """Open an account; None when the partner has one for this visit number already."""
        ...

    async def by_visit(self, partner_id: int, visit_number: str) -> DeferredAccount | None:
        """The partner's account for a visit number."""
        ...

    async def has_overdue(self, person_id: int) -> bool:
        """Whether the person has an overdue, unsettled account at any hospital."""
        ...

    async def claim_charge(
        self,
        account_id: int,
        *,
        amount: Decimal,
        item: str,
        department: str,
        idempotency_key: str,
        fingerprint: str,
        now: datetime,
    ) -> DeferredCharge | None:
        """Record a charge row for a key; None when the key was used on the account already."""
        ...

    async def charge_by_key(self, account_id: int, key: str) -> DeferredCharge | None:
        """The charge an idempotency key recorded."""
        ...

    async def add_to_total(self, account_id: int, amount: Decimal) -> DeferredAccount | None:
        """Add to the running total if the account is open and stays within its limit (atomic)."""
        ...

    async def charges(self, account_id: int) -> list[DeferredCharge]:
        """The account's charges, oldest first."""
        ...

    async def settle(self, account_id: int, key: str, now: datetime) -> DeferredAccount | None:
        """Settle the whole total once (atomic); None when it is settled already."""
        ...

    async def due_for_overdue(self, today: date, limit: int) -> list[DeferredAccount]:
        """Open accounts whose last day to settle is before ``today``."""
        ...

    async def mark_overdue(self, account_id: int, today: date) -> bool:
        """Move an open account to OVERDUE (atomic); False when it was no longer open."""
        ...

    async def attach_overdue_record(self, account_id: int, record_id: int) -> None:
        """Name the credit record the overdue account produced."""
        ...


class BenefitLedger(Protocol):
    """Benefits granted, and the per-person daily use counters."""

    async def add_grant(self, draft: GrantDraft) -> BenefitGrant | None:
        """Store a grant; None when its key, order, coupon or account was granted already."""
        ...

    async def grant_by_key(self, partner_id: int, key: str) -> BenefitGrant | None:
        """The grant an idempotency key produced."""
        ...

    async def grant_for_order(
        self, partner_id: int, scenario_id: int, order_reference: str
    ) -> BenefitGrant | None:
        """The grant of a scenario on one of the partner's orders."""
        ...

    async def uses_on(self, scenario_id: int, person_id: int, day: date) -> int:
        """How many times the person used the scenario on a city day."""
        ...

    async def take_daily_use(self, scenario_id: int, person_id: int, day: date, limit: int) -> bool:
        """Count one more use unless the limit is reached (atomic); False when it is."""
        ...

    async def statistics(self, spec: StatisticsFilter) -> Statistics:
        """Beneficiaries, uses and benefit over the grants the filter selects, grouped."""
        ...


class CouponStore(Protocol):
    """Coupon batches and coupons."""

    async def claim_batch(
        self,
        *,
        partner_id: int,
        scenario_id: int,
        idempotency_key: str,
        fingerprint: str,
        expires_at: datetime,
        now: datetime,
    ) -> CouponBatch | None:
        """Take the key for a new batch; None when the partner used it already."""
        ...

    async def batch_by_key(self, partner_id: int, key: str) -> CouponBatch | None:
        """The batch a key produced."""
        ...

    async def consenting_persons(
        self,
        *,
        partner_id: int,
        scenario_id: int,
        purposes: frozenset[Purpose],
        now: datetime,
        limit: int,
    ) -> list[tuple[int, str, Purpose]]:
        """(person, consent id, purpose) of persons with an authorised, live consent for the
        partner that lets it read their integrity colour, holding no live coupon of the
        scenario from it."""
        ...

    async def add_coupons(
        self, batch: CouponBatch, coupons: Sequence[tuple[int, IntegrityColour, Decimal, str]]
    ) -> list[Coupon]:
        """Store (person, colour, face value, code) coupons of a batch and count them on it."""
        ...

    async def coupons_of_batch(self, batch_id: int) -> list[Coupon]:
        """A batch's coupons, in issue order."""
        ...

    async def by_code(self, code: str) -> Coupon | None:
        """The coupon with this code."""
        ...

    async def redeem(self, coupon_id: int, key: str, now: datetime) -> Coupon | None:
        """Mark an issued, unexpired coupon redeemed (atomic); None when it was not."""
        ...


class Savepoints(Protocol):
    """Nested transactions: a refusal undoes the work inside, the scan's audit row stays."""

    def savepoint(self) -> AbstractAsyncContextManager[object]:
        """A savepoint, released on success and rolled back when the block raises."""
        ...

    async def begin_writing(self) -> None:
        """Take the write lock first where the database serialises writers (SQLite)."""
        ...


class ScenarioStore(AccessStore, CreditStore, Protocol):
    """Everything the scenarios touch, on one transaction."""

    @property
    def incentives(self) -> IncentiveCatalogue:
        """The catalogue."""
        ...

    @property
    def deferred_accounts(self) -> DeferredAccounts:
        """Pay-after-treatment accounts."""
        ...

    @property
    def benefits(self) -> BenefitLedger:
        """Benefits granted."""
        ...

    @property
    def coupons(self) -> CouponStore:
        """Coupons."""
        ...

    @property
    def savepoints(self) -> Savepoints:
        """Savepoints."""
        ...

    @property
    def incentive_operators(self) -> IncentiveOperatorStore:
        """Who operates each scenario, and once-only uses."""
        ...
