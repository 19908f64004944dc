"""The vocabulary of special credit reports: domains, periods, findings, stored reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from api.domain.consent.model import Purpose, SubjectRef
from api.domain.records.model import Severity


class ReportDomain(StrEnum):
    """What a report covers: the four domains the national rule of 2025 requires at least."""

    ADMINISTRATIVE_PENALTY = "administrative_penalty"
    ADMINISTRATIVE_ENFORCEMENT = "administrative_enforcement"
    SERIOUS_DISHONESTY_LIST = "serious_dishonesty_list"
    CRIMINAL_RECORD = "criminal_record"


class ReportedStatus(StrEnum):
    """How a record stands in a report: on record, or repaired (shown as repaired)."""

    ACTIVE = "active"
    REPAIRED = "repaired"


class VerificationStatus(StrEnum):
    """The only answer ``verify`` gives: valid, altered, expired or unknown."""

    VALID = "VALID"
    ALTERED = "ALTERED"
    EXPIRED = "EXPIRED"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """The days a report covers, both inclusive, as calendar days in the city (UTC+8)."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class ReportSubject:
    """Whom a report is about, as printed on it: name and (masked) identifier."""

    ref: SubjectRef
    name: str
    #: A person's resident ID masked (``330502********1234``); an enterprise's USCC.
    identifier: str


@dataclass(frozen=True, slots=True)
class ReportItem:
    """One record a report states: when, which department, how serious, and its standing."""

    occurred_on: date
    department: str
    severity: Severity | None
    status: ReportedStatus
    summary: str


@dataclass(frozen=True, slots=True)
class DomainFinding:
    """What a report says about one domain: the records found in the period, if any."""

    domain: ReportDomain
    items: tuple[ReportItem, ...]

    @property
    def has_records(self) -> bool:
        """Whether any record (active or repaired) was found in the period."""
        return bool(self.items)

    @property
    def active_count(self) -> int:
        """How many records found are still on record."""
        return sum(1 for item in self.items if item.status is ReportedStatus.ACTIVE)

    @property
    def repaired_count(self) -> int:
        """How many records found were repaired."""
        return sum(1 for item in self.items if item.status is ReportedStatus.REPAIRED)


@dataclass(frozen=True, slots=True)
class CreditReport:
    """A report's content: everything the content hash covers and the signature seals."""

    number: str
    subject: ReportSubject
    period: ReportPeriod
    findings: tuple[DomainFinding, ...]
    issued_at: datetime
    valid_until: datetime

    @property
    def domains(self) -> tuple[ReportDomain, ...]:
        """The domains the report covers, in the canonical order."""
        return tuple(finding.domain for finding in self.findings)


@dataclass(frozen=True, slots=True)
class StoredReport:
    """What the platform keeps of an issued report: enough to verify it, not its content."""

    number: str
    subject: SubjectRef
    period: ReportPeriod
    domains: tuple[ReportDomain, ...]
    issued_at: datetime
    valid_until: datetime
    content_hash: bytes = field(repr=False)
    key_id: str
    purpose: Purpose
    issuer_partner_id: int
    issuer_client_id: str


@dataclass(frozen=True, slots=True)
class IssuedReport:
    """A freshly issued report: its content, its content hash, and the signed document."""

    report: CreditReport
    content_hash: bytes
    key_id: str
    #: The compact JWS the subject hands over (it carries the content and its hash).
    document: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Verification:
    """The answer to a verification; the times only when the document is the genuine one."""

    status: VerificationStatus
    issued_at: datetime | None = None
    valid_until: datetime | None = None
