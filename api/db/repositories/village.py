"""Villages, their rules, household files, entries and nominations (implements ``VillageStore``).

A household's points for a year are the sum of its entries dated in that year; a member's
serious record is an active, still public serious dishonesty-list record of any member (the
head included). Writes to a household hold its file row (``open_file``) for the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, union_all, update
from sqlalchemy.sql import Select

from api.db.repositories.gate import SessionGate
from api.db.tables.base import metadata
from api.domain.clock import city_today
from api.domain.consent.disclosure import mask_name
from api.domain.paging import Page, PageRequest
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import District
from api.domain.village.model import (
    CivilityEntry,
    EntryKind,
    HouseholdFile,
    Member,
    Nomination,
    NominationStatus,
    PointRule,
    PublicModelHousehold,
    RuleDraft,
    Standing,
    Village,
    VillageCoverage,
)
from api.domain.village.ports import NewEntry, VillageHousehold, WriteClaim
from api.domain.village.rules import household_code

VILLAGES = metadata.tables["villages"]
RULES = metadata.tables["village_rules"]
FILES = metadata.tables["household_files"]
MEMBERS = metadata.tables["household_members"]
ENTRIES = metadata.tables["civility_entries"]
NOMINATIONS = metadata.tables["model_household_nominations"]
HONOURS = metadata.tables["model_household_honours"]
WRITES = metadata.tables["village_writes"]
HOUSEHOLDS = metadata.tables["households"]
PERSONS = metadata.tables["persons"]
RECORDS = metadata.tables["credit_records"]

V, R, F, E, N = VILLAGES.c, RULES.c, FILES.c, ENTRIES.c, NOMINATIONS.c
H, P = HOUSEHOLDS.c, PERSONS.c

_VILLAGE_COLUMNS = (V.id, V.name, V.name_pinyin, V.district, V.township, V.committee_partner_id)
_RULE_COLUMNS = (
    R.id,
    R.village_id,
    R.code,
    R.version,
    R.description,
    R.points,
    R.yearly_cap,
    R.valid_from,
    R.retired_at,
)
_ENTRY_COLUMNS = (
    E.id,
    E.household_id,
    E.village_id,
    E.kind,
    E.points,
    E.requested_points,
    E.occurred_on,
    E.note,
    E.evidence_reference,
    E.recorded_by,
    E.recorded_at,
    E.corrects_entry_id,
    E.corrected_by_entry_id,
    *_RULE_COLUMNS,
)
_NOMINATION_COLUMNS = (
    N.id,
    N.household_id,
    N.village_id,
    N.year,
    N.points,
    N.status,
    N.nominated_at,
    N.decided_at,
    N.decision_reason,
)


def _village(row: Sequence[Any]) -> Village:
    return Village(row[0], row[1], row[2], District(row[3]), row[4], row[5])


def _rule(row: Sequence[Any]) -> PointRule:
    return PointRule(*row[:9])


def _entry(row: Sequence[Any]) -> CivilityEntry:
    return CivilityEntry(
        id=row[0],
        household_id=row[1],
        village_id=row[2],
        kind=EntryKind(row[3]),
        points=row[4],
        requested_points=row[5],
        occurred_on=row[6],
        note=row[7],
        evidence_reference=row[8],
        recorded_by=row[9],
        recorded_at=row[10],
        corrects_entry_id=row[11],
        corrected_by_entry_id=row[12],
        rule=_rule(row[13:]),
    )


def _nomination(row: Sequence[Any], honours: tuple[int, ...] = ()) -> Nomination:
    return Nomination(
        id=row[0],
        household_id=row[1],
        village_id=row[2],
        year=row[3],
        points=row[4],
        status=NominationStatus(row[5]),
        nominated_at=row[6],
        decided_at=row[7],
        decision_reason=row[8],
        honour_record_ids=honours,
    )


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _points_by_household(year: int, *where: Any) -> Any:
    """Each household's net points of ``year`` (a subquery), of the entries ``where`` picks."""
    first, last = _year_bounds(year)
    return (
        select(E.household_id.label("household_id"), func.sum(E.points).label("points"))
        .where(E.occurred_on >= first, E.occurred_on <= last, *where)
        .group_by(E.household_id)
        .subquery()
    )


def _members() -> Any:
    """(household, person) for every member, the head included (a subquery)."""
    return union_all(
        select(
            MEMBERS.c.household_id.label("household_id"), MEMBERS.c.person_id.label("person_id")
        ),
        select(H.subject_id, H.head_person_id).where(H.head_person_id.is_not(None)),
    ).subquery()


