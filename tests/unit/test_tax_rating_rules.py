"""The checks of a tax credit rating report: score, year and the grade the score gives."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.errors import DateInFutureError
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import TaxGrade, tax_grade_for_score
from api.domain.taxcredit.model import RatingReport
from api.domain.taxcredit.rules import (
    check_score,
    check_year,
    grade_of,
    rating_fingerprint,
)

SCORES = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def _report(score: Decimal, grade: TaxGrade | None = None, new: bool = False) -> RatingReport:
    return RatingReport("91330500MA2B3C4D5E", 2025, score, grade, new)


@given(SCORES, st.booleans())
def test_the_score_decides_when_no_grade_is_stated(score: Decimal, new: bool) -> None:
    expected = tax_grade_for_score(score, new_or_no_revenue=new)
    assert grade_of(_report(score, None, new), check_score(score)) is expected
    assert grade_of(_report(score, expected, new), score) is expected


@given(SCORES, st.sampled_from(TaxGrade), st.booleans())
def test_a_stated_grade_must_agree_except_d(score: Decimal, stated: TaxGrade, new: bool) -> None:
    scored = tax_grade_for_score(score, new_or_no_revenue=new)
    report = _report(score, stated, new)
    if stated in (scored, TaxGrade.D):
        assert grade_of(report, score) is stated
    else:
        with pytest.raises(InvalidArgumentError) as refused:
            grade_of(report, score)
        assert refused.value.field == "grade"


@pytest.mark.parametrize(
    ("score", "grade"),
    [("90", "A"), ("89.99", "B"), ("70", "B"), ("69.99", "C"), ("40", "C"), ("39.99", "D")],
)
def test_the_boundaries(score: str, grade: str) -> None:
    assert grade_of(_report(Decimal(score)), Decimal(score)) is TaxGrade(grade)


@pytest.mark.parametrize(
    "score", ["-0.01", "100.01", "90.001", "NaN", "sNaN", "Infinity", "-Infinity", "1E+400"]
)
def test_bad_scores_are_refused(score: str) -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        check_score(Decimal(score))
    assert refused.value.field == "score"


@given(SCORES)
def test_scores_are_kept_to_two_places(score: Decimal) -> None:
    assert check_score(score) == score
    assert check_score(score).as_tuple().exponent == -2


@given(st.integers(min_value=2014, max_value=2100))
def test_a_year_is_rated_once_it_is_over(year: int) -> None:
    assert check_year(year, year + 1) == year
    with pytest.raises(DateInFutureError):
        check_year(year, year)
    with pytest.raises(InvalidArgumentError):
        check_year(2013, year + 1)


def test_the_fingerprint_tells_reports_apart() -> None:
    base = _report(Decimal("91.50"))
    assert rating_fingerprint(base) == rating_fingerprint(_report(Decimal("91.50")))
    others = [
        _report(Decimal("91.51")),
        _report(Decimal("91.50"), TaxGrade.D),
        _report(Decimal("91.50"), new=True),
    ]
    assert len({rating_fingerprint(o) for o in [base, *others]}) == 4
