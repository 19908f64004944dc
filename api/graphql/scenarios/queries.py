"""Scenario queries: the catalogue, eligibility at a scan, deferred accounts, statistics."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, cast

import strawberry
from graphql import GraphQLError

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.scenarios import catalogue, mobility, pay_after_treatment
from api.domain.scenarios.errors import ScenarioError
from api.domain.scenarios.model import (
    Eligibility,
    StatisticsDimension,
    StatisticsFilter,
    StatisticsRow,
)
from api.domain.scenarios.rules import PAY_AFTER_TREATMENT_SCENARIO
from api.domain.subjects.model import District
from api.graphql.context import Info
from api.graphql.permissions import caller, query_field
from api.graphql.row_rules import OwnRowsOnly
from api.graphql.scenarios.inputs import IncentiveStatisticsFilter
from api.graphql.scenarios.types import (
    DeferredAccountType,
    IncentiveCategoryType,
    IncentiveScenarioType,
    OperatorType,
    OperatorTypeEnum,
    ScenarioEligibilityType,
    StatisticsKeyType,
    StatisticsRowType,
    StatisticsType,
)


def _eligibility(result: Eligibility) -> ScenarioEligibilityType:
    return ScenarioEligibilityType(
        scenario_code=result.scenario.code,
        eligible=result.eligible,
        reasons=list(result.reasons),
        denial=result.denial,
        colour=result.colour,
        value=result.value,
        uses_today=result.uses_today,
    )


_DISTRICT_NAMES = {district.value: district.name for district in District}


def _key_label(dimension: StatisticsDimension, value: str) -> str:
    """A group key as the schema spells it: a district by its enum name (ANJI, not 330523)."""
    if dimension is StatisticsDimension.DISTRICT:
        return _DISTRICT_NAMES.get(value, value)
    return value


def bad_input(error: ScenarioError) -> GraphQLError:
    """A query naming an unknown (or unsuitable) scenario: BAD_USER_INPUT with the refusal."""
    return GraphQLError(
        error.message, extensions={"code": "BAD_USER_INPUT", "problem": error.refusal.value}
    )


async def _scan(
    info: Info, check: Callable[..., Awaitable[Eligibility]], *, scenario_code: str, code: str
) -> ScenarioEligibilityType:
    """Run one scan-eligibility use case for the caller (audited by the use case itself).

    An unknown or unsuitable scenario is BAD_USER_INPUT with its refusal.
    """
    context = info.context
    try:
        result = await check(
            context.repos,
            context.crypto,
            accessor=accessor_for(caller(info)),
            scenario_code=scenario_code,
            code=code,
            request_id=context.request_id,
            now=context.now,
        )
    except ScenarioError as error:
        raise bad_input(error) from None
    return _eligibility(result)


@query_field(Scope.INCENTIVE_READ, description="The incentive categories.")
async def incentive_categories(info: Info) -> list[IncentiveCategoryType]:
    """Every category, in catalogue order."""
    return cast("list[IncentiveCategoryType]", await info.context.repos.incentives.categories())


@query_field(Scope.INCENTIVE_READ, description="The incentive scenarios, by code.")
async def incentive_scenarios(
    info: Info,
    category_code: Annotated[
        str | None, strawberry.argument(description="Only this category's.")
    ] = None,
    operator_type: Annotated[
        OperatorTypeEnum | None,  # type: ignore[valid-type]  # strawberry enum used as a type
        strawberry.argument(description="Only scenarios this partner type operates."),
    ] = None,
) -> list[IncentiveScenarioType]:
    """The catalogue's scenarios by code."""
    found = await info.context.repos.incentives.scenarios(
        category_code=category_code,
        operator_type=OperatorType(operator_type).value if operator_type else None,
    )
    return cast("list[IncentiveScenarioType]", found)


@query_field(Scope.INCENTIVE_READ, description="One incentive scenario by code.")
async def incentive_scenario(
    info: Info, code: Annotated[str, strawberry.argument(description="The scenario's code.")]
) -> IncentiveScenarioType | None:
    """One scenario by code."""
    return cast(IncentiveScenarioType | None, await info.context.repos.incentives.scenario(code))


