"""What the usage context knows: a day's counts, a partner's day, a filter, a quota override."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class UsageCounts:
    """What one partner did on one day: requests sent, cost points spent, requests throttled."""

    requests: int = 0
    cost: int = 0
    throttled: int = 0

    def __add__(self, other: UsageCounts) -> UsageCounts:
        return UsageCounts(
            self.requests + other.requests, self.cost + other.cost, self.throttled + other.throttled
        )


@dataclass(frozen=True, slots=True)
class UsageDay:
    """One day of a partner's usage (days in the city's time zone)."""

    day: date
    requests: int
    cost: int
    throttled: int


@dataclass(frozen=True, slots=True)
class PartnerUsageDay:
    """One partner's usage on one day, with who the partner is (the credit office's view)."""

    partner_id: int
    partner_name: str
    partner_type: str
    day: date
    requests: int
    cost: int
    throttled: int


@dataclass(frozen=True, slots=True)
class UsageFilter:
    """Which partners' days the credit office lists: a period, and optionally a partner or type."""

    from_day: date
    to_day: date
    partner_id: int | None = None
    partner_type: str | None = None


@dataclass(frozen=True, slots=True)
class QuotaOverride:
    """A partner's own bucket, set by the credit office instead of its type's."""

    partner_id: int
    size: int
    restore_rate: int
    updated_at: datetime
    updated_by: str | None = None
