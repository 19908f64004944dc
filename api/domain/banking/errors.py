"""Refusals of the bank scenarios, each with a stable code partners can branch on."""

from __future__ import annotations

from enum import StrEnum

from api.domain.errors import DomainError


class BankingCode(StrEnum):
    """Codes of the bank scenarios' refusals (payload ``errors[].code``)."""

    NOT_FOUND = "NOT_FOUND"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_YOUR_PRODUCT = "NOT_YOUR_PRODUCT"
    PRODUCT_TRANSITION_NOT_ALLOWED = "PRODUCT_TRANSITION_NOT_ALLOWED"
    CLAIMS_FULL = "CLAIMS_FULL"
    NEED_NOT_OPEN = "NEED_NOT_OPEN"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    NOT_A_BORROWER = "NOT_A_BORROWER"
    WEBHOOK_NOT_REGISTERED = "WEBHOOK_NOT_REGISTERED"
    ACCESS_DENIED = "ACCESS_DENIED"


class BankingError(DomainError):
    """A refusal of the bank scenarios; ``bank_code`` is its stable code."""

    bank_code: BankingCode = BankingCode.INVALID_ARGUMENT

    def __init__(
        self, message: str, code: BankingCode | None = None, *, field: str | None = None
    ) -> None:
        super().__init__(message, field=field)
        if code is not None:
            self.bank_code = code


def code_of(error: DomainError) -> str:
    """The stable code of any domain refusal (a banking code when it has one)."""
    if isinstance(error, BankingError):
        return error.bank_code.value
    return error.code.value
