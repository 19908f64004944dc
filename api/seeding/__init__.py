"""Deterministic synthetic data: a small ``demo`` city, or one the size of Huzhou (``city``).

Same (profile, seed, today) gives the same identifiers, names, values and records (only the
AES-GCM ciphertexts differ: their nonces are random). ``demo`` loads through SQLAlchemy Core
on SQLite or PostgreSQL; ``city`` loads through COPY and needs PostgreSQL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.crypto import Keys
from api.db.tables import metadata
from api.seeding.approval_matters import ensure_approval_matters
from api.seeding.batch import COLUMNS
from api.seeding.copy_loader import SETUP_TABLES, load_copy
from api.seeding.core_loader import load_core
from api.seeding.departments import ensure_departments
from api.seeding.exempt_matters import MATTERS, ensure_exempt_matters
from api.seeding.grant_setup import count_coupons, prepare_grants
from api.seeding.incentives import seed_incentive_catalogue
from api.seeding.industry import seed_industry
from api.seeding.ip_pledges import seed_ip_pledges
from api.seeding.merchant_indicators import seed_merchant_indicators
from api.seeding.outreach import seed_outreach
from api.seeding.plan import SeedProfile, make_plan, profile_spec
from api.seeding.progress import Progress, SeedProgress
from api.seeding.villages import seed_villages

__all__ = [
    "AlreadySeededError",
    "SeedProfile",
    "SeedProgress",
    "SeedReport",
    "SeedingError",
    "UnsupportedBackendError",
    "seed",
]


#: Tables whose ids the seed sets itself: their sequences move past the largest one.
_EXPLICIT_IDS = ("subjects", "credit_records", "evaluations", "coupons")


class SeedingError(Exception):
    """A seed was refused."""


class AlreadySeededError(SeedingError):
    """The database already holds subjects; seeding again would duplicate them."""


class UnsupportedBackendError(SeedingError):
    """The profile cannot be loaded on this database backend."""


@dataclass(frozen=True)
class SeedReport:
    """What a seed loaded: rows per table, time taken, and identifiers worth trying."""

    profile: SeedProfile
    seed: int
    counts: dict[str, int]
    seconds: float
    samples: dict[str, str]
    phases: dict[str, float] = field(default_factory=dict)


async def seed(
    engine: AsyncEngine,
    profile: SeedProfile,
    *,
    seed: int = 0,
    keys: Keys,
    today: date,
    progress: SeedProgress | None = None,
) -> SeedReport:
    """Fill an empty, migrated database with the profile's synthetic city, in one transaction."""
    return await run_seed(engine, profile, seed=seed, keys=keys, today=today, progress=progress)


async def _refuse_if_seeded(connection: AsyncConnection) -> None:
    subjects = metadata.tables["subjects"]
    if connection.dialect.name == "postgresql":
        # Serialises concurrent seeds: the second one waits, then sees the first one's rows.
        await connection.execute(text("LOCK TABLE subjects IN SHARE ROW EXCLUSIVE MODE"))
    found = (await connection.execute(select(subjects.c.id).limit(1))).first()
    if found is not None:
        raise AlreadySeededError(
            "the database already holds subjects; seed an empty, migrated database"
        )


async def _active_rules(connection: AsyncConnection) -> str:
    rule_sets = metadata.tables["rule_sets"]
    found = (
        await connection.execute(select(rule_sets.c.parameters).where(rule_sets.c.active.is_(True)))
    ).first()
    if found is None:
        raise SeedingError("no rule set is active: migrate the database first")
    return str(found[0])


async def _bump_sequences(connection: AsyncConnection) -> None:
    for table in _EXPLICIT_IDS:
        await connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"  # noqa: S608 - a fixed table name
                " HAVING max(id) IS NOT NULL"
            )
        )


