"""The query root: lookups by identifier, the enterprise list, and Relay's ``node``."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.audit import services as audit_service
from api.domain.audit.model import AuditFilter
from api.domain.consent import consents as consents_service
from api.domain.consent.consents import is_consent_id
from api.domain.consent.model import (
    AccessDecision,
    AccessOutcome,
    ConsentPermission,
    DenialReason,
    Person,
    Purpose,
)
from api.domain.consent.rules import effective_status
from api.domain.errors import InvalidArgumentError
from api.domain.paging import PageRequest
from api.domain.subjects.model import SubjectKind
from api.domain.subjects.queries import EnterpriseFilter, EnterpriseOrder
from api.graphql.banking import BankingQuery
from api.graphql.context import Info
from api.graphql.credit_engine import CreditEngineQuery
from api.graphql.executor import reads_context_only
from api.graphql.ids import NodeType
from api.graphql.merchants import MerchantQuery
from api.graphql.permissions import check_scopes, requires
from api.graphql.personal import DENIAL_MESSAGES, gate_person_read, selected_fields
from api.graphql.reports import verify_credit_report_field
from api.graphql.row_rules import OwnRowsOnly
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode
from api.graphql.scenarios import ScenarioQuery
from api.graphql.signed_in import (
    SignedInEnterprise,
    SignedInPerson,
    exactly_one,
    signed_in_subject,
)
from api.graphql.types.connections import ConnectionRoot
from api.graphql.types.consent import (
    AccessDenial,
    AccessLogConnection,
    AccessOutcomeEnum,
    ConsentConnection,
    ConsentType,
    PersonAccess,
    PersonView,
    PurposeEnum,
)
from api.graphql.types.node import Node
from api.graphql.types.subjects import (
    DistrictEnum,
    EnterpriseConnection,
    EnterpriseType,
    GreenActivityClassEnum,
    HouseholdType,
    MerchantType,
    SizeClassEnum,
    TaxGradeEnum,
)

EnterpriseOrderEnum = strawberry.enum(
    EnterpriseOrder,
    name="EnterpriseOrder",
    description="Orders of the enterprise list: ID (platform registration), NAME, REGISTERED_ON.",
)


@strawberry.input(
    name="EnterpriseFilter", description="Filters of the enterprise list; all must hold."
)
class EnterpriseFilterInput:
    """Every filter is backed by an index."""

    districts: list[DistrictEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these districts."
    )
    industry_prefix: str | None = strawberry.field(
        default=None, description="GB/T 4754 code prefix: a section letter and up to 4 digits."
    )
    size_classes: list[SizeClassEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these size classes."
    )
    tax_grades: list[TaxGradeEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these latest tax grades."
    )
    green_classes: list[GreenActivityClassEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these green activity classes."
    )

    def to_domain(self) -> EnterpriseFilter:
        """The domain filter (validates the industry prefix)."""
        return EnterpriseFilter(
            districts=tuple(self.districts or ()),
            industry_prefix=self.industry_prefix,
            size_classes=tuple(self.size_classes or ()),
            tax_grades=tuple(self.tax_grades or ()),
            green_classes=tuple(self.green_classes or ()),
        )


#: The scope each kind of node needs, declared once (``node(id:)`` applies it).
NODE_SCOPES: dict[NodeType, frozenset[Scope]] = {
    NodeType.ENTERPRISE: frozenset({Scope.ENTERPRISE_READ}),
    NodeType.MERCHANT: frozenset({Scope.MERCHANT_READ}),
    NodeType.HOUSEHOLD: frozenset({Scope.HOUSEHOLD_READ}),
    NodeType.CREDIT_RECORD: frozenset({Scope.CREDIT_RECORD_READ}),
    NodeType.DEPARTMENT: frozenset(),
    NodeType.REPAIR_CASE: frozenset({Scope.CREDIT_REPAIR_DECIDE}),
}

USCC_ARG = "Unified social credit code, 18 characters."


def _listing(spec: EnterpriseFilter, order: EnterpriseOrder) -> str:
    """Cursor namespace of one filter and order: a cursor only continues the list it came from."""
    digest = hashlib.blake2s(repr((spec, order)).encode(), digest_size=8).hexdigest()
    return f"enterprises:{digest}"


@strawberry.input(description="Filters of the audit log search; all must hold.")
class AuditLogFilter:
    """Every filter is optional."""

    partner_id: int | None = strawberry.field(default=None, description="The partner's id.")
    resident_id: ResidentId | None = strawberry.field(default=None, description="A person.")
    uscc: UnifiedSocialCreditCode | None = strawberry.field(
        default=None, description="An enterprise."
    )
    purpose: PurposeEnum | None = strawberry.field(default=None, description="A purpose.")  # type: ignore[valid-type]
    outcome: AccessOutcomeEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Served or refused."
    )
    occurred_from: datetime | None = strawberry.field(default=None, description="From (inclusive).")
    occurred_until: datetime | None = strawberry.field(
        default=None, description="Until (exclusive)."
    )

    def to_domain(self) -> tuple[AuditFilter, str | None]:
        """The domain filter, and the subject's identifier to hash (if one was named)."""
        if self.resident_id is not None and self.uscc is not None:
            raise InvalidArgumentError("name residentId or uscc, not both")
        kind = (
            SubjectKind.PERSON
            if self.resident_id
            else SubjectKind.ENTERPRISE
            if self.uscc
            else None
        )
        spec = AuditFilter(
            partner_id=self.partner_id,
            subject_kind=kind,
            purpose=Purpose(self.purpose) if self.purpose else None,
            outcome=AccessOutcome(self.outcome) if self.outcome else None,
            occurred_from=self.occurred_from,
            occurred_until=self.occurred_until,
        )
        return spec, self.resident_id or self.uscc


