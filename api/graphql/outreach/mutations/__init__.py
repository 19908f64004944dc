"""The repair outreach mutations, merged into the mutation root."""

from __future__ import annotations

import strawberry

from api.auth.scopes import Scope
from api.graphql.outreach.mutations.notices import (
    AcknowledgeNoticePayload,
    MarkNoticeReachedPayload,
    RecordFollowUpResultPayload,
    acknowledge_my_notice,
    mark_notice_reached,
    record_follow_up_result,
)
from api.graphql.permissions import requires


@strawberry.type(description="Repair outreach: acknowledgements and follow-up results.")
class OutreachMutation:
    """The repair outreach mutations."""

    acknowledge_my_notice = strawberry.mutation(
        resolver=acknowledge_my_notice,
        graphql_type=AcknowledgeNoticePayload,
        **requires(
            Scope.CREDIT_REPAIR_APPLY,
            description="The signed-in person acknowledges a repair notice in the citizen app "
            "(once; again is a replay).",
        ),
    )
    mark_notice_reached = strawberry.mutation(
        resolver=mark_notice_reached,
        graphql_type=MarkNoticeReachedPayload,
        **requires(
            Scope.CREDIT_REPAIR_DECIDE,
            description="The credit office has reached the subject of a notice in its outreach "
            "queue; the notice leaves the queue (once; again is a replay).",
        ),
    )
    record_follow_up_result = strawberry.mutation(
        resolver=record_follow_up_result,
        graphql_type=RecordFollowUpResultPayload,
        **requires(
            Scope.CREDIT_REPAIR_DECIDE,
            description="Record what a repaired case's follow-up visit (跟踪回访) found, once "
            "the visit is due; one result per case.",
        ),
    )
