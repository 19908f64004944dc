"""Why a report was not issued: each refusal names its problem and the input field at fault."""

from __future__ import annotations

from enum import StrEnum

from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError


class ReportProblem(StrEnum):
    """What is wrong with a report request (stable codes partners can branch on)."""

    PERIOD_END_BEFORE_START = "PERIOD_END_BEFORE_START"
    PERIOD_IN_FUTURE = "PERIOD_IN_FUTURE"
    NO_DOMAINS = "NO_DOMAINS"


class ReportRequestError(InvalidArgumentError):
    """A report request the rules refuse; ``problem`` says which rule, ``field`` which input."""

    def __init__(self, problem: ReportProblem, field: str, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.field = field


class SigningUnavailableError(DomainError):
    """No platform key can sign now (none is active yet); nothing was issued."""

    code = ErrorCode.INVALID_ARGUMENT
