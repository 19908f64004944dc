"""Reading industry evaluations: the schemes, a subject's evaluation, a regulator's inspection
plan and an industry's statistics."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.industry import services
from api.domain.industry.errors import IndustryError
from api.domain.industry.model import Industry
from api.domain.industry.schemes import SCHEMES
from api.graphql.context import Info
from api.graphql.errors_payload import errors_of
from api.graphql.industry.types import (
    IndustryEnum,
    IndustryEvaluation,
    IndustryEvaluationPayload,
    IndustryScheme,
    IndustryStatistics,
    InspectionPlan,
    InspectionPlanPayload,
)
from api.graphql.permissions import requires
from api.graphql.scalars import UnifiedSocialCreditCode
from api.graphql.signed_in import signed_in_subject


async def industry_schemes() -> list[IndustryScheme]:
    """The three configured schemes."""
    return [IndustryScheme.of(scheme) for scheme in SCHEMES]


async def industry_evaluation(
    info: Info,
    subject: Annotated[str, strawberry.argument(description="The subject's registration code.")],
    as_of: Annotated[
        date | None, strawberry.argument(description="The day evaluated; default today.")
    ] = None,
) -> IndustryEvaluationPayload:
    """A subject's grade, explained."""
    context = info.context
    try:
        found, evaluation = await services.evaluate_subject(
            context.repos.industry, subject, as_of=as_of or context.today, today=context.today
        )
    except IndustryError as error:
        return IndustryEvaluationPayload(evaluation=None, errors=errors_of(error))
    return IndustryEvaluationPayload(evaluation=IndustryEvaluation.of(found, evaluation), errors=[])


async def my_industry_evaluations(
    info: Info,
    uscc: Annotated[
        UnifiedSocialCreditCode, strawberry.argument(description="The signed-in enterprise.")
    ],
) -> list[IndustryEvaluation]:
    """The signed-in enterprise's subjects, each evaluated today."""
    context = info.context
    subject = await signed_in_subject(info, None, uscc)
    found = await services.own_evaluations(context.repos.industry, subject.id, today=context.today)
    return [IndustryEvaluation.of(s, e) for s, e in found]


async def inspection_plan(
    info: Info,
    industry: Annotated[IndustryEnum, strawberry.argument(description="The industry.")],  # type: ignore[valid-type]  # strawberry enum used as a type
    start: Annotated[date, strawberry.argument(description="The period's first day.")],
    end: Annotated[date, strawberry.argument(description="The period's last day (366 at most).")],
) -> InspectionPlanPayload:
    """Who to visit in the period, how often and why."""
    context = info.context
    try:
        plan = await services.inspection_plan(
            context.repos.industry, Industry(industry), start=start, end=end, today=context.today
        )
    except IndustryError as error:
        return InspectionPlanPayload(plan=None, errors=errors_of(error))
    return InspectionPlanPayload(plan=InspectionPlan.of(plan), errors=[])


async def industry_statistics(
    info: Info,
    industry: Annotated[IndustryEnum, strawberry.argument(description="The industry.")],  # type: ignore[valid-type]  # strawberry enum used as a type
) -> IndustryStatistics:
    """An industry's subjects by grade today."""
    context = info.context
    found = await services.industry_statistics(
        context.repos.industry, Industry(industry), today=context.today
    )
    return IndustryStatistics.of(found)


@strawberry.type(description="Industry credit evaluations and graded supervision.")
class IndustryQuery:
    """Merged into the query root."""

    industry_schemes = strawberry.field(
        resolver=industry_schemes,
        **requires(
            Scope.INDUSTRY_READ,
            description="The industry credit schemes (green wharves, live-streaming rooms, "
            "catering): indicators, weights, departments, grade thresholds, supervision.",
        ),
    )
    industry_evaluation = strawberry.field(
        resolver=industry_evaluation,
        **requires(
            Scope.INDUSTRY_READ,
            description="A subject's industry grade on a day (not after today), with the "
            "reasons and each indicator's as-of date, under the scheme version applied.",
        ),
    )
    my_industry_evaluations = strawberry.field(
        resolver=my_industry_evaluations,
        **requires(
            Scope.INDUSTRY_READ_OWN,
            description="The signed-in enterprise's own view (city app): each wharf, "
            "live-streaming room or catering shop it runs, with its grade today, explained.",
        ),
    )
    inspection_plan = strawberry.field(
        resolver=inspection_plan,
        **requires(
            Scope.INDUSTRY_READ,
            description="Graded supervision: every subject of an industry with the days to "
            "visit it in a period (at most 366 days), its grade's frequency and treatment, "
            "and why; most visits first.",
        ),
    )
    industry_statistics = strawberry.field(
        resolver=industry_statistics,
        **requires(
            Scope.INDUSTRY_READ,
            description="An industry's subjects by grade today and the inspections a year "
            "their grades ask for.",
        ),
    )
