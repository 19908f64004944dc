"""The layout of a synthetic city: how many of each subject, their ids, and the work chunks.

A plan is computed once from (profile, seed, today), is small and picklable, and is all a
worker process needs to generate any chunk on its own: every chunk draws from its own
random stream, so the output does not depend on which process generates it or when.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from api.crypto import Keys
from api.domain.clock import CITY_TZ
from api.domain.subjects.model import District, SubjectKind
from api.seeding import vocabulary as vocab
from api.seeding.batch import wire_time
from api.seeding.grant_setup import GrantSetup

#: Subject kinds in the order their ids are laid out.
KIND_ORDER: tuple[SubjectKind, ...] = (
    SubjectKind.PERSON,
    SubjectKind.ENTERPRISE,
    SubjectKind.MERCHANT,
    SubjectKind.HOUSEHOLD,
)

#: Record ids each chunk reserves per subject, and for its few heavy subjects (see record_ids).
RECORD_IDS_PER_SUBJECT = 16
RECORD_IDS_SPARE = 2_000

#: A resident ID sequence is 3 digits: 500 values of each sex, split among person chunks.
SEQUENCE_SLOTS = 500


class SeedProfile(StrEnum):
    """How big a city to seed."""

    DEMO = "demo"
    CITY = "city"


@dataclass(frozen=True, slots=True)
class ProfileSpec:
    """Subject counts, villages and chunk size of a profile."""

    persons: int
    enterprises: int
    merchants: int
    households: int
    villages: int
    chunk_size: int

    def count(self, kind: SubjectKind) -> int:
        """How many subjects of ``kind`` the profile holds."""
        return {
            SubjectKind.PERSON: self.persons,
            SubjectKind.ENTERPRISE: self.enterprises,
            SubjectKind.MERCHANT: self.merchants,
            SubjectKind.HOUSEHOLD: self.households,
        }[kind]


_SPECS: dict[SeedProfile, ProfileSpec] = {
    SeedProfile.DEMO: ProfileSpec(2_000, 500, 100, 300, 12, 1_000_000),
    SeedProfile.CITY: ProfileSpec(3_410_000, 400_000, 10_000, 230_000, 272, 40_000),
}


def profile_spec(profile: SeedProfile, scale: float = 1.0) -> ProfileSpec:
    """The profile's counts, optionally scaled down (``scale=0.001`` is a thousandth)."""
    spec = _SPECS[profile]
    if scale == 1.0:
        return spec

    def scaled(n: int, floor: int) -> int:
        """``n`` scaled, but at least ``floor``."""
        return max(floor, round(n * scale))

    return ProfileSpec(
        persons=scaled(spec.persons, 50),
        enterprises=scaled(spec.enterprises, 20),
        merchants=scaled(spec.merchants, 5),
        households=scaled(spec.households, 10),
        villages=scaled(spec.villages, 3),
        chunk_size=scaled(spec.chunk_size, 100),
    )


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of consecutive subjects of one kind, generated as a unit."""

    kind: SubjectKind
    number: int
    start: int
    count: int


@dataclass(frozen=True, slots=True)
class Village:
    """A village: its households are the local indexes ``first`` to ``first + count - 1``."""

    name: str
    district: District
    first: int
    count: int
    district_rank: int  # how many households of its district come before its first one


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a worker needs to generate any chunk of a seed."""

    profile: SeedProfile
    seed: int
    today: date
    keys: Keys
    spec: ProfileSpec
    department_ids: dict[str, int]
    first_ids: dict[SubjectKind, int]
    person_blocks: tuple[tuple[District, int, int], ...]  # district, first local, count
    household_blocks: dict[District, int]  # households per district
    villages: tuple[Village, ...]
    sample_enterprise: int
    heavy_enterprises: frozenset[int]
    heavy_merchants: frozenset[int]
    heavy_persons: frozenset[int]
    uscc_scramble: tuple[int, int, int, int]
    #: The active rule set, as stored (JSON): every subject is evaluated under it.
    rules_json: str = ""
    #: Exempt-from-penalty matters: code to id, and the codes each department's penalties use.
    matter_ids: tuple[tuple[str, int], ...] = ()
    matter_departments: tuple[tuple[str, str], ...] = ()
    #: The scenarios, operators and coupon batches of the seeded year of incentive use.
    grants: GrantSetup | None = None

    def record_ids(self, chunk: Chunk) -> tuple[int, int]:
        """The first record id of ``chunk`` and how many its id block holds.

        Every chunk owns a block of ids sized from its subject count (generous: 16 records a
        subject plus room for the heavy subjects), so any process can number a chunk's
        records without knowing how many the chunks before it made.
        """
        first = 1
        for kind in KIND_ORDER:
            for other in self.chunks(kind):
                size = RECORD_IDS_PER_SUBJECT * other.count + RECORD_IDS_SPARE
                if other == chunk:
                    return first, size
                first += size
        raise ValueError(f"{chunk} is not a chunk of this plan")

    def stream(self, *parts: object) -> random.Random:
        """An independent random stream named by ``parts`` (string seeds hash with SHA-512)."""
        name = "/".join(str(p) for p in (self.profile, self.seed, self.today, *parts))
        return random.Random(name)  # noqa: S311 - synthetic data, not secrets

    def day_start(self) -> int:
        """The start of ``today`` in the city (UTC+8) in wire microseconds; nothing is later."""
        return wire_time(datetime.combine(self.today, time.min, tzinfo=CITY_TZ))

    def chunks(self, kind: SubjectKind) -> list[Chunk]:
        """The chunks of ``kind`` in id order."""
        total, size = self.spec.count(kind), self.spec.chunk_size
        return [
            Chunk(kind, number, start, min(size, total - start))
            for number, start in enumerate(range(0, total, size))
        ]

    def all_chunks(self) -> list[Chunk]:
        """Every chunk of every kind, persons first."""
        return [chunk for kind in KIND_ORDER for chunk in self.chunks(kind)]

    def person_chunk_count(self) -> int:
        """How many person chunks share the resident ID sequence slots."""
        return len(self.chunks(SubjectKind.PERSON))


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integer parts proportional to ``weights`` that sum to it exactly."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _village_names(rng: random.Random, count: int) -> list[tuple[str, District]]:
    """Named villages first, then composed names, each with its district; all distinct."""
    named = list(vocab.NAMED_VILLAGES[:count])
    taken = {name for name, _ in named}
    composed = [h + t for h in vocab.PLACE_HEADS for t in vocab.PLACE_TAILS]
    rng.shuffle(composed)
    districts = [d for d, _ in vocab.VILLAGE_DISTRICT_WEIGHTS]
    weights = [w for _, w in vocab.VILLAGE_DISTRICT_WEIGHTS]
    for name in composed:
        if len(named) >= count:
            break
        if name not in taken:
            taken.add(name)
            named.append((name, rng.choices(districts, weights)[0]))
    return named


