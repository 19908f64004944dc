"""What the merchant indicator context refuses, each refusal with a stable code."""

from __future__ import annotations

from enum import StrEnum

from api.domain.errors import DomainError, ErrorCode


class IndicatorRefusal(StrEnum):
    """Stable codes of the refusals of indicator observations and scan codes."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    UNKNOWN_CATEGORY = "UNKNOWN_CATEGORY"
    DEPARTMENT_NOT_FOR_CATEGORY = "DEPARTMENT_NOT_FOR_CATEGORY"
    VALUE_OUT_OF_RANGE = "VALUE_OUT_OF_RANGE"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    MERCHANT_NOT_IN_YOUR_DISTRICT = "MERCHANT_NOT_IN_YOUR_DISTRICT"
    NOT_A_DISTRICT_OPERATOR = "NOT_A_DISTRICT_OPERATOR"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


_FAMILY: dict[IndicatorRefusal, ErrorCode] = {
    IndicatorRefusal.NOT_FOUND: ErrorCode.NOT_FOUND,
    IndicatorRefusal.IDEMPOTENCY_KEY_REUSED: ErrorCode.IDEMPOTENCY_KEY_REUSED,
    IndicatorRefusal.DATE_IN_FUTURE: ErrorCode.DATE_IN_FUTURE,
}


class IndicatorError(DomainError):
    """A refused indicator operation: ``refusal`` is the precise code, ``field`` the input."""

    def __init__(
        self, refusal: IndicatorRefusal, message: str, *, field: str | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.refusal = refusal
        self.code = _FAMILY.get(refusal, ErrorCode.INVALID_ARGUMENT)
