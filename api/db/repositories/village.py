"""Villages, their rules, household files, entries and nominations (implements ``VillageStore``).

A household's points for a year are the sum of its entries dated in that year; a member's
serious record is an active, still public serious dishonesty-list record of any member (the
head included). Writes to a household hold its file row (``open_file``) for the transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.sql import Select

from api.db.repositories.gate import SessionGate
from api.db.repositories.model_households import ModelHouseholdQueries
from api.db.repositories.village_rows import (
    ENTRIES,
    ENTRY_COLUMNS,
    FILES,
    PERSONS,
    RULE_COLUMNS,
    RULES,
    VILLAGE_COLUMNS,
    VILLAGES,
    WRITES,
    E,
    F,
    H,
    P,
    R,
    V,
    entry_of,
    members_select,
    points_by_household,
    rule_of,
    serious_households,
    village_of,
    year_bounds,
)
from api.domain.paging import Page, PageRequest
from api.domain.village.model import (
    CivilityEntry,
    HouseholdFile,
    Member,
    PointRule,
    RuleDraft,
    Standing,
    Village,
)
from api.domain.village.ports import NewEntry, VillageHousehold, WriteClaim
from api.domain.village.rules import household_code


class VillageRepository(ModelHouseholdQueries):
    """Villages and their civility files (implements ``VillageStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def village_by_name(self, name: str) -> Village | None:
        """The village of this name, if any."""
        row = await self._db.first(select(*VILLAGE_COLUMNS).where(V.name == name))
        return village_of(row) if row else None

    async def village_by_id(self, village_id: int) -> Village | None:
        """The village with this id, if any."""
        row = await self._db.first(select(*VILLAGE_COLUMNS).where(V.id == village_id))
        return village_of(row) if row else None

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
        members = members_select()
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
            select(*RULE_COLUMNS).where(
                R.village_id == village_id, R.code == code, R.retired_at.is_(None)
            )
        )
        return rule_of(row) if row else None

    async def rule(self, rule_id: int) -> PointRule | None:
        """One rule version by id."""
        row = await self._db.first(select(*RULE_COLUMNS).where(R.id == rule_id))
        return rule_of(row) if row else None

    async def rules(self, village_id: int, *, include_retired: bool) -> list[PointRule]:
        """The village's rules in force (and earlier versions when asked), by code and version."""
        statement = select(*RULE_COLUMNS).where(R.village_id == village_id)
        if not include_retired:
            statement = statement.where(R.retired_at.is_(None))
        rows = await self._db.all(statement.order_by(R.code, R.version))
        return [rule_of(row) for row in rows]

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
            .returning(*RULE_COLUMNS)
        )
        assert row is not None
        return rule_of(row)

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
        first, last = year_bounds(year)
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
            select(*ENTRY_COLUMNS).join(RULES, R.id == E.rule_id).where(E.id == entry_id)
        )
        return entry_of(row) if row else None

    async def mark_corrected(self, entry_id: int, correction_id: int) -> bool:
        """Point an entry at its correction; False if another correction came first."""
        result = await self._db.execute(
            update(ENTRIES)
            .where(E.id == entry_id, E.corrected_by_entry_id.is_(None))
            .values(corrected_by_entry_id=correction_id)
        )
        return bool(getattr(result, "rowcount", 0))

    def _file_select(self, year: int, *entries: Any) -> Select[Any]:
        points = points_by_household(year, *entries)
        return (
            select(
                H.subject_id,
                H.household_number,
                P.name,
                H.member_count,
                F.opened_at,
                func.coalesce(points.c.points, 0),
                *VILLAGE_COLUMNS,
            )
            .join(VILLAGES, V.name == H.village)
            .outerjoin(PERSONS, P.subject_id == H.head_person_id)
            .outerjoin(FILES, F.household_id == H.subject_id)
            .outerjoin(points, points.c.household_id == H.subject_id)
        )

    async def _files(self, rows: list[Any], year: int, today: date) -> list[HouseholdFile]:
        serious = {
            r[0] for r in await self._db.all(serious_households([r[0] for r in rows], today))
        }
        return [
            HouseholdFile(
                household_id=row[0],
                village=village_of(row[6:]),
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
            select(*ENTRY_COLUMNS)
            .join(RULES, R.id == E.rule_id)
            .join(ranked, ranked.c.entry_id == E.id)
            .where(ranked.c.rank <= limit)
            .order_by(E.household_id, E.occurred_on.desc(), E.id.desc())
        )
        found: dict[int, list[CivilityEntry]] = {h: [] for h in household_ids}
        for row in rows:
            found[row[1]].append(entry_of(row))
        return found

    async def standings(self, village_id: int, year: int, *, today: date) -> list[Standing]:
        """Every file of the village with its points this year and any member's serious record."""
        points = points_by_household(year, E.village_id == village_id)
        rows = await self._db.all(
            select(F.household_id, func.coalesce(points.c.points, 0))
            .outerjoin(points, points.c.household_id == F.household_id)
            .where(F.village_id == village_id)
        )
        serious = {
            r[0] for r in await self._db.all(serious_households([r[0] for r in rows], today))
        }
        return [Standing(row[0], int(row[1]), row[0] in serious) for row in rows]

    async def file_count(self, village_id: int) -> int:
        """How many household files the village keeps."""
        row = await self._db.first(select(func.count()).where(F.village_id == village_id))
        return int(row[0]) if row else 0

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
