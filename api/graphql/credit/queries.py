"""Credit queries: repair cases, rule sets and the exemption list."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.credit.exemptions import ExemptMatter
from api.domain.credit.repair import RepairState
from api.graphql.context import Info
from api.graphql.credit.types.repair import CreditRepairCaseConnection, RepairStateEnum
from api.graphql.credit.types.rules import ExemptMatterType, RuleSetType, RuleSetView
from api.graphql.permissions import query_field
from api.graphql.relay import ConnectionRoot, page_request
from api.graphql.signed_in import SignedInEnterprise, SignedInPerson, signed_in_subject

REPAIRS_LISTING = "repairs"


@query_field(Scope.CREDIT_REPAIR_DECIDE, description="Repair cases, newest first (the queue).")
async def credit_repairs(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[
        str | None, strawberry.argument(description="Cursor of the last case already seen.")
    ] = None,
    states: Annotated[
        list[RepairStateEnum] | None,  # type: ignore[valid-type]  # strawberry enum used as a type
        strawberry.argument(description="Only cases in these states (APPLIED: the queue)."),
    ] = None,
) -> CreditRepairCaseConnection:
    """Repair cases, newest first (the regulator's queue)."""
    wanted = sorted(RepairState(s) for s in states or [])
    listing = f"{REPAIRS_LISTING}:{','.join(wanted)}"
    request = page_request(info, listing, first, after)
    page = await info.context.repos.repairs.page(request, states=wanted)
    return cast(CreditRepairCaseConnection, ConnectionRoot(page=page, listing=listing))


@query_field(
    Scope.CREDIT_REPAIR_APPLY, description="The signed-in subject's repair cases, newest first."
)
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
    request = page_request(info, listing, first, after)
    page = await info.context.repos.repairs.page(request, subject_id=subject.id)
    return cast(CreditRepairCaseConnection, ConnectionRoot(page=page, listing=listing))


@query_field(Scope.RULE_SET_WRITE, description="Every published rule set, newest first.")
async def rule_sets(info: Info) -> list[RuleSetType]:
    """Every published rule set, newest first."""
    found = await info.context.repos.evaluations.rule_sets()
    return cast("list[RuleSetType]", [RuleSetView(r, a, p) for r, a, p in found])


@query_field(
    Scope.CREDIT_RECORD_WRITE,
    description="The exempt-from-penalty list, to quote in `recordPenalty`.",
)
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
    return cast("list[ExemptMatterType]", matters)


@strawberry.type(description="Credit repair, rule sets and the exemption list.")
class CreditQuery:
    """Merged into the query root."""

    credit_repairs = credit_repairs
    my_credit_repairs = my_credit_repairs
    rule_sets = rule_sets
    exempt_matters = exempt_matters
