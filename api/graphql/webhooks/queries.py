"""Webhook queries: a bank's outbox."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.banking.model import DeliveryStatus
from api.graphql.context import Info
from api.graphql.permissions import caller, query_field
from api.graphql.relay import ConnectionRoot, page_request
from api.graphql.webhooks.types import WebhookDeliveryConnection, WebhookDeliveryStatusEnum


@query_field(
    Scope.WEBHOOK_MANAGE,
    description="Your webhook outbox, newest first: each event's body, status, attempts "
    "and last error, to debug your receiver. Only your bank's events.",
)
async def webhook_deliveries(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    status: Annotated[
        WebhookDeliveryStatusEnum | None,  # type: ignore[valid-type]  # strawberry enum used as a type
        strawberry.argument(description="Only events in this state."),
    ] = None,
) -> WebhookDeliveryConnection:
    """Your bank's outbox events, newest first (never another bank's)."""
    bank_id = caller(info).partner_id
    wanted = DeliveryStatus(status) if status is not None else None
    listing = f"webhook-deliveries:{bank_id}:{wanted.value if wanted else 'ALL'}"
    request = page_request(info, listing, first, after)
    page = await info.context.repos.webhooks.delivery_page(bank_id, request, status=wanted)
    # ``WebhookDelivery`` has exactly the view's attributes: served as it is, not copied.
    return cast(WebhookDeliveryConnection, ConnectionRoot(page=page, listing=listing))


@strawberry.type(description="A bank's webhook outbox.")
class WebhookQuery:
    """Merged into the query root."""

    webhook_deliveries = webhook_deliveries
