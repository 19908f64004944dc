"""``webhookDeliveries``: a bank's developer reads its own webhook outbox to debug a receiver.

A root list, so one query per page (no DataLoader): the calling bank's rows only, newest first,
with sealed cursors bound to the bank and the status filter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry

from api.domain.banking.model import DeliveryStatus, EventType
from api.domain.paging import PageRequest
from api.graphql.context import Info
from api.graphql.permissions import caller
from api.graphql.types.connections import Connection, ConnectionRoot

WebhookEventTypeEnum = strawberry.enum(
    EventType,
    name="WebhookEventType",
    description="What an event tells: a followed borrower's grade, dishonesty, serious record "
    "or green status worsened, or a matching financing need was posted.",
)
WebhookDeliveryStatusEnum = strawberry.enum(
    DeliveryStatus,
    name="WebhookDeliveryStatus",
    description="PENDING (not tried yet), DELIVERED (your receiver answered 2xx) or FAILING "
    "(tried, not delivered yet: retried with backoff).",
)


@strawberry.type(name="WebhookDelivery", description="An event in your webhook outbox.")
class WebhookDeliveryView:
    """As stored, with its delivery state (resolved from ``WebhookDelivery`` itself)."""

    event_id: str = strawberry.field(description="The event id (X-Credit-Event-Id); dedupe on it.")
    type: WebhookEventTypeEnum = strawberry.field(description="What the event tells.")  # type: ignore[valid-type]
    status: WebhookDeliveryStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]
    attempts: int = strawberry.field(description="POSTs tried so far.")
    created_at: datetime = strawberry.field(description="When the event was written.")
    delivered_at: datetime | None = strawberry.field(
        description="When your receiver answered 2xx; null until then."
    )
    next_attempt_at: datetime | None = strawberry.field(
        description="When it is tried next; null once delivered."
    )
    last_error: str | None = strawberry.field(
        description="What went wrong on the last try (HTTP status, network error, or a "
        "destination refused as not public); null once delivered."
    )
    body: str = strawberry.field(description="The JSON body POSTed, byte for byte as signed.")


WebhookDeliveryConnection = Connection[WebhookDeliveryView]


async def webhook_deliveries(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    status: Annotated[
        WebhookDeliveryStatusEnum | None,  # type: ignore[valid-type]
        strawberry.argument(description="Only events in this state."),
    ] = None,
) -> WebhookDeliveryConnection:
    """Your bank's outbox events, newest first (never another bank's)."""
    bank_id = caller(info).partner_id
    wanted = DeliveryStatus(status) if status is not None else None
    listing = f"webhook-deliveries:{bank_id}:{wanted.value if wanted else 'ALL'}"
    request = PageRequest(
        first=first, after=info.context.cursors.decode(listing, after) if after else None
    )
    page = await info.context.repos.webhooks.delivery_page(bank_id, request, status=wanted)
    # ``WebhookDelivery`` has exactly the view's attributes: served as it is, not copied.
    return cast(WebhookDeliveryConnection, ConnectionRoot(page=page, listing=listing))
