"""The enterprise's side of its financing need: the banks that claimed it, and withdrawing it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.banking.errors import BankingCode
from api.domain.errors import ErrorCode
from api.domain.taxcredit import needs
from api.graphql.banking.types import BankObject, decode_id, encode_id
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.permissions import query_field, requires
from api.graphql.scalars import UnifiedSocialCreditCode

WITHDRAW_NEED = typed_mutation(
    "WithdrawFinancingNeed",
    (ErrorCode.NOT_FOUND, BankingCode.NEED_NOT_OPEN),
    lambda errors: WithdrawFinancingNeedPayload(need=None, already_withdrawn=False, errors=errors),
    field="needId",
)
USCC = "The enterprise's unified social credit code (the need's owner)."
NEED = "The need (FinancingNeed.id, as postFinancingNeed answered)."


@strawberry.type(name="NeedClaimingBank", description="A bank that claimed a financing need.")
class ClaimingBankType:
    """Who claimed, in which place, and when."""

    bank_partner_id: int = strawberry.field(description="The bank's partner id.")
    bank_name: str = strawberry.field(description="The bank's name.")
    position: int = strawberry.field(description="Its place among the first three, 1 to 3.")
    claimed_at: datetime = strawberry.field(description="When it claimed the need.")


@strawberry.type(name="OwnFinancingNeed", description="A financing need as its enterprise sees it.")
class OwnNeedType:
    """The need's figures, status and the banks that claimed it."""

    id: strawberry.ID = strawberry.field(description="The need's opaque ID.")
    amount: Decimal = strawberry.field(description="Amount asked, yuan.")
    purpose: str = strawberry.field(description="What it is for.")
    term_months: int = strawberry.field(description="Term, months.")
    status: str = strawberry.field(description="OPEN, FULLY_CLAIMED or WITHDRAWN.")
    claimed_by: list[ClaimingBankType] = strawberry.field(
        description="The banks that claimed it, in claim order (at most three)."
    )


@strawberry.type(description="The withdrawn need, or why not.")
class WithdrawFinancingNeedPayload:
    """The need after the withdrawal."""

    need: OwnNeedType | None = strawberry.field(description="The need, now withdrawn.")
    already_withdrawn: bool = strawberry.field(
        description="True when it was withdrawn before (nothing changed)."
    )
    errors: list[MutationError] = errors_field(WITHDRAW_NEED, "Why nothing changed.")


def own_view(info: Info, own: needs.OwnNeed) -> OwnNeedType:
    """A need and its claims as the GraphQL type."""
    need = own.need
    return OwnNeedType(
        id=strawberry.ID(encode_id(info, BankObject.FINANCING_NEED, need.id)),
        amount=need.amount,
        purpose=need.purpose,
        term_months=need.term_months,
        status=need.status.name,
        claimed_by=[
            ClaimingBankType(
                bank_partner_id=c.bank_id,
                bank_name=c.bank_name,
                position=c.position,
                claimed_at=c.claimed_at,
            )
            for c in own.claims
        ],
    )


@query_field(
    Scope.FINANCING_NEED_WRITE,
    description="The signed-in enterprise's financing need and the banks that claimed it.",
)
async def own_financing_need(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
    need_id: Annotated[strawberry.ID, strawberry.argument(description=NEED)],
) -> OwnNeedType:
    """The enterprise's need with its claiming banks; another's need is NOT_FOUND."""
    own = await needs.need_with_claims(
        info.context.repos.own_needs,
        need_id=decode_id(info, BankObject.FINANCING_NEED, str(need_id)),
        uscc=str(uscc),
    )
    return own_view(info, own)


async def withdraw_financing_need(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
    need_id: Annotated[strawberry.ID, strawberry.argument(description=NEED)],
) -> WithdrawFinancingNeedPayload:
    """The enterprise withdraws its need; banks can no longer claim it."""

    async def perform() -> WithdrawFinancingNeedPayload:
        own = await needs.withdraw_need(
            info.context.repos.own_needs,
            need_id=decode_id(info, BankObject.FINANCING_NEED, str(need_id)),
            uscc=str(uscc),
        )
        return WithdrawFinancingNeedPayload(
            need=own_view(info, own), already_withdrawn=own.already_withdrawn, errors=[]
        )

    return await WITHDRAW_NEED.run(info, perform)


WITHDRAW_FIELD = strawberry.mutation(
    resolver=withdraw_financing_need,
    graphql_type=WithdrawFinancingNeedPayload,
    **requires(
        Scope.FINANCING_NEED_WRITE,
        description="The signed-in enterprise withdraws its financing need: banks can no "
        "longer claim it; withdrawing again changes nothing (alreadyWithdrawn).",
    ),
)
