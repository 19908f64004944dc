"""The vocabulary of the tax bureau's rating reports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from api.domain.subjects.model import TaxCreditRating, TaxGrade


@dataclass(frozen=True, slots=True)
class RatingReport:
    """A year's tax credit rating of an enterprise as the tax bureau sends it."""

    uscc: str
    year: int
    score: Decimal
    #: The grade the bureau states; None lets the score decide. D may be stated for any score.
    grade: TaxGrade | None = None
    #: A newly registered enterprise or one without revenue in the year (grade M).
    new_or_no_revenue: bool = False


@dataclass(frozen=True, slots=True)
class RatingWrite:
    """An idempotency key of a rating report and the rating it stored (None while running)."""

    partner_id: int
    key: str
    fingerprint: str
    rating_id: int | None


@dataclass(frozen=True, slots=True)
class ReportedRating:
    """The rating as stored, the enterprise's current grade after it, and whether replayed."""

    rating: TaxCreditRating
    current_grade: TaxGrade | None
    replayed: bool