async def _maintain(engine: AsyncEngine, tracker: Progress, *, vacuum: bool) -> None:
    """VACUUM after a bulk load, ANALYZE after a small one.

    VACUUM leaves the pages all-visible with hint bits set, so the first readers do not
    write and autovacuum has nothing left to catch up on; the COPY path has analysed inside
    its transaction already.
    """
    tables = ", ".join([*COLUMNS, *SETUP_TABLES])
    async with engine.connect() as connection:
        if vacuum:
            with tracker.phase("vacuum"):
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text(f"VACUUM {tables}"))
        else:
            with tracker.phase("analyze"):
                await connection.execute(text(f"ANALYZE {tables}"))
                await connection.commit()


async def run_seed(
    engine: AsyncEngine,
    profile: SeedProfile,
    *,
    seed: int = 0,
    keys: Keys,
    today: date,
    progress: SeedProgress | None = None,
    scale: float = 1.0,
    use_copy: bool | None = None,
    workers: int | None = None,
) -> SeedReport:
    """``seed`` with knobs for tests: a scale factor, the loader, the generator processes.

    ``use_copy`` defaults to COPY for ``city`` and Core for ``demo``; ``workers=0``
    generates in this process.
    """
    profile = SeedProfile(profile)
    postgres = engine.dialect.name == "postgresql"
    copy = profile is SeedProfile.CITY if use_copy is None else use_copy
    if copy and not postgres:
        raise UnsupportedBackendError(
            f"the {profile} profile loads with PostgreSQL COPY; on {engine.dialect.name} "
            "seed the demo profile instead"
        )
    started = time.perf_counter()
    tracker = Progress(progress)
    async with engine.connect() as connection:  # autobegins; closing uncommitted rolls back
        try:
            await _refuse_if_seeded(connection)
            department_ids, new_departments = await ensure_departments(connection)
            now = datetime.now(UTC)
            matter_ids = await ensure_exempt_matters(connection, now)
            new_categories, new_scenarios = await seed_incentive_catalogue(connection, now)
            grants, setup_counts = await prepare_grants(connection, profile.value, today, now)
            plan = make_plan(
                profile,
                profile_spec(profile, scale),
                seed=seed,
                today=today,
                keys=keys,
                department_ids=department_ids,
                rules_json=await _active_rules(connection),
                matter_ids=matter_ids,
                matter_departments={m.code: m.department for m in MATTERS},
                grants=grants,
            )
            if copy:
                counts, samples = await load_copy(connection, plan, tracker, workers=workers)
            else:
                with tracker.phase("generate and insert"):
                    counts, samples = await load_core(connection, plan, tracker)
            counts["merchant_indicator_observations"] = await seed_merchant_indicators(
                connection, seed=seed, today=today, now=now
            )
            counts["approval_matters"] = len(await ensure_approval_matters(connection))
            counts.update(
                await seed_industry(
                    connection, profile=profile.value, scale=scale, seed=seed, today=today, now=now
                )
            )
            await count_coupons(connection, grants.batches)
            with tracker.phase("villages"):
                counts.update(await seed_villages(connection, plan.villages, today, now))
            counts["ip_pledges"] = await seed_ip_pledges(
                connection, city=profile is SeedProfile.CITY, seed=seed, today=today, now=now
            )
            with tracker.phase("repair outreach"):
                counts.update(await seed_outreach(connection, today, now))
            if postgres:
                await _bump_sequences(connection)
            with tracker.phase("commit"):
                await connection.commit()
        finally:
            if copy:
                # COPY changed the driver connection's codecs: never hand it back to the pool.
                await connection.invalidate()
    if postgres:
        await _maintain(engine, tracker, vacuum=copy)
    return SeedReport(
        profile=profile,
        seed=seed,
        counts={
            "departments": new_departments,
            "incentive_categories": new_categories,
            "incentive_scenarios": new_scenarios,
            **setup_counts,
            **counts,
        },
        seconds=time.perf_counter() - started,
        samples=samples,
        phases=dict(tracker.phases),
    )
