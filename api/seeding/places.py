"""Merchants in commerce districts and households in villages."""

from __future__ import annotations

import random
from bisect import bisect

from api.domain.subjects.model import District, SubjectKind
from api.seeding import vocabulary as vocab
from api.seeding.batch import Batch, wire_time
from api.seeding.codes import INDIVIDUAL_BUSINESS_TYPE, uscc_for
from api.seeding.people import PLATFORM_START, Names
from api.seeding.plan import Chunk, Plan
from api.seeding.records import RecordMaker
from api.seeding.weighted import Weighted

MEMBER_COUNTS: tuple[tuple[int, float], ...] = (
    (1, 0.10),
    (2, 0.22),
    (3, 0.28),
    (4, 0.20),
    (5, 0.12),
    (6, 0.08),
)


def _created(rng: random.Random, end: int) -> int:
    return end - int(rng.random() * (end - wire_time(PLATFORM_START)))


def merchant_batch(plan: Plan, chunk: Chunk, maker: RecordMaker) -> Batch:
    """Generate a chunk of merchants with their records."""
    rng = plan.stream("merchants", chunk.number)
    batch = Batch(SubjectKind.MERCHANT, chunk.number)
    subjects, merchants = batch.table("subjects"), batch.table("merchants")
    records = batch.table("credit_records")
    places = Weighted([((name, district), w) for name, district, w in vocab.COMMERCE_DISTRICTS])
    names = Names()
    end = plan.day_start()
    first_id = plan.first_ids[SubjectKind.MERCHANT]
    for local in range(chunk.start, chunk.start + chunk.count):
        subject_id = first_id + local
        place, district = places.draw(rng)
        if rng.random() < 0.6:
            name = f"{names.surname(rng)}记{rng.choice(vocab.SHOP_GOODS)}"
        else:
            name = f"{place}{rng.choice(vocab.FIRM_WORDS)}{rng.choice(vocab.SHOP_GOODS)}"
        uscc = uscc_for(
            INDIVIDUAL_BUSINESS_TYPE,
            district.value,
            plan.spec.enterprises + local,
            rng.random() < 0.75,
            plan.uscc_scramble,
        )
        subjects.append((subject_id, SubjectKind.MERCHANT.value, _created(rng, end)))
        merchants.append((subject_id, uscc, name, place, district.value))
        count = maker.count(rng, SubjectKind.MERCHANT, heavy=local in plan.heavy_merchants)
        maker.make(rng, records, subject_id, SubjectKind.MERCHANT, count)
        batch.samples.setdefault("merchant_uscc", uscc)
    return batch


def _head_person(rng: random.Random, plan: Plan, district: District, rank: int) -> int | None:
    """A person of the household's district; distinct households get distinct heads."""
    for block_district, first, size in plan.person_blocks:
        if block_district is district and size > 0:
            households = max(1, plan.household_blocks[district])
            step = size // households
            local = first + (rank * step + int(rng.random() * step) if step else rank % size)
            return plan.first_ids[SubjectKind.PERSON] + local
    return None


def household_batch(plan: Plan, chunk: Chunk, maker: RecordMaker) -> Batch:
    """Generate a chunk of households with their records."""
    rng = plan.stream("households", chunk.number)
    batch = Batch(SubjectKind.HOUSEHOLD, chunk.number)
    subjects, households = batch.table("subjects"), batch.table("households")
    records = batch.table("credit_records")
    members = Weighted(MEMBER_COUNTS)
    firsts = [v.first for v in plan.villages]
    end = plan.day_start()
    first_id = plan.first_ids[SubjectKind.HOUSEHOLD]
    for local in range(chunk.start, chunk.start + chunk.count):
        subject_id = first_id + local
        village = plan.villages[bisect(firsts, local) - 1]
        within = local - village.first
        number = f"{within + 1:04d}"
        head = _head_person(rng, plan, village.district, village.district_rank + within)
        subjects.append((subject_id, SubjectKind.HOUSEHOLD.value, _created(rng, end)))
        households.append(
            (subject_id, village.name, number, village.district.value, head, members.draw(rng))
        )
        maker.make(
            rng, records, subject_id, SubjectKind.HOUSEHOLD, maker.count(rng, SubjectKind.HOUSEHOLD)
        )
        if "household_village" not in batch.samples:
            batch.samples["household_village"] = village.name
            batch.samples["household_number"] = number
    return batch
