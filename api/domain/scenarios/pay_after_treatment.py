"""Pay after treatment (医后付): eligibility, a deferred account per visit, charges, settlement.

domain.md, "Who uses it": a hospital checks a patient's eligibility, records every charge
during the visit (诊间全记账) and settles once afterwards (诊后一次付); an unpaid bill becomes
a credit record. The limit depends on the colour (the catalogue's ``pay-after-treatment``
scenario: BLUE 3000 yuan, GREEN 1500, lower colours are not admitted). Money never moves
twice: the running total is raised by one atomic, conditional statement, and settlement moves
the account out of OPEN by another, so concurrent requests cannot pass the limit or settle
twice. These use cases never commit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from api.domain.clock import CITY_TZ, city_today
from api.domain.consent.model import Accessor
from api.domain.consent.ports import AccessCrypto
from api.domain.credit import services as credit_services
from api.domain.credit.model import RecordIntake
from api.domain.records.model import RecordCategory, Severity
from api.domain.scenarios.admission import require_eligible, require_scenario, scan
from api.domain.scenarios.errors import ScenarioError, ScenarioRefusal, not_found
from api.domain.scenarios.model import (
    AccountOutcome,
    AccountStatus,
    BenefitKind,
    DeferredAccount,
    Eligibility,
    GrantDraft,
    GrantSource,
    OverdueMark,
    Scenario,
)
from api.domain.scenarios.ports import ScenarioStore
from api.domain.scenarios.rules import (
    OVERDUE_DEPARTMENT,
    PAY_AFTER_TREATMENT_SCENARIO,
    AccountAction,
    check_charge,
    check_key,
    check_money,
    check_reference,
    check_text,
    fingerprint,
    next_account_status,
    settle_by,
)
from api.domain.subjects.model import SubjectKind


def _deferred(scenario: Scenario) -> Scenario:
    if scenario.benefit.kind is not BenefitKind.DEFERRED_PAYMENT:
        raise ScenarioError(
            ScenarioRefusal.WRONG_BENEFIT_KIND,
            f"scenario {scenario.code} is not a deferred payment",
            field="scenarioCode",
        )
    return scenario


async def pay_after_treatment_eligibility(
    store: ScenarioStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    code: str,
    request_id: str,
    now: datetime,
    scenario_code: str = PAY_AFTER_TREATMENT_SCENARIO,
) -> Eligibility:
    """Whether the patient who showed ``code`` may pay after treatment, why not, and the limit."""
    scenario = _deferred(await require_scenario(store, scenario_code))
    return await scan(
        store,
        crypto,
        accessor=accessor,
        scenario=scenario,
        code=code,
        request_id=request_id,
        now=now,
    )


async def _same_patient(
    store: ScenarioStore, crypto: AccessCrypto, account: DeferredAccount, code: str
) -> bool:
    """Whether a retried opening shows a code of the account's patient (validity not needed)."""
    code_id = crypto.open_code(code)
    found = await store.integrity_codes.get(code_id) if code_id else None
    return found is not None and found.person_id == account.person_id


async def _replay_opening(
    store: ScenarioStore,
    crypto: AccessCrypto,
    account: DeferredAccount,
    scenario: Scenario,
    code: str,
) -> AccountOutcome:
    if account.scenario_id != scenario.id or not await _same_patient(store, crypto, account, code):
        raise ScenarioError(
            ScenarioRefusal.VISIT_NUMBER_REUSED,
            "this visit number was opened already for another patient or scenario",
            field="visitNumber",
        )
    return AccountOutcome(account, replayed=True)


