"""The village queries: a village's rules and households, the head's own file, the public list
of model households and the credit office's statistics. Each calls one village service."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.clock import city_today
from api.domain.consent.persons import require_person
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import DISTRICT_NAMES_ZH, District
from api.domain.village import model_households as households_service
from api.domain.village import services
from api.domain.village.model import VillageCoverage
from api.graphql.context import Info
from api.graphql.permissions import caller, requires
from api.graphql.scalars import ResidentId
from api.graphql.subjects.types import DistrictEnum
from api.graphql.village.types import (
    FileView,
    HouseholdFileType,
    PublicModelHouseholdType,
    VillageStatisticsType,
    VillageType,
    actor_of,
    share,
)

#: The years the village data covers: files were opened from 2019 on.
FIRST_YEAR = 2019


def check_year(info: Info, year: int) -> int:
    """A year from 2019 to this one; InvalidArgumentError otherwise."""
    if not FIRST_YEAR <= year <= city_today(info.context.now).year:
        raise InvalidArgumentError(f"year is between {FIRST_YEAR} and this year", field="year")
    return year


async def village(
    info: Info,
    name: Annotated[str, strawberry.argument(description="The village's name, e.g. 余村.")],
) -> VillageType:
    """A village the caller may read: a committee its own, a regulator or the office any."""
    found = await services.acting_village(info.context.repos.village, actor_of(caller(info)), name)
    return cast(VillageType, found)


async def my_household_file(
    info: Info,
    resident_id: Annotated[
        ResidentId, strawberry.argument(description="The signed-in person (the head).")
    ],
) -> HouseholdFileType:
    """The file and code of the household the signed-in person heads."""
    context = info.context
    person = await require_person(context.repos, context.crypto, resident_id)
    found = await services.own_household_file(context.repos.village, person.id, context.now)
    return cast(HouseholdFileType, FileView(found))


async def model_households(
    info: Info,
    year: Annotated[int, strawberry.argument(description="The year of the honour.")],
    district: Annotated[
        DistrictEnum | None,  # type: ignore[valid-type]  # strawberry enum used as a type
        strawberry.argument(description="Only this district or county."),
    ] = None,
) -> list[PublicModelHouseholdType]:
    """The approved model households of a year: villages and masked names only."""
    found = await info.context.repos.village.public_model_households(
        check_year(info, year), District(district) if district else None
    )
    return cast(list[PublicModelHouseholdType], found)


def _by_district(villages: list[VillageCoverage]) -> list[VillageCoverage]:
    totals: dict[District, list[int]] = {}
    for row in villages:
        sums = totals.setdefault(row.district, [0, 0, 0])
        sums[0] += row.households
        sums[1] += row.files
        sums[2] += row.model_households
    return [VillageCoverage(DISTRICT_NAMES_ZH[d], d, *totals[d]) for d in District if d in totals]


async def village_statistics(
    info: Info,
    year: Annotated[int, strawberry.argument(description="The year of points and honours.")],
) -> VillageStatisticsType:
    """Files, coverage per village and district, points distribution, model households."""
    store = info.context.repos.village
    check_year(info, year)
    villages = await store.coverage(year)
    bands = await households_service.points_distribution(store, year)
    households = sum(v.households for v in villages)
    files = sum(v.files for v in villages)
    return VillageStatisticsType(
        year=year,
        villages=cast(list, villages),  # type: ignore[type-arg]  # coverage rows resolve as the type
        districts=cast(list, _by_district(villages)),  # type: ignore[type-arg]  # as above
        points_distribution=cast(list, bands),  # type: ignore[type-arg]  # bands resolve as the type
        households=households,
        files=files,
        model_households=sum(v.model_households for v in villages),
        coverage=share(files, households),
    )


@strawberry.type(description="The village households' queries, merged into the query root.")
class VillageQuery:
    """Villages, household files, model households and their statistics."""

    village = strawberry.field(
        resolver=village,
        **requires(
            Scope.HOUSEHOLD_READ,
            description="A village with its rules, households and nominations. A village "
            "committee reads its own village only (NOT_YOUR_VILLAGE otherwise).",
        ),
    )
    my_household_file = strawberry.field(
        resolver=my_household_file,
        **requires(
            Scope.HOUSEHOLD_READ_OWN,
            description="The file and civility code of the household the signed-in person heads.",
        ),
    )
    model_households = strawberry.field(
        resolver=model_households,
        description="The public list of a year's model households (诚信示范户): village, "
        "district and the head's masked name. No token needed.",
    )
    village_statistics = strawberry.field(
        resolver=village_statistics,
        **requires(
            Scope.STATISTICS_READ,
            description="Household files and coverage per village and district, the points "
            "distribution and the model households of a year.",
        ),
    )
