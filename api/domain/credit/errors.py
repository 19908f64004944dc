"""Errors of the credit engine, each with a stable code partners can branch on."""

from __future__ import annotations

from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError


class IdempotencyKeyReusedError(DomainError):
    """The idempotency key was used before for a different request."""

    code = ErrorCode.IDEMPOTENCY_KEY_REUSED


class DateInFutureError(InvalidArgumentError):
    """A reported fact dated after now."""

    code = ErrorCode.DATE_IN_FUTURE


class PublicityOutOfRangeError(InvalidArgumentError):
    """A publicity period the record's severity does not allow."""

    code = ErrorCode.PUBLICITY_OUT_OF_RANGE


class RepairTransitionError(DomainError):
    """A credit repair cannot take this step from its current state."""

    code = ErrorCode.REPAIR_TRANSITION_NOT_ALLOWED


class RepairNotYetEligibleError(InvalidArgumentError):
    """A repair applied for before the minimum publicity period has passed."""

    code = ErrorCode.REPAIR_NOT_YET_ELIGIBLE


class ConflictError(DomainError):
    """Someone else changed the object first; read it again and retry."""

    code = ErrorCode.CONFLICT
