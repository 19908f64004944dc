"""The enterprise's side of its financing need: which banks claimed it, and withdrawing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from api.domain.banking.errors import BankingCode, BankingError
from api.domain.banking.lending import FinancingNeed, NeedStatus
from api.domain.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class ClaimingBank:
    """A bank that claimed the need: its name, its place among the three, and when."""

    bank_id: int
    bank_name: str
    position: int
    claimed_at: datetime


@dataclass(frozen=True, slots=True)
class OwnNeed:
    """A need as its enterprise sees it, with the banks that claimed it."""

    need: FinancingNeed
    claims: list[ClaimingBank]
    #: True when a withdrawal found the need withdrawn already (nothing was written).
    already_withdrawn: bool = False


class OwnNeedStore(Protocol):
    """An enterprise's needs and their claims, on one transaction."""

    async def own_need(self, need_id: int, uscc: str) -> FinancingNeed | None:
        """The need, when it belongs to the enterprise with this code."""
        ...

    async def claiming_banks(self, need_id: int) -> list[ClaimingBank]:
        """The banks that claimed the need, in claim order."""
        ...

    async def withdraw(self, need_id: int, uscc: str) -> bool:
        """Mark the enterprise's open or fully claimed need withdrawn; False when it was not."""
        ...


async def _owned(store: OwnNeedStore, need_id: int, uscc: str) -> FinancingNeed:
    need = await store.own_need(need_id, uscc)
    if need is None:
        # Another enterprise's need is answered as if it did not exist.
        raise NotFoundError("no such financing need of this enterprise", field="needId")
    return need


async def need_with_claims(store: OwnNeedStore, *, need_id: int, uscc: str) -> OwnNeed:
    """The enterprise's need and the banks that claimed it (at most three)."""
    need = await _owned(store, need_id, uscc)
    return OwnNeed(need, await store.claiming_banks(need_id))


async def withdraw_need(store: OwnNeedStore, *, need_id: int, uscc: str) -> OwnNeed:
    """The enterprise withdraws its need: no more claims; withdrawing again changes nothing."""
    # The conditional UPDATE comes first, so a claim racing it either lands before (and is
    # listed) or finds the need withdrawn.
    withdrew = await store.withdraw(need_id, uscc)
    need = await _owned(store, need_id, uscc)
    if not withdrew and need.status is not NeedStatus.WITHDRAWN:
        raise BankingError("the need cannot be withdrawn now", BankingCode.NEED_NOT_OPEN)
    return OwnNeed(need, await store.claiming_banks(need_id), already_withdrawn=not withdrew)