#: Which consent permission each part of a person needs (identity for the rest).
_PERMISSION_BY_FIELD = (
    ("person.creditRecords", ConsentPermission.READ_CREDIT_RECORDS),
    ("person.evaluation", ConsentPermission.READ_EVALUATION),
    ("person.integrityColour", ConsentPermission.READ_INTEGRITY_CODE),
)


def permissions_for(fields: list[str]) -> list[ConsentPermission]:
    """The permissions a selection of a person needs, in a fixed order (identity if none)."""
    needed = [
        permission
        for prefix, permission in _PERMISSION_BY_FIELD
        if any(path.startswith(prefix) for path in fields)
    ]
    return needed or [ConsentPermission.READ_IDENTITY]


async def _gate_each_permission(
    info: Info,
    *,
    purpose: Purpose,
    resident_id: str | None,
    code: str | None,
    consent_id: str | None,
    fields: list[str],
) -> tuple[AccessDecision, Person | None]:
    """Gate (and audit) the read once per permission it needs; the first refusal stops it."""
    decision: AccessDecision | None = None
    named: Person | None = None
    for permission in permissions_for(fields):
        decision, found = await gate_person_read(
            info,
            purpose=purpose,
            resident_id=resident_id,
            code=code,
            consent_id=consent_id,
            permission=permission,
            fields=fields or ["(none)"],
        )
        named = named or found
        if not decision.allowed:
            break
    if decision is None:  # permissions_for is never empty
        raise RuntimeError("no permission was checked")
    return decision, named


