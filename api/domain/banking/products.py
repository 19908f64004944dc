"""Loan product rules: what a valid product is, who sees it, and its lifecycle."""

from __future__ import annotations

from decimal import Decimal

from api.domain.banking.errors import BankingCode, BankingError
from api.domain.banking.matching import check_criteria
from api.domain.banking.model import (
    LoanKind,
    LoanProduct,
    ProductDraft,
    ProductStatus,
    ProductTerms,
)

MAX_NAME = 120
#: The highest yearly rate a product may quote, percent (four times the one-year LPR, rounded up).
MAX_RATE = Decimal(15)
MAX_AMOUNT = Decimal("10000000000")
MAX_TAX_MULTIPLE = Decimal(50)

_TRANSITIONS = {
    (ProductStatus.DRAFT, ProductStatus.PUBLISHED),
    (ProductStatus.DRAFT, ProductStatus.RETIRED),
    (ProductStatus.PUBLISHED, ProductStatus.RETIRED),
}


def _invalid(message: str) -> BankingError:
    return BankingError(message, BankingCode.INVALID_ARGUMENT)


def check_terms(kind: LoanKind, terms: ProductTerms) -> ProductTerms:
    """Amounts and rates in range, validity in order, a tax multiple for tax-credit loans."""
    if not Decimal(0) < terms.amount_min <= terms.amount_max <= MAX_AMOUNT:
        raise _invalid(f"amounts must satisfy 0 < amountMin <= amountMax <= {MAX_AMOUNT}")
    if not Decimal(0) <= terms.rate_min <= terms.rate_max <= MAX_RATE:
        raise _invalid(f"rates must satisfy 0 <= rateMin <= rateMax <= {MAX_RATE} (percent)")
    if terms.valid_until is not None and terms.valid_until < terms.valid_from:
        raise _invalid("validUntil is before validFrom")
    if kind is LoanKind.TAX_CREDIT_LOAN:
        multiple = terms.tax_multiple
        if multiple is None or not Decimal(0) < multiple <= MAX_TAX_MULTIPLE:
            raise _invalid(
                f"a tax-credit loan needs a taxMultiple above 0, at most {MAX_TAX_MULTIPLE}"
            )
    elif terms.tax_multiple is not None:
        raise _invalid("only tax-credit loans set a taxMultiple")
    return terms


def check_draft(draft: ProductDraft) -> ProductDraft:
    """A product as it may be stored (name trimmed, criteria normalised) or a refusal."""
    name = draft.name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise _invalid(f"the name must be 1 to {MAX_NAME} characters")
    return ProductDraft(
        name=name,
        kind=draft.kind,
        criteria=check_criteria(draft.criteria),
        terms=check_terms(draft.kind, draft.terms),
    )


def visible_to(product: LoanProduct, bank_id: int, *, supervisor: bool = False) -> bool:
    """The owning bank (and the credit office) see every product; other banks published ones."""
    return supervisor or product.bank_id == bank_id or product.status is ProductStatus.PUBLISHED


def check_owner(
    product: LoanProduct | None, bank_id: int, *, supervisor: bool = False
) -> LoanProduct:
    """The product if ``bank_id`` owns it; NOT_FOUND when hidden, NOT_YOUR_PRODUCT otherwise."""
    if product is None or not visible_to(product, bank_id, supervisor=supervisor):
        raise BankingError("no such loan product", BankingCode.NOT_FOUND)
    if product.bank_id != bank_id:
        raise BankingError(
            "only the bank that owns a product changes it", BankingCode.NOT_YOUR_PRODUCT
        )
    return product


def check_transition(product: LoanProduct, status: ProductStatus) -> ProductStatus:
    """DRAFT -> PUBLISHED -> RETIRED (a draft may be retired); else a refusal naming the state."""
    if (product.status, status) not in _TRANSITIONS:
        raise BankingError(
            f"a {product.status.value} product cannot become {status.value}",
            BankingCode.PRODUCT_TRANSITION_NOT_ALLOWED,
        )
    return status


def check_changeable(product: LoanProduct) -> None:
    """A retired product no longer changes."""
    if product.status is ProductStatus.RETIRED:
        raise BankingError(
            "a retired product cannot change", BankingCode.PRODUCT_TRANSITION_NOT_ALLOWED
        )


def check_need(amount: Decimal, purpose: str, term_months: int) -> str:
    """A need's amount (yuan), purpose and term (1-360 months) checked; the purpose trimmed."""
    if not Decimal(0) < amount <= MAX_AMOUNT:
        raise _invalid(f"the amount must be above 0 and at most {MAX_AMOUNT}")
    text = purpose.strip()
    if not 1 <= len(text) <= 500:
        raise _invalid("the purpose must be 1 to 500 characters")
    if not 1 <= term_months <= 360:
        raise _invalid("the term must be 1 to 360 months")
    return text
