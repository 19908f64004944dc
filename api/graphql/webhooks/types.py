"""Webhook deliveries and the payload of a webhook change."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.domain.banking.model import DeliveryStatus, EventType
from api.graphql.base_mutation import MutationError
from api.graphql.errors_payload import UserErrorInterface
from api.graphql.relay import Connection

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
    type: WebhookEventTypeEnum = strawberry.field(description="What the event tells.")  # type: ignore[valid-type]  # strawberry enum used as a type
    status: WebhookDeliveryStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]  # strawberry enum used as a type
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


@strawberry.interface(
    description="A webhook or a borrower subscription after a change, or why not."
)
class WebhookPayload:
    """The registered URL and whether the borrower is followed."""

    url: str | None = strawberry.field(description="Your webhook URL.")
    following: bool = strawberry.field(description="Whether you follow the borrower now.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing changed."
    )


def refused_webhook(payload: type[WebhookPayload], errors: list[MutationError]) -> WebhookPayload:
    """A webhook payload that changed nothing, with the refusal's errors."""
    return payload(url=None, following=False, errors=errors)
