"""Loan products: a bank creates, updates, publishes and retires its products."""

from __future__ import annotations

from typing import Annotated, Any, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.banking import services
from api.domain.banking.errors import BankingCode
from api.domain.banking.model import ProductStatus
from api.graphql.banking.inputs import LoanProductInput
from api.graphql.banking.payloads import LoanProductPayload
from api.graphql.banking.types import BankObject, LoanProductType, decode_id
from api.graphql.base_mutation import MutationError, TypedMutation, own_payload
from api.graphql.context import Info
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import DecimalLimits


def _refused_product(
    payload: type[LoanProductPayload], errors: list[MutationError]
) -> LoanProductPayload:
    return payload(product=None, errors=errors)


#: Changing one of the caller's products: it must exist, be the caller's and allow the step.
_OWN_PRODUCT = (
    BankingCode.INVALID_ARGUMENT,
    BankingCode.NOT_FOUND,
    BankingCode.NOT_YOUR_PRODUCT,
    BankingCode.PRODUCT_TRANSITION_NOT_ALLOWED,
)


CREATE_PRODUCT, CreateLoanProductPayload = own_payload(
    "CreateLoanProduct",
    (BankingCode.INVALID_ARGUMENT,),
    LoanProductPayload,
    _refused_product,
    description="A loan product registered as a draft, or why not.",
    field="input",
)


UPDATE_PRODUCT, UpdateLoanProductPayload = own_payload(
    "UpdateLoanProduct",
    _OWN_PRODUCT,
    LoanProductPayload,
    _refused_product,
    description="A loan product after a change, or why not.",
    field="id",
)


PUBLISH_PRODUCT, PublishLoanProductPayload = own_payload(
    "PublishLoanProduct",
    _OWN_PRODUCT,
    LoanProductPayload,
    _refused_product,
    description="A loan product after publishing it, or why not.",
    field="id",
)


RETIRE_PRODUCT, RetireLoanProductPayload = own_payload(
    "RetireLoanProduct",
    _OWN_PRODUCT,
    LoanProductPayload,
    _refused_product,
    description="A loan product after retiring it, or why not.",
    field="id",
)


@mutation_field(
    Scope.LOAN_PRODUCT_WRITE,
    description="Register a loan product as a draft (only your bank sees it).",
    extra=[DecimalLimits()],
    graphql_type=CreateLoanProductPayload,
)
@CREATE_PRODUCT.performs
async def create_loan_product(
    info: Info,
    input: Annotated[LoanProductInput, strawberry.argument(description="The product.")],
) -> LoanProductPayload:
    """Register a product as a draft."""
    context = info.context

    product = await services.create_product(
        context.repos,
        bank_id=caller(info).partner_id,
        draft=input.to_domain(),
        now=context.now,
    )
    return CreateLoanProductPayload(product=cast(LoanProductType, product), errors=[])


@mutation_field(
    Scope.LOAN_PRODUCT_WRITE,
    description="Change one of your draft or published products.",
    extra=[DecimalLimits()],
    graphql_type=UpdateLoanProductPayload,
)
@UPDATE_PRODUCT.performs
async def update_loan_product(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="Your product.")],
    input: Annotated[LoanProductInput, strawberry.argument(description="Its new content.")],
) -> LoanProductPayload:
    """Change a draft or published product."""
    context = info.context

    product = await services.update_product(
        context.repos,
        bank_id=caller(info).partner_id,
        product_id=decode_id(info, BankObject.LOAN_PRODUCT, id),
        draft=input.to_domain(),
        now=context.now,
    )
    return UpdateLoanProductPayload(product=cast(LoanProductType, product), errors=[])


def _move(
    status: ProductStatus,
    runner: TypedMutation[LoanProductPayload],
    payload: type[LoanProductPayload],
    description: str,
) -> object:
    @runner.performs
    async def resolve(
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Your product.")],
    ) -> LoanProductPayload:
        """Move one of the caller's products to ``status``."""
        context = info.context

        product = await services.move_product(
            context.repos,
            bank_id=caller(info).partner_id,
            product_id=decode_id(info, BankObject.LOAN_PRODUCT, id),
            status=status,
            now=context.now,
        )
        return payload(product=cast(LoanProductType, product), errors=[])

    return mutation_field(Scope.LOAN_PRODUCT_WRITE, description=description, graphql_type=payload)(
        resolve
    )


publish_loan_product: Any = _move(
    ProductStatus.PUBLISHED,
    PUBLISH_PRODUCT,
    PublishLoanProductPayload,
    "Publish one of your drafts: it matches enterprises and is told about needs.",
)


retire_loan_product: Any = _move(
    ProductStatus.RETIRED,
    RETIRE_PRODUCT,
    RetireLoanProductPayload,
    "Retire one of your products.",
)
