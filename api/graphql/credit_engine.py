"""Credit repair, rule sets and the exempt-from-penalty list in the schema.

Repair follows the state machine of ``api.domain.credit.repair``: the subject (through the city
app, for the signed-in person or enterprise) applies with a credit commitment; a regulator
approves or rejects with a reason; an approval stops the record counting and recomputes the
score in the same transaction. Refusals come back as typed ``errors``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from api.auth.scopes import Scope
from api.domain.credit import services
from api.domain.credit.exemptions import ExemptMatter
from api.domain.credit.model import StoredEvaluation
from api.domain.credit.repair import DEFAULT_FOLLOW_UP_DAYS, RepairCase, RepairState
from api.domain.credit.rules import RuleSet, rule_set_from_json, rule_set_to_json
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError, NotFoundError
from api.domain.paging import PageRequest
from api.domain.records.model import CreditRecord
from api.graphql.base_mutation import MutationError, own_payload
from api.graphql.context import Info
from api.graphql.errors_payload import UserErrorInterface
from api.graphql.ids import NodeType
from api.graphql.permissions import caller, requires
from api.graphql.signed_in import SignedInEnterprise, SignedInPerson, signed_in_subject
from api.graphql.types.connections import Connection, ConnectionRoot
from api.graphql.types.evaluation import CreditEvaluationType
from api.graphql.types.node import Node
from api.graphql.types.records import RecordCategoryEnum, RecordStatusEnum, SeverityEnum

RepairStateEnum = strawberry.enum(
    RepairState,
    name="RepairState",
    description="Where a repair case stands: AWAITING (notified; may apply from eligibleOn), "
    "APPLIED, REPAIRED, REJECTED (may apply again).",
)


@strawberry.type(
    name="RepairRecord", description="The record a repair case is about, whatever its status."
)
class RepairRecordType:
    """The subject and the regulator see the record being repaired, even once repaired."""

    category: RecordCategoryEnum = strawberry.field(description="What kind of record.")  # type: ignore[valid-type]
    severity: SeverityEnum | None = strawberry.field(description="Its severity.")  # type: ignore[valid-type]
    status: RecordStatusEnum = strawberry.field(description="ACTIVE, or REPAIRED once approved.")  # type: ignore[valid-type]
    occurred_at: datetime = strawberry.field(description="When it happened.")
    publicity_until: date | None = strawberry.field(description="Last day of publicity.")
    summary: str = strawberry.field(description="What the department reported.")


@strawberry.type(name="CreditRepairCase", description="The credit repair case of one record.")
class CreditRepairCaseType(Node):
    """A repair case and where it stands."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, RepairCase)

    @strawberry.field(description="Opaque global ID.")  # type: ignore[misc]
    def id(root: strawberry.Parent[RepairCase], info: Info) -> strawberry.ID:
        return strawberry.ID(info.context.ids.encode(NodeType.REPAIR_CASE, root.id))

    state: RepairStateEnum = strawberry.field(description="Where the case stands.")  # type: ignore[valid-type]
    severity: SeverityEnum = strawberry.field(description="Severity of the record.")  # type: ignore[valid-type]
    opened_on: date = strawberry.field(description="When the case opened (the notice's day).")
    eligible_on: date = strawberry.field(
        description="First day the subject may apply: once the minimum publicity has passed "
        "(minor at once, general after 3 months, serious after 1 year)."
    )
    commitment: str | None = strawberry.field(description="The subject's credit commitment.")
    applied_at: datetime | None = strawberry.field(description="When the subject applied.")
    decided_at: datetime | None = strawberry.field(description="When a regulator decided.")
    decision_reason: str | None = strawberry.field(description="The regulator's reason.")
    follow_up_due_on: date | None = strawberry.field(
        description="When the follow-up after a repair is due."
    )

    @strawberry.field(description="The record being repaired.")
    async def record(root: strawberry.Parent[RepairCase], info: Info) -> RepairRecordType | None:
        found: CreditRecord | None = await info.context.loaders.any_record.load(root.record_id)
        return cast(RepairRecordType | None, found)


CreditRepairCaseConnection = Connection[CreditRepairCaseType]