async def open_deferred_account(
    store: ScenarioStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    code: str,
    visit_number: str,
    request_id: str,
    now: datetime,
    scenario_code: str = PAY_AFTER_TREATMENT_SCENARIO,
) -> AccountOutcome:
    """Open a visit's deferred account once per visit number (a retry returns the first)."""
    await store.savepoints.begin_writing()
    visit = check_reference(visit_number, "visitNumber")
    scenario = _deferred(await require_scenario(store, scenario_code))
    accounts = store.deferred_accounts
    existing = await accounts.by_visit(accessor.partner_id, visit)
    if existing is not None:
        return await _replay_opening(store, crypto, existing, scenario, code)
    eligibility = await scan(
        store,
        crypto,
        accessor=accessor,
        scenario=scenario,
        code=code,
        request_id=request_id,
        now=now,
    )
    person_id = require_eligible(eligibility)
    if (
        eligibility.colour is None
        or eligibility.value is None
        or scenario.settle_within_days is None
    ):
        raise ScenarioError(ScenarioRefusal.CONFLICT, "the scenario has no limit for this colour")
    async with store.savepoints.savepoint():
        account = await accounts.open(
            scenario_id=scenario.id,
            partner_id=accessor.partner_id,
            person_id=person_id,
            visit_number=visit,
            colour=eligibility.colour,
            credit_limit=eligibility.value,
            due_on=settle_by(city_today(now), scenario.settle_within_days),
            now=now,
        )
    if account is not None:
        return AccountOutcome(account, replayed=False)
    raced = await accounts.by_visit(accessor.partner_id, visit)
    if raced is None:
        raise ScenarioError(ScenarioRefusal.CONFLICT, "the visit is being opened; retry shortly")
    return await _replay_opening(store, crypto, raced, scenario, code)


async def _account(store: ScenarioStore, partner_id: int, visit_number: str) -> DeferredAccount:
    """The caller's account for a visit; NOT_FOUND for another hospital's (row rule)."""
    account = await store.deferred_accounts.by_visit(partner_id, visit_number)
    if account is None:
        raise not_found("no deferred account of yours has this visit number", "visitNumber")
    return account


async def record_charge(
    store: ScenarioStore,
    *,
    partner_id: int,
    visit_number: str,
    amount: Decimal,
    item: str,
    department: str,
    idempotency_key: str,
    now: datetime,
) -> AccountOutcome:
    """Record one charge of a visit, once per key; refused if the total would pass the limit."""
    await store.savepoints.begin_writing()
    visit = check_reference(visit_number, "visitNumber")
    money = check_money(amount, "amount")
    item_text = check_text(item, "item")
    department_text = check_text(department, "department")
    key = check_key(idempotency_key)
    account = await _account(store, partner_id, visit)
    accounts = store.deferred_accounts
    sent = fingerprint(amount=money, item=item_text, department=department_text)
    async with store.savepoints.savepoint():
        charge = await accounts.claim_charge(
            account.id,
            amount=money,
            item=item_text,
            department=department_text,
            idempotency_key=key,
            fingerprint=sent,
            now=now,
        )
        if charge is not None:
            updated = await accounts.add_to_total(account.id, money)
            if updated is None:
                check_charge(await _account(store, partner_id, visit), money)
                raise ScenarioError(ScenarioRefusal.CONFLICT, "the account changed; retry")
            return AccountOutcome(updated, replayed=False, charge=charge)
    taken = await accounts.charge_by_key(account.id, key)
    if taken is None:
        raise ScenarioError(ScenarioRefusal.CONFLICT, "this key is being used; retry shortly")
    if taken.fingerprint != sent:
        raise ScenarioError(
            ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
            "this idempotency key was used for a different charge; use a new key",
            field="idempotencyKey",
        )
    return AccountOutcome(await _account(store, partner_id, visit), replayed=True, charge=taken)


