"""Synthetic data: the demo profile on SQLite and PostgreSQL, and the COPY path of ``city``;
with the incentive catalogue and a year of benefit grants consistent with the API's rules.

PostgreSQL tests run on the suite's PostgreSQL (tests.conftest.postgres_url); each gets its
own scratch database, dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import asyncpg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from api.crypto import Keys, blind_index, decrypt_identifier
from api.db.engine import create_engine
from api.db.migrate import upgrade
from api.db.tables import metadata
from api.domain.clock import CITY_TZ
from api.domain.identifiers import mask_resident_id, validate_resident_id, validate_uscc
from api.domain.records.model import (
    NEGATIVE_CATEGORIES,
    CreditRecord,
    RecordCategory,
    RecordStatus,
    Severity,
    is_publishable,
)
from api.domain.scenarios.model import Benefit, BenefitKind, Scenario
from api.domain.scenarios.rules import benefit_amount, fingerprint
from api.domain.subjects.model import TaxGrade
from api.seeding import (
    AlreadySeededError,
    SeedProfile,
    SeedReport,
    UnsupportedBackendError,
    run_seed,
    seed,
)
from api.seeding.copy_loader import SEEDED_TABLES
from api.seeding.grant_usage import YEAR_DAYS
from api.seeding.grants import coupon_fingerprint, discount_fingerprint
from api.seeding.incentives import CATEGORIES as CATALOGUE_CATEGORIES
from api.seeding.incentives import SCENARIOS as CATALOGUE_SCENARIOS
from api.seeding.pg_schema import schema_snapshot
from api.seeding.records import PUBLICITY_DAYS, SAMPLE_PUBLISHABLE
from tests.conftest import postgres_url

TODAY = date(2026, 11, 26)
KEYS = Keys.from_master(b"seeding-tests-master-key-32bytes!")

SUBJECTS = metadata.tables["subjects"]
PERSONS = metadata.tables["persons"]
ENTERPRISES = metadata.tables["enterprises"]
MERCHANTS = metadata.tables["merchants"]
HOUSEHOLDS = metadata.tables["households"]
RECORDS = metadata.tables["credit_records"]
RATINGS = metadata.tables["tax_credit_ratings"]
GREEN = metadata.tables["green_profiles"]
DEPARTMENTS = metadata.tables["departments"]
GRANTS = metadata.tables["benefit_grants"]
DAILY_USES = metadata.tables["benefit_daily_uses"]
COUPONS = metadata.tables["coupons"]
BATCHES = metadata.tables["coupon_batches"]
SCENARIOS = metadata.tables["incentive_scenarios"]
CATEGORIES = metadata.tables["incentive_categories"]
PARTNERS = metadata.tables["partners"]
SCORES = metadata.tables["subject_scores"]

EngineFactory = Callable[[str], Awaitable[AsyncEngine]]


class _Recorder:
    """A SeedProgress that remembers what it was told."""

    def __init__(self) -> None:
        self.totals: dict[str, int] = {}
        self.done: dict[str, int] = {}

    def start(self, task: str, total: int) -> None:
        self.totals[task] = total
        self.done[task] = 0

    def advance(self, task: str, amount: int) -> None:
        self.done[task] += amount


async def _admin() -> asyncpg.Connection:
    url = make_url(postgres_url())
    return await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database="postgres",
    )


class _Databases:
    """Makes migrated, empty databases (``sqlite`` or ``postgresql``) and drops them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.made: list[AsyncEngine] = []
        self.scratch: list[str] = []

    async def make(self, backend: str) -> AsyncEngine:
        if backend == "sqlite":
            path = self.directory / f"seed{len(self.made)}.db"
            engine = create_engine(f"sqlite+aiosqlite:///{path}")
        else:
            name = f"seeding_test_{uuid.uuid4().hex[:12]}"
            admin = await _admin()
            try:
                await admin.execute(f'CREATE DATABASE "{name}"')
            finally:
                await admin.close()
            self.scratch.append(name)
            url = make_url(postgres_url()).set(database=name)
            engine = create_engine(url.render_as_string(hide_password=False), pool_size=2)
        self.made.append(engine)
        await upgrade(engine)
        return engine

    async def close(self) -> None:
        for engine in self.made:
            await engine.dispose()
        if self.scratch:
            admin = await _admin()
            try:
                for name in self.scratch:
                    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await admin.close()


