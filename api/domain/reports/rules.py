"""Pure rules of special credit reports: period, domains, which records are stated, validity.

The national rule of 2025 (domain.md, "Published rules the model should follow"): a report
covers at least administrative penalties, administrative enforcement, the serious-dishonesty
list and criminal records; the subject picks the period and the domains; repaired items are
shown as repaired.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from types import MappingProxyType

from api.domain.clock import CITY_TZ, city_today
from api.domain.consent.model import Purpose
from api.domain.records.model import (
    NEGATIVE_CATEGORIES,
    CreditRecord,
    RecordCategory,
    RecordStatus,
    Severity,
)
from api.domain.reports.errors import ReportProblem, ReportRequestError
from api.domain.reports.model import (
    DomainFinding,
    ReportDomain,
    ReportedStatus,
    ReportItem,
    ReportPeriod,
)

#: How long a report speaks for its subject after it is issued (a platform choice: receivers
#: such as tendering agencies commonly accept a certificate up to three months old).
REPORT_VALIDITY = timedelta(days=90)

#: Which record category feeds which domain.
DOMAIN_CATEGORIES: Mapping[ReportDomain, RecordCategory] = MappingProxyType(
    {
        ReportDomain.ADMINISTRATIVE_PENALTY: RecordCategory.PENALTY,
        ReportDomain.ADMINISTRATIVE_ENFORCEMENT: RecordCategory.ENFORCEMENT,
        ReportDomain.SERIOUS_DISHONESTY_LIST: RecordCategory.DISHONESTY_LIST,
        ReportDomain.CRIMINAL_RECORD: RecordCategory.CRIMINAL_RECORD,
    }
)

#: The serious-dishonesty list (严重失信主体名单) is the dishonesty-list entries of severity
#: SERIOUS; a dishonesty-list entry of lesser (or no) severity is not on that list.
SERIOUS_LIST_SEVERITY = Severity.SERIOUS

#: The purposes a report may be issued under, in order of preference: the subject acting for
#: itself (self-service), else the credit office's statutory duty.
ISSUING_PURPOSES = (Purpose.SUBJECT_SELF_SERVICE, Purpose.CREDIT_SUPERVISION)


def check_domains(domains: Iterable[ReportDomain]) -> tuple[ReportDomain, ...]:
    """The subject picks the domains (domain.md, national rule of 2025): at least one, deduped."""
    picked = frozenset(domains)
    if not picked:
        raise ReportRequestError(
            ReportProblem.NO_DOMAINS, "domains", "pick at least one domain for the report"
        )
    return tuple(domain for domain in ReportDomain if domain in picked)


def check_period(period: ReportPeriod, now: datetime) -> ReportPeriod:
    """The subject picks the period (domain.md, national rule of 2025): in order, ends by today."""
    if period.end < period.start:
        raise ReportRequestError(
            ReportProblem.PERIOD_END_BEFORE_START,
            "periodUntil",
            "the period ends before it starts",
        )
    today = city_today(now)
    if period.end > today:
        raise ReportRequestError(
            ReportProblem.PERIOD_IN_FUTURE,
            "periodUntil",
            f"the period must end today ({today.isoformat()}) or earlier",
        )
    return period


def period_bounds(period: ReportPeriod) -> tuple[datetime, datetime]:
    """The instants a period covers: from its first city midnight to the one after its end."""
    start = datetime.combine(period.start, time(), tzinfo=CITY_TZ)
    end = datetime.combine(period.end + timedelta(days=1), time(), tzinfo=CITY_TZ)
    return start, end


def in_domain(record: CreditRecord, domain: ReportDomain) -> bool:
    """Whether a record feeds a domain (domain.md: the serious-dishonesty list is SERIOUS only)."""
    if record.category is not DOMAIN_CATEGORIES[domain]:
        return False
    if domain is ReportDomain.SERIOUS_DISHONESTY_LIST:
        return record.severity is SERIOUS_LIST_SEVERITY
    return True


def reported_status(record: CreditRecord, today: date) -> ReportedStatus | None:
    """How a report states a record, or None when it states nothing about it.

    Repaired records are shown as repaired (national rule of 2025). Exempted matters leave no
    negative record (domain.md, "Exempt-from-penalty list"); expired records, and records past
    their publicity period, stop being shown (domain.md, "Rules that bind the data"); minor
    negative records are normally not published (Credit Repair Measures 2026).
    """
    if record.status in (RecordStatus.EXEMPTED, RecordStatus.EXPIRED):
        return None
    if record.category in NEGATIVE_CATEGORIES and record.severity is Severity.MINOR:
        return None
    if record.publicity_until is not None and record.publicity_until < today:
        return None
    if record.status is RecordStatus.REPAIRED:
        return ReportedStatus.REPAIRED
    return ReportedStatus.ACTIVE


def in_period(record: CreditRecord, period: ReportPeriod) -> bool:
    """Whether a record happened inside the period (city days, both ends inclusive)."""
    start, end = period_bounds(period)
    return start <= record.occurred_at < end


def findings(
    records: Sequence[CreditRecord],
    domains: Sequence[ReportDomain],
    period: ReportPeriod,
    today: date,
) -> tuple[DomainFinding, ...]:
    """Per domain, the records stated, oldest first; repaired ones as repaired (domain.md)."""
    result: list[DomainFinding] = []
    ordered = sorted(records, key=lambda record: (record.occurred_at, record.id))
    for domain in domains:
        items: list[ReportItem] = []
        for record in ordered:
            status = reported_status(record, today)
            if status is None or not in_domain(record, domain) or not in_period(record, period):
                continue
            items.append(
                ReportItem(
                    occurred_on=record.occurred_at.astimezone(CITY_TZ).date(),
                    department=record.department.name if record.department else "",
                    severity=record.severity,
                    status=status,
                    summary=record.summary,
                )
            )
        result.append(DomainFinding(domain=domain, items=tuple(items)))
    return tuple(result)


def valid_until(issued_at: datetime) -> datetime:
    """Until when a report issued at ``issued_at`` is valid (REPORT_VALIDITY later)."""
    return issued_at + REPORT_VALIDITY


def issuing_purpose(allowed: frozenset[Purpose]) -> Purpose | None:
    """Self-service when the subject acts, else the office's duty (domain.md, "Rules that bind")."""
    return next((purpose for purpose in ISSUING_PURPOSES if purpose in allowed), None)
