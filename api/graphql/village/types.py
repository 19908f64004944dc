"""The village types: villages and their rules, household files and codes, entries, nominations,
the public list of model households and the credit office's statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, cast

import strawberry

from api.auth.principal import Principal
from api.auth.scopes import PartnerType
from api.domain.consent.disclosure import mask_name
from api.domain.paging import Page, PageRequest
from api.domain.village import services
from api.domain.village.model import (
    CivilityEntry,
    ColourReasonCode,
    EntryKind,
    HouseholdColour,
    HouseholdFile,
    Nomination,
    NominationStatus,
    Village,
)
from api.graphql.context import Info
from api.graphql.ids import NodeType
from api.graphql.lean.fields import reads_context_only
from api.graphql.relay import Connection, ConnectionRoot
from api.graphql.subjects.types import DistrictEnum
from api.graphql.village.ids import VillageObject, encode_id

HouseholdColourEnum = strawberry.enum(
    HouseholdColour,
    name="HouseholdColour",
    description="The household civility code (文明诚信码), best first: BLUE, GREEN, YELLOW, RED.",
)
CivilityEntryKindEnum = strawberry.enum(
    EntryKind,
    name="CivilityEntryKind",
    description="Points under a rule, a dispute settled in the village (矛调), or a correction.",
)
ColourReasonCodeEnum = strawberry.enum(
    ColourReasonCode,
    name="HouseholdColourReasonCode",
    description="Why a household has its colour.",
)
NominationStatusEnum = strawberry.enum(
    NominationStatus,
    name="ModelHouseholdStatus",
    description="Where a model-household nomination stands.",
)

#: How many of a household's newest entries a file shows.
LATEST_ENTRIES = 5


def actor_of(principal: Principal) -> services.Actor:
    """The writer a token stands for: a village committee is bound to its own village."""
    committee = principal.partner_type is PartnerType.VILLAGE_COMMITTEE
    return services.Actor(principal.partner_id, committee)


@strawberry.type(name="VillageRule", description="One version of a village rule (村规民约).")
class VillageRuleType:
    """Points added (positive) or deducted (negative) per entry, at most the cap a year."""

    code: str = strawberry.field(description="The rule's code in its village, e.g. GY-01.")
    version: int = strawberry.field(
        description="Version; an entry keeps the one it was scored under."
    )
    description: str = strawberry.field(description="What the rule rewards or deducts for.")
    points: int = strawberry.field(description="Points per entry: positive adds, negative deducts.")
    yearly_cap: int | None = strawberry.field(
        description="Most points a household gets (or loses) under this rule in a year."
    )
    valid_from: datetime = strawberry.field(description="When this version came into force.")
    retired_at: datetime | None = strawberry.field(
        description="When a later version replaced it (null: in force)."
    )


@strawberry.type(name="CivilityEntry", description="An entry of a household's civility file.")
class CivilityEntryType:
    """Points counted under a rule version, or a correction reversing an earlier entry."""

    @strawberry.field(description="Opaque ID of the entry.")
    @reads_context_only
    def id(root: strawberry.Parent[CivilityEntry], info: Info) -> strawberry.ID:
        return strawberry.ID(encode_id(info, VillageObject.ENTRY, root.id))

    kind: CivilityEntryKindEnum = strawberry.field(description="What the entry is.")  # type: ignore[valid-type]  # strawberry enum used as a type
    rule: VillageRuleType = strawberry.field(description="The rule version it was scored under.")
    points: int = strawberry.field(description="Points it counts (after the rule's yearly cap).")
    requested_points: int = strawberry.field(
        description="The rule's points before the cap (equal to points unless capped)."
    )
    occurred_on: date = strawberry.field(description="The day it happened.")
    note: str = strawberry.field(description="The committee's note (a correction: its reason).")
    evidence_reference: str | None = strawberry.field(
        description="Reference of the evidence kept by the committee."
    )
    recorded_by: str = strawberry.field(description="The committee member who recorded it.")
    recorded_at: datetime = strawberry.field(description="When it was recorded.")

    @strawberry.field(description="The entry this one corrects (corrections only).")
    @reads_context_only
    def corrects_entry_id(
        root: strawberry.Parent[CivilityEntry], info: Info
    ) -> strawberry.ID | None:
        found = root.corrects_entry_id
        return strawberry.ID(encode_id(info, VillageObject.ENTRY, found)) if found else None

    @strawberry.field(description="The correction that reversed this entry, if any.")
    @reads_context_only
    def corrected_by_entry_id(
        root: strawberry.Parent[CivilityEntry], info: Info
    ) -> strawberry.ID | None:
        found = root.corrected_by_entry_id
        return strawberry.ID(encode_id(info, VillageObject.ENTRY, found)) if found else None


@strawberry.type(
    name="HouseholdColourReason", description="One reason behind a household's colour."
)
class HouseholdColourReasonType:
    """A code to branch on and a sentence for people."""

    code: ColourReasonCodeEnum = strawberry.field(description="The reason's code.")  # type: ignore[valid-type]  # strawberry enum used as a type
    message: str = strawberry.field(description="The reason in words.")


@dataclass(frozen=True, slots=True)
class FileView:
    """A household file with its newest entries when they were read with it."""

    file: HouseholdFile
    latest: list[CivilityEntry] | None = None


@strawberry.type(
    name="HouseholdFile",
    description="One household, one file, one code: points this year, colour and reasons.",
)
class HouseholdFileType:
    """A household's civility file (文明诚信码)."""

    @strawberry.field(description="The household's global ID (Household.id).")
    @reads_context_only
    def household_id(root: strawberry.Parent[FileView], info: Info) -> strawberry.ID:
        return strawberry.ID(info.context.ids.encode(NodeType.HOUSEHOLD, root.file.household_id))

    @strawberry.field(description="The household's number in its village.")
    @reads_context_only
    def household_number(root: strawberry.Parent[FileView]) -> str:
        return root.file.household_number

    @strawberry.field(description="Its village's name.")
    @reads_context_only
    def village(root: strawberry.Parent[FileView]) -> str:
        return root.file.village.name

    @strawberry.field(description="The head's name, masked (张**).")
    @reads_context_only
    def head_name(root: strawberry.Parent[FileView]) -> str | None:
        name = root.file.head_name
        return mask_name(name) if name else None

    @strawberry.field(description="Number of household members.")
    @reads_context_only
    def member_count(root: strawberry.Parent[FileView]) -> int:
        return root.file.member_count

    @strawberry.field(description="When the file was opened (null: no file yet).")
    @reads_context_only
    def opened_at(root: strawberry.Parent[FileView]) -> datetime | None:
        return root.file.opened_at

    @strawberry.field(description="The year the points and colour are for.")
    @reads_context_only
    def year(root: strawberry.Parent[FileView]) -> int:
        return root.file.code.year

    @strawberry.field(description="Net points this year.")
    @reads_context_only
    def points(root: strawberry.Parent[FileView]) -> int:
        return root.file.code.points

    @strawberry.field(description="The household's colour this year.")
    @reads_context_only
    def colour(root: strawberry.Parent[FileView]) -> HouseholdColourEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return root.file.code.colour

    @strawberry.field(description="Why it has this colour.")
    @reads_context_only
    def reasons(root: strawberry.Parent[FileView]) -> list[HouseholdColourReasonType]:
        return cast(list[HouseholdColourReasonType], list(root.file.code.reasons))

    @strawberry.field(description=f"The {LATEST_ENTRIES} newest entries, newest first.")
    async def latest_entries(
        root: strawberry.Parent[FileView], info: Info
    ) -> list[CivilityEntryType]:
        if root.latest is not None:
            return cast(list[CivilityEntryType], root.latest)
        household = root.file.household_id
        found = await info.context.repos.village.latest_entries([household], LATEST_ENTRIES)
        return cast(list[CivilityEntryType], found.get(household, []))