@pytest.fixture
async def engines(tmp_path: Path) -> AsyncIterator[EngineFactory]:
    """Makes migrated, empty databases for one test."""
    databases = _Databases(tmp_path)
    yield databases.make
    await databases.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[AsyncEngine, SeedReport]]:
    """A database seeded with the demo profile, shared by the read-only tests of a backend."""
    databases = _Databases(tmp_path_factory.mktemp("demo"))
    engine = await databases.make(request.param)
    report = await seed(engine, SeedProfile.DEMO, seed=7, keys=KEYS, today=TODAY)
    yield engine, report
    await databases.close()


async def _rows(engine: AsyncEngine, statement: Any) -> list[Any]:
    async with engine.connect() as connection:
        return list(await connection.execute(statement))


async def _scalar(engine: AsyncEngine, statement: Any) -> Any:
    async with engine.connect() as connection:
        return (await connection.execute(statement)).scalar_one()


async def _count(engine: AsyncEngine, table: Any) -> int:
    return int(await _scalar(engine, select(func.count()).select_from(table)))


async def _grants(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    """Every grant as comparable values, in key order."""
    rows = await _rows(
        engine,
        select(
            GRANTS.c.partner_id,
            GRANTS.c.idempotency_key,
            GRANTS.c.person_id,
            GRANTS.c.scenario_id,
            GRANTS.c.granted_at,
            GRANTS.c.granted_on,
            GRANTS.c.benefit_amount,
            GRANTS.c.coupon_id,
        ).order_by(GRANTS.c.partner_id, GRANTS.c.idempotency_key),
    )
    return [(*r[:6], _money(r[6]), r[7]) for r in rows]


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


async def _fingerprint(
    engine: AsyncEngine,
) -> tuple[list[str], int, list[str], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    usccs = [
        r[0]
        for r in await _rows(engine, select(ENTERPRISES.c.uscc).order_by(ENTERPRISES.c.subject_id))
    ]
    masked = [
        r[0]
        for r in await _rows(
            engine, select(PERSONS.c.resident_id_masked).order_by(PERSONS.c.subject_id)
        )
    ]
    per_subject = [
        tuple(r)
        for r in await _rows(
            engine,
            select(RECORDS.c.subject_id, func.count(), func.min(RECORDS.c.occurred_at))
            .group_by(RECORDS.c.subject_id)
            .order_by(RECORDS.c.subject_id),
        )
    ]
    return usccs, await _count(engine, RECORDS), masked, per_subject, await _grants(engine)


async def _publishable(engine: AsyncEngine, uscc: str) -> int:
    rows = await _rows(
        engine,
        select(RECORDS)
        .join(ENTERPRISES, ENTERPRISES.c.subject_id == RECORDS.c.subject_id)
        .where(ENTERPRISES.c.uscc == uscc),
    )
    records = [
        CreditRecord(
            id=r.id,
            subject_id=r.subject_id,
            department_id=r.department_id,
            category=RecordCategory(r.category),
            severity=None if r.severity is None else Severity(r.severity),
            occurred_at=r.occurred_at,
            publicity_until=r.publicity_until,
            status=RecordStatus(r.status),
            summary=r.summary,
        )
        for r in rows
    ]
    return sum(is_publishable(record, TODAY) for record in records)


async def test_demo_counts_are_in_the_expected_ranges(demo: tuple[AsyncEngine, SeedReport]) -> None:
    engine, report = demo
    assert report.profile is SeedProfile.DEMO
    assert report.seed == 7
    assert report.counts["persons"] == 2_000
    assert report.counts["enterprises"] == 500
    assert report.counts["merchants"] == 100
    assert report.counts["households"] == 300
    assert report.counts["subjects"] == 2_900
    assert 2_000 <= report.counts["credit_records"] <= 9_000
    assert 800 <= report.counts["tax_credit_ratings"] <= 1_500
    assert 120 <= report.counts["green_profiles"] <= 240
    assert report.counts["tax_paid"] == report.counts["tax_credit_ratings"]
    assert report.counts["departments"] >= 10
    tables = {
        "subjects": SUBJECTS,
        "persons": PERSONS,
        "enterprises": ENTERPRISES,
        "merchants": MERCHANTS,
        "households": HOUSEHOLDS,
        "credit_records": RECORDS,
        "tax_credit_ratings": RATINGS,
        "green_profiles": GREEN,
        "tax_paid": metadata.tables["tax_paid"],
        "departments": DEPARTMENTS,
        "incentive_categories": CATEGORIES,
        "incentive_scenarios": SCENARIOS,
        "partners": PARTNERS,
        "coupon_batches": BATCHES,
        "coupons": COUPONS,
        "benefit_grants": GRANTS,
        "benefit_daily_uses": DAILY_USES,
        "benefit_monthly_uses": metadata.tables["benefit_monthly_uses"],
    }
    assert report.counts["incentive_categories"] == len(CATALOGUE_CATEGORIES) == 14
    assert report.counts["incentive_scenarios"] == len(CATALOGUE_SCENARIOS) == 54
    assert 1_000 <= report.counts["benefit_grants"] <= 20_000  # a few thousand
    assert report.counts["coupons"] > 0
    for name, table in tables.items():
        assert await _count(engine, table) == report.counts[name], name
    assert report.seconds < 30
    assert set(report.samples) >= {
        "enterprise_uscc_many_records",
        "enterprise_uscc",
        "merchant_uscc",
        "household_village",
        "household_number",
        "resident_id",
    }


async def test_every_resident_id_decrypts_validates_and_matches(
    demo: tuple[AsyncEngine, SeedReport],
) -> None:
    engine, report = demo
    rows = await _rows(engine, select(PERSONS))
    seen: set[str] = set()
    for row in rows:
        resident_id = decrypt_identifier(KEYS.identifier_encryption, row.resident_id_encrypted)
        assert validate_resident_id(resident_id) == resident_id
        assert row.resident_id_hash == blind_index(KEYS.identifier_index, resident_id)
        assert row.resident_id_masked == mask_resident_id(resident_id)
        assert 1940 <= int(resident_id[6:10]) <= 2008
        assert row.name
        assert len(row.name) >= 2
        seen.add(resident_id)
    assert len(seen) == len(rows)
    assert report.samples["resident_id"] in seen


async def test_every_uscc_validates(demo: tuple[AsyncEngine, SeedReport]) -> None:
    engine, report = demo
    enterprises = [r[0] for r in await _rows(engine, select(ENTERPRISES.c.uscc))]
    merchants = [r[0] for r in await _rows(engine, select(MERCHANTS.c.uscc))]
    for code in enterprises + merchants:
        assert validate_uscc(code) == code
    assert all(code.startswith("91") for code in enterprises)
    assert all(code.startswith("92") for code in merchants)
    assert len(set(enterprises + merchants)) == len(enterprises) + len(merchants)
    assert report.samples["merchant_uscc"] in merchants


async def test_enterprise_attributes_are_plausible(demo: tuple[AsyncEngine, SeedReport]) -> None:
    engine, _ = demo
    rows = await _rows(engine, select(ENTERPRISES))
    for row in rows:
        assert len(row.industry_code) == 5
        assert row.industry_code[0].isupper()
        assert row.industry_code[1:].isdigit()
        assert date(1990, 1, 1) <= row.registered_on < TODAY
        assert row.registered_capital > 0
    sizes = [row.size_class for row in rows]
    assert sizes.count("micro") + sizes.count("small") > 0.8 * len(rows)
    latest: dict[int, tuple[int, str]] = {}
    for rating in await _rows(engine, select(RATINGS)):
        assert TODAY.year - 3 <= rating.year < TODAY.year
        if rating.enterprise_id not in latest or latest[rating.enterprise_id][0] < rating.year:
            latest[rating.enterprise_id] = (rating.year, rating.grade)
    for row in rows:
        expected = latest.get(row.subject_id)
        assert row.tax_grade == (None if expected is None else expected[1])
    grades = [grade for _, grade in latest.values()]
    assert grades.count(TaxGrade.B) > len(grades) / 2
    green = {r.enterprise_id: r.activity_class for r in await _rows(engine, select(GREEN))}
    for row in rows:
        assert row.green_class == green.get(row.subject_id)
    for profile in await _rows(engine, select(GREEN)):
        assert 0 <= profile.esg_score <= 100
        assert 0 <= profile.carbon_reduction_tonnes <= profile.emissions_tonnes


async def test_households_are_unique_per_village_with_a_head(
    demo: tuple[AsyncEngine, SeedReport],
) -> None:
    engine, report = demo
    rows = await _rows(
        engine,
        select(HOUSEHOLDS, PERSONS.c.district.label("head_district")).join(
            PERSONS, PERSONS.c.subject_id == HOUSEHOLDS.c.head_person_id
        ),
    )
    assert len(rows) == report.counts["households"]
    assert len({(r.village, r.household_number) for r in rows}) == len(rows)
    assert all(r.head_district == r.district for r in rows)
    assert len({r.head_person_id for r in rows}) == len(rows)
    assert (report.samples["household_village"], report.samples["household_number"]) in {
        (r.village, r.household_number) for r in rows
    }


async def test_no_record_occurs_in_the_future(demo: tuple[AsyncEngine, SeedReport]) -> None:
    engine, _ = demo
    start_of_today = datetime.combine(TODAY, time.min, tzinfo=CITY_TZ)
    latest = await _scalar(engine, select(func.max(RECORDS.c.occurred_at)))
    earliest = await _scalar(engine, select(func.min(RECORDS.c.occurred_at)))
    latest_created = await _scalar(engine, select(func.max(RECORDS.c.created_at)))
    for moment in (latest, earliest, latest_created):
        assert moment.tzinfo is not None
        assert moment <= start_of_today
        assert moment >= start_of_today - timedelta(days=5 * 365 + 1)
    assert await _scalar(engine, select(func.max(SUBJECTS.c.created_at))) is not None


async def test_publicity_periods_follow_severity(demo: tuple[AsyncEngine, SeedReport]) -> None:
    engine, _ = demo
    rows = await _rows(engine, select(RECORDS))
    categories = {r.category for r in rows}
    assert categories == {c.value for c in RecordCategory}
    statuses = [r.status for r in rows]
    assert statuses.count(RecordStatus.ACTIVE) > len(rows) / 2
    assert {s.value for s in RecordStatus} == set(statuses)
    for row in rows:
        assert row.occurred_at.tzinfo is not None
        assert row.created_at >= row.occurred_at
        assert row.summary
        negative = RecordCategory(row.category) in NEGATIVE_CATEGORIES
        assert (row.severity is not None) == negative
        day = row.occurred_at.astimezone(CITY_TZ).date()
        if negative:
            low, high = PUBLICITY_DAYS[Severity(row.severity)]
            assert row.publicity_until is not None
            assert low <= (row.publicity_until - day).days <= high
        if row.severity == Severity.MINOR:
            assert (row.publicity_until - day).days <= 92  # at most 3 months
        if row.severity == Severity.SERIOUS:
            assert 365 <= (row.publicity_until - day).days <= 3 * 366
        if row.status == RecordStatus.EXEMPTED:
            assert row.category == RecordCategory.PENALTY
            assert row.severity == Severity.MINOR


async def test_sample_enterprise_has_many_publishable_records(
    demo: tuple[AsyncEngine, SeedReport],
) -> None:
    engine, report = demo
    assert await _publishable(engine, report.samples["enterprise_uscc_many_records"]) >= 60
    heavy = await _rows(
        engine,
        select(RECORDS.c.subject_id).group_by(RECORDS.c.subject_id).having(func.count() >= 50),
    )
    assert len(heavy) >= 3


async def test_seeding_twice_is_refused(demo: tuple[AsyncEngine, SeedReport]) -> None:
    engine, report = demo
    with pytest.raises(AlreadySeededError):
        await seed(engine, SeedProfile.DEMO, seed=7, keys=KEYS, today=TODAY)
    assert await _count(engine, SUBJECTS) == report.counts["subjects"]
    assert await _count(engine, DEPARTMENTS) == report.counts["departments"]


async def test_same_seed_same_data_other_seed_other_data(engines: EngineFactory) -> None:
    first, second, other = [await engines("sqlite") for _ in range(3)]
    progress = _Recorder()
    await seed(first, SeedProfile.DEMO, seed=3, keys=KEYS, today=TODAY, progress=progress)
    await seed(second, SeedProfile.DEMO, seed=3, keys=KEYS, today=TODAY)
    await seed(other, SeedProfile.DEMO, seed=4, keys=KEYS, today=TODAY)
    a, b, c = await _fingerprint(first), await _fingerprint(second), await _fingerprint(other)
    assert a == b
    assert a[0] != c[0]
    assert a[2] != c[2]
    assert a[4] != c[4]
    assert progress.done["credit_records"] == progress.totals["credit_records"] > 0


async def test_sqlite_and_postgresql_get_the_same_data(engines: EngineFactory) -> None:
    lite, pg = await engines("sqlite"), await engines("postgresql")
    await seed(lite, SeedProfile.DEMO, seed=5, keys=KEYS, today=TODAY)
    await seed(pg, SeedProfile.DEMO, seed=5, keys=KEYS, today=TODAY)
    assert await _fingerprint(lite) == await _fingerprint(pg)
    # The subject sequence was moved past the explicit ids.
    async with pg.begin() as connection:
        new_id = (
            await connection.execute(
                SUBJECTS.insert()
                .values(kind="person", created_at=datetime.now(UTC))
                .returning(SUBJECTS.c.id)
            )
        ).scalar_one()
    assert new_id > 2_900


async def test_city_is_refused_on_sqlite(engines: EngineFactory) -> None:
    engine = await engines("sqlite")
    with pytest.raises(UnsupportedBackendError, match="PostgreSQL"):
        await seed(engine, SeedProfile.CITY, keys=KEYS, today=TODAY)
    assert await _count(engine, SUBJECTS) == 0


async def test_city_copy_path_at_a_thousandth(engines: EngineFactory) -> None:
    copied, inserted = await engines("postgresql"), await engines("postgresql")
    async with copied.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        before = await schema_snapshot(driver, SEEDED_TABLES)
    progress = _Recorder()
    report = await run_seed(
        copied,
        SeedProfile.CITY,
        seed=11,
        keys=KEYS,
        today=TODAY,
        progress=progress,
        scale=0.001,
        workers=2,
    )
    # The COPY path gives the same data as the Core path, whichever process made a chunk.
    await run_seed(
        inserted, SeedProfile.CITY, seed=11, keys=KEYS, today=TODAY, scale=0.001, use_copy=False
    )
    assert await _fingerprint(copied) == await _fingerprint(inserted)
    assert report.counts["benefit_grants"] > 500
    assert report.counts["coupons"] > 0

    assert report.counts["persons"] == 3_410
    assert report.counts["enterprises"] == 400
    assert report.counts["households"] == 230
    assert report.counts["subjects"] == 3_410 + 400 + 10 + 230
    assert 4_000 <= report.counts["credit_records"] <= 8_000
    assert progress.done["person"] == 3_410
    assert progress.done["indexes"] == progress.totals["indexes"] > 10
    assert {"generate and copy", "recreate and validate foreign keys", "vacuum"} <= set(
        report.phases
    )
    async with copied.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        assert await schema_snapshot(driver, SEEDED_TABLES) == before
        invalid = await connection.execute(
            text("SELECT count(*) FROM pg_constraint WHERE NOT convalidated")
        )
        assert invalid.scalar_one() == 0
        maintained = await connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_user_tables"
                " WHERE last_analyze IS NOT NULL AND last_vacuum IS NOT NULL"
            )
        )
        assert maintained.scalar_one() >= len(SEEDED_TABLES)
    for table, count in report.counts.items():
        assert await _count(copied, metadata.tables[table]) == count, table
    # Timestamps and dates read back as usual: the COPY codecs did not leak into the pool.
    occurred = await _scalar(copied, select(func.max(RECORDS.c.occurred_at)))
    assert isinstance(occurred, datetime)
    assert occurred <= datetime.combine(TODAY, time.min, tzinfo=CITY_TZ)
    assert (
        await _publishable(copied, report.samples["enterprise_uscc_many_records"])
        >= SAMPLE_PUBLISHABLE
    )
    for row in await _rows(copied, select(PERSONS).limit(200)):
        resident_id = decrypt_identifier(KEYS.identifier_encryption, row.resident_id_encrypted)
        assert row.resident_id_hash == blind_index(KEYS.identifier_index, resident_id)
    with pytest.raises(AlreadySeededError):
        await run_seed(copied, SeedProfile.CITY, keys=KEYS, today=TODAY, scale=0.001)


