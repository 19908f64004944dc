"""registerIpPledge: a bank registers a patent or trademark pledge and the loan it secured."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.errors import ErrorCode
from api.domain.ippledge import services
from api.domain.ippledge.model import IpKind, PledgeDraft
from api.domain.numbers import NumericLimit
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.ippledge.types import IpKindEnum, IpPledgeType, pledge_view
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import DecimalLimits, UnifiedSocialCreditCode, decimal_field

#: Money in yuan: Numeric(16, 2).
YUAN = NumericLimit(16, 2)

REGISTER_PLEDGE = typed_mutation(
    "RegisterIpPledge",
    (
        ErrorCode.INVALID_ARGUMENT,
        ErrorCode.DATE_IN_FUTURE,
        ErrorCode.NOT_FOUND,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.CONFLICT,
    ),
    lambda errors: RegisterIpPledgePayload(pledge=None, replayed=False, errors=errors),
)


@strawberry.input(description="A patent or trademark pledged to you, and the loan it secured.")
class RegisterIpPledgeInput:
    """Registered once per idempotency key; a right is pledged once on a day."""

    uscc: UnifiedSocialCreditCode = strawberry.field(description="The pledging enterprise.")
    kind: IpKindEnum = strawberry.field(description="Patent or trademark.")  # type: ignore[valid-type]  # strawberry enum used as a type
    registration_number: str = strawberry.field(
        description="A patent's application number, ZL + 12 digits + . + check character "
        "(e.g. ZL202010123456.2); a trademark's registration number, 1-9 digits."
    )
    pledge_registered_on: date = strawberry.field(
        description="Day the pledge was registered, on or after the application."
    )
    valuation: Decimal = decimal_field("The right's valuation, yuan, above 0.", YUAN)
    loan_amount: Decimal = decimal_field("The loan, yuan, above 0 and at most the valuation.", YUAN)
    applied_on: date = strawberry.field(description="Day the enterprise applied for the loan.")
    loaned_on: date = strawberry.field(
        description="Day the loan was paid, on or after the registration, not after today."
    )
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )


@strawberry.type(description="The pledge registered, or why not.")
class RegisterIpPledgePayload:
    """The pledge as stored."""

    pledge: IpPledgeType | None = strawberry.field(description="The pledge.")
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(REGISTER_PLEDGE, "Why nothing was stored.")


@mutation_field(
    Scope.IP_PLEDGE_WRITE,
    description="Register an intellectual-property pledge (知识产权质押) and the loan it "
    "secured: the number is checked, the dates run application, registration, loan.",
    extra=[DecimalLimits()],
)
@REGISTER_PLEDGE.performs
async def register_ip_pledge(
    info: Info,
    input: Annotated[RegisterIpPledgeInput, strawberry.argument(description="The pledge.")],
) -> RegisterIpPledgePayload:
    """Register the pledge once per key."""
    context = info.context
    draft = PledgeDraft(
        enterprise_uscc=input.uscc,
        kind=IpKind(input.kind),
        registration_number=input.registration_number,
        pledge_registered_on=input.pledge_registered_on,
        valuation=input.valuation,
        loan_amount=input.loan_amount,
        applied_on=input.applied_on,
        loaned_on=input.loaned_on,
    )
    pledge, replayed = await services.register_pledge(
        context.repos.ip_pledges,
        caller(info).partner_id,
        draft,
        idempotency_key=input.idempotency_key,
        now=context.now,
    )
    return RegisterIpPledgePayload(pledge=pledge_view(pledge), replayed=replayed, errors=[])