def _villages(
    rng: random.Random, spec: ProfileSpec
) -> tuple[tuple[Village, ...], dict[District, int]]:
    names = _village_names(rng, min(spec.villages, spec.households))
    counts = _largest_remainder(spec.households, [rng.uniform(0.4, 1.6) for _ in names])
    villages: list[Village] = []
    per_district: dict[District, int] = dict.fromkeys(District, 0)
    first = 0
    for (name, district), count in zip(names, counts, strict=True):
        villages.append(Village(name, district, first, count, per_district[district]))
        per_district[district] += count
        first += count
    return tuple(villages), per_district


def _scramble(rng: random.Random) -> tuple[int, int, int, int]:
    """Multipliers and offsets of the bijections that turn an index into an organisation code."""
    mult6 = rng.randrange(1, 31**6)
    while mult6 % 31 == 0:
        mult6 = rng.randrange(1, 31**6)
    mult8 = rng.randrange(1, 10**8)
    while mult8 % 2 == 0 or mult8 % 5 == 0:
        mult8 = rng.randrange(1, 10**8)
    return mult6, rng.randrange(31**6), mult8, rng.randrange(10**8)


def make_plan(
    profile: SeedProfile,
    spec: ProfileSpec,
    *,
    seed: int,
    today: date,
    keys: Keys,
    department_ids: dict[str, int],
    rules_json: str = "",
    matter_ids: dict[str, int] | None = None,
    matter_departments: dict[str, str] | None = None,
    grants: GrantSetup | None = None,
) -> Plan:
    """Lay out ids, districts, villages and the designated heavy subjects of a seed."""
    name = f"{profile}/{seed}/{today}/plan"
    rng = random.Random(name)  # noqa: S311 - synthetic data, not secrets
    first_ids: dict[SubjectKind, int] = {}
    next_id = 1
    for kind in KIND_ORDER:
        first_ids[kind] = next_id
        next_id += spec.count(kind)
    sizes = _largest_remainder(spec.persons, [w for _, w in vocab.DISTRICT_WEIGHTS])
    blocks: list[tuple[District, int, int]] = []
    start = 0
    for (district, _), size in zip(vocab.DISTRICT_WEIGHTS, sizes, strict=True):
        blocks.append((district, start, size))
        start += size
    villages, per_district = _villages(rng, spec)
    first_chunk = min(spec.chunk_size, spec.enterprises)
    designated = rng.sample(range(first_chunk), min(3, first_chunk))
    plan = Plan(
        profile=profile,
        seed=seed,
        today=today,
        keys=keys,
        spec=spec,
        department_ids=dict(department_ids),
        first_ids=first_ids,
        person_blocks=tuple(blocks),
        household_blocks=per_district,
        villages=villages,
        sample_enterprise=designated[0],
        heavy_enterprises=frozenset(designated),
        heavy_merchants=frozenset({rng.randrange(spec.merchants)}),
        heavy_persons=frozenset({rng.randrange(spec.persons)}),
        uscc_scramble=_scramble(rng),
        rules_json=rules_json,
        matter_ids=tuple(sorted((matter_ids or {}).items())),
        matter_departments=tuple(sorted((matter_departments or {}).items())),
        grants=grants,
    )
    if plan.person_chunk_count() > SEQUENCE_SLOTS:
        raise ValueError("too many person chunks for the resident ID sequence slots")
    return plan
