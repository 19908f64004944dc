"""What the village use cases need from storage (``api/db/repositories/village.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from api.domain.paging import Page, PageRequest
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


@dataclass(frozen=True, slots=True)
class VillageHousehold:
    """A household as the village context reads it: its village, number, head and size."""

    id: int
    village_name: str
    household_number: str
    head_person_id: int | None
    head_name: str | None
    member_count: int


@dataclass(frozen=True, slots=True)
class WriteClaim:
    """An idempotency key taken for one village write, and what it produced."""

    partner_id: int
    key: str
    fingerprint: str
    result_id: int | None


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry ready to be stored (its points already capped)."""

    household_id: int
    village_id: int
    rule_id: int
    kind: EntryKind
    points: int
    requested_points: int
    occurred_on: date
    note: str
    evidence_reference: str | None
    recorded_by: str
    partner_id: int
    corrects_entry_id: int | None = None


class VillageStore(Protocol):
    """Villages, their rules, household files and entries, nominations, idempotency keys."""

    async def village_by_name(self, name: str) -> Village | None:
        """The village of this name, if any."""
        ...

    async def village_by_id(self, village_id: int) -> Village | None:
        """The village with this id, if any."""
        ...

    async def household(self, household_id: int) -> VillageHousehold | None:
        """A household with its head's name, if any."""
        ...

    async def household_by_head(self, person_id: int) -> VillageHousehold | None:
        """The household this person heads, if any."""
        ...

    async def members(self, household_id: int) -> list[Member]:
        """The household's members (its head among them)."""
        ...

    async def current_rule(self, village_id: int, code: str) -> PointRule | None:
        """The rule's version in force, if the village has one with this code."""
        ...

    async def rule(self, rule_id: int) -> PointRule | None:
        """One rule version by id."""
        ...

    async def rules(self, village_id: int, *, include_retired: bool) -> list[PointRule]:
        """The village's rules in force (and the earlier versions when asked), by code."""
        ...

    async def add_rule_version(
        self, village_id: int, draft: RuleDraft, *, now: datetime
    ) -> PointRule:
        """Store the next version of a rule; the version it replaces is retired."""
        ...

    async def open_file(self, household_id: int, village_id: int, *, now: datetime) -> None:
        """Open the household's file if it has none, and hold it for this transaction."""
        ...

    async def used_this_year(self, household_id: int, rule_code: str, year: int) -> int:
        """Net points the household got this year under rules of this code."""
        ...

    async def add_entry(self, entry: NewEntry, *, now: datetime) -> CivilityEntry:
        """Store an entry."""
        ...

    async def entry(self, entry_id: int) -> CivilityEntry | None:
        """One entry by id."""
        ...

    async def mark_corrected(self, entry_id: int, correction_id: int) -> bool:
        """Point an entry at its correction; False if another correction came first."""
        ...

    async def files(
        self, village: Village, year: int, request: PageRequest, *, today: date
    ) -> Page[HouseholdFile]:
        """A page of the village's households by household number, with their codes."""
        ...

    async def file(self, household_id: int, year: int, *, today: date) -> HouseholdFile | None:
        """One household's file and code for a year."""
        ...

    async def latest_entries(
        self, household_ids: list[int], limit: int
    ) -> dict[int, list[CivilityEntry]]:
        """Each household's newest entries, newest first."""
        ...

    async def standings(self, village_id: int, year: int, *, today: date) -> list[Standing]:
        """Every file of the village with its points this year and any member's serious record."""
        ...

    async def file_count(self, village_id: int) -> int:
        """How many household files the village keeps."""
        ...

    async def add_nomination(
        self, household_id: int, village_id: int, year: int, points: int, *, now: datetime
    ) -> Nomination | None:
        """Store a nomination; None when the household was nominated for that year already."""
        ...

    async def nomination(self, nomination_id: int) -> Nomination | None:
        """One nomination by id."""
        ...

    async def nominations(self, village_id: int, year: int) -> list[Nomination]:
        """A village's nominations of a year, highest points first."""
        ...

    async def decide(
        self, nomination_id: int, status: NominationStatus, reason: str, *, now: datetime
    ) -> Nomination | None:
        """Approve or reject a pending nomination; None if it was decided meanwhile."""
        ...

    async def attach_honours(self, nomination_id: int, record_ids: list[int]) -> None:
        """Keep the credit records the approval made, one per member."""
        ...

    async def public_model_households(
        self, year: int, district: District | None
    ) -> list[PublicModelHousehold]:
        """The approved model households of a year, without personal data but masked names."""
        ...

    async def coverage(self, year: int) -> list[VillageCoverage]:
        """Files against households and model households, per village."""
        ...

    async def points_bands(
        self, year: int, bands: list[tuple[int | None, int | None]]
    ) -> list[int]:
        """How many files fall in each band of points this year (bounds inclusive)."""
        ...

    async def claim(self, claim: WriteClaim, now: datetime) -> bool:
        """Take an idempotency key; False when it was taken."""
        ...

    async def claimed(self, partner_id: int, key: str) -> WriteClaim | None:
        """The claim on a key, if any."""
        ...

    async def attach(self, partner_id: int, key: str, result_id: int) -> None:
        """Name what a claimed key produced."""
        ...
