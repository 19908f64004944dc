"""Issuing a special credit report (its refusals keep their audit row)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.consent.errors import AccessDeniedError, AuditWriteError
from api.domain.errors import DomainError, NotFoundError
from api.domain.reports import services
from api.domain.reports.errors import ReportRequestError, SigningUnavailableError
from api.domain.reports.model import ReportDomain, ReportPeriod
from api.graphql.base_mutation import BaseMutation
from api.graphql.context import Info
from api.graphql.permissions import UnauthenticatedError, mutation_field
from api.graphql.reports.keys import report_keys
from api.graphql.reports.types import (
    CreditReportType,
    IssueCreditReportError,
    IssueCreditReportInput,
    IssueCreditReportPayload,
    IssueErrorCode,
)
from api.graphql.signed_in import signed_in_subject


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


#: ``Mutation.issue_credit_report``.
@mutation_field(
    Scope.CREDIT_REPORT_ISSUE,
    description="Issue a signed special credit report on a person or an enterprise: per "
    "domain picked, whether records exist in the period (repaired ones shown as "
    "repaired). The citizen app issues it for the signed-in subject, the credit office "
    "for any subject; either way it is in the subject's access log.",
)
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
                report_keys(info),
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
