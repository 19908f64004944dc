"""Special credit reports over GraphQL: ``issueCreditReport`` and the public ``verifyCreditReport``.

The two resolvers stand alone; ``Mutation`` and ``Query`` take them with one line each.
Issuing needs ``credit_report:issue`` (the citizen app for the signed-in person or enterprise,
the credit office for any subject) and is audited as a read of the subject's records.
Verifying needs no token and answers a status only.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import strawberry
from joserfc.jwk import ECKey

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.auth.signing_keys import key_window, open_private_key, public_key
from api.db.repositories import Repositories
from api.domain.consent.errors import AccessDeniedError, AuditWriteError
from api.domain.errors import DomainError, NotFoundError
from api.domain.reports import services
from api.domain.reports.errors import ReportProblem, ReportRequestError, SigningUnavailableError
from api.domain.reports.model import (
    CreditReport,
    DomainFinding,
    IssuedReport,
    ReportDomain,
    ReportedStatus,
    ReportItem,
    ReportPeriod,
    VerificationStatus,
)
from api.domain.reports.numbers import MAX_INPUT_LENGTH
from api.domain.reports.signing import MAX_DOCUMENT_CHARS
from api.graphql.base_mutation import BaseMutation
from api.graphql.context import Info
from api.graphql.permissions import UnauthenticatedError, requires
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode
from api.graphql.signed_in import signed_in_subject
from api.graphql.types.consent import SubjectKindEnum
from api.graphql.types.records import SeverityEnum

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
    code: IssueCreditReportErrorCodeEnum = strawberry.field(  # type: ignore[valid-type]
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
    domains: list[CreditReportDomainEnum] = strawberry.field(  # type: ignore[valid-type]
        description="The domains the subject picked; at least one."
    )


@strawberry.type(name="CreditReportItem", description="One record a report states.")
class CreditReportItemType:
    """A record found in the period, as the report states it."""

    occurred_on: date = strawberry.field(description="The day it happened (city time).")
    department: str = strawberry.field(description="The department that reported it.")
    severity: SeverityEnum | None = strawberry.field(  # type: ignore[valid-type]
        description="How serious it is, when the department said."
    )
    status: CreditReportItemStatusEnum = strawberry.field(  # type: ignore[valid-type]
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

    domain: CreditReportDomainEnum = strawberry.field(  # type: ignore[valid-type]
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
    subject_kind: SubjectKindEnum = strawberry.field(  # type: ignore[valid-type]
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

    status: CreditReportVerificationStatusEnum = strawberry.field(  # type: ignore[valid-type]
        description="VALID, ALTERED, EXPIRED or UNKNOWN."
    )
    issued_at: datetime | None = strawberry.field(
        description="When the report was issued (VALID and EXPIRED only)."
    )
    valid_until: datetime | None = strawberry.field(
        description="When it stops (or stopped) being valid (VALID and EXPIRED only)."
    )


class PlatformReportKeys:
    """The platform's signing keys as reports use them (implements ``ReportKeys``).

    A report is signed with the key that signs access tokens now (so it is in the JWKS when
    issued) and verified with the key stored under its kid, even once that key no longer
    verifies tokens.
    """

    def __init__(self, repos: Repositories, cipher_key: bytes) -> None:
        self._repos = repos
        self._cipher_key = cipher_key

    async def signing_key(self, now: datetime) -> ECKey | None:
        """The private key that signs at ``now``, or None when none is active."""
        window = key_window(await self._repos.reports.signing_keys(), now, timedelta(0))
        if window.signing is None:
            return None
        return open_private_key(self._cipher_key, window.signing)

    async def public_key(self, kid: str) -> ECKey | None:
        """The public key stored under ``kid``, or None."""
        record = await self._repos.reports.signing_key(kid)
        return public_key(record) if record is not None else None


def _keys(info: Info) -> PlatformReportKeys:
    return PlatformReportKeys(info.context.repos, info.context.keys.signing_key_encryption)


def _refusal(error: DomainError, input: IssueCreditReportInput) -> IssueCreditReportError:
    """The payload error of a domain refusal."""
    subject_field = "residentId" if input.resident_id is not None else "uscc"
    field: str | None = None
    if isinstance(error, ReportRequestError):
        code, field = IssueErrorCode(error.problem.value), error.field
    elif isinstance(error, NotFoundError):
        code, field = IssueErrorCode.NOT_FOUND, subject_field
    elif isinstance(error, AccessDeniedError):
        code, field = IssueErrorCode.ACCESS_DENIED, subject_field
    elif isinstance(error, SigningUnavailableError):
        code = IssueErrorCode.SIGNING_UNAVAILABLE
    else:
        code = IssueErrorCode.INVALID_ARGUMENT
    return IssueCreditReportError(field=field, message=error.message, code=code, error_code=code)


async def issue_credit_report(
    info: Info,
    input: Annotated[IssueCreditReportInput, strawberry.argument(description="The request.")],
) -> IssueCreditReportPayload:
    """Issue a report; refusals come back as payload errors."""
    context = info.context
    principal = context.principal
    if principal is None:
        raise UnauthenticatedError

    async def perform() -> IssueCreditReportPayload:
        subject = await signed_in_subject(info, input.resident_id, input.uscc)
        try:
            issued = await services.issue_credit_report(
                context.repos,
                context.crypto,
                _keys(info),
                accessor=accessor_for(principal),
                subject=subject,
                period=ReportPeriod(start=input.period_from, end=input.period_until),
                domains=[ReportDomain(domain) for domain in input.domains],
                request_id=context.request_id,
                now=context.now,
            )
        except AuditWriteError:
            context.audit_failed = True
            raise
        return IssueCreditReportPayload(report=CreditReportType.of(issued), errors=[])

    # A refused read's audit row is kept: the refusal commits (the use case wrote nothing else).
    issue = BaseMutation(
        lambda errors: IssueCreditReportPayload(report=None, errors=errors),
        lambda error: [_refusal(error, input)],
        keep_on_refusal=True,
    )
    return await issue.run(info, perform)


async def verify_credit_report(
    info: Info,
    number: Annotated[
        str, strawberry.argument(description="The report number, as printed on the report.")
    ],
    document: Annotated[
        str, strawberry.argument(description="The signed report (compact JWS) you were handed.")
    ],
) -> CreditReportVerification:
    """Verify a report; the answer is a status, never content."""
    context = info.context
    verification = await services.verify_credit_report(
        context.repos,
        _keys(info),
        number=number[: MAX_INPUT_LENGTH + 1],
        document=document[: MAX_DOCUMENT_CHARS + 1],
        now=context.now,
    )
    return CreditReportVerification(
        status=verification.status,
        issued_at=verification.issued_at,
        valid_until=verification.valid_until,
    )


#: ``Mutation.issue_credit_report``.
issue_credit_report_field: Any = strawberry.mutation(
    resolver=issue_credit_report,
    **requires(
        Scope.CREDIT_REPORT_ISSUE,
        description="Issue a signed special credit report on a person or an enterprise: per "
        "domain picked, whether records exist in the period (repaired ones shown as "
        "repaired). The citizen app issues it for the signed-in subject, the credit office "
        "for any subject; either way it is in the subject's access log.",
    ),
)

#: ``Query.verify_credit_report``: public, no access token needed.
verify_credit_report_field: Any = strawberry.field(
    resolver=verify_credit_report,
    description="Anyone verifies a special credit report by its number and document: VALID, "
    "ALTERED, EXPIRED or UNKNOWN. Reveals no content. Public: no access token needed.",
)
