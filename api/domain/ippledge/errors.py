"""What IP pledge financing refuses, each with a stable code."""

from __future__ import annotations

from api.domain.errors import DomainError, ErrorCode


class PledgeAlreadyRegisteredError(DomainError):
    """The same right was already registered as pledged on that day."""

    code = ErrorCode.CONFLICT
