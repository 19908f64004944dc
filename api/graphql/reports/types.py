"""Special credit reports: the report, its items and findings, issuing and verifying."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import strawberry

from api.domain.reports.errors import ReportProblem
from api.domain.reports.model import (
    CreditReport,
    DomainFinding,
    IssuedReport,
    ReportDomain,
    ReportedStatus,
    ReportItem,
    VerificationStatus,
)
from api.graphql.consent.types import SubjectKindEnum
from api.graphql.credit.types.records import SeverityEnum
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode

CreditReportDomainEnum = strawberry.enum(
    ReportDomain,
    name="CreditReportDomain",
    description="What a special credit report covers: administrative penalties, administrative "
    "enforcement, the serious-dishonesty list and criminal records (national rule of 2025).",
)


CreditReportItemStatusEnum = strawberry.enum(
    ReportedStatus,
    name="CreditReportItemStatus",
    description="How a report states a record: still on record (ACTIVE) or REPAIRED.",
)


CreditReportVerificationStatusEnum = strawberry.enum(
    VerificationStatus,
    name="CreditReportVerificationStatus",
    description="VALID (genuine, within its validity), ALTERED (the number exists but the "
    "document is not its genuine one), EXPIRED (genuine, past its validity), UNKNOWN (no "
    "report has this number).",
)


class IssueErrorCode(StrEnum):
    """Why a credit report was not issued (stable codes partners can branch on)."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    PERIOD_END_BEFORE_START = ReportProblem.PERIOD_END_BEFORE_START.value
    PERIOD_IN_FUTURE = ReportProblem.PERIOD_IN_FUTURE.value
    NO_DOMAINS = ReportProblem.NO_DOMAINS.value
    ACCESS_DENIED = "ACCESS_DENIED"
    SIGNING_UNAVAILABLE = "SIGNING_UNAVAILABLE"


IssueCreditReportErrorCodeEnum = strawberry.enum(
    IssueErrorCode,
    name="IssueCreditReportErrorCode",
    description="Why a credit report was not issued: INVALID_ARGUMENT (name exactly one of "
    "residentId and uscc), NOT_FOUND (no such subject), PERIOD_END_BEFORE_START, "
    "PERIOD_IN_FUTURE (the period must end today or earlier), NO_DOMAINS, ACCESS_DENIED, "
    "SIGNING_UNAVAILABLE (retry shortly).",
)


@strawberry.type(description="Why issueCreditReport did not issue a report.")
class IssueCreditReportError:
    """A refusal the caller can act on."""

    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for people.")
    code: IssueCreditReportErrorCodeEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Stable machine-readable code (the same as errorCode).",
        deprecation_reason="Use errorCode.",
    )
    error_code: IssueCreditReportErrorCodeEnum = strawberry.field(  # type: ignore[valid-type]  # a strawberry enum
        description="Stable machine-readable code, as every mutation's error carries it."
    )


@strawberry.input(
    description="What a special credit report covers: whom, which days, which domains."
)
class IssueCreditReportInput:
    """Name exactly one of residentId and uscc; the citizen app names the signed-in subject."""

    resident_id: ResidentId | None = strawberry.field(
        default=None, description="The person the report is about."
    )
    uscc: UnifiedSocialCreditCode | None = strawberry.field(
        default=None, description="The enterprise the report is about."
    )
    period_from: date = strawberry.field(
        description="First day covered (a calendar day in the city, inclusive)."
    )
    period_until: date = strawberry.field(
        description="Last day covered (inclusive); today at the latest."
    )
    domains: list[CreditReportDomainEnum] = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The domains the subject picked; at least one."
    )


@strawberry.type(name="CreditReportItem", description="One record a report states.")
class CreditReportItemType:
    """A record found in the period, as the report states it."""

    occurred_on: date = strawberry.field(description="The day it happened (city time).")
    department: str = strawberry.field(description="The department that reported it.")
    severity: SeverityEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="How serious it is, when the department said."
    )
    status: CreditReportItemStatusEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="ACTIVE, or REPAIRED (repaired records are shown as repaired)."
    )
    summary: str = strawberry.field(description="What happened, as the department wrote it.")

    @classmethod
    def of(cls, item: ReportItem) -> CreditReportItemType:
        """The GraphQL view of a report item."""
        return cls(
            occurred_on=item.occurred_on,
            department=item.department,
            severity=item.severity,
            status=item.status,
            summary=item.summary,
        )


