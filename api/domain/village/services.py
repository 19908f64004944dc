"""The village use cases: rules, entries and corrections, files, model households, statistics.

Each runs in the caller's unit of work and never commits. Every write takes an idempotency
key: a retry gives back the first result, the key with another request is refused. Writes to
one household hold its file row, so two committee members recording at once never lose an
entry and a rule's yearly cap holds under a race.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api.domain.clock import city_today
from api.domain.credit.errors import ConflictError, IdempotencyKeyReusedError
from api.domain.credit.intake import check_idempotency_key
from api.domain.errors import InvalidArgumentError, NotFoundError
from api.domain.paging import Page, PageRequest
from api.domain.village import rules
from api.domain.village.errors import (
    AlreadyCorrectedError,
    HouseholdOfAnotherVillageError,
    NotYourVillageError,
)
from api.domain.village.model import (
    EntryDraft,
    EntryKind,
    HouseholdFile,
    PointRule,
    RecordedEntry,
    RuleDraft,
    Village,
)
from api.domain.village.ports import NewEntry, VillageHousehold, VillageStore, WriteClaim


@dataclass(frozen=True, slots=True)
class Actor:
    """Who writes: a partner, and whether it is a village committee (bound to its own village)."""

    partner_id: int
    committee: bool


async def acting_village(store: VillageStore, actor: Actor, name: str) -> Village:
    """The village a caller names: NotFoundError if unknown, NotYourVillageError for a
    committee naming another village than its own."""
    village = await store.village_by_name(name.strip())
    if village is None:
        raise NotFoundError(f"no village named {name.strip()!r}", field="village")
    if actor.committee and village.committee_partner_id != actor.partner_id:
        raise NotYourVillageError(
            "a village committee acts on its own village only", field="village"
        )
    return village


async def household_village(
    store: VillageStore, actor: Actor, household_id: int
) -> tuple[VillageHousehold, Village]:
    household = await store.household(household_id)
    if household is None:
        raise NotFoundError("no such household", field="householdId")
    village = await store.village_by_name(household.village_name)
    if village is None:
        raise NotFoundError("the household's village keeps no civility files", field="householdId")
    if actor.committee and village.committee_partner_id != actor.partner_id:
        raise HouseholdOfAnotherVillageError(
            "this household belongs to another village", field="householdId"
        )
    return household, village


def fingerprint(operation: str, values: dict[str, Any]) -> str:
    """A stable hash of a write as sent, to tell a retry from a different request."""
    canonical = json.dumps({"op": operation, **values}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def claim_key(
    store: VillageStore, actor: Actor, key: str, fingerprint: str, now: datetime
) -> int | None:
    """Take the key (None: go ahead) or the id the key produced before (a replay)."""
    key = check_idempotency_key(key)
    if await store.claim(WriteClaim(actor.partner_id, key, fingerprint, None), now):
        return None
    taken = await store.claimed(actor.partner_id, key)
    if taken is None:
        raise ConflictError("this idempotency key is being used; retry shortly")
    if taken.fingerprint != fingerprint:
        raise IdempotencyKeyReusedError(
            "this idempotency key was used for a different request; use a new key",
            field="idempotencyKey",
        )
    if taken.result_id is None:
        raise ConflictError("the first request with this key is still running; retry shortly")
    return taken.result_id


async def save_rule(
    store: VillageStore,
    actor: Actor,
    village_name: str,
    draft: RuleDraft,
    *,
    idempotency_key: str,
    now: datetime,
) -> tuple[PointRule, bool]:
    """Store a village rule's next version (the first when the code is new); (rule, replayed)."""
    village = await acting_village(store, actor, village_name)
    checked = rules.check_rule(draft)
    sent = fingerprint(
        "save_rule",
        {
            "village": village.id,
            "code": checked.code,
            "description": checked.description,
            "points": checked.points,
            "cap": checked.yearly_cap,
        },
    )
    replayed = await claim_key(store, actor, idempotency_key, sent, now)
    if replayed is not None:
        found = await store.rule(replayed)
        if found is None:
            raise NotFoundError("the rule this key produced no longer exists")
        return found, True
    rule = await store.add_rule_version(village.id, checked, now=now)
    await store.attach(actor.partner_id, idempotency_key, rule.id)
    return rule, False


async def _file(store: VillageStore, household_id: int, now: datetime) -> HouseholdFile:
    today = city_today(now)
    found = await store.file(household_id, today.year, today=today)
    if found is None:
        raise NotFoundError("no such household file")
    return found


