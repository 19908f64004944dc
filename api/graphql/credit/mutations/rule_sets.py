"""Rule sets: the credit office publishes a version and activates it."""

from __future__ import annotations

import json
from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.credit.rules import rule_set_from_json
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError, NotFoundError
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.credit.types.rules import (
    PublishRuleSetInput,
    RuleSetPayload,
    RuleSetType,
    RuleSetView,
)
from api.graphql.permissions import caller, mutation_field

PUBLISH_RULE_SET, PublishRuleSetPayload = own_payload(
    "PublishRuleSet",
    (ErrorCode.INVALID_ARGUMENT,),
    RuleSetPayload,
    lambda payload, errors: payload(rule_set=None, errors=errors),
    description="A rule set after publishing, or why not.",
)


ACTIVATE_RULE_SET, ActivateRuleSetPayload = own_payload(
    "ActivateRuleSet",
    (ErrorCode.NOT_FOUND,),
    RuleSetPayload,
    lambda payload, errors: payload(rule_set=None, errors=errors),
    description="A rule set after activating, or why not.",
)


@mutation_field(
    Scope.RULE_SET_WRITE,
    description="Publish a new version of the evaluation rules (inactive until activated).",
    graphql_type=PublishRuleSetPayload,
)
async def publish_rule_set(
    info: Info,
    input: Annotated[PublishRuleSetInput, strawberry.argument(description="The rule set.")],
) -> RuleSetPayload:
    """Publish a new rule set (inactive until activated)."""
    context = info.context
    if not isinstance(input.parameters, dict):
        error = InvalidArgumentError("parameters must be an object")
        return PUBLISH_RULE_SET.refuse(error, "parameters")
    try:
        data = dict(input.parameters) | {
            "version": input.version,
            "effective_from": input.effective_from.isoformat(),
            "description": input.description,
        }
        rules = rule_set_from_json(json.loads(json.dumps(data)))
    except DomainError as error:
        return PUBLISH_RULE_SET.refuse(error, "parameters")
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        problem = InvalidArgumentError(f"parameters are incomplete or malformed: {error}")
        return PUBLISH_RULE_SET.refuse(problem, "parameters")

    async def perform() -> RuleSetPayload:
        if not await context.repos.evaluations.publish(
            rules, now=context.now, client_id=caller(info).client_id
        ):
            raise InvalidArgumentError(f"version {rules.version!r} exists already", field="version")
        view = RuleSetView(rules, False, context.now)
        return PublishRuleSetPayload(rule_set=cast(RuleSetType, view), errors=[])

    return await PUBLISH_RULE_SET.run(info, perform)


@mutation_field(
    Scope.RULE_SET_WRITE,
    description="Make a published rule set the active one. Subjects are re-evaluated "
    "under it when their records change and by the operator's `evaluate --all` run.",
    graphql_type=ActivateRuleSetPayload,
)
@ACTIVATE_RULE_SET.performs
async def activate_rule_set(
    info: Info,
    version: Annotated[str, strawberry.argument(description="The version to activate.")],
) -> RuleSetPayload:
    """Make a published rule set the active one."""
    context = info.context

    rules = await context.repos.evaluations.activate(version)
    if rules is None:
        raise NotFoundError(f"no rule set {version!r}", field="version")
    view = RuleSetView(rules, True, context.now)
    return ActivateRuleSetPayload(rule_set=cast(RuleSetType, view), errors=[])