@strawberry.type(name="CreditReportFinding", description="What a report says about one domain.")
class CreditReportFindingType:
    """Whether records exist in the period for one domain, and which."""

    domain: CreditReportDomainEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The domain."
    )
    has_records: bool = strawberry.field(
        description="Whether any record (active or repaired) exists in the period."
    )
    active_count: int = strawberry.field(description="How many are still on record.")
    repaired_count: int = strawberry.field(description="How many were repaired.")
    items: list[CreditReportItemType] = strawberry.field(description="The records, oldest first.")

    @classmethod
    def of(cls, finding: DomainFinding) -> CreditReportFindingType:
        """The GraphQL view of a finding."""
        return cls(
            domain=finding.domain,
            has_records=finding.has_records,
            active_count=finding.active_count,
            repaired_count=finding.repaired_count,
            items=[CreditReportItemType.of(item) for item in finding.items],
        )


@strawberry.type(
    name="CreditReport",
    description="A special credit report: numbered, signed by the platform, verifiable by anyone "
    "with its number and document (verifyCreditReport).",
)
class CreditReportType:
    """The report as issued; ``document`` is what the subject hands over."""

    number: str = strawberry.field(description="The report number, e.g. CR-20261101-...-X.")
    subject_kind: SubjectKindEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Whether it is about a person or an enterprise."
    )
    subject_name: str = strawberry.field(description="The subject's name.")
    subject_identifier: str = strawberry.field(
        description="A person's resident ID masked, or an enterprise's unified social credit code."
    )
    period_from: date = strawberry.field(description="First day covered.")
    period_until: date = strawberry.field(description="Last day covered.")
    issued_at: datetime = strawberry.field(description="When it was issued.")
    valid_until: datetime = strawberry.field(description="When it stops being valid.")
    findings: list[CreditReportFindingType] = strawberry.field(
        description="Per domain picked: whether records exist in the period, and which."
    )
    content_hash: str = strawberry.field(
        description="SHA-256 of the report's canonical JSON content, as `sha256:<hex>`."
    )
    key_id: str = strawberry.field(
        description="The kid of the platform key that signed it (published in the JWKS)."
    )
    document: str = strawberry.field(
        description="The signed report: a compact JWS (ES256) whose payload is the canonical JSON "
        '`{"contentHash": ..., "report": {...}}`. Hand it over with the number.'
    )

    @classmethod
    def of(cls, issued: IssuedReport) -> CreditReportType:
        """The GraphQL view of an issued report."""
        report: CreditReport = issued.report
        return cls(
            number=report.number,
            subject_kind=report.subject.ref.kind,
            subject_name=report.subject.name,
            subject_identifier=report.subject.identifier,
            period_from=report.period.start,
            period_until=report.period.end,
            issued_at=report.issued_at,
            valid_until=report.valid_until,
            findings=[CreditReportFindingType.of(finding) for finding in report.findings],
            content_hash="sha256:" + issued.content_hash.hex(),
            key_id=issued.key_id,
            document=issued.document,
        )


@strawberry.type(description="A freshly issued credit report, or why none was issued.")
class IssueCreditReportPayload:
    """The report, or the errors."""

    report: CreditReportType | None = strawberry.field(description="The report.")
    errors: list[IssueCreditReportError] = strawberry.field(description="Why nothing was issued.")


@strawberry.type(
    description="The answer to verifyCreditReport: a status, and the report's issue and expiry "
    "times only when the document is the genuine one."
)
class CreditReportVerification:
    """Never the report's content."""

    status: CreditReportVerificationStatusEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="VALID, ALTERED, EXPIRED or UNKNOWN."
    )
    issued_at: datetime | None = strawberry.field(
        description="When the report was issued (VALID and EXPIRED only)."
    )
    valid_until: datetime | None = strawberry.field(
        description="When it stops (or stopped) being valid (VALID and EXPIRED only)."
    )
