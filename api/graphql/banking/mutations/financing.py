"""Financing needs: an enterprise posts one, banks claim it and report the credit line."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.banking import services
from api.domain.banking.errors import BankingCode
from api.domain.banking.model import CreditLineReport
from api.graphql.banking.inputs import CreditLineInput, FinancingNeedInput
from api.graphql.banking.payloads import (
    INPUT_REFUSALS,
    ClaimFinancingNeedPayload,
    CreditLinePayload,
    FinancingNeedPayload,
)
from api.graphql.banking.types import (
    BankObject,
    CreditLineView,
    LoanProductType,
    decode_id,
    encode_id,
)
from api.graphql.banking.views import enterprise_named, need_views
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import DecimalLimits

POST_NEED, PostedFinancingNeedPayload = own_payload(
    "PostFinancingNeed",
    INPUT_REFUSALS,
    FinancingNeedPayload,
    lambda payload, errors: payload(need=None, banks_told=0, errors=errors),
    description="A posted financing need, or why not.",
    errors="Why nothing was posted.",
    field="input",
    payload_name="FinancingNeedPayload",
)


CLAIM_NEED, ClaimedFinancingNeedPayload = own_payload(
    "ClaimFinancingNeed",
    (BankingCode.NOT_FOUND, BankingCode.NEED_NOT_OPEN, BankingCode.CLAIMS_FULL),
    ClaimFinancingNeedPayload,
    lambda payload, errors: payload(need=None, errors=errors),
    description="A claim on a financing need, or why it was refused.",
    errors="Why the claim was refused.",
    field="needId",
    payload_name="ClaimFinancingNeedPayload",
)


CREDIT_LINE, ReportedCreditLinePayload = own_payload(
    "ReportCreditLine",
    (*INPUT_REFUSALS, BankingCode.NOT_YOUR_PRODUCT, BankingCode.IDEMPOTENCY_KEY_REUSED),
    CreditLinePayload,
    lambda payload, errors: payload(credit_line=None, replayed=False, errors=errors),
    description="A reported credit line, or why not.",
    errors="Why nothing was stored.",
    field="input",
    payload_name="CreditLinePayload",
)


@mutation_field(
    Scope.FINANCING_NEED_WRITE,
    description="The signed-in enterprise posts a financing need; banks with a "
    "matching published product are told.",
    extra=[DecimalLimits()],
    graphql_type=PostedFinancingNeedPayload,
)
@POST_NEED.performs
async def post_financing_need(
    info: Info,
    input: Annotated[FinancingNeedInput, strawberry.argument(description="The need.")],
) -> FinancingNeedPayload:
    """The signed-in enterprise posts a need; banks with a matching product are told."""
    context = info.context

    enterprise = await enterprise_named(info, input.uscc)
    need, told = await services.post_need(
        context.repos,
        enterprise_id=enterprise.id,
        uscc=enterprise.uscc,
        amount=input.amount,
        purpose=input.purpose,
        term_months=input.term_months,
        now=context.now,
        need_ref=lambda need_id: encode_id(info, BankObject.FINANCING_NEED, need_id),
        product_ref=lambda product_id: encode_id(info, BankObject.LOAN_PRODUCT, product_id),
    )
    views = await need_views(info, [need], None, owner=True)
    return PostedFinancingNeedPayload(need=views[0], banks_told=len(told), errors=[])


@mutation_field(
    Scope.FINANCING_NEED_CLAIM,
    description="Claim a financing need: the first three banks get access to it, "
    "later claims are refused with CLAIMS_FULL.",
    graphql_type=ClaimedFinancingNeedPayload,
)
@CLAIM_NEED.performs
async def claim_financing_need(
    info: Info,
    need_id: Annotated[strawberry.ID, strawberry.argument(description="The need.")],
) -> ClaimFinancingNeedPayload:
    """Claim a need: the first three banks get access to it; later claims are refused."""
    context = info.context
    bank_id = caller(info).partner_id

    nid = decode_id(info, BankObject.FINANCING_NEED, need_id)
    await services.claim_need(context.repos, bank_id=bank_id, need_id=nid, now=context.now)
    need = await context.repos.financing.get_need(nid)
    views = await need_views(info, [need], bank_id) if need else []
    return ClaimedFinancingNeedPayload(need=views[0] if views else None, errors=[])


@mutation_field(
    Scope.CREDIT_LINE_WRITE,
    description="Report a credit line granted, idempotently by your reference.",
    extra=[DecimalLimits()],
    graphql_type=ReportedCreditLinePayload,
)
@CREDIT_LINE.performs
async def report_credit_line(
    info: Info,
    input: Annotated[CreditLineInput, strawberry.argument(description="The line.")],
) -> CreditLinePayload:
    """Report a line granted, once per reference (a retry returns the first report)."""
    context = info.context
    bank_id = caller(info).partner_id

    enterprise = await enterprise_named(info, input.uscc)
    line, replayed = await services.report_credit_line(
        context.repos,
        bank_id=bank_id,
        report=CreditLineReport(
            reference=input.reference,
            enterprise_id=enterprise.id,
            product_id=decode_id(info, BankObject.LOAN_PRODUCT, input.product_id),
            amount=input.amount,
            granted_on=input.granted_on,
        ),
        now=context.now,
    )
    product = await context.repos.loan_products.get(line.product_id)
    view = CreditLineView(
        id=strawberry.ID(encode_id(info, BankObject.CREDIT_LINE, line.id)),
        reference=line.reference,
        amount=line.amount,
        granted_on=line.granted_on,
        product=cast(LoanProductType, product),
    )
    return ReportedCreditLinePayload(credit_line=view, replayed=replayed, errors=[])
