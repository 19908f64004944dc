"""Rule sets and the exempt-from-penalty list: their types, inputs and payloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from api.domain.credit.rules import RuleSet, rule_set_to_json
from api.graphql.base_mutation import MutationError
from api.graphql.errors_payload import UserErrorInterface


@dataclass(frozen=True, slots=True)
class RuleSetView:
    """A rule set with its publication state."""

    rules: RuleSet
    active: bool
    published_at: datetime


@strawberry.type(name="RuleSet", description="A published version of the evaluation's rules.")
class RuleSetType:
    """Every parameter is in ``parameters``; the scoring code does not change with it."""

    @strawberry.field(description="Version name, e.g. `2026.1`.")
    def version(root: strawberry.Parent[RuleSetView]) -> str:
        return root.rules.version

    @strawberry.field(description="From when it is meant to apply.")
    def effective_from(root: strawberry.Parent[RuleSetView]) -> date:
        return root.rules.effective_from

    @strawberry.field(description="What changed and why, for people.")
    def description(root: strawberry.Parent[RuleSetView]) -> str:
        return root.rules.description

    @strawberry.field(description="Whether evaluations use it now (exactly one is active).")
    def active(root: strawberry.Parent[RuleSetView]) -> bool:
        return root.active

    @strawberry.field(description="When it was published.")
    def published_at(root: strawberry.Parent[RuleSetView]) -> datetime:
        return root.published_at

    @strawberry.field(
        description="Every parameter: base score, points by severity, weights by category, "
        "positive points, decay, tax-grade points and the grade and colour floors."
    )
    def parameters(root: strawberry.Parent[RuleSetView]) -> JSON:
        return cast(JSON, rule_set_to_json(root.rules))


@strawberry.interface(description="A rule set after publishing or activating, or why not.")
class RuleSetPayload:
    """The rule set as it now stands."""

    rule_set: RuleSetType | None = strawberry.field(description="The rule set.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing changed."
    )


@strawberry.input(description="A new rule set: a version, an effective date and the parameters.")
class PublishRuleSetInput:
    """Parameters as in `RuleSet.parameters` (start from the active one's)."""

    version: str = strawberry.field(description="New version name (1-32 characters).")
    effective_from: date = strawberry.field(description="From when it is meant to apply.")
    description: str = strawberry.field(description="What changed and why.")
    parameters: JSON = strawberry.field(
        description="Every parameter except version, effectiveFrom and description."
    )


@strawberry.type(
    name="ExemptMatter", description="A matter on the exempt-from-penalty list (涉企免罚清单)."
)
class ExemptMatterType:
    """A first minor violation of this matter within the window is guided, not penalised."""

    code: str = strawberry.field(description="Matter code, quoted by `recordPenalty`.")
    description: str = strawberry.field(description="What the matter covers.")
    conditions: str = strawberry.field(description="When a violation qualifies.")
    guidance: str = strawberry.field(description="What the subject is told instead.")
    window_months: int = strawberry.field(
        description="A second violation within this many months is penalised."
    )
    active: bool = strawberry.field(description="Whether it is on the list now.")
    department_code: str | None = strawberry.field(
        description="The department whose penalties it covers (its code); another "
        "department's penalty naming it is not exempted. Null: any department's."
    )


@strawberry.interface(description="A matter after a change of the list, or why not.")
class ExemptMatterPayload:
    """The matter as it now stands."""

    matter: ExemptMatterType | None = strawberry.field(description="The matter.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing changed."
    )


@strawberry.input(description="A matter to put on the exempt-from-penalty list.")
class AddExemptMatterInput:
    """All fields are required."""

    code: str = strawberry.field(description="Matter code (1-32 characters, unique).")
    description: str = strawberry.field(description="What it covers.")
    conditions: str = strawberry.field(description="When a violation qualifies.")
    guidance: str = strawberry.field(description="What the subject is told instead.")
    window_months: int = strawberry.field(
        default=12, description="Months within which only the first violation is exempted."
    )