async def test_every_subject_is_evaluated_once_by_the_seed(
    demo: tuple[AsyncEngine, SeedReport],
) -> None:
    engine, report = demo
    evaluations, scores = metadata.tables["evaluations"], metadata.tables["subject_scores"]
    subjects = report.counts["subjects"]
    assert report.counts["evaluations"] == report.counts["subject_scores"] == subjects
    per_subject = await _rows(
        engine,
        select(evaluations.c.subject_id, func.count(), func.min(evaluations.c.cause)).group_by(
            evaluations.c.subject_id
        ),
    )
    assert len(per_subject) == subjects
    assert all(count == 1 and cause == "seed" for _, count, cause in per_subject)
    current = await _rows(
        engine,
        select(scores.c.subject_id, scores.c.score, evaluations.c.score, scores.c.grade)
        .join(evaluations, evaluations.c.id == scores.c.evaluation_id)
        .where(evaluations.c.subject_id == scores.c.subject_id),
    )
    assert len(current) == subjects
    assert all(a == b for _, a, b, _ in current)
    assert {grade for *_, grade in current} >= {"B", "D"}


async def test_repaired_exempted_and_awaiting_records_have_their_rows(
    demo: tuple[AsyncEngine, SeedReport],
) -> None:
    engine, _ = demo
    repairs, exemptions = metadata.tables["repair_cases"], metadata.tables["exemptions"]
    matters = metadata.tables["exempt_matters"]
    listed = await _rows(engine, select(matters))
    assert 18 <= len(listed) <= 25
    assert all(m.window_months == 12 and m.active and " / " in m.description for m in listed)
    records = {r.id: r for r in await _rows(engine, select(RECORDS))}
    cases = await _rows(engine, select(repairs))
    by_record = {case.record_id: case for case in cases}
    repaired = [r for r in records.values() if r.status == RecordStatus.REPAIRED]
    assert repaired
    for record in repaired:
        case = by_record[record.id]
        assert case.state == "repaired"
        assert case.commitment
        assert case.decided_at is not None
        assert case.applied_at.date() >= case.eligible_on - timedelta(days=1)
        assert case.decided_at.date() <= record.publicity_until
        assert case.follow_up_due_on == case.decided_at.astimezone(CITY_TZ).date() + timedelta(
            days=90
        )
    awaiting = [
        r
        for r in records.values()
        if r.status == RecordStatus.ACTIVE and r.category in ("penalty", "commitment_broken")
    ]
    assert awaiting
    assert all(by_record[r.id].state == "awaiting" for r in awaiting)
    assert len(cases) == len(repaired) + len(awaiting)
    assert all(records[c.record_id].category in ("penalty", "commitment_broken") for c in cases)
    exempted = {r.id for r in records.values() if r.status == RecordStatus.EXEMPTED}
    granted = await _rows(engine, select(exemptions))
    assert exempted
    assert {g.record_id for g in granted} == exempted
    assert len({(g.subject_id, g.matter_id) for g in granted}) == len(granted)
    assert {g.matter_id for g in granted} <= {m.id for m in listed}


