"""The city's time: China Standard Time (UTC+8, no daylight saving)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CITY_TZ = timezone(timedelta(hours=8), name="CST")


def city_today(now: datetime) -> date:
    """The calendar day in the city at the aware instant ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(CITY_TZ).date()
