"""Record intake: a department reports a fact about a subject (one mutation per kind)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, cast

import strawberry

from api.auth.principal import Principal
from api.auth.scopes import PartnerType, Scope
from api.domain.consent.persons import find_person
from api.domain.credit import services
from api.domain.credit.model import IntakeOutcome, RecordIntake
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError, NotFoundError
from api.domain.records.model import RecordCategory, Severity
from api.domain.subjects.model import SubjectKind
from api.graphql.base_mutation import MutationError, TypedMutation, own_payload
from api.graphql.context import Info
from api.graphql.credit.types.evaluation import CreditEvaluationType
from api.graphql.credit.types.intake import (
    CommitmentOutcomeInput,
    FactInput,
    NegativeFactInput,
    PenaltyInput,
    RecordFactPayload,
    SubjectInput,
)
from api.graphql.credit.types.records import CreditRecordType
from api.graphql.permissions import caller, mutation_field

#: Which kinds of subject each partner type reports on (a village committee only on households).
INTAKE_KINDS: Mapping[PartnerType, frozenset[SubjectKind]] = MappingProxyType(
    {
        PartnerType.REGULATOR: frozenset(SubjectKind),
        PartnerType.CREDIT_OFFICE: frozenset(SubjectKind),
        PartnerType.TAX_BUREAU: frozenset({SubjectKind.ENTERPRISE}),
        PartnerType.COMMERCE_DISTRICT: frozenset({SubjectKind.MERCHANT}),
        PartnerType.VILLAGE_COMMITTEE: frozenset({SubjectKind.HOUSEHOLD}),
    }
)


#: What any intake mutation can refuse with: the subject (FORBIDDEN: not one the caller reports
#: on), the fact's dates, and its idempotency key.
RECORD_CODES = (
    ErrorCode.INVALID_ARGUMENT,
    ErrorCode.INVALID_IDENTIFIER,
    ErrorCode.NOT_FOUND,
    "FORBIDDEN",
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ErrorCode.CONFLICT,
    ErrorCode.DATE_IN_FUTURE,
    ErrorCode.PUBLICITY_OUT_OF_RANGE,
)


def _failed(payload: type[RecordFactPayload], errors: list[MutationError]) -> RecordFactPayload:
    return payload(
        record=None,
        replayed=False,
        exempted=False,
        guidance=None,
        repair_eligible_on=None,
        evaluation=None,
        errors=errors,
    )


async def resolve_subject(info: Info, subject: SubjectInput) -> tuple[int, SubjectKind]:
    """The subject an input names; InvalidArgumentError or NotFoundError otherwise."""
    household = subject.village is not None or subject.household_number is not None
    named = sum([subject.resident_id is not None, subject.uscc is not None, household])
    if named != 1:
        raise InvalidArgumentError("name exactly one of residentId, uscc, or village with number")
    repos = info.context.repos
    if subject.resident_id is not None:
        person = await find_person(repos, info.context.crypto, subject.resident_id)
        if person is None:
            raise NotFoundError("no such person")
        return person.id, SubjectKind.PERSON
    if subject.uscc is not None:
        enterprise = await repos.enterprises.by_uscc(subject.uscc)
        if enterprise is not None:
            return enterprise.id, SubjectKind.ENTERPRISE
        merchant = await repos.merchants.by_uscc(subject.uscc)
        if merchant is not None:
            return merchant.id, SubjectKind.MERCHANT
        raise NotFoundError("no enterprise or merchant with this code")
    if not subject.village or not subject.household_number:
        raise InvalidArgumentError("a household is named by village and householdNumber")
    found = await repos.households.by_number(subject.village, subject.household_number)
    if found is None:
        raise NotFoundError("no such household")
    return found.id, SubjectKind.HOUSEHOLD


async def runs_village_of(info: Info, partner_id: int, household_id: int) -> bool:
    """Whether the partner is the committee of the household's village."""
    store = info.context.repos.village
    household = await store.household(household_id)
    village = await store.village_by_name(household.village_name) if household else None
    return village is not None and village.committee_partner_id == partner_id