@strawberry.interface(description="A repair case after a step, or why the step was refused.")
class CreditRepairPayload:
    """The case as it now stands."""

    repair_case: CreditRepairCaseType | None = strawberry.field(description="The case.")
    evaluation: CreditEvaluationType | None = strawberry.field(
        description="The subject's new evaluation after an approval (for `evaluation:read`)."
    )
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing changed."
    )


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


def _shown(info: Info, evaluation: StoredEvaluation | None) -> CreditEvaluationType | None:
    principal = info.context.principal
    if evaluation is None or principal is None or not principal.has_scope(Scope.EVALUATION_READ):
        return None
    return cast(CreditEvaluationType, evaluation)


def _repair_id(info: Info, repair_id: str) -> int:
    node_type, object_id = info.context.ids.decode(repair_id)
    if node_type is not NodeType.REPAIR_CASE:
        raise InvalidArgumentError(f"{repair_id!r} is not a repair case ID")
    return object_id


def _repair_refused(
    payload: type[CreditRepairPayload], errors: list[MutationError]
) -> CreditRepairPayload:
    return payload(repair_case=None, evaluation=None, errors=errors)


def _at(argument: str) -> Callable[[DomainError], str]:
    """A bad argument points at ``argument``, any other refusal at the repair case."""
    return lambda error: argument if isinstance(error, InvalidArgumentError) else "repairId"


_REPAIR_CODES = (
    ErrorCode.INVALID_ARGUMENT,
    ErrorCode.NOT_FOUND,
    ErrorCode.CONFLICT,
    ErrorCode.REPAIR_TRANSITION_NOT_ALLOWED,
)

APPLY_REPAIR, ApplyForCreditRepairPayload = own_payload(
    "ApplyForCreditRepair",
    (*_REPAIR_CODES, ErrorCode.REPAIR_NOT_YET_ELIGIBLE, ErrorCode.INVALID_IDENTIFIER),
    CreditRepairPayload,
    _repair_refused,
    description="A repair case after applying, or why the application was refused.",
    field=_at("commitment"),
)
DECIDE_REPAIR, DecideCreditRepairPayload = own_payload(
    "DecideCreditRepair",
    _REPAIR_CODES,
    CreditRepairPayload,
    _repair_refused,
    description="A repair case after a decision, or why the decision was refused.",
    field=_at("reason"),
)
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
ADD_EXEMPT_MATTER, AddExemptMatterPayload = own_payload(
    "AddExemptMatter",
    (ErrorCode.INVALID_ARGUMENT,),
    ExemptMatterPayload,
    lambda payload, errors: payload(matter=None, errors=errors),
    description="A matter put on the exempt-from-penalty list, or why not.",
)
RETIRE_EXEMPT_MATTER, RetireExemptMatterPayload = own_payload(
    "RetireExemptMatter",
    (ErrorCode.NOT_FOUND,),
    ExemptMatterPayload,
    lambda payload, errors: payload(matter=None, errors=errors),
    description="A matter taken off the exempt-from-penalty list, or why not.",
)


async def apply_for_credit_repair(
    info: Info,
    repair_id: Annotated[strawberry.ID, strawberry.argument(description="The repair case.")],
    commitment: Annotated[
        str, strawberry.argument(description="The subject's public credit commitment.")
    ],
    resident_id: SignedInPerson = None,
    uscc: SignedInEnterprise = None,
) -> CreditRepairPayload:
    """The signed-in subject applies to repair one of its records."""
    context = info.context

    async def perform() -> CreditRepairPayload:
        subject = await signed_in_subject(info, resident_id, uscc)
        case = await services.apply_for_repair(
            context.repos,
            repair_id=_repair_id(info, repair_id),
            subject_id=subject.id,
            commitment=commitment,
            applied_by=caller(info).client_id,
            now=context.now,
        )
        return ApplyForCreditRepairPayload(repair_case=case, evaluation=None, errors=[])  # type: ignore[arg-type]

    return await APPLY_REPAIR.run(info, perform)


