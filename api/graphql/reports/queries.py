"""Report queries: anyone verifies a signed report."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from api.domain.reports import services
from api.domain.reports.numbers import MAX_INPUT_LENGTH
from api.domain.reports.signing import MAX_DOCUMENT_CHARS
from api.graphql.context import Info
from api.graphql.reports.keys import report_keys
from api.graphql.reports.types import CreditReportVerification


async def resolve_verify_credit_report(
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
        report_keys(info),
        number=number[: MAX_INPUT_LENGTH + 1],
        document=document[: MAX_DOCUMENT_CHARS + 1],
        now=context.now,
    )
    return CreditReportVerification(
        status=verification.status,
        issued_at=verification.issued_at,
        valid_until=verification.valid_until,
    )


#: ``Query.verify_credit_report``: public, no access token needed.
verify_credit_report: Any = strawberry.field(
    resolver=resolve_verify_credit_report,
    description="Anyone verifies a special credit report by its number and document: VALID, "
    "ALTERED, EXPIRED or UNKNOWN. Reveals no content. Public: no access token needed.",
)
