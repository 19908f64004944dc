"""The GraphQL types of usage and quotas (resolved from the domain's dataclasses)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.domain.errors import ErrorCode
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.relay import Connection

_DAY = "The day, in the city's time zone (UTC+8)."
_REQUESTS = "GraphQL requests sent that day (served or refused)."
_COST = "Cost points actually charged that day (refused requests cost nothing)."
_THROTTLED = "Requests refused with THROTTLED (HTTP 429) that day."


@strawberry.type(name="UsageDay", description="One day of the calling partner's use of the API.")
class UsageDayType:
    """Counted by every worker and flushed every few seconds: today trails by that much."""

    day: date = strawberry.field(description=_DAY)
    requests: int = strawberry.field(description=_REQUESTS)
    cost: int = strawberry.field(description=_COST)
    throttled: int = strawberry.field(description=_THROTTLED)


@strawberry.type(name="PartnerUsageDay", description="One partner's use of the API on one day.")
class PartnerUsageDayType:
    """A row of the credit office's usage list."""

    partner_id: int = strawberry.field(description="The partner's id.")
    partner_name: str = strawberry.field(description="The partner's name.")
    partner_type: str = strawberry.field(description="The partner's type, e.g. `bank`.")
    day: date = strawberry.field(description=_DAY)
    requests: int = strawberry.field(description=_REQUESTS)
    cost: int = strawberry.field(description=_COST)
    throttled: int = strawberry.field(description=_THROTTLED)


#: Every partner's days, newest day first, then by partner id.
PartnerUsageDayConnection = Connection[PartnerUsageDayType]


@strawberry.type(name="PartnerQuota", description="A partner's own bucket of cost points.")
class PartnerQuotaType:
    """Set by the credit office in place of the partner type's bucket."""

    partner_id: int = strawberry.field(description="The partner's id.")
    size: int = strawberry.field(description="The bucket's size in cost points.")
    restore_rate: int = strawberry.field(description="Points restored per second.")
    updated_at: datetime = strawberry.field(description="When it was set.")


@strawberry.input(description="A partner's own bucket: whole numbers, both at least 1.")
class SetPartnerQuotaInput:
    """Setting the same values again changes nothing (the call may be retried safely)."""

    partner_id: int = strawberry.field(description="The partner's id.")
    size: int = strawberry.field(description="Size in cost points, 1 to 1,000,000.")
    restore_rate: int = strawberry.field(
        description="Points restored per second, 1 to 10,000 and at most the size."
    )


SET_PARTNER_QUOTA = typed_mutation(
    "SetPartnerQuota",
    (ErrorCode.INVALID_ARGUMENT, ErrorCode.NOT_FOUND),
    lambda errors: SetPartnerQuotaPayload(quota=None, errors=errors),
)
CLEAR_PARTNER_QUOTA = typed_mutation(
    "ClearPartnerQuota",
    (ErrorCode.INVALID_ARGUMENT, ErrorCode.NOT_FOUND),
    lambda errors: ClearPartnerQuotaPayload(cleared=False, errors=errors),
    field="partnerId",
)


@strawberry.type(description="The partner's bucket as now set, or why not.")
class SetPartnerQuotaPayload:
    """Every worker uses it within the override refresh interval (5 s by default)."""

    quota: PartnerQuotaType | None = strawberry.field(description="The partner's own bucket.")
    errors: list[MutationError] = errors_field(SET_PARTNER_QUOTA, "Why nothing changed.")


@strawberry.type(description="Whether a partner's own bucket was removed, or why not.")
class ClearPartnerQuotaPayload:
    """The partner's type's bucket applies again."""

    cleared: bool = strawberry.field(
        description="Whether the partner had its own bucket (false when cleared already)."
    )
    errors: list[MutationError] = errors_field(CLEAR_PARTNER_QUOTA, "Why nothing changed.")
