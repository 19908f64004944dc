"""What the industry context refuses, each refusal with a stable code."""

from __future__ import annotations

from enum import StrEnum

from api.domain.errors import DomainError, ErrorCode


class IndustryRefusal(StrEnum):
    """Stable codes of the refusals of industry observations, evaluations and plans."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    UNKNOWN_INDICATOR = "UNKNOWN_INDICATOR"
    DEPARTMENT_NOT_FOR_INDICATOR = "DEPARTMENT_NOT_FOR_INDICATOR"
    VALUE_OUT_OF_RANGE = "VALUE_OUT_OF_RANGE"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    PERIOD_OUT_OF_RANGE = "PERIOD_OUT_OF_RANGE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


_FAMILY: dict[IndustryRefusal, ErrorCode] = {
    IndustryRefusal.NOT_FOUND: ErrorCode.NOT_FOUND,
    IndustryRefusal.IDEMPOTENCY_KEY_REUSED: ErrorCode.IDEMPOTENCY_KEY_REUSED,
    IndustryRefusal.DATE_IN_FUTURE: ErrorCode.DATE_IN_FUTURE,
}


class IndustryError(DomainError):
    """A refused industry operation: ``refusal`` is the precise code, ``field`` the input."""

    def __init__(self, refusal: IndustryRefusal, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.refusal = refusal
        self.code = _FAMILY.get(refusal, ErrorCode.INVALID_ARGUMENT)
