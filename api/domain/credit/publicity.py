"""How long a negative record may be published, and from when it may be repaired.

Credit Repair Measures (national, in force from 2026-04-01), as domain.md restates them:
minor (轻微) records are normally not published and at most for 3 months; general (一般) ones
are published for 3 months to 1 year; serious (严重) ones for 1 to 3 years. A subject may apply
for repair once the minimum publicity period has passed.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from api.domain.credit.errors import PublicityOutOfRangeError
from api.domain.records.model import Severity


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class PublicityRange:
    """The shortest and longest publicity a severity allows, in months after the fact."""

    min_months: int
    max_months: int


#: Credit Repair Measures 2026: minor at most 3 months, general 3-12, serious 12-36.
PUBLICITY_BY_SEVERITY: Mapping[Severity, PublicityRange] = MappingProxyType(
    {
        Severity.MINOR: PublicityRange(0, 3),
        Severity.GENERAL: PublicityRange(3, 12),
        Severity.SERIOUS: PublicityRange(12, 36),
    }
)


def publicity_bounds(severity: Severity, occurred_on: date) -> tuple[date, date]:
    """The earliest and latest last day of publicity for a record of this severity."""
    allowed = PUBLICITY_BY_SEVERITY[severity]
    return add_months(occurred_on, allowed.min_months), add_months(occurred_on, allowed.max_months)


def default_publicity_until(severity: Severity, occurred_on: date) -> date:
    """The publicity a department gets when it names none: the longest its severity allows."""
    return publicity_bounds(severity, occurred_on)[1]


def check_publicity_until(severity: Severity, occurred_on: date, until: date) -> None:
    """Refuse a publicity end outside what the severity allows (names the allowed range)."""
    earliest, latest = publicity_bounds(severity, occurred_on)
    if not earliest <= until <= latest:
        raise PublicityOutOfRangeError(
            f"a {severity.value} record may be published until {earliest.isoformat()} at the "
            f"earliest and {latest.isoformat()} at the latest, not {until.isoformat()}"
        )


def repair_eligible_on(severity: Severity, occurred_on: date) -> date:
    """The first day the subject may apply for repair: once the minimum period has passed."""
    return add_months(occurred_on, PUBLICITY_BY_SEVERITY[severity].min_months)