async def test_the_incentive_catalogue_is_seeded(demo: tuple[AsyncEngine, SeedReport]) -> None:
    engine, _ = demo
    categories = {r.code for r in await _rows(engine, select(CATEGORIES))}
    assert categories == {code for code, *_ in CATALOGUE_CATEGORIES}
    scenarios = await _rows(engine, select(SCENARIOS))
    assert {r.code for r in scenarios} == {s.code for s in CATALOGUE_SCENARIOS}
    assert all(r.active for r in scenarios)
    health = await _rows(engine, select(DEPARTMENTS.c.id).where(DEPARTMENTS.c.code == "health"))
    assert len(health) == 1  # overdue pay-after-treatment records are reported under it


async def test_grants_follow_the_rules_of_the_api(demo: tuple[AsyncEngine, SeedReport]) -> None:
    """Unique keys, orders and coupons; daily limits and counters; amounts as the API gives."""
    engine, _ = demo
    scenarios = {r.id: r for r in await _rows(engine, select(SCENARIOS))}
    values = {
        (r.scenario_id, r.colour): _money(r.value)
        for r in await _rows(engine, select(metadata.tables["incentive_colour_values"]))
    }
    partners = {r.id: r for r in await _rows(engine, select(PARTNERS))}
    persons = {r.subject_id: r.district for r in await _rows(engine, select(PERSONS))}
    colours = {r.subject_id: r.colour for r in await _rows(engine, select(SCORES))}
    coupons = {r.id: r for r in await _rows(engine, select(COUPONS))}
    grants = await _rows(engine, select(GRANTS))
    assert grants
    # The unique indexes (checked here on the data, whichever backend).
    assert len({(g.partner_id, g.idempotency_key) for g in grants}) == len(grants)
    assert len({(g.partner_id, g.scenario_id, g.order_reference) for g in grants}) == len(grants)
    redeemed = [g.coupon_id for g in grants if g.coupon_id is not None]
    assert len(set(redeemed)) == len(redeemed)
    assert all(g.account_id is None for g in grants)
    start = datetime.combine(TODAY, time.min, tzinfo=CITY_TZ)
    per_day: Counter[tuple[int, int, date]] = Counter()
    discounts: Counter[tuple[int, int, date]] = Counter()
    for g in grants:
        scenario = scenarios[g.scenario_id]
        colour = colours[g.person_id]
        assert colour in ("green", "blue")
        assert colour == "blue" or scenario.lowest_colour == "green"
        assert g.category_id == scenario.category_id
        assert g.operator_type == scenario.operator_type == partners[g.partner_id].type
        assert g.district == persons[g.person_id]
        assert g.granted_at <= start
        assert g.granted_on == g.granted_at.astimezone(CITY_TZ).date()
        assert TODAY - timedelta(days=YEAR_DAYS) <= g.granted_on < TODAY
        order, benefit = _money(g.order_amount), _money(g.benefit_amount)
        assert Decimal("0") < benefit <= order
        value = values.get((scenario.id, colour), _money(scenario.benefit_value))
        if g.coupon_id is not None:
            coupon = coupons[g.coupon_id]
            assert coupon.status == "redeemed"
            assert (coupon.person_id, coupon.scenario_id) == (g.person_id, g.scenario_id)
            assert coupon.redemption_key == g.idempotency_key
            assert coupon.issued_at < g.granted_at == coupon.redeemed_at < coupon.expires_at
            assert _money(coupon.face_value) == value
            assert g.source == "coupon"
            sent = fingerprint(source="coupon", coupon=coupon.code, order=g.order_reference,
                               amount=order)  # fmt: skip
        else:
            assert g.source == "discount"
            discounts[(g.scenario_id, g.person_id, g.granted_on)] += 1
            sent = fingerprint(source="discount", scenario=scenario.code,
                               order=g.order_reference, amount=order)  # fmt: skip
        assert g.fingerprint == sent
        cap = None if scenario.benefit_cap is None else _money(scenario.benefit_cap)
        kind = Benefit(BenefitKind(scenario.benefit_kind), _money(scenario.benefit_value), cap)
        assert benefit == benefit_amount(
            cast(Scenario, SimpleNamespace(benefit=kind)), value, order
        )
        per_day[(g.scenario_id, g.person_id, g.granted_on)] += 1
    for (scenario_id, _, _), uses in per_day.items():
        limit = scenarios[scenario_id].daily_limit
        assert limit is None or uses <= limit
    counters = {
        (r.scenario_id, r.person_id, r.day): r.uses for r in await _rows(engine, select(DAILY_USES))
    }
    assert counters == dict(discounts)
    # The statistics' monthly rollup holds each person's grants by scenario, operator, month.
    monthly: dict[tuple[Any, ...], list[Any]] = {}
    for g in grants:
        key = (g.person_id, g.scenario_id, g.partner_id, g.granted_on.replace(day=1), g.district)
        found = monthly.setdefault(key, [0, Decimal("0.00"), g.category_id, g.operator_type])
        found[0] += 1
        found[1] += _money(g.benefit_amount)
    rollup = {
        (r.person_id, r.scenario_id, r.partner_id, r.month, r.district): [
            r.uses, _money(r.benefit), r.category_id, r.operator_type
        ]
        for r in await _rows(engine, select(metadata.tables["benefit_monthly_uses"]))
    }  # fmt: skip
    assert rollup == monthly
    # Coupons: every redeemed one has its grant, batches count their coupons.
    assert {c.id for c in coupons.values() if c.status == "redeemed"} == set(redeemed)
    issued = Counter(c.batch_id for c in coupons.values())
    for batch in await _rows(engine, select(BATCHES)):
        assert batch.issued_count == issued.get(batch.id, 0)
    # Most grants are mobility (bus, bike, parking); parking is the largest category by uses.
    by_operator = Counter(g.operator_type for g in grants)
    assert by_operator["mobility_operator"] > len(grants) / 2


