"""The vocabulary of lending after the match: financing needs and banks' claims on them, credit
lines and the statistics drawn from them, and the events a bank's webhook is told."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from api.domain.subjects.model import District


class NeedStatus(StrEnum):
    """A financing need is open until three banks have claimed it (Huzhou's rule) or withdrawn."""

    OPEN = "open"
    FULLY_CLAIMED = "fully_claimed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class FinancingNeed:
    """An enterprise's posted need: how much, what for, for how long."""

    id: int
    enterprise_id: int
    amount: Decimal
    purpose: str
    term_months: int
    status: NeedStatus
    claim_count: int
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class NeedClaim:
    """A bank's claim on a need: the first three get access."""

    need_id: int
    bank_id: int
    position: int
    claimed_at: datetime


@dataclass(frozen=True, slots=True)
class CreditLineReport:
    """A credit line a bank granted, as it reports it (``reference`` makes it idempotent)."""

    reference: str
    enterprise_id: int
    product_id: int
    amount: Decimal
    granted_on: date


@dataclass(frozen=True, slots=True)
class CreditLine:
    """A reported credit line as stored."""

    id: int
    bank_id: int
    reference: str
    enterprise_id: int
    product_id: int
    amount: Decimal
    granted_on: date
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class LendingStatistic:
    """One group of the credit office's statistics: a bank, a district and a month."""

    bank_id: int
    district: District
    period: str
    enterprises_served: int
    lines: int
    total_amount: Decimal
    green_amount: Decimal

    @property
    def green_share(self) -> Decimal:
        """Share of the amount lent under green-loan products, 0 to 1 (4 decimals)."""
        if self.total_amount == 0:
            return Decimal(0)
        return (self.green_amount / self.total_amount).quantize(Decimal("0.0001"))


class EventType(StrEnum):
    """What a bank's webhook is told."""

    GRADE_WORSENED = "borrower.grade_worsened"
    SERIOUS_DISHONESTY = "borrower.serious_dishonesty"
    SERIOUS_RECORD = "borrower.serious_record"
    GREEN_STATUS_WORSENED = "borrower.green_status_worsened"
    FINANCING_NEED_POSTED = "financing_need.posted"


@dataclass(frozen=True, slots=True)
class BorrowerEvent:
    """A change a bank following a borrower is told about."""

    type: EventType
    data: dict[str, str | int | None] = field(default_factory=dict)


class DeliveryStatus(StrEnum):
    """Where an event in a bank's webhook outbox stands."""

    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILING = "FAILING"


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    """One event in a bank's outbox, as its developer sees it to debug the receiver."""

    event_id: str
    type: EventType
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None
    body: str
