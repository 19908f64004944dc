"""The seeded 信易批 data: the catalogue with every seeded department, and the demo's
commitments out of the box (fast tracks pending, one kept, one broken, refusals), replayed
when the demo runs again."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.engine import session_factory
from api.db.tables import metadata
from api.db.uow import UnitOfWork
from api.seeding import SeedProfile, seed
from api.seeding.approval_demo import seed_demo_commitments
from api.seeding.approval_matters import APPROVAL_MATTERS
from api.seeding.vocabulary import DEPARTMENTS
from tests.db.test_seeding import KEYS, TODAY, EngineFactory, engines  # noqa: F401 - the fixture

COMMITMENTS = metadata.tables["approval_commitments"]
RECORDS = metadata.tables["credit_records"]


def test_the_catalogue_names_seeded_departments_and_sane_days() -> None:
    departments = {code for code, _, _ in DEPARTMENTS}
    assert len({m.code for m in APPROVAL_MATTERS}) == len(APPROVAL_MATTERS) == 14
    for matter in APPROVAL_MATTERS:
        assert matter.department in departments, matter.code
        assert 0 <= matter.fast_track_days < matter.standard_days, matter.code
        assert matter.waived, matter.code


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_the_demo_has_commitments_out_of_the_box(
    engines: EngineFactory,  # noqa: F811 - the fixture imported above
    backend: str,
) -> None:
    engine = await engines(backend)
    report = await seed(engine, SeedProfile.DEMO, seed=3, keys=KEYS, today=TODAY)
    assert report.counts["approval_matters"] == len(APPROVAL_MATTERS)
    sessions = session_factory(engine)
    async with sessions() as session:
        window = await create_partner(
            session, partner_type=PartnerType.REGULATOR, name="Demo regulator"
        )
        await session.commit()
    samples: list[dict[str, str]] = []
    for _ in range(2):  # a second demo run replays every step
        async with UnitOfWork(sessions) as uow:
            samples.append(
                await seed_demo_commitments(uow.repos, window.partner_id, datetime.now(UTC))
            )
            await uow.commit()
    assert samples[0] == samples[1]
    assert set(samples[0]) == {"approval_pending_reference", "approval_refused_reference"}
    async with engine.connect() as connection:
        statuses = Counter(row[0] for row in await connection.execute(select(COMMITMENTS.c.status)))
        linked = (
            await connection.execute(
                select(RECORDS.c.category)
                .join(COMMITMENTS, COMMITMENTS.c.record_id == RECORDS.c.id)
                .order_by(RECORDS.c.category)
            )
        ).all()
    assert statuses == {"pending": 4, "kept": 1, "broken": 1, "refused": 2}
    assert [row[0] for row in linked] == ["commitment_broken", "commitment_kept"]
