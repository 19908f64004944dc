"""Keyset paging: a page is the rows after a sort key, never an OFFSET."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from api.domain.errors import InvalidArgumentError

T = TypeVar("T")

#: The largest page a partner may ask for (GitHub's cap).
MAX_PAGE_SIZE = 100

#: A position in a sorted list: the sort value(s) and the row id that breaks ties.
SortKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class PageRequest:
    """How many rows, and after which position."""

    first: int
    after: SortKey | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.first <= MAX_PAGE_SIZE:
            raise InvalidArgumentError(
                f"first must be between 1 and {MAX_PAGE_SIZE}, not {self.first}"
            )


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Rows of one page, each with its sort key, and whether more follow."""

    items: list[tuple[T, SortKey]]
    has_next: bool
