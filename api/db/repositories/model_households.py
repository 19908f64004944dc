"""Model-household nominations, the public list and the village statistics (part of
``VillageRepository``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, literal, select, update

from api.db.repositories.gate import SessionGate
from api.db.repositories.village_rows import (
    FILES,
    HONOURS,
    HOUSEHOLDS,
    NOMINATION_COLUMNS,
    NOMINATIONS,
    PERSONS,
    VILLAGES,
    F,
    H,
    N,
    P,
    V,
    nomination_of,
    points_by_household,
)
from api.domain.clock import city_today
from api.domain.consent.disclosure import mask_name
from api.domain.subjects.model import District
from api.domain.village.model import (
    Nomination,
    NominationStatus,
    PublicModelHousehold,
    VillageCoverage,
)


class ModelHouseholdQueries:
    """Nominations and their decisions, the public list, coverage and points bands."""

    _db: SessionGate

    async def add_nomination(
        self, household_id: int, village_id: int, year: int, points: int, *, now: datetime
    ) -> Nomination | None:
        """Store a nomination; None when the household was nominated for that year already."""
        result = await self._db.execute(
            self._db.insert(NOMINATIONS)
            .values(
                household_id=household_id,
                village_id=village_id,
                year=year,
                points=points,
                status=NominationStatus.NOMINATED.value,
                nominated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["household_id", "year"])
        )
        if not getattr(result, "rowcount", 0):
            return None
        row = await self._db.first(
            select(*NOMINATION_COLUMNS).where(N.household_id == household_id, N.year == year)
        )
        return nomination_of(row) if row else None

    async def nomination(self, nomination_id: int) -> Nomination | None:
        """One nomination by id, with the honour records an approval gave."""
        row = await self._db.first(select(*NOMINATION_COLUMNS).where(N.id == nomination_id))
        if row is None:
            return None
        honours = await self._db.all(
            select(HONOURS.c.record_id)
            .where(HONOURS.c.nomination_id == nomination_id)
            .order_by(HONOURS.c.record_id)
        )
        return nomination_of(row, tuple(h[0] for h in honours))

    async def nominations(self, village_id: int, year: int) -> list[Nomination]:
        """A village's nominations of a year, highest points first."""
        rows = await self._db.all(
            select(*NOMINATION_COLUMNS)
            .where(N.village_id == village_id, N.year == year)
            .order_by(N.points.desc(), N.id)
        )
        return [nomination_of(row) for row in rows]

    async def decide(
        self, nomination_id: int, status: NominationStatus, reason: str, *, now: datetime
    ) -> Nomination | None:
        """Approve or reject a pending nomination; None if it was decided meanwhile."""
        result = await self._db.execute(
            update(NOMINATIONS)
            .where(N.id == nomination_id, N.status == NominationStatus.NOMINATED.value)
            .values(status=status.value, decided_at=now, decision_reason=reason)
        )
        if not getattr(result, "rowcount", 0):
            return None
        return await self.nomination(nomination_id)

    async def attach_honours(self, nomination_id: int, record_ids: list[int]) -> None:
        """Keep the credit records the approval made, one per member."""
        if record_ids:
            await self._db.execute(
                HONOURS.insert(),
                [{"nomination_id": nomination_id, "record_id": r} for r in record_ids],
            )

    async def public_model_households(
        self, year: int, district: District | None
    ) -> list[PublicModelHousehold]:
        """The approved model households of a year by village, names masked."""
        statement = (
            select(N.year, V.name, V.district, P.name, N.decided_at)
            .join(VILLAGES, V.id == N.village_id)
            .join(HOUSEHOLDS, H.subject_id == N.household_id)
            .outerjoin(PERSONS, P.subject_id == H.head_person_id)
            .where(N.year == year, N.status == NominationStatus.APPROVED.value)
        )
        if district is not None:
            statement = statement.where(V.district == district.value)
        rows = await self._db.all(statement.order_by(V.district, V.name, N.id))
        return [
            PublicModelHousehold(
                year=row[0],
                village=row[1],
                district=District(row[2]),
                masked_head_name=mask_name(row[3] or "户"),
                approved_on=city_today(row[4]),
            )
            for row in rows
        ]

    async def coverage(self, year: int) -> list[VillageCoverage]:
        """Files against households and approved model households, per village, by name."""
        households = (
            select(H.village.label("village"), func.count().label("n"))
            .group_by(H.village)
            .subquery()
        )
        files = (
            select(F.village_id.label("village_id"), func.count().label("n"))
            .group_by(F.village_id)
            .subquery()
        )
        models = (
            select(N.village_id.label("village_id"), func.count().label("n"))
            .where(N.year == year, N.status == NominationStatus.APPROVED.value)
            .group_by(N.village_id)
            .subquery()
        )
        rows = await self._db.all(
            select(
                V.name,
                V.district,
                func.coalesce(households.c.n, 0),
                func.coalesce(files.c.n, 0),
                func.coalesce(models.c.n, 0),
            )
            .outerjoin(households, households.c.village == V.name)
            .outerjoin(files, files.c.village_id == V.id)
            .outerjoin(models, models.c.village_id == V.id)
            .order_by(V.district, V.name)
        )
        return [
            VillageCoverage(row[0], District(row[1]), int(row[2]), int(row[3]), int(row[4]))
            for row in rows
        ]

    async def points_bands(
        self, year: int, bands: list[tuple[int | None, int | None]]
    ) -> list[int]:
        """How many files fall in each band of points this year (bounds inclusive)."""
        points = points_by_household(year)
        total = func.coalesce(points.c.points, 0)
        counts = []
        for low, high in bands:
            condition = and_(
                total >= low if low is not None else literal(True),
                total <= high if high is not None else literal(True),
            )
            counts.append(func.coalesce(func.sum(case((condition, 1), else_=0)), 0))
        row = await self._db.first(
            select(*counts)
            .select_from(FILES)
            .outerjoin(points, points.c.household_id == F.household_id)
        )
        return [int(value) for value in row] if row else [0 for _ in bands]
