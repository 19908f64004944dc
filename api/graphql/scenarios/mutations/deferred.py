"""Pay after treatment: a hospital opens a deferred account, charges it, settles it."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.scenarios import pay_after_treatment
from api.domain.scenarios.errors import ScenarioRefusal
from api.domain.scenarios.model import AccountOutcome
from api.graphql.base_mutation import MutationError, TypedMutation, own_payload
from api.graphql.context import Info
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import DecimalLimits
from api.graphql.scenarios.inputs import (
    OpenDeferredAccountInput,
    RecordDeferredChargeInput,
    SettleDeferredAccountInput,
)
from api.graphql.scenarios.mutations.refusals import ANY_REFUSAL, SCAN_REASONS, grant_view
from api.graphql.scenarios.types import (
    DeferredAccountPayload,
    DeferredAccountType,
    DeferredChargeType,
)


def _account_payload(
    payload: type[DeferredAccountPayload], outcome: AccountOutcome
) -> DeferredAccountPayload:
    charge = outcome.charge
    return payload(
        account=cast(DeferredAccountType, outcome.account),
        charge=DeferredChargeType(
            amount=charge.amount,
            item=charge.item,
            department=charge.department,
            charged_at=charge.charged_at,
        )
        if charge
        else None,
        settled_benefit=grant_view(outcome.grant),
        replayed=outcome.replayed,
        errors=[],
    )


def _no_account(
    payload: type[DeferredAccountPayload], errors: list[MutationError]
) -> DeferredAccountPayload:
    return payload(account=None, charge=None, settled_benefit=None, replayed=False, errors=errors)


def _visit_runner(
    name: str, codes: tuple[str, ...], after: str
) -> tuple[TypedMutation[DeferredAccountPayload], type[DeferredAccountPayload]]:
    """A visit mutation's runner and payload; a refusal keeps the scan's audit row."""
    return own_payload(
        name,
        (*ANY_REFUSAL, *codes),
        DeferredAccountPayload,
        _no_account,
        description=f"A deferred account after {after}, or why it was refused.",
        errors="Why it was refused.",
        keep_on_refusal=True,
    )


OPEN_ACCOUNT, OpenDeferredAccountPayload = _visit_runner(
    "OpenDeferredAccount",
    (ScenarioRefusal.VISIT_NUMBER_REUSED, ScenarioRefusal.WRONG_BENEFIT_KIND, *SCAN_REASONS),
    "opening it",
)
RECORD_CHARGE, RecordDeferredChargePayload = _visit_runner(
    "RecordDeferredCharge",
    (
        ScenarioRefusal.LIMIT_EXCEEDED,
        ScenarioRefusal.ACCOUNT_NOT_OPEN,
        ScenarioRefusal.ALREADY_SETTLED,
        ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
    ),
    "a charge",
)
SETTLE_ACCOUNT, SettleDeferredAccountPayload = _visit_runner(
    "SettleDeferredAccount",
    (
        ScenarioRefusal.ACCOUNT_NOT_OPEN,
        ScenarioRefusal.ALREADY_SETTLED,
        ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
    ),
    "settling it",
)


@mutation_field(
    Scope.DEFERRED_PAYMENT_WRITE,
    description="Open a visit for pay after treatment (医后付) from the patient's scanned "
    "integrity code: the limit follows their colour. Idempotent by visit number.",
    graphql_type=OpenDeferredAccountPayload,
)
@OPEN_ACCOUNT.performs
async def open_deferred_account(
    info: Info,
    input: Annotated[OpenDeferredAccountInput, strawberry.argument(description="The visit.")],
) -> DeferredAccountPayload:
    """Open a visit for pay after treatment."""
    context = info.context

    outcome = await pay_after_treatment.open_deferred_account(
        context.repos,
        context.crypto,
        accessor=accessor_for(caller(info)),
        code=input.integrity_code,
        visit_number=input.visit_number,
        scenario_code=input.scenario_code,
        request_id=context.request_id,
        now=context.now,
    )
    return _account_payload(OpenDeferredAccountPayload, outcome)


@mutation_field(
    Scope.DEFERRED_PAYMENT_WRITE,
    description="Record one charge of an open visit (诊间全记账); refused with "
    "LIMIT_EXCEEDED when the running total would pass the limit, also under "
    "concurrent charges. Idempotent by key.",
    extra=[DecimalLimits()],
    graphql_type=RecordDeferredChargePayload,
)
@RECORD_CHARGE.performs
async def record_deferred_charge(
    info: Info,
    input: Annotated[RecordDeferredChargeInput, strawberry.argument(description="The charge.")],
) -> DeferredAccountPayload:
    """Record one charge of a visit."""
    context = info.context

    outcome = await pay_after_treatment.record_charge(
        context.repos,
        partner_id=caller(info).partner_id,
        visit_number=input.visit_number,
        amount=input.amount,
        item=input.item,
        department=input.department,
        idempotency_key=input.idempotency_key,
        now=context.now,
    )
    return _account_payload(RecordDeferredChargePayload, outcome)


@mutation_field(
    Scope.DEFERRED_PAYMENT_WRITE,
    description="Settle a visit once after treatment (诊后一次付): the whole total; a "
    "second settlement is ALREADY_SETTLED, a retry with the same key replays.",
    graphql_type=SettleDeferredAccountPayload,
)
@SETTLE_ACCOUNT.performs
async def settle_deferred_account(
    info: Info,
    input: Annotated[SettleDeferredAccountInput, strawberry.argument(description="The visit.")],
) -> DeferredAccountPayload:
    """Settle a visit once."""
    context = info.context
    principal = caller(info)

    outcome = await pay_after_treatment.settle_deferred_account(
        context.repos,
        partner_id=principal.partner_id,
        operator_type=principal.partner_type.value,
        visit_number=input.visit_number,
        idempotency_key=input.idempotency_key,
        now=context.now,
    )
    return _account_payload(SettleDeferredAccountPayload, outcome)
