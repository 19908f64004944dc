"""The checks rendered from the criteria rules: each criterion's sentence, met and unmet.

The sentences are what partners read on ``loanCandidates``; they are pinned here as they read
before the rules were one table. Checks are rendered once per product and fact value and
shared, so the same product checked against different enterprises must still differ.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from api.domain.banking.matching import check_criterion
from api.domain.banking.model import (
    CarbonBand,
    CriterionCheck,
    GreenTier,
    LoanCriteria,
    MatchFacts,
)
from api.domain.credit.codes import CreditGrade
from api.domain.subjects.model import District, SizeClass, TaxGrade

FACTS = MatchFacts(
    enterprise_id=1,
    district=District.ANJI,
    industry_code="C2611",
    size_class=SizeClass.SMALL,
    tax_grade=TaxGrade.B,
    credit_grade=CreditGrade.B,
    credit_score=720,
    red_flag=False,
    green_tier=GreenTier.GREEN,
    carbon_band=CarbonBand.LIGHT_GREEN,
    esg_score=Decimal(70),
    carbon_reduction_tonnes=Decimal(150),
)
WORSE = replace(
    FACTS,
    district=District.NANXUN,
    industry_code="D4411",
    size_class=SizeClass.LARGE,
    tax_grade=None,
    credit_grade=None,
    red_flag=True,
    green_tier=GreenTier.NOT_GREEN,
    carbon_band=None,
)
STRICT = LoanCriteria(
    districts=(District.ANJI, District.WUXING),
    industry_prefixes=("C26", "C3"),
    size_classes=(SizeClass.SMALL,),
    lowest_tax_grade=TaxGrade.M,
    lowest_credit_grade=CreditGrade.C,
    green_required=True,
    lowest_green_tier=GreenTier.LIGHT_GREEN,
    worst_carbon_band=CarbonBand.YELLOW,
)


def sentences(checks: list[CriterionCheck]) -> list[tuple[str, bool, str, int | None]]:
    """Each check as (criterion, met, detail, margin)."""
    return [(c.criterion.value, c.met, c.detail, c.margin) for c in checks]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            FACTS,
            [
                ("district", True, "registered in ANJI (admitted)", None),
                ("industry", True, "industry C2611 is under C26", None),
                ("size_class", True, "size class small (admitted)", None),
                ("tax_grade", True, "tax grade B, lowest admitted M", 1),
                ("credit_grade", True, "credit grade B, lowest admitted C", 1),
                ("green", True, "identified as green", None),
                ("green_tier", True, "green tier green, lowest admitted light_green", 1),
                ("carbon_band", True, "carbon band light_green, worst admitted yellow", 1),
                ("no_serious_dishonesty", True, "no serious dishonesty record counts", None),
            ],
        ),
        (
            WORSE,
            [
                ("district", False, "registered in NANXUN, not in ANJI, WUXING", None),
                ("industry", False, "industry D4411 is under none of the product's codes", None),
                ("size_class", False, "size class large not admitted", None),
                ("tax_grade", False, "tax grade none, lowest admitted M", None),
                (
                    "credit_grade",
                    False,
                    "credit grade none (never evaluated), lowest admitted C",
                    None,
                ),
                ("green", False, "not identified as green", None),
                ("green_tier", False, "green tier not_green, lowest admitted light_green", None),
                (
                    "carbon_band",
                    False,
                    "carbon band none (no carbon account), worst admitted yellow",
                    None,
                ),
                ("no_serious_dishonesty", False, "a serious dishonesty record counts", None),
            ],
        ),
    ],
)
def test_every_criterion_explains_itself(
    facts: MatchFacts, expected: list[tuple[str, bool, str, int | None]]
) -> None:
    """All nine criteria, in order, with their sentences and margins, met and unmet."""
    assert sentences(check_criterion(STRICT, facts)) == expected


def test_a_product_checks_each_enterprise_on_its_own_facts() -> None:
    """Checks kept per product and value never leak from one enterprise to the next."""
    first = sentences(check_criterion(STRICT, FACTS))
    second = sentences(check_criterion(STRICT, WORSE))
    assert sentences(check_criterion(STRICT, FACTS)) == first
    assert all(a != b for a, b in zip(first, second, strict=True))
    other = replace(STRICT, lowest_tax_grade=TaxGrade.A)
    assert check_criterion(other, FACTS)[3].detail == "tax grade B, lowest admitted A"
    assert check_criterion(other, FACTS)[3].met is False
