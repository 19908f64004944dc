"""Persons read for a purpose, consents, and the access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.audit.model import AuditEntry
from api.domain.consent.model import (
    AccessOutcome,
    Consent,
    ConsentPermission,
    ConsentStatus,
    DenialReason,
    Person,
    Purpose,
)
from api.domain.credit.codes import IntegrityColour
from api.domain.subjects.model import SubjectKind
from api.graphql.context import Info
from api.graphql.credit.types.evaluation import (
    CreditEvaluationType,
    IntegrityColourEnum,
    current_evaluation,
)
from api.graphql.credit.types.records import (
    DEFAULT_RECORDS_PAGE,
    CreditRecordConnection,
)
from api.graphql.credit.types.subject_fields import RECORDS_AFTER, RECORDS_FIRST, load_records
from api.graphql.masking import Masked, PurposeBound, name_policy, resident_id_policy
from api.graphql.permissions import query_field
from api.graphql.relay import Connection
from api.graphql.subjects.types import DistrictEnum

PurposeEnum = strawberry.enum(
    Purpose,
    name="Purpose",
    description="Why personal or non-public data is read; each partner type may use some.",
)


ConsentPermissionEnum = strawberry.enum(
    ConsentPermission, name="ConsentPermission", description="What a consent lets a partner read."
)


ConsentStatusEnum = strawberry.enum(
    ConsentStatus, name="ConsentStatus", description="Where a consent stands in its lifecycle."
)


DenialReasonEnum = strawberry.enum(
    DenialReason, name="DenialReason", description="Why a read of personal data was refused."
)


AccessOutcomeEnum = strawberry.enum(
    AccessOutcome, name="AccessOutcome", description="Whether an access was served."
)


SubjectKindEnum = strawberry.enum(
    SubjectKind, name="SubjectKind", description="What kind of subject holds credit."
)


@dataclass(frozen=True, slots=True)
class PersonView(PurposeBound):
    """A person read for a purpose (masking policies look at the purpose)."""

    person: Person


@strawberry.type(
    name="Person", description="A person, read with their authorisation for a purpose."
)
class PersonType:
    """What a partner may see of a person; identifiers and names are masked by policy."""

    @strawberry.field(
        description="Resident ID, masked (`330502********1234`) unless the caller holds "
        "`person:read_identifier`.",
        extensions=[Masked(resident_id_policy)],
    )
    async def resident_id(root: strawberry.Parent[PersonView], info: Info) -> str:
        sealed = await info.context.repos.persons.encrypted_resident_id(root.person.id)
        if sealed is None:
            return root.person.resident_id_masked
        return info.context.keys.open_identifier(*sealed)

    @strawberry.field(
        description="Name; masked (`张**`) when the purpose of the read does not need it.",
        extensions=[Masked(name_policy)],
    )
    def name(root: strawberry.Parent[PersonView]) -> str:
        return root.person.name

    @strawberry.field(description="District of residence.")
    def district(root: strawberry.Parent[PersonView]) -> DistrictEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return root.person.district

    @query_field(
        Scope.CREDIT_RECORD_READ,
        description="Publishable credit records, newest first (needs the READ_CREDIT_RECORDS "
        "permission in the code or consent).",
    )
    async def credit_records(
        root: strawberry.Parent[PersonView],
        info: Info,
        first: Annotated[
            int, strawberry.argument(description=RECORDS_FIRST)
        ] = DEFAULT_RECORDS_PAGE,
        after: Annotated[str | None, strawberry.argument(description=RECORDS_AFTER)] = None,
    ) -> CreditRecordConnection:
        return cast(CreditRecordConnection, await load_records(info, root.person.id, first, after))

    @query_field(
        Scope.PERSON_READ,
        description="The personal integrity code colour (needs READ_INTEGRITY_CODE in the "
        "code or consent): BLUE, GREEN, YELLOW, ORANGE or RED; null if never evaluated.",
    )
    async def integrity_colour(
        root: strawberry.Parent[PersonView], info: Info
    ) -> IntegrityColourEnum | None:  # type: ignore[valid-type]  # strawberry enum used as a type
        found = await current_evaluation(info, root.person.id)
        colour = found.evaluation.colour if found else None
        return colour if isinstance(colour, IntegrityColour) else None

    @query_field(
        Scope.EVALUATION_READ,
        description="The person's current credit evaluation with its reasons (needs "
        "READ_EVALUATION in the code or consent).",
    )
    async def evaluation(
        root: strawberry.Parent[PersonView], info: Info
    ) -> CreditEvaluationType | None:
        return cast(CreditEvaluationType | None, await current_evaluation(info, root.person.id))


@strawberry.type(description="Why a read was refused: no data comes with it.")
class AccessDenial:
    """A refused read (it is in the subject's access log too)."""

    reason: DenialReasonEnum = strawberry.field(description="Machine-readable reason.")  # type: ignore[valid-type]  # strawberry enum used as a type
    message: str = strawberry.field(description="What to do about it, for people.")


@strawberry.type(description="The answer to a read of a person: the person, or why not.")
class PersonAccess:
    """Either ``person`` or ``denial`` is set."""

    person: PersonType | None = strawberry.field(description="The person, when allowed.")
    denial: AccessDenial | None = strawberry.field(description="Why not, when refused.")


@strawberry.type(name="Consent", description="A subject's standing consent for one partner.")
class ConsentType:
    """Open banking's consent object: permissions, a purpose, an expiry, a status."""

    id: strawberry.ID = strawberry.field(description="The consent id to present with reads.")
    permissions: list[ConsentPermissionEnum] = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="What it lets the partner read."
    )
    purpose: PurposeEnum = strawberry.field(description="The one purpose it is for.")  # type: ignore[valid-type]  # strawberry enum used as a type
    status: ConsentStatusEnum = strawberry.field(description="Status now (expiry applied).")  # type: ignore[valid-type]  # strawberry enum used as a type
    created_at: datetime = strawberry.field(description="When the partner asked.")
    status_updated_at: datetime = strawberry.field(description="When the status last changed.")
    expires_at: datetime = strawberry.field(description="When it lapses (at most 180 days).")

    @strawberry.field(description="Whose consent: a person or an enterprise.")
    def subject_kind(root: strawberry.Parent[Consent]) -> SubjectKindEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return root.subject.kind


