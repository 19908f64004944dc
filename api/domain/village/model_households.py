"""Model households (诚信示范户): the committee nominates from the top of its village, the
county's credit office decides, an approval becomes an honour record of every member; and the
points distribution of the statistics."""

from __future__ import annotations

from datetime import datetime

from api.domain.clock import city_today
from api.domain.credit import services as credit_services
from api.domain.credit.model import RecordIntake
from api.domain.credit.ports import CreditStore
from api.domain.errors import InvalidArgumentError, NotFoundError
from api.domain.records.model import RecordCategory
from api.domain.subjects.model import SubjectKind
from api.domain.village import rules
from api.domain.village.errors import AlreadyNominatedError, NominationAlreadyDecidedError
from api.domain.village.model import Nomination, NominationStatus, PointsBand
from api.domain.village.ports import VillageStore
from api.domain.village.services import Actor, claim_key, fingerprint, household_village

#: The points bands of the statistics, lowest first (bounds inclusive).
POINTS_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("below -20", None, -21),
    ("-20 to -1", -20, -1),
    ("0 to 29", 0, 29),
    ("30 and above", 30, None),
)


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
    household, village = await household_village(store, actor, household_id)
    if not 2019 <= year <= city_today(now).year:
        raise InvalidArgumentError("year is between 2019 and this year", field="year")
    sent = fingerprint("nominate", {"household": household.id, "year": year})
    replayed = await claim_key(store, actor, idempotency_key, sent, now)
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
    sent = fingerprint(
        "decide", {"nomination": nomination_id, "approve": approve, "reason": reason}
    )
    replayed = await claim_key(store, actor, idempotency_key, sent, now)
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