def _payload(
    payload: type[RecordFactPayload],
    outcome: IntakeOutcome,
    principal: Principal,
    kind: SubjectKind,
) -> RecordFactPayload:
    shows_evaluation = principal.has_scope(Scope.EVALUATION_READ) and kind is not SubjectKind.PERSON
    return payload(
        record=cast(CreditRecordType, outcome.record),
        replayed=outcome.replayed,
        exempted=bool(outcome.exemption and outcome.exemption.exempted),
        guidance=outcome.exemption.guidance if outcome.exemption else None,
        repair_eligible_on=outcome.repair.eligible_on if outcome.repair else None,
        evaluation=cast(
            CreditEvaluationType | None, outcome.evaluation if shows_evaluation else None
        ),
        errors=[],
    )


async def record(
    info: Info,
    intake_mutation: IntakeRunner,
    fact: FactInput,
    category: RecordCategory,
    severity: Severity | None,
    matter_code: str | None = None,
) -> RecordFactPayload:
    """Resolve the subject, check the caller may report on it, and record the fact once."""
    runner, payload = intake_mutation
    principal = caller(info)
    context = info.context
    try:
        subject_id, kind = await resolve_subject(info, fact.subject)
    except DomainError as error:
        return runner.refuse(error, "subject")
    if kind not in INTAKE_KINDS.get(principal.partner_type, frozenset()):
        message = f"a {principal.partner_type.value} partner does not report on {kind.value}s"
        return runner.fail(message, "FORBIDDEN", "subject")
    if principal.partner_type is PartnerType.VILLAGE_COMMITTEE and not await runs_village_of(
        info, principal.partner_id, subject_id
    ):
        message = "a village committee reports on its own village's households only"
        return runner.fail(message, "FORBIDDEN", "subject")
    intake = RecordIntake(
        subject_id=subject_id,
        subject_kind=kind,
        department_code=fact.department,
        category=category,
        severity=severity,
        occurred_at=fact.occurred_at,
        publicity_until=fact.publicity_until,
        summary=fact.summary,
        matter_code=matter_code,
    )

    async def perform() -> RecordFactPayload:
        outcome = await services.record_fact(
            context.repos,
            intake,
            partner_id=principal.partner_id,
            idempotency_key=fact.idempotency_key,
            now=context.now,
        )
        return _payload(payload, outcome, principal, kind)

    return await runner.run(info, perform)


def _field_of(error: DomainError) -> str | None:
    """The input field an intake error points at."""
    code = error.code.value
    return {
        "DATE_IN_FUTURE": "occurredAt",
        "PUBLICITY_OUT_OF_RANGE": "publicityUntil",
        "IDEMPOTENCY_KEY_REUSED": "idempotencyKey",
    }.get(code)


#: One intake mutation's runner and its own payload type.
IntakeRunner = tuple[TypedMutation[RecordFactPayload], type[RecordFactPayload]]


def _intake(name: str, what: str) -> IntakeRunner:
    """Declare intake mutation ``name`` : its codes, ``<name>Error`` and ``<name>Payload``."""
    return own_payload(
        name,
        RECORD_CODES,
        RecordFactPayload,
        _failed,
        description=f"The outcome of reporting {what}.",
        errors="Why nothing was stored.",
        field=_field_of,
    )


RECORD_COMMITMENT = _intake("RecordCommitment", "a commitment")


RECORD_COMMITMENT_OUTCOME = _intake("RecordCommitmentOutcome", "a commitment's outcome")


RECORD_HONOUR = _intake("RecordHonour", "an honour")


RECORD_VOLUNTARY_SERVICE = _intake("RecordVoluntaryService", "voluntary service")


RECORD_LICENCE = _intake("RecordLicence", "a licence")


RECORD_PENALTY = _intake("RecordPenalty", "a penalty")


RECORD_ENFORCEMENT = _intake("RecordEnforcement", "an enforcement action")


RECORD_DISHONESTY_LIST_ENTRY = _intake("RecordDishonestyListEntry", "a dishonesty list entry")


RECORD_CRIMINAL_RECORD = _intake("RecordCriminalRecord", "a criminal conviction")


