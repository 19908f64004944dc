"""What the consent domain refuses: typed errors with stable codes (see ``api.domain.errors``)."""

from __future__ import annotations

from api.domain.consent.model import (
    ConsentAction,
    ConsentPermission,
    ConsentStatus,
    DenialReason,
    Purpose,
)
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError
from api.domain.subjects.model import SubjectKind


class ConsentTransitionError(DomainError):
    """A consent cannot take this action in its current state; ``current`` names the state."""

    code = ErrorCode.CONSENT_TRANSITION_NOT_ALLOWED

    def __init__(self, current: ConsentStatus, action: ConsentAction) -> None:
        super().__init__(f"the consent is {current.value}: it cannot be {_past(action)}")
        self.current = current
        self.action = action


def _past(action: ConsentAction) -> str:
    return {
        ConsentAction.AUTHORISE: "authorised",
        ConsentAction.REJECT: "rejected",
        ConsentAction.REVOKE: "revoked",
    }[action]


class ConsentExpiryError(InvalidArgumentError):
    """A consent's requested expiry is not in the future or is beyond the cap."""

    code = ErrorCode.CONSENT_EXPIRY_OUT_OF_RANGE


class PermissionNotApplicableError(InvalidArgumentError):
    """A consent permission that does not apply to the subject's kind (or none at all)."""

    code = ErrorCode.PERMISSION_NOT_APPLICABLE

    def __init__(self, kind: SubjectKind, permissions: frozenset[ConsentPermission]) -> None:
        names = ", ".join(sorted(p.value for p in permissions)) or "(none)"
        super().__init__(f"a consent of a {kind.value} cannot grant: {names}")
        self.kind = kind
        self.permissions = permissions


class PurposeNotAllowedError(DomainError):
    """A purpose the caller may not use for this operation."""

    code = ErrorCode.PURPOSE_NOT_ALLOWED

    def __init__(self, purpose: Purpose, message: str) -> None:
        super().__init__(message)
        self.purpose = purpose


class AccessDeniedError(DomainError):
    """A read of personal or non-public data was refused; ``reason`` says why."""

    code = ErrorCode.ACCESS_DENIED

    def __init__(self, reason: DenialReason) -> None:
        super().__init__(f"access denied: {reason.value}")
        self.reason = reason


class AuditWriteError(RuntimeError):
    """The audit row of a read could not be written, so the read must not be served."""
