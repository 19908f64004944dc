"""Tax-credit loan eligibility ("绿税贷"): tax grade, carbon reduction, no serious dishonesty.

domain.md, "Published rules": banks receive A, B and M grades for tax-credit lending. The
indicative amount is the product's multiple of the tax paid last year, raised for a certified
carbon reduction, and capped by the product's range; "not eligible" always says why.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

from api.domain.banking.model import (
    LoanKind,
    LoanProduct,
    Reason,
    TaxCreditOffer,
    tax_rank,
)
from api.domain.subjects.model import TaxGrade

#: The tax grades banks may lend on (SAT: A, B and M are shared with banks).
LENDING_TAX_GRADES = frozenset({TaxGrade.A, TaxGrade.B, TaxGrade.M})
#: Uplift of the indicative amount for a certified yearly carbon reduction (tonnes CO2e).
CARBON_UPLIFT: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal(1000), Decimal("0.20")),
    (Decimal(100), Decimal("0.10")),
)
_YUAN = Decimal(1)


def carbon_uplift(reduction: Decimal | None) -> Decimal:
    """The share added to the amount for a carbon reduction (0, 10% or 20%)."""
    if reduction is None:
        return Decimal(0)
    return next((share for floor, share in CARBON_UPLIFT if reduction >= floor), Decimal(0))


def tax_credit_offer(
    product: LoanProduct,
    *,
    tax_grade: TaxGrade | None,
    red_flag: bool,
    tax_paid: Decimal | None,
    carbon_reduction: Decimal | None,
    today: date,
) -> TaxCreditOffer:
    """Whether one tax-credit product is open to an enterprise, and for about how much."""
    reasons: list[Reason] = []
    eligible = True
    if product.kind is not LoanKind.TAX_CREDIT_LOAN or not product.open_on(today):
        return TaxCreditOffer(
            product, False, None, (Reason("PRODUCT_NOT_OPEN", "not an open tax-credit product"),)
        )
    if tax_grade is None:
        eligible = False
        reasons.append(Reason("NO_TAX_GRADE", "the enterprise has no tax credit grade"))
    elif tax_grade not in LENDING_TAX_GRADES:
        eligible = False
        reasons.append(
            Reason(
                "TAX_GRADE_NOT_ADMITTED", f"tax grade {tax_grade.value}: only A, B and M qualify"
            )
        )
    else:
        lowest = product.criteria.lowest_tax_grade
        if lowest is not None and tax_rank(tax_grade) > tax_rank(lowest):
            eligible = False
            reasons.append(
                Reason(
                    "TAX_GRADE_BELOW_PRODUCT",
                    f"tax grade {tax_grade.value}, the product admits {lowest.value} or better",
                )
            )
        else:
            reasons.append(Reason("TAX_GRADE_QUALIFIES", f"tax grade {tax_grade.value} qualifies"))
    if red_flag:
        eligible = False
        reasons.append(Reason("SERIOUS_DISHONESTY", "a serious dishonesty record counts"))
    multiple = product.terms.tax_multiple
    if tax_paid is None or tax_paid <= 0:
        eligible = False
        reasons.append(Reason("NO_TAX_PAID", "no tax paid is on record for last year"))
    if multiple is None:
        eligible = False
        reasons.append(Reason("NO_TAX_MULTIPLE", "the product sets no multiple of tax paid"))
    amount: Decimal | None = None
    if eligible and tax_paid is not None and multiple is not None:
        uplift = carbon_uplift(carbon_reduction)
        raw = tax_paid * multiple * (1 + uplift)
        if uplift:
            reasons.append(
                Reason(
                    "CARBON_REDUCTION_UPLIFT",
                    f"certified carbon reduction {carbon_reduction} t adds {uplift * 100:.0f}%",
                )
            )
        capped = min(raw, product.terms.amount_max)
        if capped < raw:
            reasons.append(Reason("CAPPED", f"capped at the product's {product.terms.amount_max}"))
        if capped < product.terms.amount_min:
            eligible = False
            reasons.append(
                Reason(
                    "BELOW_PRODUCT_MINIMUM",
                    f"{multiple} x tax paid {tax_paid} is below the product's minimum "
                    f"{product.terms.amount_min}",
                )
            )
        else:
            amount = capped.quantize(_YUAN, rounding=ROUND_DOWN)
    return TaxCreditOffer(product, eligible, amount if eligible else None, tuple(reasons))