@strawberry.type(
    name="AccessLogEntry", description="One access to a subject's data, allowed or refused."
)
class AccessLogEntryType:
    """A row of the append-only audit log."""

    @strawberry.field(description="When it happened.")
    def occurred_at(root: strawberry.Parent[AuditEntry]) -> datetime:
        return root.record.occurred_at

    @strawberry.field(description="Who read: the partner's name.")
    def partner_name(root: strawberry.Parent[AuditEntry]) -> str:
        return root.partner_name or "(removed partner)"

    @strawberry.field(description="The partner's type.")
    def partner_type(root: strawberry.Parent[AuditEntry]) -> str:
        return root.record.partner_type

    @strawberry.field(description="Why: the purpose named.")
    def purpose(root: strawberry.Parent[AuditEntry]) -> PurposeEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return root.record.purpose

    @strawberry.field(description="Which fields were asked for.")
    def fields(root: strawberry.Parent[AuditEntry]) -> list[str]:
        return list(root.record.fields)

    @strawberry.field(description="Served or refused.")
    def outcome(root: strawberry.Parent[AuditEntry]) -> AccessOutcomeEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return root.record.outcome

    @strawberry.field(description="Why it was refused, if it was.")
    def reason(root: strawberry.Parent[AuditEntry]) -> DenialReasonEnum | None:  # type: ignore[valid-type]  # strawberry enum used as a type
        return root.record.reason

    @strawberry.field(description="The consent it was made under, if any.")
    def consent_id(root: strawberry.Parent[AuditEntry]) -> str | None:
        return root.record.consent_id

    @strawberry.field(description="Whether a scanned integrity code authorised it.")
    def by_integrity_code(root: strawberry.Parent[AuditEntry]) -> bool:
        return root.record.code_id is not None

    @strawberry.field(description="The request id (quote it to the credit office).")
    def request_id(root: strawberry.Parent[AuditEntry]) -> str:
        return root.record.request_id


#: Accesses to a subject's data, newest first.
AccessLogConnection = Connection[AccessLogEntryType]


#: Consents, newest first.
ConsentConnection = Connection[ConsentType]