def _serious(household_ids: Sequence[int] | None, today: date) -> Select[Any]:
    """The households (of ``household_ids``, or all) with a member's serious record."""
    members = _members()
    statement = (
        select(members.c.household_id)
        .join(RECORDS, RECORDS.c.subject_id == members.c.person_id)
        .where(
            RECORDS.c.category == RecordCategory.DISHONESTY_LIST.value,
            RECORDS.c.severity == Severity.SERIOUS.value,
            RECORDS.c.status == RecordStatus.ACTIVE.value,
            or_(RECORDS.c.publicity_until.is_(None), RECORDS.c.publicity_until >= today),
        )
        .distinct()
    )
    if household_ids is not None:
        statement = statement.where(members.c.household_id.in_(list(household_ids)))
    return statement


class VillageRepository:
    """Villages and their civility files (implements ``VillageStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def village_by_name(self, name: str) -> Village | None:
        """The village of this name, if any."""
        row = await self._db.first(select(*_VILLAGE_COLUMNS).where(V.name == name))
        return _village(row) if row else None

    async def village_by_id(self, village_id: int) -> Village | None:
        """The village with this id, if any."""
        row = await self._db.first(select(*_VILLAGE_COLUMNS).where(V.id == village_id))
        return _village(row) if row else None

    def _household_select(self) -> Select[Any]:
        return select(
            H.subject_id, H.village, H.household_number, H.head_person_id, P.name, H.member_count
        ).outerjoin(PERSONS, P.subject_id == H.head_person_id)

    async def household(self, household_id: int) -> VillageHousehold | None:
        """A household with its head's name, if any."""
        row = await self._db.first(self._household_select().where(H.subject_id == household_id))
        return VillageHousehold(*row) if row else None

    async def household_by_head(self, person_id: int) -> VillageHousehold | None:
        """The household this person heads, if any."""
        row = await self._db.first(self._household_select().where(H.head_person_id == person_id))
        return VillageHousehold(*row) if row else None

    async def members(self, household_id: int) -> list[Member]:
        """The household's members, the head first."""
        members = _members()
        head = await self._db.first(select(H.head_person_id).where(H.subject_id == household_id))
        head_id = head[0] if head else None
        rows = await self._db.all(
            select(members.c.person_id)
            .where(members.c.household_id == household_id)
            .distinct()
            .order_by(members.c.person_id)
        )
        found = [Member(row[0], row[0] == head_id) for row in rows]
        return sorted(found, key=lambda m: not m.head)

    async def current_rule(self, village_id: int, code: str) -> PointRule | None:
        """The rule's version in force, if the village has one with this code."""
        row = await self._db.first(
            select(*_RULE_COLUMNS).where(
                R.village_id == village_id, R.code == code, R.retired_at.is_(None)
            )
        )
        return _rule(row) if row else None

    async def rule(self, rule_id: int) -> PointRule | None:
        """One rule version by id."""
        row = await self._db.first(select(*_RULE_COLUMNS).where(R.id == rule_id))
        return _rule(row) if row else None

    async def rules(self, village_id: int, *, include_retired: bool) -> list[PointRule]:
        """The village's rules in force (and earlier versions when asked), by code and version."""
        statement = select(*_RULE_COLUMNS).where(R.village_id == village_id)
        if not include_retired:
            statement = statement.where(R.retired_at.is_(None))
        rows = await self._db.all(statement.order_by(R.code, R.version))
        return [_rule(row) for row in rows]

    async def add_rule_version(
        self, village_id: int, draft: RuleDraft, *, now: datetime
    ) -> PointRule:
        """Store the next version of a rule (the village row held); the one before is retired."""
        await self._db.execute(select(V.id).where(V.id == village_id).with_for_update())
        latest = await self._db.first(
            select(func.max(R.version)).where(R.village_id == village_id, R.code == draft.code)
        )
        version = (latest[0] or 0) + 1 if latest else 1
        await self._db.execute(
            update(RULES)
            .where(R.village_id == village_id, R.code == draft.code, R.retired_at.is_(None))
            .values(retired_at=now)
        )
        row = await self._db.first(
            RULES.insert()
            .values(
                village_id=village_id,
                code=draft.code,
                version=version,
                description=draft.description,
                points=draft.points,
                yearly_cap=draft.yearly_cap,
                valid_from=now,
            )
            .returning(*_RULE_COLUMNS)
        )
        assert row is not None
        return _rule(row)

    async def open_file(self, household_id: int, village_id: int, *, now: datetime) -> None:
        """Open the household's file if it has none, then hold its row for this transaction."""
        await self._db.execute(
            self._db.insert(FILES)
            .values(household_id=household_id, village_id=village_id, opened_at=now)
            .on_conflict_do_nothing(index_elements=["household_id"])
        )
        await self._db.execute(
            select(F.household_id).where(F.household_id == household_id).with_for_update()
        )

    async def used_this_year(self, household_id: int, rule_code: str, year: int) -> int:
        """Net points the household got this year under rules of this code."""
        first, last = _year_bounds(year)
        row = await self._db.first(
            select(func.coalesce(func.sum(E.points), 0))
            .join(RULES, R.id == E.rule_id)
            .where(
                E.household_id == household_id,
                R.code == rule_code,
                E.occurred_on >= first,
                E.occurred_on <= last,
            )
        )
        return int(row[0]) if row else 0

    async def add_entry(self, entry: NewEntry, *, now: datetime) -> CivilityEntry:
        """Store an entry."""
        row = await self._db.first(
            ENTRIES.insert()
            .values(
                household_id=entry.household_id,
                village_id=entry.village_id,
                rule_id=entry.rule_id,
                kind=entry.kind.value,
                points=entry.points,
                requested_points=entry.requested_points,
                occurred_on=entry.occurred_on,
                note=entry.note,
                evidence_reference=entry.evidence_reference,
                recorded_by=entry.recorded_by,
                partner_id=entry.partner_id,
                recorded_at=now,
                corrects_entry_id=entry.corrects_entry_id,
            )
            .returning(E.id)
        )
        assert row is not None
        found = await self.entry(int(row[0]))
        assert found is not None
        return found

    async def entry(self, entry_id: int) -> CivilityEntry | None:
        """One entry by id, with its rule version."""
        row = await self._db.first(
            select(*_ENTRY_COLUMNS).join(RULES, R.id == E.rule_id).where(E.id == entry_id)
        )
        return _entry(row) if row else None

    async def mark_corrected(self, entry_id: int, correction_id: int) -> bool:
        """Point an entry at its correction; False if another correction came first."""
        result = await self._db.execute(
            update(ENTRIES)
            .where(E.id == entry_id, E.corrected_by_entry_id.is_(None))
            .values(corrected_by_entry_id=correction_id)
        )
        return bool(getattr(result, "rowcount", 0))

    def _file_select(self, year: int, *entries: Any) -> Select[Any]:
        points = _points_by_household(year, *entries)
        return (
            select(
                H.subject_id,
                H.household_number,
                P.name,
                H.member_count,
                F.opened_at,
                func.coalesce(points.c.points, 0),
                *_VILLAGE_COLUMNS,
            )
            .join(VILLAGES, V.name == H.village)
            .outerjoin(PERSONS, P.subject_id == H.head_person_id)
            .outerjoin(FILES, F.household_id == H.subject_id)
            .outerjoin(points, points.c.household_id == H.subject_id)
        )

    async def _files(self, rows: list[Any], year: int, today: date) -> list[HouseholdFile]:
        serious = {r[0] for r in await self._db.all(_serious([r[0] for r in rows], today))}
        return [
            HouseholdFile(
                household_id=row[0],
                village=_village(row[6:]),
                household_number=row[1],
                head_name=row[2],
                member_count=row[3],
                opened_at=row[4],
                code=household_code(year, int(row[5]), row[0] in serious),
            )
            for row in rows
        ]

    async def files(
        self, village: Village, year: int, request: PageRequest, *, today: date
    ) -> Page[HouseholdFile]:
        """A page of the village's households by household number, with their codes."""
        statement = self._file_select(year, E.village_id == village.id).where(
            H.village == village.name
        )
        if request.after is not None:
            number, last_id = str(request.after[0]), int(request.after[1])
            statement = statement.where(
                or_(
                    H.household_number > number,
                    and_(H.household_number == number, H.subject_id > last_id),
                )
            )
        rows = await self._db.all(
            statement.order_by(H.household_number, H.subject_id).limit(request.first + 1)
        )
        files = await self._files(rows[: request.first], year, today)
        items = [(f, (f.household_number, f.household_id)) for f in files]
        return Page(items=items, has_next=len(rows) > request.first)  # type: ignore[arg-type]  # keys are (str, int)

    async def file(self, household_id: int, year: int, *, today: date) -> HouseholdFile | None:
        """One household's file and code for a year."""
        rows = await self._db.all(
            self._file_select(year, E.household_id == household_id).where(
                H.subject_id == household_id
            )
        )
        files = await self._files(rows, year, today)
        return files[0] if files else None

    async def latest_entries(
        self, household_ids: list[int], limit: int
    ) -> dict[int, list[CivilityEntry]]:
        """Each household's newest entries (by day, then id), newest first."""
        if not household_ids:
            return {}
        rank = (
            func.row_number()
            .over(partition_by=E.household_id, order_by=(E.occurred_on.desc(), E.id.desc()))
            .label("rank")
        )
        ranked = (
            select(E.id.label("entry_id"), rank)
            .where(E.household_id.in_(list(set(household_ids))))
            .subquery()
        )
        rows = await self._db.all(
            select(*_ENTRY_COLUMNS)
            .join(RULES, R.id == E.rule_id)
            .join(ranked, ranked.c.entry_id == E.id)
            .where(ranked.c.rank <= limit)
            .order_by(E.household_id, E.occurred_on.desc(), E.id.desc())
        )
        found: dict[int, list[CivilityEntry]] = {h: [] for h in household_ids}
        for row in rows:
            found[row[1]].append(_entry(row))
        return found

    async def standings(self, village_id: int, year: int, *, today: date) -> list[Standing]:
        """Every file of the village with its points this year and any member's serious record."""
        points = _points_by_household(year, E.village_id == village_id)
        rows = await self._db.all(
            select(F.household_id, func.coalesce(points.c.points, 0))
            .outerjoin(points, points.c.household_id == F.household_id)
            .where(F.village_id == village_id)
        )
        serious = {r[0] for r in await self._db.all(_serious([r[0] for r in rows], today))}
        return [Standing(row[0], int(row[1]), row[0] in serious) for row in rows]

    async def file_count(self, village_id: int) -> int:
        """How many household files the village keeps."""
        row = await self._db.first(select(func.count()).where(F.village_id == village_id))
        return int(row[0]) if row else 0

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
            select(*_NOMINATION_COLUMNS).where(N.household_id == household_id, N.year == year)
        )
        return _nomination(row) if row else None

    async def nomination(self, nomination_id: int) -> Nomination | None:
        """One nomination by id, with the honour records an approval gave."""
        row = await self._db.first(select(*_NOMINATION_COLUMNS).where(N.id == nomination_id))
        if row is None:
            return None
        honours = await self._db.all(
            select(HONOURS.c.record_id)
            .where(HONOURS.c.nomination_id == nomination_id)
            .order_by(HONOURS.c.record_id)
        )
        return _nomination(row, tuple(h[0] for h in honours))

    async def nominations(self, village_id: int, year: int) -> list[Nomination]:
        """A village's nominations of a year, highest points first."""
        rows = await self._db.all(
            select(*_NOMINATION_COLUMNS)
            .where(N.village_id == village_id, N.year == year)
            .order_by(N.points.desc(), N.id)
        )
        return [_nomination(row) for row in rows]

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
        points = _points_by_household(year)
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

    async def claim(self, claim: WriteClaim, now: datetime) -> bool:
        """Take an idempotency key; False when it was taken (waits for a concurrent taker)."""
        result = await self._db.execute(
            self._db.insert(WRITES)
            .values(
                partner_id=claim.partner_id,
                idempotency_key=claim.key,
                fingerprint=claim.fingerprint,
                result_id=claim.result_id,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["partner_id", "idempotency_key"])
        )
        return bool(getattr(result, "rowcount", 0))

    async def claimed(self, partner_id: int, key: str) -> WriteClaim | None:
        """The claim on a key, if any."""
        c = WRITES.c
        row = await self._db.first(
            select(c.fingerprint, c.result_id).where(
                c.partner_id == partner_id, c.idempotency_key == key
            )
        )
        return WriteClaim(partner_id, key, row[0], row[1]) if row else None

    async def attach(self, partner_id: int, key: str, result_id: int) -> None:
        """Name what a claimed key produced."""
        c = WRITES.c
        await self._db.execute(
            update(WRITES)
            .where(c.partner_id == partner_id, c.idempotency_key == key)
            .values(result_id=result_id)
        )