def test_the_fast_helpers_agree_with_the_rules() -> None:
    assert discount_fingerprint("bus-fare-discount", "O12-3", "2.00") == fingerprint(
        source="discount", scenario="bus-fare-discount", order="O12-3", amount=Decimal("2.00")
    )
    assert coupon_fingerprint("CP00AB", "O1-0", "12.30") == fingerprint(
        source="coupon", coupon="CP00AB", order="O1-0", amount=Decimal("12.30")
    )


async def test_every_rated_year_has_its_tax_paid(demo: tuple[AsyncEngine, SeedReport]) -> None:
    """Tax-credit eligibility works out of the box: each rated year has a positive tax paid."""
    engine, _ = demo
    paid = metadata.tables["tax_paid"]
    missing = await _rows(
        engine,
        select(func.count())
        .select_from(
            RATINGS.outerjoin(
                paid,
                (paid.c.enterprise_id == RATINGS.c.enterprise_id) & (paid.c.year == RATINGS.c.year),
            )
        )
        .where(paid.c.amount.is_(None)),
    )
    assert missing[0][0] == 0
    smallest = await _rows(engine, select(func.min(paid.c.amount)))
    assert smallest[0][0] > 0


async def test_repair_outreach_is_seeded_as_the_jobs_write_it_and_partly_worked(
    demo: tuple[AsyncEngine, SeedReport],
) -> None:
    engine, report = demo
    outbox, cases = metadata.tables["outbox"], metadata.tables["repair_cases"]
    acks = metadata.tables["notice_acknowledgements"]
    results = metadata.tables["repair_follow_up_results"]
    notices = await _rows(engine, select(outbox))
    assert report.counts["outbox"] == len(notices) > 0
    kinds = Counter(n.kind for n in notices)
    repaired = [c for c in await _rows(engine, select(cases)) if c.state == "repaired"]
    # Every case has its notice; the follow-ups are those due by the seed's day.
    assert kinds["repair_notice"] == await _count(engine, cases)
    due = [c for c in repaired if c.follow_up_due_on <= TODAY]
    assert kinds["repair_follow_up"] == len(due) > 0
    assert kinds["repair_reminder"] > 0
    acknowledged = await _rows(engine, select(acks))
    assert report.counts["notice_acknowledgements"] == len(acknowledged)
    assert 0.6 * len(notices) <= len(acknowledged) <= 0.8 * len(notices)
    recorded = await _rows(engine, select(results))
    assert {r.repair_id for r in recorded} == {c.id for c in due}
    assert Counter(r.result for r in recorded)["kept"] >= 0.8 * len(recorded)
