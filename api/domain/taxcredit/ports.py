"""What the tax-credit use cases need from storage (the database layer implements it)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from api.domain.subjects.model import TaxCreditRating, TaxGrade
from api.domain.taxcredit.model import RatingWrite

if TYPE_CHECKING:
    from api.domain.taxcredit.lending import LendingVolume


class TaxCreditStore(Protocol):
    """Ratings, their idempotency keys and the enterprise's mirrored grade, on one transaction."""

    async def enterprise_id(self, uscc: str) -> int | None:
        """The enterprise with this code."""
        ...

    async def claim(self, write: RatingWrite, now: datetime) -> bool:
        """Take a key; False when it was taken (waits for a concurrent taker)."""
        ...

    async def claimed(self, partner_id: int, key: str) -> RatingWrite | None:
        """The claim on a key, if any."""
        ...

    async def attach(self, partner_id: int, key: str, rating_id: int) -> None:
        """Name the rating a claimed key stored."""
        ...

    async def save_rating(self, rating: TaxCreditRating) -> int:
        """Insert or replace the enterprise's rating of that year; its id."""
        ...

    async def rating(self, rating_id: int) -> TaxCreditRating:
        """A stored rating."""
        ...

    async def current_grade(self, enterprise_id: int) -> TaxGrade | None:
        """The grade the enterprise shows now (its latest year's)."""
        ...

    async def mirror_latest_grade(self, enterprise_id: int, *, now: datetime) -> TaxGrade | None:
        """Copy the latest year's grade onto the enterprise and its matching facts; that grade."""
        ...


class LendingVolumeStore(Protocol):
    """Banks' monthly lending volumes, on one transaction."""

    async def save_volume(self, volume: LendingVolume, *, now: datetime) -> bool:
        """Insert or replace the bank's volume of that month; False when it was the same."""
        ...

    async def volumes(self, first: str, last: str) -> list[LendingVolume]:
        """Every bank's volumes from month ``first`` to ``last``, by period then bank."""
        ...
