"""The tax bureau reports an enterprise's green profile and the tax it paid."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.banking import services
from api.domain.banking.errors import BankingError
from api.domain.banking.model import GreenFigures
from api.domain.subjects.model import GreenActivityClass
from api.graphql.banking.inputs import YUAN, GreenProfileInput
from api.graphql.banking.payloads import INPUT_REFUSALS, GreenProfilePayload, TaxPaidPayload
from api.graphql.banking.views import USCC, classification_view, enterprise_named
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.permissions import mutation_field
from api.graphql.scalars import DecimalLimits, UnifiedSocialCreditCode, decimal_argument

GREEN_PROFILE, UpdatedGreenProfilePayload = own_payload(
    "UpdateGreenProfile",
    INPUT_REFUSALS,
    GreenProfilePayload,
    lambda payload, errors: payload(classification=None, errors=errors),
    description="A green profile after the tax bureau's report, or why not.",
    field="input",
    payload_name="GreenProfilePayload",
)


TAX_PAID, ReportedTaxPaidPayload = own_payload(
    "ReportTaxPaid",
    INPUT_REFUSALS,
    TaxPaidPayload,
    lambda payload, errors: payload(stored=False, errors=errors),
    description="A report of tax paid, or why not.",
    errors="Why not.",
    payload_name="TaxPaidPayload",
)


@mutation_field(
    Scope.GREEN_PROFILE_WRITE,
    description="The tax bureau reports an enterprise's green profile; its green "
    "classification is recomputed in the same transaction, and banks following it are "
    "told if its green status worsened.",
    extra=[DecimalLimits()],
    graphql_type=UpdatedGreenProfilePayload,
)
@GREEN_PROFILE.performs
async def update_green_profile(
    info: Info,
    input: Annotated[GreenProfileInput, strawberry.argument(description="The profile.")],
) -> GreenProfilePayload:
    """The tax bureau reports a green profile; the classification is recomputed at once."""
    context = info.context

    enterprise = await enterprise_named(info, input.uscc)
    found = await services.update_green_profile(
        context.repos,
        enterprise_id=enterprise.id,
        uscc=enterprise.uscc,
        figures=GreenFigures(
            activity_class=GreenActivityClass(input.activity_class),
            emissions_tonnes=input.emissions_tonnes,
            carbon_intensity=input.carbon_intensity,
            carbon_reduction_tonnes=input.carbon_reduction_tonnes,
            esg_score=input.esg_score,
            as_of=input.as_of,
        ),
        now=context.now,
    )
    return UpdatedGreenProfilePayload(classification=classification_view(found), errors=[])


@mutation_field(
    Scope.TAX_RATING_WRITE,
    description="The tax bureau reports the tax an enterprise paid in a year.",
    extra=[DecimalLimits()],
    graphql_type=ReportedTaxPaidPayload,
)
@TAX_PAID.performs
async def report_tax_paid(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
    year: Annotated[int, strawberry.argument(description="Tax year.")],
    amount: Annotated[Decimal, decimal_argument("Tax paid, yuan.", YUAN)],
) -> TaxPaidPayload:
    """The tax bureau reports the tax an enterprise paid in a year (non-public)."""
    context = info.context

    enterprise = await enterprise_named(info, uscc)
    if not 2000 <= year <= context.today.year or amount < 0:
        raise BankingError("year from 2000 to this year; amount not negative")
    await context.repos.matching.set_tax_paid(enterprise.id, year, amount)
    return ReportedTaxPaidPayload(stored=True, errors=[])
