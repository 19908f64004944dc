"""What the approvals context refuses, each with a stable code."""

from __future__ import annotations

from api.domain.errors import DomainError, ErrorCode


class CommitmentPendingError(DomainError):
    """The subject already holds a fast track for this matter awaiting verification."""

    code = ErrorCode.COMMITMENT_PENDING


class MatterOfAnotherDepartmentError(DomainError):
    """The matter is decided by another department than the one named."""

    code = ErrorCode.MATTER_OF_ANOTHER_DEPARTMENT


class CommitmentNotPendingError(DomainError):
    """The commitment was refused or its outcome is recorded already."""

    code = ErrorCode.COMMITMENT_NOT_PENDING
