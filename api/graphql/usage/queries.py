"""``myUsage`` for every partner, ``partnerUsage`` for the credit office."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated, cast

import strawberry

from api.auth.scopes import PartnerType, Scope
from api.domain.errors import InvalidArgumentError
from api.domain.paging import PageRequest
from api.domain.usage import services
from api.domain.usage.model import UsageDay, UsageFilter
from api.graphql.context import Info
from api.graphql.permissions import caller, requires
from api.graphql.relay import ConnectionRoot
from api.graphql.usage.types import PartnerUsageDayConnection, UsageDayType

_FROM = "First day (city time), at most 92 days before `to`."
_TO = "Last day (city time), today at the latest."


def _partner_type(value: str | None) -> str | None:
    """A partner type named by the caller, checked against the known ones."""
    if value is None:
        return None
    try:
        return PartnerType(value).value
    except ValueError:
        known = ", ".join(t.value for t in PartnerType)
        raise InvalidArgumentError(
            f"unknown partner type {value!r}; one of {known}", field="partnerType"
        ) from None


@strawberry.type
class UsageQuery:
    """Usage of the API: a partner's own, and every partner's for the credit office."""

    @strawberry.field(
        **requires(
            description="The calling partner's own use of the API per day: requests, cost "
            "points charged and throttled requests, every day of the period (zeros included)."
        )
    )
    async def my_usage(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description=_FROM)],
        to: Annotated[date, strawberry.argument(description=_TO)],
    ) -> list[UsageDayType]:
        days: list[UsageDay] = await services.my_usage(
            info.context.repos,
            partner_id=caller(info).partner_id,
            from_day=from_,
            to_day=to,
            today=info.context.today,
        )
        return cast(list[UsageDayType], days)

    @strawberry.field(
        **requires(
            Scope.PARTNER_MANAGE,
            description="Every partner's use of the API per day (days with use only), newest "
            "day first, then by partner id.",
        )
    )
    async def partner_usage(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description=_FROM)],
        to: Annotated[date, strawberry.argument(description=_TO)],
        first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
        partner_id: Annotated[
            int | None, strawberry.argument(description="Only this partner.")
        ] = None,
        partner_type: Annotated[
            str | None, strawberry.argument(description="Only partners of this type, e.g. `bank`.")
        ] = None,
    ) -> PartnerUsageDayConnection:
        spec = UsageFilter(from_, to, partner_id, _partner_type(partner_type))
        listing = "usage:" + hashlib.blake2s(repr(spec).encode(), digest_size=8).hexdigest()
        request = PageRequest(
            first=first, after=info.context.cursors.decode(listing, after) if after else None
        )
        page = await services.partner_usage(
            info.context.repos, spec=spec, request=request, today=info.context.today
        )
        return cast(PartnerUsageDayConnection, ConnectionRoot(page=page, listing=listing))