@query_field(
    Scope.STATISTICS_READ,
    description="How many people benefited, how often and how much, by scenario, "
    "category, operator, district or period.",
)
async def incentive_statistics(
    info: Info,
    filter: Annotated[
        IncentiveStatisticsFilter | None,
        strawberry.argument(description="Which benefits count and how to group them."),
    ] = None,
) -> StatisticsType:
    """Beneficiaries, uses and benefit granted (one aggregation over the grants)."""
    given = filter or IncentiveStatisticsFilter()
    spec = StatisticsFilter(
        scenario_codes=tuple(given.scenario_codes or ()),
        category_codes=tuple(given.category_codes or ()),
        operator_types=tuple(OperatorType(t).value for t in given.operator_types or ()),
        districts=tuple(District(d).value for d in given.districts or ()),
        partner_ids=tuple(given.partner_ids or ()),
        granted_from=given.granted_from,
        granted_until=given.granted_until,
        group_by=tuple(StatisticsDimension(d) for d in given.group_by or ()),
    )
    figures = await catalogue.incentive_statistics(info.context.repos, spec)

    def row(found: StatisticsRow) -> StatisticsRowType:
        return StatisticsRowType(
            keys=[StatisticsKeyType(dimension=d, value=_key_label(d, v)) for d, v in found.keys],
            beneficiaries=found.beneficiaries,
            uses=found.uses,
            total_benefit=found.total_benefit,
            money_saved=found.money_saved,
            deferred=found.deferred,
        )

    return StatisticsType(total=row(figures.total), groups=[row(g) for g in figures.groups])


@query_field(
    Scope.DEFERRED_PAYMENT_WRITE,
    description="Whether the patient who showed an integrity code may pay after "
    "treatment, with the reasons and the limit for their colour. The scan is in the "
    "person's access log.",
)
async def pay_after_treatment_eligibility(
    info: Info,
    integrity_code: Annotated[str, strawberry.argument(description="The code the patient showed.")],
    scenario_code: Annotated[
        str, strawberry.argument(description="The deferred-payment scenario.")
    ] = PAY_AFTER_TREATMENT_SCENARIO,
) -> ScenarioEligibilityType:
    """Whether the patient may pay after treatment, why not, and the limit for their colour."""
    return await _scan(
        info,
        pay_after_treatment.pay_after_treatment_eligibility,
        scenario_code=scenario_code,
        code=integrity_code,
    )


@query_field(
    Scope.DEFERRED_PAYMENT_WRITE,
    description="One of your visits by visit number (only the hospital that opened a "
    "visit sees it).",
    extra=[OwnRowsOnly()],
)
async def deferred_account(
    info: Info,
    visit_number: Annotated[str, strawberry.argument(description="Your visit number.")],
) -> DeferredAccountType | None:
    """One of your visits; null for a visit number you did not open."""
    found = await info.context.repos.deferred_accounts.by_visit(
        caller(info).partner_id, visit_number.strip()
    )
    return cast(DeferredAccountType | None, found)


@query_field(
    Scope.MOBILITY_DISCOUNT_WRITE,
    description="Validate a scanned integrity code for a scenario: admitted or not, "
    "and why. The scan is in the person's access log.",
)
async def mobility_discount_eligibility(
    info: Info,
    scenario_code: Annotated[str, strawberry.argument(description="The scenario.")],
    integrity_code: Annotated[str, strawberry.argument(description="The code the person showed.")],
) -> ScenarioEligibilityType:
    """Validate a scanned code for a scenario."""
    return await _scan(
        info,
        mobility.mobility_discount_eligibility,
        scenario_code=scenario_code,
        code=integrity_code,
    )


@strawberry.type(description="The incentive catalogue and the person scenarios.")
class ScenarioQuery:
    """Merged into the query root."""

    incentive_categories = incentive_categories
    incentive_scenarios = incentive_scenarios
    incentive_scenario = incentive_scenario
    pay_after_treatment_eligibility = pay_after_treatment_eligibility
    deferred_account = deferred_account
    mobility_discount_eligibility = mobility_discount_eligibility
    incentive_statistics = incentive_statistics
