"""The checks a tax credit rating report must pass, and the grade it gives."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation

from api.domain.credit.errors import DateInFutureError
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import TaxGrade, tax_grade_for_score
from api.domain.taxcredit.model import RatingReport

#: Ratings under the current grading rules exist from the 2014 tax year.
FIRST_RATED_YEAR = 2014
MAX_SCORE = Decimal(100)
SCORE_PLACES = Decimal("0.01")


def check_score(score: Decimal) -> Decimal:
    """A score from 0 to 100 with at most two decimals; anything else is refused."""
    try:
        finite = score.is_finite() and Decimal(0) <= score <= MAX_SCORE
        exact = finite and score.quantize(SCORE_PLACES) == score
    except InvalidOperation:
        exact = False
    if not exact:
        raise InvalidArgumentError(
            "the score is a number from 0 to 100 with at most two decimals", field="score"
        )
    return score.quantize(SCORE_PLACES)


def check_year(year: int, this_year: int) -> int:
    """A rated year is a finished tax year: from 2014 to last year."""
    if year >= this_year:
        raise DateInFutureError(
            f"a tax year is rated after it ends: {year} is not over", field="year"
        )
    if year < FIRST_RATED_YEAR:
        raise InvalidArgumentError(f"ratings start with tax year {FIRST_RATED_YEAR}", field="year")
    return year


def grade_of(report: RatingReport, score: Decimal) -> TaxGrade:
    """The grade the score gives; a stated grade must agree, except D, stated for any score."""
    scored = tax_grade_for_score(score, new_or_no_revenue=report.new_or_no_revenue)
    if report.grade is None or report.grade is scored:
        return scored
    if report.grade is TaxGrade.D:
        return TaxGrade.D
    raise InvalidArgumentError(
        f"a score of {score} gives grade {scored.value}, not {report.grade.value} "
        "(only D may be stated for any score)",
        field="grade",
    )


def rating_fingerprint(report: RatingReport) -> str:
    """What makes two reports under one idempotency key the same report."""
    canonical = json.dumps(
        [
            report.uscc,
            report.year,
            str(report.score),
            report.grade.value if report.grade else None,
            report.new_or_no_revenue,
        ]
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