async def decide_credit_repair(
    info: Info,
    repair_id: Annotated[strawberry.ID, strawberry.argument(description="The repair case.")],
    approve: Annotated[bool, strawberry.argument(description="True to approve, false to reject.")],
    reason: Annotated[str, strawberry.argument(description="Why (shown to the subject).")],
    follow_up_in_days: Annotated[
        int,
        strawberry.argument(
            description="After an approval, when the follow-up visit is due (1 to 365 days)."
        ),
    ] = DEFAULT_FOLLOW_UP_DAYS,
) -> CreditRepairPayload:
    """A regulator decides an application."""
    context = info.context

    async def perform() -> CreditRepairPayload:
        case, evaluation = await services.decide_repair(
            context.repos,
            repair_id=_repair_id(info, repair_id),
            approve=approve,
            reason=reason,
            decided_by=caller(info).client_id,
            now=context.now,
            follow_up_days=follow_up_in_days,
        )
        return DecideCreditRepairPayload(
            repair_case=case,  # type: ignore[arg-type]
            evaluation=_shown(info, evaluation),
            errors=[],
        )

    return await DECIDE_REPAIR.run(info, perform)


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
        return PublishRuleSetPayload(rule_set=view, errors=[])  # type: ignore[arg-type]

    return await PUBLISH_RULE_SET.run(info, perform)


async def activate_rule_set(
    info: Info,
    version: Annotated[str, strawberry.argument(description="The version to activate.")],
) -> RuleSetPayload:
    """Make a published rule set the active one."""
    context = info.context

    async def perform() -> RuleSetPayload:
        rules = await context.repos.evaluations.activate(version)
        if rules is None:
            raise NotFoundError(f"no rule set {version!r}", field="version")
        view = RuleSetView(rules, True, context.now)
        return ActivateRuleSetPayload(rule_set=view, errors=[])  # type: ignore[arg-type]

    return await ACTIVATE_RULE_SET.run(info, perform)


def _text(value: str, name: str, limit: int) -> str:
    text = value.strip()
    if not text or len(text) > limit:
        raise InvalidArgumentError(f"{name} must be 1 to {limit} characters")
    return text


async def add_exempt_matter(
    info: Info,
    input: Annotated[AddExemptMatterInput, strawberry.argument(description="The matter.")],
) -> ExemptMatterPayload:
    """Put a matter on the exempt-from-penalty list."""
    context = info.context

    async def perform() -> ExemptMatterPayload:
        code = _text(input.code, "code", 32)
        if not 1 <= input.window_months <= 60:
            raise InvalidArgumentError("windowMonths must be 1 to 60")
        matter = await context.repos.exemptions.add_matter(
            code=code,
            description=_text(input.description, "description", 500),
            conditions=_text(input.conditions, "conditions", 1000),
            guidance=_text(input.guidance, "guidance", 1000),
            window_months=input.window_months,
            now=context.now,
        )
        if matter is None:
            raise InvalidArgumentError(f"matter {code!r} is listed already")
        return AddExemptMatterPayload(matter=matter, errors=[])  # type: ignore[arg-type]

    return await ADD_EXEMPT_MATTER.run(info, perform)


async def retire_exempt_matter(
    info: Info,
    code: Annotated[str, strawberry.argument(description="The matter's code.")],
) -> ExemptMatterPayload:
    """Take a matter off the list (exemptions granted under it stay)."""
    context = info.context

    async def perform() -> ExemptMatterPayload:
        matter = await context.repos.exemptions.retire_matter(code, context.now)
        if matter is None:
            raise NotFoundError(f"no matter {code!r}", field="code")
        return RetireExemptMatterPayload(matter=matter, errors=[])  # type: ignore[arg-type]

    return await RETIRE_EXEMPT_MATTER.run(info, perform)


REPAIRS_LISTING = "repairs"


async def credit_repairs(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[
        str | None, strawberry.argument(description="Cursor of the last case already seen.")
    ] = None,
    states: Annotated[
        list[RepairStateEnum] | None,  # type: ignore[valid-type]
        strawberry.argument(description="Only cases in these states (APPLIED: the queue)."),
    ] = None,
) -> CreditRepairCaseConnection:
    """Repair cases, newest first (the regulator's queue)."""
    wanted = sorted(RepairState(s) for s in states or [])
    listing = f"{REPAIRS_LISTING}:{','.join(wanted)}"
    request = PageRequest(
        first=first, after=info.context.cursors.decode(listing, after) if after else None
    )
    page = await info.context.repos.repairs.page(request, states=wanted)
    return cast(CreditRepairCaseConnection, ConnectionRoot(page=page, listing=listing))


