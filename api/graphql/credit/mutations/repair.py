"""Credit repair: a subject applies, the credit office decides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.credit import services
from api.domain.credit.model import StoredEvaluation
from api.domain.credit.repair import DEFAULT_FOLLOW_UP_DAYS
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError
from api.graphql.base_mutation import MutationError, own_payload
from api.graphql.context import Info
from api.graphql.credit.types.evaluation import CreditEvaluationType
from api.graphql.credit.types.repair import CreditRepairCaseType, CreditRepairPayload
from api.graphql.ids import NodeType
from api.graphql.permissions import caller, mutation_field
from api.graphql.signed_in import SignedInEnterprise, SignedInPerson, signed_in_subject


def shown_evaluation(
    info: Info, evaluation: StoredEvaluation | None
) -> CreditEvaluationType | None:
    """The evaluation, if the caller may read evaluations."""
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


@mutation_field(
    Scope.CREDIT_REPAIR_APPLY,
    description="The signed-in subject applies to repair one of its records, with a "
    "public credit commitment, once the case's eligibleOn has come.",
    graphql_type=ApplyForCreditRepairPayload,
)
@APPLY_REPAIR.performs
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

    subject = await signed_in_subject(info, resident_id, uscc)
    case = await services.apply_for_repair(
        context.repos,
        repair_id=_repair_id(info, repair_id),
        subject_id=subject.id,
        commitment=commitment,
        applied_by=caller(info).client_id,
        now=context.now,
    )
    return ApplyForCreditRepairPayload(
        repair_case=cast(CreditRepairCaseType, case), evaluation=None, errors=[]
    )


@mutation_field(
    Scope.CREDIT_REPAIR_DECIDE,
    description="A regulator approves or rejects an application, with a reason. An "
    "approval stops the record being published, shared and counted at once.",
    graphql_type=DecideCreditRepairPayload,
)
@DECIDE_REPAIR.performs
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
        repair_case=cast(CreditRepairCaseType, case),
        evaluation=shown_evaluation(info, evaluation),
        errors=[],
    )
