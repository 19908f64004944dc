"""What the scenarios refuse: one error family, each refusal with a stable code.

``ScenarioError.refusal`` is the code partners branch on (``LIMIT_EXCEEDED``,
``ALREADY_SETTLED``, ...); ``NotEligibleError`` carries every reason a person was not admitted,
as codes (a refused scan gives the consent gate's reason, e.g. ``CODE_EXPIRED``).
"""

from __future__ import annotations

from enum import StrEnum

from api.domain.errors import DomainError, ErrorCode


class ScenarioRefusal(StrEnum):
    """Stable codes of the scenarios' refusals."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    VISIT_NUMBER_REUSED = "VISIT_NUMBER_REUSED"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    ACCOUNT_NOT_OPEN = "ACCOUNT_NOT_OPEN"
    ALREADY_SETTLED = "ALREADY_SETTLED"
    ORDER_ALREADY_REDEEMED = "ORDER_ALREADY_REDEEMED"
    DAILY_LIMIT_REACHED = "DAILY_LIMIT_REACHED"
    COUPON_ALREADY_REDEEMED = "COUPON_ALREADY_REDEEMED"
    COUPON_EXPIRED = "COUPON_EXPIRED"
    WRONG_BENEFIT_KIND = "WRONG_BENEFIT_KIND"
    CONFLICT = "CONFLICT"


_FAMILY: dict[ScenarioRefusal, ErrorCode] = {
    ScenarioRefusal.NOT_FOUND: ErrorCode.NOT_FOUND,
    ScenarioRefusal.IDEMPOTENCY_KEY_REUSED: ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ScenarioRefusal.CONFLICT: ErrorCode.CONFLICT,
}


class ScenarioError(DomainError):
    """A refused scenario operation: ``refusal`` is the precise code, ``field`` the input."""

    def __init__(self, refusal: ScenarioRefusal, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.refusal = refusal
        self.field = field
        self.code = _FAMILY.get(refusal, ErrorCode.INVALID_ARGUMENT)


class NotEligibleError(ScenarioError):
    """The person is not admitted to the scenario; ``reasons`` are the codes why."""

    def __init__(self, reasons: tuple[str, ...], message: str) -> None:
        super().__init__(ScenarioRefusal.NOT_ELIGIBLE, message)
        self.reasons = reasons


def invalid(message: str, field: str | None = None) -> ScenarioError:
    """An input outside what the operation accepts."""
    return ScenarioError(ScenarioRefusal.INVALID_ARGUMENT, message, field=field)


def not_found(message: str, field: str | None = None) -> ScenarioError:
    """Something the caller named does not exist (or is not the caller's)."""
    return ScenarioError(ScenarioRefusal.NOT_FOUND, message, field=field)