#: A village's household files by household number.
HouseholdFileConnection = Connection[HouseholdFileType]


@strawberry.type(name="ModelHouseholdNomination", description="A model-household nomination.")
class NominationType:
    """A household nominated as the year's model household (诚信示范户) and its decision."""

    @strawberry.field(description="Opaque ID of the nomination.")
    @reads_context_only
    def id(root: strawberry.Parent[Nomination], info: Info) -> strawberry.ID:
        return strawberry.ID(encode_id(info, VillageObject.NOMINATION, root.id))

    @strawberry.field(description="The household's global ID (Household.id).")
    @reads_context_only
    def household_id(root: strawberry.Parent[Nomination], info: Info) -> strawberry.ID:
        return strawberry.ID(info.context.ids.encode(NodeType.HOUSEHOLD, root.household_id))

    year: int = strawberry.field(description="The year it is nominated for.")
    points: int = strawberry.field(description="Its points that year when nominated.")
    status: NominationStatusEnum = strawberry.field(description="Nominated, approved or rejected.")  # type: ignore[valid-type]  # strawberry enum used as a type
    nominated_at: datetime = strawberry.field(description="When it was nominated.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    decision_reason: str | None = strawberry.field(description="The decision's reason.")

    @strawberry.field(description="Honour credit records the approval gave (one per member).")
    @reads_context_only
    def honour_record_count(root: strawberry.Parent[Nomination]) -> int:
        return len(root.honour_record_ids)


@strawberry.type(name="Village", description="A village that keeps households' civility files.")
class VillageType:
    """A village, its rules and its households."""

    name: str = strawberry.field(description="The village's name.")
    name_pinyin: str = strawberry.field(description="The name in pinyin.")
    district: DistrictEnum = strawberry.field(description="District or county.")  # type: ignore[valid-type]  # strawberry enum used as a type
    township: str = strawberry.field(description="Township or street it belongs to.")

    @strawberry.field(description="The village's rules in force, by code.")
    async def rules(
        root: strawberry.Parent[Village],
        info: Info,
        include_retired: Annotated[
            bool, strawberry.argument(description="Also list earlier versions.")
        ] = False,
    ) -> list[VillageRuleType]:
        found = await info.context.repos.village.rules(root.id, include_retired=include_retired)
        return cast(list[VillageRuleType], found)

    @strawberry.field(
        description="The village's households by number, with points, colour and newest entries."
    )
    async def households(
        root: strawberry.Parent[Village],
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor of the last one already seen.")
        ] = None,
    ) -> HouseholdFileConnection:
        listing = f"village-files:{root.id}"
        context = info.context
        request = PageRequest(
            first=first, after=context.cursors.decode(listing, after) if after else None
        )
        principal = context.principal
        assert principal is not None  # the parent field required a scope
        _village, page = await services.village_files(
            context.repos.village, actor_of(principal), root.name, request, context.now
        )
        ids = [f.household_id for f, _ in page.items]
        latest = await context.repos.village.latest_entries(ids, LATEST_ENTRIES)
        views = [(FileView(f, latest.get(f.household_id, [])), key) for f, key in page.items]
        return cast(
            HouseholdFileConnection,
            ConnectionRoot(page=Page(items=views, has_next=page.has_next), listing=listing),
        )

    @strawberry.field(description="The village's model-household nominations of a year.")
    async def nominations(
        root: strawberry.Parent[Village],
        info: Info,
        year: Annotated[int, strawberry.argument(description="The year.")],
    ) -> list[NominationType]:
        found = await info.context.repos.village.nominations(root.id, year)
        return cast(list[NominationType], found)


