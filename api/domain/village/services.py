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
from api.domain.credit import services as credit_services
from api.domain.credit.errors import ConflictError, IdempotencyKeyReusedError
from api.domain.credit.intake import check_idempotency_key
from api.domain.credit.model import RecordIntake
from api.domain.credit.ports import CreditStore
from api.domain.errors import InvalidArgumentError, NotFoundError
from api.domain.paging import Page, PageRequest
from api.domain.records.model import RecordCategory
from api.domain.subjects.model import SubjectKind
from api.domain.village import rules
from api.domain.village.errors import (
    AlreadyCorrectedError,
    AlreadyNominatedError,
    HouseholdOfAnotherVillageError,
    NominationAlreadyDecidedError,
    NotYourVillageError,
)
from api.domain.village.model import (
    EntryDraft,
    EntryKind,
    HouseholdFile,
    Nomination,
    NominationStatus,
    PointRule,
    PointsBand,
    RecordedEntry,
    RuleDraft,
    Village,
)
from api.domain.village.ports import NewEntry, VillageHousehold, VillageStore, WriteClaim

#: The points bands of the statistics, lowest first (bounds inclusive).
POINTS_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("below -20", None, -21),
    ("-20 to -1", -20, -1),
    ("0 to 29", 0, 29),
    ("30 and above", 30, None),
)


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


async def _household_village(
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


def _fingerprint(operation: str, values: dict[str, Any]) -> str:
    canonical = json.dumps({"op": operation, **values}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _claim(
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
    sent = _fingerprint(
        "save_rule",
        {
            "village": village.id,
            "code": checked.code,
            "description": checked.description,
            "points": checked.points,
            "cap": checked.yearly_cap,
        },
    )
    replayed = await _claim(store, actor, idempotency_key, sent, now)
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
    household, village = await _household_village(store, actor, draft.household_id)
    occurred_on = rules.check_entry_date(draft.occurred_on, now)
    note, evidence, recorded_by = rules.check_entry_text(
        draft.note, draft.evidence_reference, draft.recorded_by
    )
    code = draft.rule_code.strip().upper()
    sent = _fingerprint(
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
    replayed = await _claim(store, actor, idempotency_key, sent, now)
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
    household, village = await _household_village(store, actor, entry.household_id)
    _note, _evidence, recorded_by = rules.check_entry_text("", None, recorded_by)
    sent = _fingerprint(
        "correct_entry", {"entry": entry.id, "reason": reason.strip(), "by": recorded_by}
    )
    replayed = await _claim(store, actor, idempotency_key, sent, now)
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


async def nominate(
    store: VillageStore,
    actor: Actor,
    household_id: int,
    year: int,
    *,
    idempotency_key: str,
    now: datetime,
) -> tuple[Nomination, bool]:
    """Nominate a household as the year's model household: from the top of its village by
    points, with no member's serious record (``rules.check_nomination``)."""
    household, village = await _household_village(store, actor, household_id)
    if not 2019 <= year <= city_today(now).year:
        raise InvalidArgumentError("year is between 2019 and this year", field="year")
    sent = _fingerprint("nominate", {"household": household.id, "year": year})
    replayed = await _claim(store, actor, idempotency_key, sent, now)
    if replayed is not None:
        found = await store.nomination(replayed)
        if found is None:
            raise NotFoundError("the nomination this key produced no longer exists")
        return found, True
    standings = await store.standings(village.id, year, today=city_today(now))
    candidate = next((s for s in standings if s.household_id == household.id), None)
    if candidate is None:
        raise NotFoundError("this household has no civility file", field="householdId")
    rules.check_nomination(candidate, standings, len(standings))
    nomination = await store.add_nomination(
        household.id, village.id, year, candidate.points, now=now
    )
    if nomination is None:
        raise AlreadyNominatedError(f"this household was nominated for {year} already")
    await store.attach(actor.partner_id, idempotency_key, nomination.id)
    return nomination, False


async def decide_nomination(
    store: VillageStore,
    credit: CreditStore,
    actor: Actor,
    nomination_id: int,
    *,
    approve: bool,
    reason: str,
    department_code: str,
    idempotency_key: str,
    now: datetime,
) -> tuple[Nomination, bool]:
    """The county approves or rejects a nomination; an approval becomes an honour record of
    each member through record intake, so scoring sees it."""
    reason = reason.strip()
    if not reason or len(reason) > rules.MAX_NOTE:
        raise InvalidArgumentError(
            f"a decision needs a reason of 1 to {rules.MAX_NOTE} characters", field="reason"
        )
    sent = _fingerprint(
        "decide", {"nomination": nomination_id, "approve": approve, "reason": reason}
    )
    replayed = await _claim(store, actor, idempotency_key, sent, now)
    if replayed is not None:
        found = await store.nomination(replayed)
        if found is None:
            raise NotFoundError("the nomination this key decided no longer exists")
        return found, True
    nomination = await store.nomination(nomination_id)
    if nomination is None:
        raise NotFoundError("no such nomination", field="nominationId")
    if nomination.status is not NominationStatus.NOMINATED:
        raise NominationAlreadyDecidedError(
            f"this nomination was {nomination.status.value} already"
        )
    status = NominationStatus.APPROVED if approve else NominationStatus.REJECTED
    decided = await store.decide(nomination.id, status, reason, now=now)
    if decided is None:
        raise NominationAlreadyDecidedError("this nomination was decided meanwhile")
    if approve:
        village = await store.village_by_id(nomination.village_id)
        place = village.name if village else ""
        record_ids = []
        for member in await store.members(nomination.household_id):
            outcome = await credit_services.record_fact(
                credit,
                RecordIntake(
                    subject_id=member.person_id,
                    subject_kind=SubjectKind.PERSON,
                    department_code=department_code,
                    category=RecordCategory.HONOUR,
                    severity=None,
                    occurred_at=now,
                    publicity_until=None,
                    summary=f"{place}{nomination.year}年度诚信示范户成员",
                ),
                partner_id=actor.partner_id,
                idempotency_key=f"model-household-{nomination.id}-{member.person_id}",
                now=now,
            )
            record_ids.append(outcome.record.id)
        await store.attach_honours(nomination.id, record_ids)
        decided = await store.nomination(nomination.id) or decided
    await store.attach(actor.partner_id, idempotency_key, decided.id)
    return decided, False


async def points_distribution(store: VillageStore, year: int) -> list[PointsBand]:
    """How many files fall in each band of points this year."""
    counts = await store.points_bands(year, [(low, high) for _, low, high in POINTS_BANDS])
    return [
        PointsBand(label, low, high, count)
        for (label, low, high), count in zip(POINTS_BANDS, counts, strict=True)
    ]


__all__ = [
    "POINTS_BANDS",
    "Actor",
    "acting_village",
    "correct_entry",
    "decide_nomination",
    "nominate",
    "own_household_file",
    "points_distribution",
    "record_entry",
    "save_rule",
    "village_files",
]