@strawberry.type(description="Read the city's public credit information.")
class Query(CreditEngineQuery, ScenarioQuery, BankingQuery, MerchantQuery):
    """The query root (repair cases, rule sets and the exemption list are inherited)."""

    verify_credit_report = verify_credit_report_field

    @strawberry.field(
        **requires(
            description="Fetch any object by its global ID; null if it does not exist. The scope "
            "needed is that of the object's type (e.g. `enterprise:read` for an Enterprise)."
        )
    )
    @reads_context_only
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
    ) -> Node | None:
        node_type, object_id = info.context.ids.decode(id)
        check_scopes(info.context.principal, NODE_SCOPES[node_type])
        loaders = info.context.loaders
        if node_type is NodeType.ENTERPRISE:
            return cast(Node | None, await loaders.enterprise.load(object_id))
        if node_type is NodeType.MERCHANT:
            return cast(Node | None, await loaders.merchant.load(object_id))
        if node_type is NodeType.HOUSEHOLD:
            return cast(Node | None, await loaders.household.load(object_id))
        if node_type is NodeType.REPAIR_CASE:
            return cast(Node | None, await info.context.repos.repairs.get(object_id))
        if node_type is NodeType.CREDIT_RECORD:
            return cast(Node | None, await loaders.credit_record.load(object_id))
        return cast(Node | None, await loaders.department.load(object_id))

    @strawberry.field(
        **requires(
            Scope.ENTERPRISE_READ, description="One enterprise by its unified social credit code."
        )
    )
    @reads_context_only
    async def enterprise(
        self,
        info: Info,
        uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC_ARG)],
    ) -> EnterpriseType | None:
        return cast(EnterpriseType | None, await info.context.repos.enterprises.by_uscc(uscc))

    @strawberry.field(
        **requires(
            Scope.ENTERPRISE_READ,
            description="Enterprises matching a filter, paged by keyset cursors.",
        )
    )
    async def enterprises(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many, 1 to 100 (required).")],
        after: Annotated[
            str | None,
            strawberry.argument(description="Cursor of the last enterprise already seen."),
        ] = None,
        filter: Annotated[
            EnterpriseFilterInput | None, strawberry.argument(description="Filters; all must hold.")
        ] = None,
        order_by: Annotated[
            EnterpriseOrderEnum,  # type: ignore[valid-type]
            strawberry.argument(description="Sort order."),
        ] = EnterpriseOrder.ID,
    ) -> EnterpriseConnection:
        spec = filter.to_domain() if filter else EnterpriseFilter()
        order = EnterpriseOrder(order_by)
        listing = _listing(spec, order)
        request = PageRequest(
            first=first, after=info.context.cursors.decode(listing, after) if after else None
        )
        page = await info.context.repos.enterprises.page(spec, order, request)
        return cast(EnterpriseConnection, ConnectionRoot(page=page, listing=listing))

    @strawberry.field(
        **requires(
            Scope.PERSON_READ,
            description="Read a person for a purpose, with their authorisation: a scanned "
            "integrity code or a consent id. Every attempt is in the person's access log.",
        )
    )
    async def person(
        self,
        info: Info,
        purpose: Annotated[
            PurposeEnum,  # type: ignore[valid-type]
            strawberry.argument(description="Why you read (must be allowed for your type)."),
        ],
        resident_id: Annotated[
            ResidentId | None,
            strawberry.argument(description="Whom; optional with a code (the code names them)."),
        ] = None,
        integrity_code: Annotated[
            str | None, strawberry.argument(description="The code the person showed you.")
        ] = None,
        consent_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="A consent they authorised.")
        ] = None,
    ) -> PersonAccess:
        fields = [path for path in selected_fields(info) if path.startswith("person.")]
        decision, named = await _gate_each_permission(
            info,
            purpose=Purpose(purpose),
            resident_id=resident_id,
            code=integrity_code,
            consent_id=consent_id,
            fields=fields,
        )
        if not decision.allowed or decision.subject is None:
            reason = decision.reason or DenialReason.NO_AUTHORISATION
            denial = AccessDenial(reason=reason, message=DENIAL_MESSAGES[reason])
            return PersonAccess(person=None, denial=denial)
        person = named
        if person is None or person.id != decision.subject.id:
            person = (await info.context.repos.persons.by_ids([decision.subject.id]))[
                decision.subject.id
            ]
        view = PersonView(purpose=Purpose(purpose), person=person)
        return PersonAccess(person=view, denial=None)  # type: ignore[arg-type]

    @strawberry.field(
        **requires(
            Scope.CONSENT_WRITE,
            description="A consent you asked for (to poll its status); null if it is not yours.",
            extra=[OwnRowsOnly()],
        ),
    )
    async def consent(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The consent id.")],
    ) -> ConsentType | None:
        found = await info.context.repos.consents.get(id) if is_consent_id(id) else None
        if found is None:
            return None
        return cast(ConsentType, replace(found, status=effective_status(found, info.context.now)))

    @strawberry.field(
        **requires(
            Scope.CONSENT_AUTHORIZE,
            description="The signed-in person's (or enterprise's) consents, newest first.",
        )
    )
    async def my_consents(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
        resident_id: SignedInPerson = None,
        uscc: SignedInEnterprise = None,
    ) -> ConsentConnection:
        subject = await signed_in_subject(info, resident_id, uscc)
        listing = f"consents:{subject.kind.value}:{subject.id}"
        request = PageRequest(
            first=first, after=info.context.cursors.decode(listing, after) if after else None
        )
        page = await consents_service.subject_consents(
            info.context.repos, subject=subject, request=request, now=info.context.now
        )
        return cast(ConsentConnection, ConnectionRoot(page=page, listing=listing))

    @strawberry.field(
        **requires(
            Scope.AUDIT_READ_OWN,
            description="Who read the signed-in person's (or enterprise's) data: when, why, "
            "under which consent or code, and whether it was served. Newest first.",
        )
    )
    async def my_access_log(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
        resident_id: SignedInPerson = None,
        uscc: SignedInEnterprise = None,
    ) -> AccessLogConnection:
        identity = exactly_one(resident_id, uscc)
        listing = "access-log:" + hashlib.blake2s(identity.encode(), digest_size=8).hexdigest()
        request = PageRequest(
            first=first, after=info.context.cursors.decode(listing, after) if after else None
        )
        context = info.context
        if resident_id is not None:
            page = await audit_service.person_access_log(
                context.repos, context.crypto, resident_id=resident_id, request=request
            )
        else:
            page = await audit_service.enterprise_access_log(
                context.repos, context.crypto, uscc=identity, request=request
            )
        return cast(AccessLogConnection, ConnectionRoot(page=page, listing=listing))

    @strawberry.field(
        **requires(
            Scope.AUDIT_READ,
            description="The credit office searches the audit log, newest first.",
        )
    )
    async def audit_log(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
        filter: Annotated[
            AuditLogFilter | None, strawberry.argument(description="Filters; all must hold.")
        ] = None,
    ) -> AccessLogConnection:
        spec, subject_identifier = (filter or AuditLogFilter()).to_domain()
        listing = (
            "audit:"
            + hashlib.blake2s(repr((spec, subject_identifier)).encode(), digest_size=8).hexdigest()
        )
        request = PageRequest(
            first=first, after=info.context.cursors.decode(listing, after) if after else None
        )
        page = await audit_service.search_audit_log(
            info.context.repos,
            info.context.crypto,
            spec=spec,
            request=request,
            subject_identifier=subject_identifier,
        )
        return cast(AccessLogConnection, ConnectionRoot(page=page, listing=listing))

    @strawberry.field(
        **requires(
            Scope.MERCHANT_READ, description="One merchant by its unified social credit code."
        )
    )
    @reads_context_only
    async def merchant(
        self,
        info: Info,
        uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC_ARG)],
    ) -> MerchantType | None:
        return cast(MerchantType | None, await info.context.repos.merchants.by_uscc(uscc))

    @strawberry.field(
        **requires(
            Scope.HOUSEHOLD_READ, description="One household by its village and household number."
        )
    )
    async def household(
        self,
        info: Info,
        village: Annotated[str, strawberry.argument(description="Village name.")],
        household_number: Annotated[
            str, strawberry.argument(description="Number within the village.")
        ],
    ) -> HouseholdType | None:
        return cast(
            HouseholdType | None,
            await info.context.repos.households.by_number(village, household_number),
        )
