"""Bank scenario rules without a database: matching, ranking, reasons, green, tax credit, watch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from api.domain.banking.errors import BankingError
from api.domain.banking.green import classify_green, green_worsened
from api.domain.banking.matching import (
    check_criteria,
    check_criterion,
    explain,
    meets,
    rank_candidates,
    strength,
)
from api.domain.banking.model import (
    CarbonBand,
    Criterion,
    GreenFigures,
    GreenTier,
    LoanCriteria,
    LoanKind,
    LoanProduct,
    MatchFacts,
    ProductStatus,
    ProductTerms,
    ScoreComponent,
)
from api.domain.banking.products import check_owner, check_transition
from api.domain.banking.tax_credit import tax_credit_offer
from api.domain.banking.watch import borrower_changes
from api.domain.banking.webhooks import check_webhook_url, retry_delay
from api.domain.credit.codes import CreditGrade
from api.domain.credit.scoring import Evaluation, Factor
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import District, GreenActivityClass, SizeClass, TaxGrade

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 1)
FLOORS = ((CreditGrade.A, 800), (CreditGrade.B, 650), (CreditGrade.C, 500), (CreditGrade.D, 0))


def facts(**changes: Any) -> MatchFacts:
    base = MatchFacts(
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
    return replace(base, **changes)


def check(
    criteria: LoanCriteria, subject: MatchFacts, criterion: Criterion
) -> tuple[bool, int | None]:
    found = next(c for c in check_criterion(criteria, subject) if c.criterion is criterion)
    return found.met, found.margin


@pytest.mark.parametrize(
    ("criteria", "criterion", "good", "bad"),
    [
        (
            LoanCriteria(districts=(District.ANJI,)),
            Criterion.DISTRICT,
            {},
            {"district": District.NANXUN},
        ),
        (
            LoanCriteria(industry_prefixes=("C26",)),
            Criterion.INDUSTRY,
            {},
            {"industry_code": "C3011"},
        ),
        (
            LoanCriteria(size_classes=(SizeClass.SMALL,)),
            Criterion.SIZE_CLASS,
            {},
            {"size_class": SizeClass.LARGE},
        ),
        (
            LoanCriteria(lowest_tax_grade=TaxGrade.M),
            Criterion.TAX_GRADE,
            {},
            {"tax_grade": TaxGrade.C},
        ),
        (LoanCriteria(lowest_tax_grade=TaxGrade.M), Criterion.TAX_GRADE, {}, {"tax_grade": None}),
        (
            LoanCriteria(lowest_credit_grade=CreditGrade.B),
            Criterion.CREDIT_GRADE,
            {},
            {"credit_grade": CreditGrade.C},
        ),
        (
            LoanCriteria(lowest_credit_grade=CreditGrade.B),
            Criterion.CREDIT_GRADE,
            {},
            {"credit_grade": None},
        ),
        (
            LoanCriteria(green_required=True),
            Criterion.GREEN,
            {},
            {"green_tier": GreenTier.NOT_GREEN},
        ),
        (
            LoanCriteria(lowest_green_tier=GreenTier.GREEN),
            Criterion.GREEN_TIER,
            {},
            {"green_tier": GreenTier.LIGHT_GREEN},
        ),
        (
            LoanCriteria(worst_carbon_band=CarbonBand.YELLOW),
            Criterion.CARBON_BAND,
            {},
            {"carbon_band": CarbonBand.RED},
        ),
        (
            LoanCriteria(worst_carbon_band=CarbonBand.YELLOW),
            Criterion.CARBON_BAND,
            {},
            {"carbon_band": None},
        ),
        (LoanCriteria(), Criterion.NO_SERIOUS_DISHONESTY, {}, {"red_flag": True}),
    ],
)
def test_each_criterion_admits_and_refuses(
    criteria: LoanCriteria, criterion: Criterion, good: dict[str, object], bad: dict[str, object]
) -> None:
    assert check(criteria, facts(**good), criterion)[0] is True
    assert meets(criteria, facts(**good))
    assert check(criteria, facts(**bad), criterion)[0] is False
    assert not meets(criteria, facts(**bad))


def test_margins_count_steps_above_the_minimum() -> None:
    criteria = LoanCriteria(lowest_tax_grade=TaxGrade.M, lowest_credit_grade=CreditGrade.C)
    assert check(criteria, facts(tax_grade=TaxGrade.A), Criterion.TAX_GRADE) == (True, 2)
    assert check(criteria, facts(tax_grade=TaxGrade.M), Criterion.TAX_GRADE) == (True, 0)
    assert check(criteria, facts(credit_grade=CreditGrade.A), Criterion.CREDIT_GRADE) == (True, 2)
    assert check(criteria, facts(tax_grade=TaxGrade.D), Criterion.TAX_GRADE) == (False, None)


def test_unset_criteria_are_not_checked_and_dishonesty_can_be_allowed() -> None:
    lenient = LoanCriteria(no_serious_dishonesty=False)
    assert check_criterion(lenient, facts(red_flag=True)) == []
    assert meets(lenient, facts(red_flag=True))


def test_criteria_are_normalised_and_bad_prefixes_refused() -> None:
    checked = check_criteria(
        LoanCriteria(industry_prefixes=("c26", "C26", "D44"), lowest_green_tier=GreenTier.GREEN)
    )
    assert checked.industry_prefixes == ("C26", "D44")
    assert checked.green_required is True
    with pytest.raises(InvalidArgumentError):
        check_criteria(LoanCriteria(industry_prefixes=("Z99",)))
    with pytest.raises(InvalidArgumentError):
        check_criteria(LoanCriteria(industry_prefixes=("C2x",)))


def test_ranking_by_score_then_newest_id_and_only_the_eligible() -> None:
    pool = [
        facts(enterprise_id=1, credit_score=700),
        facts(enterprise_id=2, credit_score=900, credit_grade=CreditGrade.A),
        facts(enterprise_id=3, credit_score=700),
        facts(enterprise_id=4, credit_score=990, red_flag=True, credit_grade=CreditGrade.D),
    ]
    ranked = rank_candidates(LoanKind.CREDIT_LOAN, LoanCriteria(), pool)
    assert [f.enterprise_id for _, f in ranked] == [2, 3, 1]
    assert ranked[1][0] == ranked[2][0]  # a tie is broken by the newer id


def test_kinds_weigh_components_differently() -> None:
    green = facts(
        green_tier=GreenTier.DEEP_GREEN, carbon_band=CarbonBand.DARK_GREEN, credit_score=600
    )
    creditworthy = facts(
        green_tier=GreenTier.NOT_GREEN, carbon_band=CarbonBand.RED, credit_score=950
    )
    assert strength(LoanKind.GREEN_LOAN, green) > strength(LoanKind.GREEN_LOAN, creditworthy)
    assert strength(LoanKind.CREDIT_LOAN, creditworthy) > strength(LoanKind.CREDIT_LOAN, green)


def test_explanation_sums_parts_and_lists_lifts_best_first() -> None:
    criteria = LoanCriteria(districts=(District.ANJI,), lowest_credit_grade=CreditGrade.B)
    explained = explain(LoanKind.GREEN_LOAN, criteria, facts(), FLOORS)
    assert explained.eligible
    total = sum(part.points for part in explained.components)
    assert abs(total - explained.score) <= Decimal("0.3")
    assert all(part.points <= part.max_points for part in explained.components)
    gains = [lift.points for lift in explained.lifts]
    assert gains == sorted(gains, reverse=True)
    credit = next(lift for lift in explained.lifts if lift.component is ScoreComponent.CREDIT)
    assert "80 more credit points reach grade A" in credit.detail
    assert {c.criterion for c in explained.checks} == {
        Criterion.DISTRICT,
        Criterion.CREDIT_GRADE,
        Criterion.NO_SERIOUS_DISHONESTY,
    }


def test_a_perfect_enterprise_has_no_lifts_and_scores_100() -> None:
    best = facts(
        tax_grade=TaxGrade.A,
        credit_score=1000,
        green_tier=GreenTier.DEEP_GREEN,
        carbon_band=CarbonBand.DARK_GREEN,
        esg_score=Decimal(100),
    )
    explained = explain(LoanKind.TAX_CREDIT_LOAN, LoanCriteria(), best, FLOORS)
    assert explained.score == Decimal(100)
    assert explained.lifts == ()


def figures(**changes: Any) -> GreenFigures:
    base = GreenFigures(
        activity_class=GreenActivityClass.CLEAN_ENERGY,
        emissions_tonnes=Decimal(500),
        carbon_intensity=Decimal("0.25"),
        carbon_reduction_tonnes=Decimal(1200),
        esg_score=Decimal(85),
        as_of=date(2026, 6, 30),
    )
    return replace(base, **changes)


def test_green_classification_is_versioned_and_explained() -> None:
    deep = classify_green(1, figures(), now=NOW)
    assert (deep.is_green, deep.tier, deep.carbon_band) == (
        True,
        GreenTier.DEEP_GREEN,
        CarbonBand.DARK_GREEN,
    )
    assert deep.version.startswith("green-")
    assert deep.reasons[0].code == "CARBON_BAND_DARK_GREEN"
    light = classify_green(
        1,
        figures(
            esg_score=Decimal(50),
            carbon_reduction_tonnes=Decimal(10),
            carbon_intensity=Decimal("0.8"),
        ),
        now=NOW,
    )
    assert (light.tier, light.carbon_band) == (GreenTier.LIGHT_GREEN, CarbonBand.YELLOW)
    red = classify_green(1, figures(carbon_intensity=Decimal("1.5")), now=NOW)
    assert (red.is_green, red.tier, red.carbon_band) == (False, GreenTier.NOT_GREEN, CarbonBand.RED)
    outside = classify_green(1, figures(activity_class=GreenActivityClass.NOT_GREEN), now=NOW)
    assert not outside.is_green
    emitter = classify_green(1, figures(emissions_tonnes=Decimal(30000)), now=NOW)
    assert emitter.carbon_band is CarbonBand.LIGHT_GREEN  # one colour worse for a key emitter


def test_green_worsening_is_detected_only_when_worse() -> None:
    good = classify_green(1, figures(), now=NOW)
    worse = classify_green(1, figures(carbon_intensity=Decimal("0.9")), now=NOW)
    assert green_worsened(good, worse) is not None
    assert green_worsened(worse, good) is None
    assert green_worsened(None, worse) is None


def product(**terms: Any) -> LoanProduct:
    base_terms = ProductTerms(
        amount_min=Decimal(100_000),
        amount_max=Decimal(5_000_000),
        rate_min=Decimal("3.2"),
        rate_max=Decimal("4.5"),
        valid_from=date(2026, 1, 1),
        tax_multiple=Decimal(5),
    )
    return LoanProduct(
        id=7,
        bank_id=1,
        name="绿税贷",
        kind=LoanKind.TAX_CREDIT_LOAN,
        status=ProductStatus.PUBLISHED,
        criteria=LoanCriteria(),
        terms=replace(base_terms, **terms),
        version=1,
        created_at=NOW,
        updated_at=NOW,
    )


@pytest.mark.parametrize(
    ("grade", "eligible"),
    [
        (TaxGrade.A, True),
        (TaxGrade.B, True),
        (TaxGrade.M, True),
        (TaxGrade.C, False),
        (TaxGrade.D, False),
        (None, False),
    ],
)
def test_tax_credit_eligibility_for_each_grade(grade: TaxGrade | None, eligible: bool) -> None:
    offer = tax_credit_offer(
        product(),
        tax_grade=grade,
        red_flag=False,
        tax_paid=Decimal(200_000),
        carbon_reduction=None,
        today=TODAY,
    )
    assert offer.eligible is eligible
    if eligible:
        assert offer.indicative_amount == Decimal(1_000_000)
    else:
        assert offer.indicative_amount is None
        assert {r.code for r in offer.reasons} & {"TAX_GRADE_NOT_ADMITTED", "NO_TAX_GRADE"}


def test_tax_credit_amount_uplift_cap_minimum_and_dishonesty() -> None:
    uplifted = tax_credit_offer(
        product(),
        tax_grade=TaxGrade.A,
        red_flag=False,
        tax_paid=Decimal(200_000),
        carbon_reduction=Decimal(1500),
        today=TODAY,
    )
    assert uplifted.indicative_amount == Decimal(1_200_000)
    capped = tax_credit_offer(
        product(),
        tax_grade=TaxGrade.A,
        red_flag=False,
        tax_paid=Decimal(5_000_000),
        carbon_reduction=None,
        today=TODAY,
    )
    assert capped.indicative_amount == Decimal(5_000_000)
    assert "CAPPED" in {r.code for r in capped.reasons}
    small = tax_credit_offer(
        product(),
        tax_grade=TaxGrade.A,
        red_flag=False,
        tax_paid=Decimal(1000),
        carbon_reduction=None,
        today=TODAY,
    )
    assert not small.eligible
    assert "BELOW_PRODUCT_MINIMUM" in {r.code for r in small.reasons}
    dishonest = tax_credit_offer(
        product(),
        tax_grade=TaxGrade.A,
        red_flag=True,
        tax_paid=Decimal(200_000),
        carbon_reduction=None,
        today=TODAY,
    )
    assert not dishonest.eligible
    assert "SERIOUS_DISHONESTY" in {r.code for r in dishonest.reasons}
    unpaid = tax_credit_offer(
        product(),
        tax_grade=TaxGrade.A,
        red_flag=False,
        tax_paid=None,
        carbon_reduction=None,
        today=TODAY,
    )
    assert not unpaid.eligible


def test_product_ownership_and_lifecycle() -> None:
    mine = product()
    assert check_owner(mine, 1) is mine
    with pytest.raises(BankingError) as other:
        check_owner(mine, 2)
    assert other.value.bank_code.value == "NOT_YOUR_PRODUCT"
    draft = replace(mine, status=ProductStatus.DRAFT)
    with pytest.raises(BankingError) as hidden:
        check_owner(draft, 2)
    assert hidden.value.bank_code.value == "NOT_FOUND"
    assert check_transition(draft, ProductStatus.PUBLISHED) is ProductStatus.PUBLISHED
    with pytest.raises(BankingError):
        check_transition(replace(mine, status=ProductStatus.RETIRED), ProductStatus.PUBLISHED)


def evaluation(
    grade: CreditGrade, score: int, *, red: bool = False, factors: tuple[Factor, ...] = ()
) -> Evaluation:
    return Evaluation(1, "2026.1", score, grade, None, 700, factors, red)


def test_borrower_changes() -> None:
    before = evaluation(CreditGrade.B, 700)
    assert borrower_changes(None, before) == []
    assert borrower_changes(before, evaluation(CreditGrade.A, 820)) == []
    worse = borrower_changes(before, evaluation(CreditGrade.C, 600))
    assert [e.type.value for e in worse] == ["borrower.grade_worsened"]
    assert worse[0].data["previousGrade"] == "B"
    serious = Factor("DISHONESTY_LIST_SERIOUS", -330, 42, "x")
    red = borrower_changes(before, evaluation(CreditGrade.D, 370, red=True, factors=(serious,)))
    assert [e.type.value for e in red] == [
        "borrower.grade_worsened",
        "borrower.serious_dishonesty",
        "borrower.serious_record",
    ]
    again = evaluation(CreditGrade.D, 370, red=True, factors=(serious,))
    assert borrower_changes(again, again) == []


def test_retry_delays_double_with_jitter_and_cap() -> None:
    assert retry_delay(1, 0.5) == timedelta(seconds=30)
    assert retry_delay(2, 0.5) == timedelta(seconds=60)
    assert retry_delay(3, 0.0) == timedelta(seconds=96)
    assert retry_delay(30, 0.5) == timedelta(hours=1)
    assert timedelta(seconds=24) <= retry_delay(1, 0.999) <= timedelta(seconds=36)


def test_webhook_urls_must_be_https_except_on_loopback() -> None:
    assert check_webhook_url("https://bank.example/hooks", allow_loopback_http=False)
    assert check_webhook_url("http://127.0.0.1:9000/h", allow_loopback_http=True)
    for bad, loopback in [
        ("http://127.0.0.1:9000/h", False),
        ("http://bank.example/h", True),
        ("https://user:pw@bank.example/h", True),
        ("ftp://bank.example/h", True),
        ("", True),
    ]:
        with pytest.raises(InvalidArgumentError):
            check_webhook_url(bad, allow_loopback_http=loopback)
