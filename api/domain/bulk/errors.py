"""Refusals of bulk operations, each with a stable code."""

from __future__ import annotations

from api.domain.errors import DomainError, ErrorCode


class InvalidBulkQueryError(DomainError):
    """The document does not parse, validate, or is not one query operation."""

    code = ErrorCode.INVALID_QUERY


class NoConnectionError(DomainError):
    """The query's one root field is missing, not alone, or not a connection."""

    code = ErrorCode.NO_CONNECTION


class ForbiddenFieldError(DomainError):
    """The query selects a field the partner's scopes do not cover."""

    code = ErrorCode.FORBIDDEN_FIELD


class PersonalConnectionError(DomainError):
    """The root connection reads persons one by one under consent: never exported in bulk."""

    code = ErrorCode.PERSONAL_DATA


class AlreadyRunningError(DomainError):
    """The partner already has a bulk operation created or running."""

    code = ErrorCode.ALREADY_RUNNING


class NotRunningError(DomainError):
    """A cancel of an operation that has already ended."""

    code = ErrorCode.NOT_RUNNING