async def settle_deferred_account(
    store: ScenarioStore,
    *,
    partner_id: int,
    operator_type: str,
    visit_number: str,
    idempotency_key: str,
    now: datetime,
) -> AccountOutcome:
    """Settle a visit's whole total exactly once; a retry with the same key returns the first."""
    await store.savepoints.begin_writing()
    visit = check_reference(visit_number, "visitNumber")
    key = check_key(idempotency_key)
    account = await _account(store, partner_id, visit)
    accounts = store.deferred_accounts
    async with store.savepoints.savepoint():
        settled = await accounts.settle(account.id, key, now)
        if settled is not None:
            grant = await store.benefits.add_grant(
                await _settlement_grant(store, settled, operator_type, key, now)
            )
            if grant is None:
                raise ScenarioError(
                    ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
                    "this idempotency key was used for another request; use a new key",
                    field="idempotencyKey",
                )
            return AccountOutcome(settled, replayed=False, grant=grant)
    current = await _account(store, partner_id, visit)
    if current.status is AccountStatus.SETTLED and current.settlement_key == key:
        grant = await store.benefits.grant_by_key(partner_id, key)
        return AccountOutcome(current, replayed=True, grant=grant)
    next_account_status(current.status, AccountAction.SETTLE)
    raise ScenarioError(ScenarioRefusal.CONFLICT, "the account changed; read it again")


async def _settlement_grant(
    store: ScenarioStore, account: DeferredAccount, operator_type: str, key: str, now: datetime
) -> GrantDraft:
    """The benefit a settled visit counts as: the amount the patient paid after treatment."""
    scenario = await store.incentives.scenario_by_id(account.scenario_id)
    if scenario is None:
        raise not_found("the account's scenario no longer exists")
    person = (await store.persons.by_ids([account.person_id])).get(account.person_id)
    amount = account.settled_amount if account.settled_amount is not None else account.total
    return GrantDraft(
        scenario=scenario,
        partner_id=account.partner_id,
        operator_type=operator_type,
        person_id=account.person_id,
        district=person.district.value if person else None,
        source=GrantSource.DEFERRED_PAYMENT,
        order_reference=account.visit_number,
        order_amount=amount,
        benefit_amount=amount,
        idempotency_key=key,
        fingerprint=fingerprint(visit=account.visit_number, source="settlement"),
        granted_at=now,
        granted_on=city_today(now),
        account_id=account.id,
    )


def _overdue_at(due_on: date, now: datetime) -> datetime:
    """When an account became overdue: the city midnight after its last day (not after now)."""
    became = datetime.combine(due_on + timedelta(days=1), time(0), CITY_TZ)
    return min(became, now)


async def mark_overdue_accounts(
    store: ScenarioStore,
    today: date,
    *,
    now: datetime | None = None,
    department_code: str = OVERDUE_DEPARTMENT,
    limit: int = 1000,
) -> list[OverdueMark]:
    """Mark accounts unsettled past their last day OVERDUE, each with a broken-commitment record.

    Each record (commitment_broken, minor, reported under ``department_code``) goes through
    ``api.domain.credit.services.record_fact``: the person is re-evaluated and a repair case
    opens (domain.md, "an unpaid bill becomes a credit record"). Safe to run again and
    concurrently: an account moves to OVERDUE once, and the record's idempotency key is the
    account's. Never commits.
    """
    await store.savepoints.begin_writing()
    moment = now or datetime.now(UTC)
    marks: list[OverdueMark] = []
    accounts = store.deferred_accounts
    for account in await accounts.due_for_overdue(today, limit):
        if not await accounts.mark_overdue(account.id, today):
            continue
        intake = RecordIntake(
            subject_id=account.person_id,
            subject_kind=SubjectKind.PERSON,
            department_code=department_code,
            category=RecordCategory.COMMITMENT_BROKEN,
            severity=Severity.MINOR,
            occurred_at=_overdue_at(account.due_on, moment),
            publicity_until=None,
            summary=f"医后付账单未按期结清 / pay-after-treatment bill of visit "
            f"{account.visit_number} ({account.total} yuan) not settled by "
            f"{account.due_on.isoformat()}",
        )
        outcome = await credit_services.record_fact(
            store,
            intake,
            partner_id=account.partner_id,
            idempotency_key=f"pay-after-treatment-overdue:{account.id}",
            now=moment,
        )
        await accounts.attach_overdue_record(account.id, outcome.record.id)
        marks.append(
            OverdueMark(
                account_id=account.id,
                person_id=account.person_id,
                record_id=outcome.record.id,
                repair_id=outcome.repair.id if outcome.repair else None,
            )
        )
    return marks
