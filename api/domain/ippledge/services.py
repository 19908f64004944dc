"""Use cases of IP pledge financing: a bank registers a pledge and its loan; figures."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from api.domain.clock import city_today
from api.domain.credit.errors import IdempotencyKeyReusedError
from api.domain.errors import InvalidArgumentError, NotFoundError
from api.domain.ippledge.errors import PledgeAlreadyRegisteredError
from api.domain.ippledge.model import IpPledge, PledgeDraft, PledgeStatistics
from api.domain.ippledge.ports import PledgeStore
from api.domain.ippledge.rules import EARLIEST, check_pledge

#: At most this many of a bank's pledges in one list.
LIST_MAX = 100


def fingerprint(draft: PledgeDraft) -> str:
    """A stable hash of a checked pledge, to tell a retry from a different request."""
    canonical = {
        "enterprise": draft.enterprise_uscc,
        "kind": draft.kind.value,
        "number": draft.registration_number,
        "registered": draft.pledge_registered_on.isoformat(),
        "valuation": str(draft.valuation),
        "loan": str(draft.loan_amount),
        "applied": draft.applied_on.isoformat(),
        "loaned": draft.loaned_on.isoformat(),
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def check_key(key: str) -> str:
    """An idempotency key of 8-128 characters."""
    if not 8 <= len(key) <= 128:
        raise InvalidArgumentError(
            "an idempotency key has 8-128 characters", field="idempotencyKey"
        )
    return key


async def _replay(store: PledgeStore, bank_id: int, key: str, sent: str) -> IpPledge | None:
    """The pledge written under the key before, if the same request; refused if another."""
    found = await store.pledge_by_key(bank_id, key)
    if found is None:
        return None
    pledge, taken = found
    if taken != sent:
        raise IdempotencyKeyReusedError("this idempotency key was used for another pledge")
    return pledge


async def register_pledge(
    store: PledgeStore, bank_id: int, draft: PledgeDraft, *, idempotency_key: str, now: datetime
) -> tuple[IpPledge, bool]:
    """Register a bank's IP pledge and its loan once per key; True when it is a replay."""
    key = check_key(idempotency_key)
    checked = check_pledge(draft, city_today(now))
    sent = fingerprint(checked)
    earlier = await _replay(store, bank_id, key, sent)
    if earlier is not None:
        return earlier, True
    enterprise_id = await store.enterprise_id(checked.enterprise_uscc)
    if enterprise_id is None:
        raise NotFoundError("no enterprise has this code", field="uscc")
    added = await store.add_pledge(bank_id, enterprise_id, key, sent, checked, now)
    if added is not None:
        return added, False
    earlier = await _replay(store, bank_id, key, sent)
    if earlier is not None:
        return earlier, True
    raise PledgeAlreadyRegisteredError(
        f"{checked.kind.value} {checked.registration_number} was already registered as "
        f"pledged on {checked.pledge_registered_on}",
        field="registrationNumber",
    )


async def bank_pledges(store: PledgeStore, bank_id: int, limit: int) -> list[IpPledge]:
    """The bank's own pledges, newest first (1 to 100)."""
    if not 1 <= limit <= LIST_MAX:
        raise InvalidArgumentError(f"first is 1 to {LIST_MAX}", field="first")
    return await store.bank_pledges(bank_id, limit)


async def pledge_statistics(
    store: PledgeStore, since: date, until: date, now: datetime
) -> PledgeStatistics:
    """Figures of loans paid between two days: firms, pledges, value, lending, days to loan."""
    if since < EARLIEST or until > city_today(now) or since > until:
        raise InvalidArgumentError(
            f"the period runs forwards from {EARLIEST} at the earliest to today at the latest",
            field="since",
        )
    return await store.statistics(since, until)