@strawberry.type(
    name="PublicModelHousehold",
    description="A model household (诚信示范户) on the public list: no personal data.",
)
class PublicModelHouseholdType:
    """A village's model household of a year, the head's name masked."""

    year: int = strawberry.field(description="The year of the honour.")
    village: str = strawberry.field(description="The village.")
    district: DistrictEnum = strawberry.field(description="District or county.")  # type: ignore[valid-type]  # strawberry enum used as a type
    masked_head_name: str = strawberry.field(description="The head's name, masked (张**).")
    approved_on: date = strawberry.field(description="The day the county approved it.")


@strawberry.type(name="VillageCoverage", description="Civility files against households.")
class VillageCoverageType:
    """One village's coverage and model households."""

    village: str = strawberry.field(description="The village.")
    district: DistrictEnum = strawberry.field(description="District or county.")  # type: ignore[valid-type]  # strawberry enum used as a type
    households: int = strawberry.field(description="Households registered.")
    files: int = strawberry.field(description="Households with a civility file.")
    model_households: int = strawberry.field(description="Approved model households that year.")

    @strawberry.field(description="Share of households with a file, 0 to 1 (4 decimals).")
    @reads_context_only
    def coverage(root: strawberry.Parent[VillageCoverageType]) -> Decimal:
        return share(root.files, root.households)


def share(part: int, whole: int) -> Decimal:
    """``part / whole`` to 4 decimals (0 when there is no whole)."""
    if whole == 0:
        return Decimal(0)
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


@strawberry.type(name="PointsBand", description="How many files fall in a band of points.")
class PointsBandType:
    """A band of this year's points and its count of files."""

    label: str = strawberry.field(description="The band, in words.")
    lowest: int | None = strawberry.field(description="Lowest points in it (null: no floor).")
    highest: int | None = strawberry.field(description="Highest points in it (null: no ceiling).")
    files: int = strawberry.field(description="Files in the band.")


@strawberry.type(name="VillageStatistics", description="Civility files across the city.")
class VillageStatisticsType:
    """Coverage per village and district, points distribution, model households."""

    year: int = strawberry.field(description="The year of points and model households.")
    villages: list[VillageCoverageType] = strawberry.field(description="Per village.")
    districts: list[VillageCoverageType] = strawberry.field(
        description="Per district (village is the district's name)."
    )
    points_distribution: list[PointsBandType] = strawberry.field(
        description="Files by band of points this year."
    )
    households: int = strawberry.field(description="Households in the villages listed.")
    files: int = strawberry.field(description="Household files kept.")
    model_households: int = strawberry.field(description="Approved model households that year.")
    coverage: Decimal = strawberry.field(description="Share of households with a file.")
