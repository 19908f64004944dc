"""The error hierarchy of the domain.

    DomainError                      anything the domain refuses, with a stable code
    ├── IdentifierError              a resident ID or unified social credit code is malformed
    ├── NotFoundError                a subject or object the caller named does not exist
    ├── InvalidArgumentError         an argument is out of its allowed range (page size, cursor)
    │   ├── ConsentExpiryError       a consent's expiry is in the past or beyond 180 days
    │   ├── PermissionNotApplicableError  a consent permission does not fit the subject's kind
    │   ├── DateInFutureError        a reported fact has not happened yet
    │   ├── PublicityOutOfRangeError a publicity period the record's severity does not allow
    │   └── RepairNotYetEligibleError   a repair applied for before its first eligible day
    ├── IdempotencyKeyReusedError    the same idempotency key came with a different request
    ├── RepairTransitionError        a credit repair cannot move from its current state (names it)
    ├── ConsentTransitionError       a consent cannot move from its current state (names it)
    ├── PurposeNotAllowedError       a purpose the caller may not use here
    └── AccessDeniedError            a read of personal data was refused (carries the reason)

The consent and access errors live in ``api.domain.consent.errors``; the credit engine's in
``api.domain.credit.errors``.

Every error carries a ``code`` from a ``StrEnum`` so the GraphQL layer can map it to
``extensions.code`` and partners can branch on it without parsing messages.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable machine-readable codes shared by all domain errors."""

    INVALID_IDENTIFIER = "INVALID_IDENTIFIER"
    NOT_FOUND = "NOT_FOUND"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    CONSENT_TRANSITION_NOT_ALLOWED = "CONSENT_TRANSITION_NOT_ALLOWED"
    CONSENT_EXPIRY_OUT_OF_RANGE = "CONSENT_EXPIRY_OUT_OF_RANGE"
    PERMISSION_NOT_APPLICABLE = "PERMISSION_NOT_APPLICABLE"
    PURPOSE_NOT_ALLOWED = "PURPOSE_NOT_ALLOWED"
    ACCESS_DENIED = "ACCESS_DENIED"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    PUBLICITY_OUT_OF_RANGE = "PUBLICITY_OUT_OF_RANGE"
    REPAIR_TRANSITION_NOT_ALLOWED = "REPAIR_TRANSITION_NOT_ALLOWED"
    REPAIR_NOT_YET_ELIGIBLE = "REPAIR_NOT_YET_ELIGIBLE"
    CONFLICT = "CONFLICT"
    INVALID_QUERY = "INVALID_QUERY"
    NO_CONNECTION = "NO_CONNECTION"
    FORBIDDEN_FIELD = "FORBIDDEN_FIELD"
    PERSONAL_DATA = "PERSONAL_DATA"
    ALREADY_RUNNING = "ALREADY_RUNNING"
    NOT_RUNNING = "NOT_RUNNING"
    TRUSTED_DOCUMENT_REQUIRED = "TRUSTED_DOCUMENT_REQUIRED"
    NOT_YOUR_VILLAGE = "NOT_YOUR_VILLAGE"
    HOUSEHOLD_OF_ANOTHER_VILLAGE = "HOUSEHOLD_OF_ANOTHER_VILLAGE"
    RULE_CAP_REACHED = "RULE_CAP_REACHED"
    ALREADY_CORRECTED = "ALREADY_CORRECTED"
    NOT_ELIGIBLE_FOR_NOMINATION = "NOT_ELIGIBLE_FOR_NOMINATION"
    ALREADY_NOMINATED = "ALREADY_NOMINATED"
    NOMINATION_ALREADY_DECIDED = "NOMINATION_ALREADY_DECIDED"
    COMMITMENT_PENDING = "COMMITMENT_PENDING"
    MATTER_OF_ANOTHER_DEPARTMENT = "MATTER_OF_ANOTHER_DEPARTMENT"
    COMMITMENT_NOT_PENDING = "COMMITMENT_NOT_PENDING"


class DomainError(Exception):
    """Base of everything the domain refuses; ``code`` is stable, ``message`` is for people,
    ``field`` the input at fault when the refusal is about one (never guessed from the text)."""

    code: ErrorCode = ErrorCode.INVALID_ARGUMENT

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(DomainError):
    """A subject or object the caller named does not exist."""

    code = ErrorCode.NOT_FOUND


class InvalidArgumentError(DomainError):
    """An argument is outside what the operation accepts."""

    code = ErrorCode.INVALID_ARGUMENT
