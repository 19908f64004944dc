"""Credit repair cases and the payload of a repair step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

import strawberry

from api.domain.credit.repair import RepairCase, RepairState
from api.domain.records.model import CreditRecord
from api.graphql.base_mutation import MutationError
from api.graphql.context import Info
from api.graphql.credit.types.evaluation import CreditEvaluationType
from api.graphql.credit.types.records import RecordCategoryEnum, RecordStatusEnum, SeverityEnum
from api.graphql.errors_payload import UserErrorInterface
from api.graphql.ids import NodeType
from api.graphql.relay import Connection, Node, global_id_field

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

    category: RecordCategoryEnum = strawberry.field(description="What kind of record.")  # type: ignore[valid-type]  # strawberry enum used as a type
    severity: SeverityEnum | None = strawberry.field(description="Its severity.")  # type: ignore[valid-type]  # strawberry enum used as a type
    status: RecordStatusEnum = strawberry.field(description="ACTIVE, or REPAIRED once approved.")  # type: ignore[valid-type]  # strawberry enum used as a type
    occurred_at: datetime = strawberry.field(description="When it happened.")
    publicity_until: date | None = strawberry.field(description="Last day of publicity.")
    summary: str = strawberry.field(description="What the department reported.")


@strawberry.type(name="CreditRepairCase", description="The credit repair case of one record.")
class CreditRepairCaseType(Node):
    """A repair case and where it stands."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, RepairCase)

    id = global_id_field(NodeType.REPAIR_CASE)

    state: RepairStateEnum = strawberry.field(description="Where the case stands.")  # type: ignore[valid-type]  # strawberry enum used as a type
    severity: SeverityEnum = strawberry.field(description="Severity of the record.")  # type: ignore[valid-type]  # strawberry enum used as a type
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
