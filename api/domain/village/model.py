"""The village context's objects: villages, point rules, entries, household files, nominations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from api.domain.subjects.model import District


@dataclass(frozen=True, slots=True)
class Village:
    """A village, its district and township, and the committee partner that runs it (if any)."""

    id: int
    name: str
    name_pinyin: str
    district: District
    township: str
    committee_partner_id: int | None


@dataclass(frozen=True, slots=True)
class RuleDraft:
    """A village rule (村规民约) as a committee states it: points added or taken, a yearly cap."""

    code: str
    description: str
    points: int
    yearly_cap: int | None


@dataclass(frozen=True, slots=True)
class PointRule:
    """One version of a village rule; an entry keeps the version it was scored under."""

    id: int
    village_id: int
    code: str
    version: int
    description: str
    points: int
    yearly_cap: int | None
    valid_from: datetime
    retired_at: datetime | None


class EntryKind(StrEnum):
    """What an entry is: points under a rule, a dispute settled in the village (矛调), a fix."""

    POINTS = "points"
    DISPUTE_SETTLEMENT = "dispute_settlement"
    CORRECTION = "correction"


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """What a committee records against a household."""

    household_id: int
    rule_code: str
    kind: EntryKind
    occurred_on: date
    note: str
    evidence_reference: str | None
    recorded_by: str


@dataclass(frozen=True, slots=True)
class CivilityEntry:
    """One entry of a household's file: the points it counted and the rule version behind them."""

    id: int
    household_id: int
    village_id: int
    rule: PointRule
    kind: EntryKind
    points: int
    requested_points: int
    occurred_on: date
    note: str
    evidence_reference: str | None
    recorded_by: str
    recorded_at: datetime
    corrects_entry_id: int | None
    corrected_by_entry_id: int | None


@dataclass(frozen=True, slots=True)
class Member:
    """A household member as the village rules see them: a person and whether they head it."""

    person_id: int
    head: bool


class HouseholdColour(StrEnum):
    """The household civility code, best first: BLUE (exemplary), GREEN, YELLOW, RED."""

    BLUE = "blue"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class ColourReasonCode(StrEnum):
    """Why a household has its colour."""

    POINTS = "POINTS"
    MEMBER_SERIOUS_RECORD = "MEMBER_SERIOUS_RECORD"


@dataclass(frozen=True, slots=True)
class ColourReason:
    """One reason behind a household's colour, for people and for machines."""

    code: ColourReasonCode
    message: str


@dataclass(frozen=True, slots=True)
class HouseholdCode:
    """A household's colour for a year, from its points and its members' public credit."""

    year: int
    points: int
    colour: HouseholdColour
    reasons: tuple[ColourReason, ...]


@dataclass(frozen=True, slots=True)
class HouseholdFile:
    """One household, one file, one code: the household, its village, points and colour."""

    household_id: int
    village: Village
    household_number: str
    head_name: str | None
    member_count: int
    opened_at: datetime | None
    code: HouseholdCode


@dataclass(frozen=True, slots=True)
class RecordedEntry:
    """The outcome of recording or correcting: the entry, the file after it, whether replayed."""

    entry: CivilityEntry
    file: HouseholdFile
    replayed: bool


class NominationStatus(StrEnum):
    """Where a model-household nomination stands."""

    NOMINATED = "nominated"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Nomination:
    """A household nominated as the year's model household (诚信示范户) and its decision."""

    id: int
    household_id: int
    village_id: int
    year: int
    points: int
    status: NominationStatus
    nominated_at: datetime
    decided_at: datetime | None
    decision_reason: str | None
    honour_record_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Standing:
    """A household's points this year and whether a member has a serious record (for ranking)."""

    household_id: int
    points: int
    serious_record: bool


@dataclass(frozen=True, slots=True)
class PublicModelHousehold:
    """A model household as the public list shows it: no personal data but a masked name."""

    year: int
    village: str
    district: District
    masked_head_name: str
    approved_on: date


@dataclass(frozen=True, slots=True)
class VillageCoverage:
    """Files against households in one village, and its model households of the year."""

    village: str
    district: District
    households: int
    files: int
    model_households: int


@dataclass(frozen=True, slots=True)
class PointsBand:
    """How many household files fall in a band of points this year."""

    label: str
    lowest: int | None
    highest: int | None
    files: int