async def my_credit_repairs(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[
        str | None, strawberry.argument(description="Cursor of the last case already seen.")
    ] = None,
    resident_id: SignedInPerson = None,
    uscc: SignedInEnterprise = None,
) -> CreditRepairCaseConnection:
    """The signed-in subject's repair cases, newest first."""
    subject = await signed_in_subject(info, resident_id, uscc)
    listing = f"my-repairs:{subject.id}"
    request = PageRequest(
        first=first, after=info.context.cursors.decode(listing, after) if after else None
    )
    page = await info.context.repos.repairs.page(request, subject_id=subject.id)
    return cast(CreditRepairCaseConnection, ConnectionRoot(page=page, listing=listing))


async def rule_sets(info: Info) -> list[RuleSetType]:
    """Every published rule set, newest first."""
    found = await info.context.repos.evaluations.rule_sets()
    return cast(list[RuleSetType], [RuleSetView(r, a, p) for r, a, p in found])


async def exempt_matters(
    info: Info,
    include_retired: Annotated[
        bool, strawberry.argument(description="Also list retired matters.")
    ] = False,
) -> list[ExemptMatterType]:
    """The exempt-from-penalty list, by code."""
    matters: list[ExemptMatter] = await info.context.repos.exemptions.matters(
        include_retired=include_retired
    )
    return cast(list[ExemptMatterType], matters)


@strawberry.type(description="Credit repair, rule sets and the exemption list.")
class CreditEngineMutation:
    """Merged into the mutation root."""

    apply_for_credit_repair = strawberry.mutation(
        resolver=apply_for_credit_repair,
        graphql_type=ApplyForCreditRepairPayload,
        **requires(
            Scope.CREDIT_REPAIR_APPLY,
            description="The signed-in subject applies to repair one of its records, with a "
            "public credit commitment, once the case's eligibleOn has come.",
        ),
    )
    decide_credit_repair = strawberry.mutation(
        resolver=decide_credit_repair,
        graphql_type=DecideCreditRepairPayload,
        **requires(
            Scope.CREDIT_REPAIR_DECIDE,
            description="A regulator approves or rejects an application, with a reason. An "
            "approval stops the record being published, shared and counted at once.",
        ),
    )
    publish_rule_set = strawberry.mutation(
        resolver=publish_rule_set,
        graphql_type=PublishRuleSetPayload,
        **requires(
            Scope.RULE_SET_WRITE,
            description="Publish a new version of the evaluation rules (inactive until activated).",
        ),
    )
    activate_rule_set = strawberry.mutation(
        resolver=activate_rule_set,
        graphql_type=ActivateRuleSetPayload,
        **requires(
            Scope.RULE_SET_WRITE,
            description="Make a published rule set the active one. Subjects are re-evaluated "
            "under it when their records change and by the operator's `evaluate --all` run.",
        ),
    )
    add_exempt_matter = strawberry.mutation(
        resolver=add_exempt_matter,
        graphql_type=AddExemptMatterPayload,
        **requires(
            Scope.EXEMPTION_LIST_WRITE,
            description="Put a matter on the exempt-from-penalty list.",
        ),
    )
    retire_exempt_matter = strawberry.mutation(
        resolver=retire_exempt_matter,
        graphql_type=RetireExemptMatterPayload,
        **requires(
            Scope.EXEMPTION_LIST_WRITE,
            description="Take a matter off the exempt-from-penalty list.",
        ),
    )


@strawberry.type(description="Credit repair, rule sets and the exemption list.")
class CreditEngineQuery:
    """Merged into the query root."""

    credit_repairs = strawberry.field(
        resolver=credit_repairs,
        **requires(
            Scope.CREDIT_REPAIR_DECIDE, description="Repair cases, newest first (the queue)."
        ),
    )
    my_credit_repairs = strawberry.field(
        resolver=my_credit_repairs,
        **requires(
            Scope.CREDIT_REPAIR_APPLY,
            description="The signed-in subject's repair cases, newest first.",
        ),
    )
    rule_sets = strawberry.field(
        resolver=rule_sets,
        **requires(Scope.RULE_SET_WRITE, description="Every published rule set, newest first."),
    )
    exempt_matters = strawberry.field(
        resolver=exempt_matters,
        **requires(
            Scope.CREDIT_RECORD_WRITE,
            description="The exempt-from-penalty list, to quote in `recordPenalty`.",
        ),
    )
