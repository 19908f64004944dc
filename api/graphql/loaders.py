"""Per-request DataLoaders: every nested list and object is loaded in batches, never per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import date
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
    """The loaders of one request; they share the request's session (one connection)."""

    def __init__(self, repos: Repositories, today: date) -> None:
        self._repos = repos
        self._today = today
        self.enterprise = DataLoader[int, Enterprise | None](_by_key(repos.enterprises.by_ids))
        self.merchant = DataLoader[int, Merchant | None](_by_key(repos.merchants.by_ids))
        self.household = DataLoader[int, Household | None](_by_key(repos.households.by_ids))
        self.green_profile = DataLoader[int, GreenProfile | None](
            _by_key(repos.enterprises.green_profiles)
        )
        self.tax_ratings = DataLoader[int, list[TaxCreditRating]](self._tax_ratings)
        self.department = DataLoader[int, Department | None](_by_key(repos.records.departments))
        self.credit_record = DataLoader[int, CreditRecord | None](self._credit_records)
        self.record_page = DataLoader[RecordPageKey, Page[CreditRecord]](self._record_pages)
        self.evaluation = DataLoader[int, StoredEvaluation | None](
            _by_key(repos.evaluations.current)
        )
        #: Records whatever their status (repair cases show repaired ones to their parties).
        self.any_record = DataLoader[int, CreditRecord | None](_by_key(repos.record_writer.by_ids))

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