async def _replayed_entry(store: VillageStore, entry_id: int, now: datetime) -> RecordedEntry:
    entry = await store.entry(entry_id)
    if entry is None:
        raise NotFoundError("the entry this key produced no longer exists")
    return RecordedEntry(entry, await _file(store, entry.household_id, now), True)


async def record_entry(
    store: VillageStore,
    actor: Actor,
    draft: EntryDraft,
    *,
    idempotency_key: str,
    now: datetime,
) -> RecordedEntry:
    """Record points (or a settled dispute) under a village rule against a household."""
    if draft.kind is EntryKind.CORRECTION:
        raise InvalidArgumentError("a correction is made with correctCivilityEntry", field="kind")
    household, village = await household_village(store, actor, draft.household_id)
    occurred_on = rules.check_entry_date(draft.occurred_on, now)
    note, evidence, recorded_by = rules.check_entry_text(
        draft.note, draft.evidence_reference, draft.recorded_by
    )
    code = draft.rule_code.strip().upper()
    sent = fingerprint(
        "record_entry",
        {
            "household": household.id,
            "rule": code,
            "kind": draft.kind.value,
            "on": occurred_on.isoformat(),
            "note": note,
            "evidence": evidence,
            "by": recorded_by,
        },
    )
    replayed = await claim_key(store, actor, idempotency_key, sent, now)
    if replayed is not None:
        return await _replayed_entry(store, replayed, now)
    rule = await store.current_rule(village.id, code)
    if rule is None:
        raise NotFoundError(
            f"village {village.name} has no rule {code!r} in force", field="ruleCode"
        )
    await store.open_file(household.id, village.id, now=now)
    used = await store.used_this_year(household.id, rule.code, occurred_on.year)
    points = rules.capped_points(rule.points, rule.yearly_cap, used)
    entry = await store.add_entry(
        NewEntry(
            household_id=household.id,
            village_id=village.id,
            rule_id=rule.id,
            kind=draft.kind,
            points=points,
            requested_points=rule.points,
            occurred_on=occurred_on,
            note=note,
            evidence_reference=evidence,
            recorded_by=recorded_by,
            partner_id=actor.partner_id,
        ),
        now=now,
    )
    await store.attach(actor.partner_id, idempotency_key, entry.id)
    return RecordedEntry(entry, await _file(store, household.id, now), False)


async def correct_entry(
    store: VillageStore,
    actor: Actor,
    entry_id: int,
    *,
    reason: str,
    recorded_by: str,
    idempotency_key: str,
    now: datetime,
) -> RecordedEntry:
    """Correct an entry by an entry of its own that reverses its points, with a reason."""
    entry = await store.entry(entry_id)
    if entry is None:
        raise NotFoundError("no such entry", field="entryId")
    household, village = await household_village(store, actor, entry.household_id)
    _note, _evidence, recorded_by = rules.check_entry_text("", None, recorded_by)
    sent = fingerprint(
        "correct_entry", {"entry": entry.id, "reason": reason.strip(), "by": recorded_by}
    )
    replayed = await claim_key(store, actor, idempotency_key, sent, now)
    if replayed is not None:
        return await _replayed_entry(store, replayed, now)
    await store.open_file(household.id, village.id, now=now)
    held = await store.entry(entry.id)  # read again under the file's lock
    checked_reason = rules.check_correction(held or entry, reason)
    correction = await store.add_entry(
        NewEntry(
            household_id=household.id,
            village_id=village.id,
            rule_id=entry.rule.id,
            kind=EntryKind.CORRECTION,
            points=-entry.points,
            requested_points=-entry.points,
            occurred_on=entry.occurred_on,
            note=checked_reason,
            evidence_reference=None,
            recorded_by=recorded_by,
            partner_id=actor.partner_id,
            corrects_entry_id=entry.id,
        ),
        now=now,
    )
    if not await store.mark_corrected(entry.id, correction.id):
        raise AlreadyCorrectedError("this entry was corrected meanwhile")
    await store.attach(actor.partner_id, idempotency_key, correction.id)
    return RecordedEntry(correction, await _file(store, household.id, now), False)


async def village_files(
    store: VillageStore, actor: Actor, village_name: str, request: PageRequest, now: datetime
) -> tuple[Village, Page[HouseholdFile]]:
    """A page of a village's households with their points and colours this year."""
    village = await acting_village(store, actor, village_name)
    today = city_today(now)
    return village, await store.files(village, today.year, request, today=today)


async def own_household_file(store: VillageStore, person_id: int, now: datetime) -> HouseholdFile:
    """The file of the household the signed-in person heads (NotFoundError if none)."""
    household = await store.household_by_head(person_id)
    if household is None:
        raise NotFoundError("the signed-in person heads no household")
    return await _file(store, household.id, now)
