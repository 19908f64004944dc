"""What the village context refuses, each with a stable code partners can branch on."""

from __future__ import annotations

from api.domain.errors import DomainError, ErrorCode


class NotYourVillageError(DomainError):
    """A committee named a village other than its own."""

    code = ErrorCode.NOT_YOUR_VILLAGE


class HouseholdOfAnotherVillageError(DomainError):
    """The household named belongs to another village than the caller's."""

    code = ErrorCode.HOUSEHOLD_OF_ANOTHER_VILLAGE


class RuleCapReachedError(DomainError):
    """The household already reached this rule's cap for the year."""

    code = ErrorCode.RULE_CAP_REACHED


class AlreadyCorrectedError(DomainError):
    """The entry was corrected already (or is itself a correction)."""

    code = ErrorCode.ALREADY_CORRECTED


class NotEligibleForNominationError(DomainError):
    """The household is not among the year's eligible top households of its village."""

    code = ErrorCode.NOT_ELIGIBLE_FOR_NOMINATION


class AlreadyNominatedError(DomainError):
    """The household was nominated for that year already."""

    code = ErrorCode.ALREADY_NOMINATED


class NominationAlreadyDecidedError(DomainError):
    """The nomination was approved or rejected already."""

    code = ErrorCode.NOMINATION_ALREADY_DECIDED