def _mutation(
    intake_mutation: IntakeRunner,
    category: RecordCategory,
    input_type: type[Any],
    description: str,
    *,
    severity: bool,
) -> Any:
    """A mutation reporting one category of fact with ``input_type``."""

    async def resolve(info: Info, input: Any) -> RecordFactPayload:
        level = Severity(input.severity) if severity else None
        return await record(info, intake_mutation, input, category, level)

    resolve.__annotations__["input"] = Annotated[
        input_type, strawberry.argument(description="The fact.")
    ]
    return mutation_field(
        Scope.CREDIT_RECORD_WRITE, description=description, graphql_type=intake_mutation[1]
    )(resolve)


@mutation_field(
    Scope.CREDIT_RECORD_WRITE,
    description="Record an administrative penalty with its severity; a first minor "
    "violation of a listed matter is exempted with guidance instead. A repairable "
    "penalty opens a credit repair case and owes the subject a notice.",
    graphql_type=RECORD_PENALTY[1],
)
async def record_penalty(
    info: Info,
    input: Annotated[PenaltyInput, strawberry.argument(description="The penalty.")],
) -> RecordFactPayload:
    matter = input.matter_code.strip() if input.matter_code else None
    level = Severity(input.severity)
    return await record(info, RECORD_PENALTY, input, RecordCategory.PENALTY, level, matter)


@mutation_field(
    Scope.CREDIT_RECORD_WRITE,
    description="Record whether a signed commitment was kept (履约践诺) or broken.",
    graphql_type=RECORD_COMMITMENT_OUTCOME[1],
)
async def record_commitment_outcome(
    info: Info,
    input: Annotated[CommitmentOutcomeInput, strawberry.argument(description="The outcome.")],
) -> RecordFactPayload:
    runner = RECORD_COMMITMENT_OUTCOME[0]
    if input.kept:
        if input.severity is not None:
            error = InvalidArgumentError("a kept commitment has no severity")
            return runner.refuse(error, "severity")
        kept = RecordCategory.COMMITMENT_KEPT
        return await record(info, RECORD_COMMITMENT_OUTCOME, input, kept, None)
    if input.severity is None:
        error = InvalidArgumentError("a broken commitment needs a severity")
        return runner.refuse(error, "severity")
    broken, level = RecordCategory.COMMITMENT_BROKEN, Severity(input.severity)
    return await record(info, RECORD_COMMITMENT_OUTCOME, input, broken, level)


record_commitment: Any = _mutation(
    RECORD_COMMITMENT,
    RecordCategory.COMMITMENT,
    FactInput,
    "Record a credit commitment a subject signed (信用承诺).",
    severity=False,
)


record_honour: Any = _mutation(
    RECORD_HONOUR,
    RecordCategory.HONOUR,
    FactInput,
    "Record an honour (荣誉表彰).",
    severity=False,
)


record_voluntary_service: Any = _mutation(
    RECORD_VOLUNTARY_SERVICE,
    RecordCategory.VOLUNTARY_SERVICE,
    FactInput,
    "Record voluntary service by a person or a household.",
    severity=False,
)


record_licence: Any = _mutation(
    RECORD_LICENCE,
    RecordCategory.LICENCE,
    FactInput,
    "Record an administrative licence granted.",
    severity=False,
)


record_enforcement: Any = _mutation(
    RECORD_ENFORCEMENT,
    RecordCategory.ENFORCEMENT,
    NegativeFactInput,
    "Record an administrative enforcement action.",
    severity=True,
)


record_dishonesty_list_entry: Any = _mutation(
    RECORD_DISHONESTY_LIST_ENTRY,
    RecordCategory.DISHONESTY_LIST,
    NegativeFactInput,
    "Record an entry on a dishonesty list (a serious one makes the integrity code RED).",
    severity=True,
)


record_criminal_record: Any = _mutation(
    RECORD_CRIMINAL_RECORD,
    RecordCategory.CRIMINAL_RECORD,
    NegativeFactInput,
    "Record a criminal conviction reported by the courts.",
    severity=True,
)
