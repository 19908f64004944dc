"""A bulk operation: what a partner asked to export, and how far the worker has got."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class BulkOperationStatus(StrEnum):
    """Where a bulk operation stands (Shopify's names)."""

    CREATED = "CREATED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"


#: The states a partner may hold only one of at a time (a partial unique index enforces it).
ACTIVE_STATUSES = (BulkOperationStatus.CREATED, BulkOperationStatus.RUNNING)


class BulkFailure(StrEnum):
    """Why the worker ended an operation FAILED."""

    QUERY_ERROR = "QUERY_ERROR"
    ACCESS_DENIED = "ACCESS_DENIED"
    WORKER_LOST = "WORKER_LOST"
    INTERNAL_ERROR = "INTERNAL_ERROR"


class BulkEvent(StrEnum):
    """What the audit of bulk operations records."""

    STARTED = "STARTED"
    CANCELED = "CANCELED"
    DOWNLOADED = "DOWNLOADED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class BulkRequester:
    """Who starts or cancels an operation: the partner client and its token's scopes."""

    partner_id: int
    partner_type: str
    client_id: str
    token_id: str
    scopes: tuple[str, ...]
    request_id: str


@dataclass(frozen=True, slots=True)
class BulkOperation:
    """One bulk operation as the partner sees it."""

    id: str
    partner_id: int
    status: BulkOperationStatus
    query: str
    root_field: str
    created_at: datetime
    object_count: int = 0
    file_size: int = 0
    error_code: BulkFailure | None = None
    completed_at: datetime | None = None
    cancel_requested: bool = False

    @property
    def active(self) -> bool:
        """Whether the operation still holds the partner's one running slot."""
        return self.status in ACTIVE_STATUSES
