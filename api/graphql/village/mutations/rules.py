"""saveVillageRule: a committee keeps its village rules as point rules, in versions."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.domain.errors import ErrorCode
from api.domain.village import services
from api.domain.village.model import RuleDraft
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.permissions import caller
from api.graphql.village.types import VillageRuleType, actor_of

SAVE_RULE = typed_mutation(
    "SaveVillageRule",
    (
        ErrorCode.INVALID_ARGUMENT,
        ErrorCode.NOT_FOUND,
        ErrorCode.NOT_YOUR_VILLAGE,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.CONFLICT,
    ),
    lambda errors: SaveVillageRulePayload(rule=None, replayed=False, errors=errors),
)


@strawberry.input(description="A village rule (村规民约) as points: its next version is stored.")
class SaveVillageRuleInput:
    """Saving a code the village has already makes a new version; past entries keep theirs."""

    village: str = strawberry.field(description="The village's name (a committee: its own).")
    code: str = strawberry.field(description="The rule's code: 1-32 letters, digits or '-'.")
    description: str = strawberry.field(description="What it rewards or deducts for (1-200).")
    points: int = strawberry.field(
        description="Points per entry, -100 to 100 and not 0: positive adds, negative deducts."
    )
    yearly_cap: int | None = strawberry.field(
        default=None,
        description="Most points a household gets (or loses) under it a year: at least the "
        "points, at most 1000; null for none.",
    )
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )


@strawberry.type(description="The rule version stored, or why not.")
class SaveVillageRulePayload:
    """The rule as stored."""

    rule: VillageRuleType | None = strawberry.field(description="The version now in force.")
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(SAVE_RULE, "Why nothing was stored.")


async def save_village_rule(
    info: Info,
    input: Annotated[SaveVillageRuleInput, strawberry.argument(description="The rule.")],
) -> SaveVillageRulePayload:
    """Store the rule's next version."""
    context = info.context
    actor = actor_of(caller(info))
    draft = RuleDraft(input.code, input.description, input.points, input.yearly_cap)

    async def perform() -> SaveVillageRulePayload:
        rule, replayed = await services.save_rule(
            context.repos.village,
            actor,
            input.village,
            draft,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        return SaveVillageRulePayload(rule=rule, replayed=replayed, errors=[])  # type: ignore[arg-type]  # a domain VillageRule served as its strawberry type

    return await SAVE_RULE.run(info, perform)
