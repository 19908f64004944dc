"""Webhook endpoints, borrower subscriptions and the outbox of webhook deliveries. Never
commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select

from api.db.repositories.banking.tables import DELIVERIES, ENDPOINTS, SCORES, SUBSCRIPTIONS, S, W
from api.db.repositories.gate import SessionGate
from api.domain.banking.lending import BorrowerEvent, DeliveryStatus, EventType, WebhookDelivery
from api.domain.banking.webhooks import delivery_status, event_body, new_event_id
from api.domain.paging import Page, PageRequest


def _delivery(row: Sequence[Any]) -> WebhookDelivery:
    delivered_at = row[5]
    return WebhookDelivery(
        event_id=row[1],
        type=EventType(row[2]),
        status=delivery_status(attempts=row[3], delivered_at=delivered_at),
        attempts=row[3],
        created_at=row[4],
        delivered_at=delivered_at,
        next_attempt_at=None if delivered_at is not None else row[6],
        last_error=row[7],
        body=row[8],
    )


class WebhookRepository:
    """Webhook endpoints, borrower subscriptions and the outbox (implements ``WebhookStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def set_endpoint(self, bank_id: int, url: str, now: datetime) -> None:
        """Register (or replace) the bank's webhook URL."""
        await self._db.execute(
            self._db.insert(ENDPOINTS)
            .values(bank_id=bank_id, url=url, updated_at=now)
            .on_conflict_do_update(index_elements=["bank_id"], set_={"url": url, "updated_at": now})
        )

    async def endpoint(self, bank_id: int) -> str | None:
        """The bank's webhook URL, if any."""
        row = await self._db.first(select(ENDPOINTS.c.url).where(ENDPOINTS.c.bank_id == bank_id))
        return str(row[0]) if row else None

    async def subscribe(self, bank_id: int, enterprise_id: int, now: datetime) -> int:
        """Follow a borrower (idempotent); the subscription id."""
        await self._db.execute(
            self._db.insert(SUBSCRIPTIONS)
            .values(
                bank_id=bank_id,
                enterprise_id=enterprise_id,
                created_at=now,
                # Changes are told from the evaluation the bank follows from.
                seen_evaluation_id=select(SCORES.c.evaluation_id)
                .where(SCORES.c.subject_id == enterprise_id)
                .scalar_subquery(),
            )
            .on_conflict_do_nothing(index_elements=["bank_id", "enterprise_id"])
        )
        row = await self._db.first(
            select(S.id).where(S.bank_id == bank_id, S.enterprise_id == enterprise_id)
        )
        return int(row[0])

    async def unsubscribe(self, bank_id: int, enterprise_id: int) -> bool:
        """Stop following; False when it was not followed."""
        result = await self._db.execute(
            delete(SUBSCRIPTIONS).where(S.bank_id == bank_id, S.enterprise_id == enterprise_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def subscribers(self, enterprise_id: int) -> list[tuple[int, int]]:
        """(subscription id, bank id) of every bank following the enterprise."""
        rows = await self._db.all(
            select(S.id, S.bank_id).where(S.enterprise_id == enterprise_id).order_by(S.id)
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def enqueue(
        self,
        bank_id: int,
        event: BorrowerEvent,
        *,
        subscription_id: int | None,
        subject: dict[str, str],
        now: datetime,
    ) -> str:
        """Write one event to the outbox (same transaction as its cause); its event id."""
        event_id = new_event_id()
        body = event_body(event_id, event.type, occurred_at=now, data={**subject, **event.data})
        await self._db.execute(
            insert(DELIVERIES).values(
                event_id=event_id,
                bank_id=bank_id,
                subscription_id=subscription_id,
                event_type=event.type.value,
                body=body,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        return event_id

    async def delivery_page(
        self, bank_id: int, request: PageRequest, *, status: DeliveryStatus | None = None
    ) -> Page[WebhookDelivery]:
        """One page of a bank's own outbox, newest first, maybe only one status (one query)."""
        statement = select(
            W.id,
            W.event_id,
            W.event_type,
            W.attempts,
            W.created_at,
            W.delivered_at,
            W.next_attempt_at,
            W.last_error,
            W.body,
        ).where(W.bank_id == bank_id)
        if status is DeliveryStatus.DELIVERED:
            statement = statement.where(W.delivered_at.is_not(None))
        elif status is DeliveryStatus.FAILING:
            statement = statement.where(W.delivered_at.is_(None), W.attempts > 0)
        elif status is DeliveryStatus.PENDING:
            statement = statement.where(W.delivered_at.is_(None), W.attempts == 0)
        if request.after is not None:
            statement = statement.where(W.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(W.id.desc()).limit(request.first + 1))
        return Page(
            items=[(_delivery(row), (int(row[0]),)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )
