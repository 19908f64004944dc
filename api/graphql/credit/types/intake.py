"""What a reporting department sends: the subject, the fact, and the outcome."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.graphql.base_mutation import MutationError
from api.graphql.credit.types.evaluation import CreditEvaluationType
from api.graphql.credit.types.records import CreditRecordType, SeverityEnum
from api.graphql.errors_payload import UserErrorInterface
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode


@strawberry.input(description="Who the fact is about: exactly one of the three ways to name one.")
class SubjectInput:
    """A person by resident ID, an enterprise or merchant by code, or a household."""

    resident_id: ResidentId | None = strawberry.field(default=None, description="A person.")
    uscc: UnifiedSocialCreditCode | None = strawberry.field(
        default=None, description="An enterprise or a merchant."
    )
    village: str | None = strawberry.field(
        default=None, description="A household's village (with householdNumber)."
    )
    household_number: str | None = strawberry.field(
        default=None, description="A household's number in its village."
    )


@strawberry.input(description="What every reported fact carries.")
class FactInput:
    """The common part of every intake input."""

    subject: SubjectInput = strawberry.field(description="Who the fact is about.")
    department: str = strawberry.field(description="Code of the reporting department.")
    occurred_at: datetime = strawberry.field(description="When it happened (not in the future).")
    summary: str = strawberry.field(description="What happened, in a sentence (1-500 characters).")
    idempotency_key: str = strawberry.field(
        description="A key you choose per fact (8-128 characters, a UUID is typical): a retry "
        "with the same key returns the first result."
    )
    publicity_until: date | None = strawberry.field(
        default=None,
        description="Last day it may be published. Negative records: within what the severity "
        "allows (minor up to 3 months, general 3-12, serious 12-36); the longest by default.",
    )


@strawberry.input(description="A negative fact, with its severity.")
class NegativeFactInput(FactInput):
    """A fact that lowers credit."""

    severity: SeverityEnum = strawberry.field(description="Minor, general or serious.")  # type: ignore[valid-type]  # strawberry enum used as a type


@strawberry.input(description="An administrative penalty.")
class PenaltyInput(NegativeFactInput):
    """A penalty; a first minor violation on the exempt-from-penalty list is exempted."""

    matter_code: str | None = strawberry.field(
        default=None,
        description="Code of the matter on the exempt-from-penalty list, if the violation is one.",
    )


@strawberry.input(description="Whether a signed credit commitment was kept.")
class CommitmentOutcomeInput(FactInput):
    """Kept (positive) or broken (negative, with a severity)."""

    kept: bool = strawberry.field(description="True if the commitment was kept.")
    severity: SeverityEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Required when broken."
    )


@strawberry.interface(description="The outcome of reporting a fact.")
class RecordFactPayload:
    """The record as stored, what it did, or why nothing was stored."""

    record: CreditRecordType | None = strawberry.field(description="The stored record.")
    replayed: bool = strawberry.field(
        description="True when the key was used before: this is the first call's result."
    )
    exempted: bool = strawberry.field(
        description="True when the penalty was exempted under the exempt-from-penalty list."
    )
    guidance: str | None = strawberry.field(
        description="The guidance to give the subject instead of a penalty, when exempted."
    )
    repair_eligible_on: date | None = strawberry.field(
        description="From this day the subject may apply for credit repair (repairable records)."
    )
    evaluation: CreditEvaluationType | None = strawberry.field(
        description="The subject's evaluation after the change, for callers holding "
        "`evaluation:read` (never for persons)."
    )
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing was stored."
    )
