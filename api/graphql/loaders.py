"""Per-request DataLoaders: every nested list and object is loaded in batches, never per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import date
from functools import cached_property
from typing import TypeVar

from strawberry.dataloader import DataLoader

from api.db.repositories import Repositories
from api.domain.credit.model import StoredEvaluation
from api.domain.paging import Page, SortKey
from api.domain.records.model import CreditRecord, Department
from api.domain.subjects.model import (
    Enterprise,
    GreenProfile,
    Household,
    Merchant,
    TaxCreditRating,
)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: (subject id, page size, after-position) of one nested records page.
RecordPageKey = tuple[int, int, SortKey | None]


def _by_key(
    fetch: Callable[[Sequence[K]], Awaitable[dict[K, V]]],
) -> Callable[[list[K]], Awaitable[list[V | None]]]:
    async def load(keys: list[K]) -> list[V | None]:
        found = await fetch(keys)
        return [found.get(key) for key in keys]

    return load


class Loaders:
    """The loaders of one request; they share the request's session (one connection).

    Each loader is made on first use: a request reads through one or two of them, and making
    all of them up front was a measurable share of a small request's CPU.
    """

    def __init__(self, repos: Repositories, today: date) -> None:
        self._repos = repos
        self._today = today

    @cached_property
    def enterprise(self) -> DataLoader[int, Enterprise | None]:
        return DataLoader(_by_key(self._repos.enterprises.by_ids))

    @cached_property
    def merchant(self) -> DataLoader[int, Merchant | None]:
        return DataLoader(_by_key(self._repos.merchants.by_ids))

    @cached_property
    def household(self) -> DataLoader[int, Household | None]:
        return DataLoader(_by_key(self._repos.households.by_ids))

    @cached_property
    def green_profile(self) -> DataLoader[int, GreenProfile | None]:
        return DataLoader(_by_key(self._repos.enterprises.green_profiles))

    @cached_property
    def tax_ratings(self) -> DataLoader[int, list[TaxCreditRating]]:
        return DataLoader(self._tax_ratings)

    @cached_property
    def department(self) -> DataLoader[int, Department | None]:
        return DataLoader(_by_key(self._repos.records.departments))

    @cached_property
    def credit_record(self) -> DataLoader[int, CreditRecord | None]:
        return DataLoader(self._credit_records)

    @cached_property
    def record_page(self) -> DataLoader[RecordPageKey, Page[CreditRecord]]:
        return DataLoader(self._record_pages)

    @cached_property
    def evaluation(self) -> DataLoader[int, StoredEvaluation | None]:
        return DataLoader(_by_key(self._repos.evaluations.current))

    @cached_property
    def any_record(self) -> DataLoader[int, CreditRecord | None]:
        """Records whatever their status (repair cases show repaired ones to their parties)."""
        return DataLoader(_by_key(self._repos.record_writer.by_ids))

    async def _tax_ratings(self, keys: list[int]) -> list[list[TaxCreditRating]]:
        found = await self._repos.enterprises.tax_ratings(keys)
        return [found.get(key, []) for key in keys]

    async def _credit_records(self, keys: list[int]) -> list[CreditRecord | None]:
        found = await self._repos.records.by_ids(keys, self._today)
        return [found.get(key) for key in keys]

    async def _record_pages(self, keys: list[RecordPageKey]) -> list[Page[CreditRecord]]:
        groups: dict[tuple[int, SortKey | None], list[int]] = defaultdict(list)
        for subject_id, first, after in keys:
            groups[(first, after)].append(subject_id)
        pages: dict[RecordPageKey, Page[CreditRecord]] = {}
        for (first, after), subject_ids in groups.items():
            found = await self._repos.records.publishable_pages(
                subject_ids, first, after, self._today
            )
            for subject_id, page in found.items():
                pages[(subject_id, first, after)] = page
        return [pages[key] for key in keys]
