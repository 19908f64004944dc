"""Use cases: a partner's own usage, every partner's usage, and the credit office's overrides."""

from __future__ import annotations

from datetime import date, datetime

from api.domain.errors import InvalidArgumentError, NotFoundError
from api.domain.paging import Page, PageRequest
from api.domain.usage.model import PartnerUsageDay, QuotaOverride, UsageDay, UsageFilter
from api.domain.usage.ports import UsageStore
from api.domain.usage.rules import check_bucket, check_period, days_of


async def my_usage(
    store: UsageStore, *, partner_id: int, from_day: date, to_day: date, today: date
) -> list[UsageDay]:
    """A partner's own usage, one entry per day of the period (zeros on days without use)."""
    check_period(from_day, to_day, today)
    found = {d.day: d for d in await store.usage.days(partner_id, from_day, to_day)}
    return [found.get(day) or UsageDay(day, 0, 0, 0) for day in days_of(from_day, to_day)]


async def partner_usage(
    store: UsageStore, *, spec: UsageFilter, request: PageRequest, today: date
) -> Page[PartnerUsageDay]:
    """The credit office's list of every partner's days with use, filtered and paged."""
    check_period(spec.from_day, spec.to_day, today)
    return await store.usage.page(spec, request)


async def set_quota_override(
    store: UsageStore,
    *,
    partner_id: int,
    size: object,
    restore_rate: object,
    now: datetime,
    by: str | None,
) -> QuotaOverride:
    """Give a partner its own bucket (bounds checked); setting the same values again is a no-op."""
    checked_size, checked_rate = check_bucket(size, restore_rate)
    if await store.usage.partner_type(partner_id) is None:
        raise NotFoundError(f"no partner has the id {partner_id}", field="partnerId")
    return await store.usage.set_override(partner_id, checked_size, checked_rate, now, by)


async def clear_quota_override(store: UsageStore, *, partner_id: int) -> bool:
    """Give a partner its type's bucket again; whether it had one (clearing twice is fine)."""
    if partner_id < 1:
        raise InvalidArgumentError("partnerId must be positive", field="partnerId")
    if await store.usage.partner_type(partner_id) is None:
        raise NotFoundError(f"no partner has the id {partner_id}", field="partnerId")
    return await store.usage.clear_override(partner_id)
