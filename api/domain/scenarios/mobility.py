"""Mobility discounts (信易行) and coupons: parking and car-rental operators.

domain.md, "Who uses it": a parking or mobility operator validates a person's code (green or
above) and grants a parking or car-rental discount (33k coupons, 30k uses). A benefit is never
granted twice: each grant is one row of ``benefit_grants``, unique per idempotency key, per
order and scenario, and per coupon; the per-person daily limit is an atomic counter; a coupon
leaves ISSUED once. A refusal after the scan undoes everything but the scan's audit row (a
savepoint). These use cases never commit.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from api.domain.clock import city_today
from api.domain.consent.access import authorise_read
from api.domain.consent.model import Accessor, ConsentPermission, SubjectRef
from api.domain.consent.ports import AccessCrypto
from api.domain.credit.codes import IntegrityColour, colour_admits
from api.domain.scenarios.admission import SCAN_FIELDS, require_eligible, require_scenario, scan
from api.domain.scenarios.errors import NotEligibleError, ScenarioError, ScenarioRefusal, invalid
from api.domain.scenarios.model import (
    BenefitGrant,
    BenefitKind,
    Coupon,
    CouponBatchOutcome,
    CouponStatus,
    Eligibility,
    GrantDraft,
    GrantOutcome,
    GrantSource,
    Scenario,
)
from api.domain.scenarios.ports import ScenarioStore
from api.domain.scenarios.rules import (
    COUPON_CONSENT_PURPOSES,
    MAX_COUPON_BATCH,
    benefit_amount,
    check_key,
    check_money,
    check_reference,
    fingerprint,
    scenario_reasons,
)

#: The longest a coupon may stay valid.
MAX_COUPON_LIFETIME = timedelta(days=90)
#: Counted uses per person and day of a scenario with no daily limit (never reached).
_UNLIMITED = 1_000_000


def _redeemable(scenario: Scenario) -> Scenario:
    if scenario.benefit.kind is BenefitKind.DEFERRED_PAYMENT:
        raise ScenarioError(
            ScenarioRefusal.WRONG_BENEFIT_KIND,
            "a deferred payment is used through a deferred account, not redeemed",
            field="scenarioCode",
        )
    return scenario


def _replay(grant: BenefitGrant, sent: str) -> GrantOutcome:
    if grant.fingerprint != sent:
        raise ScenarioError(
            ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
            "this idempotency key was used for a different request; use a new key",
            field="idempotencyKey",
        )
    return GrantOutcome(grant, replayed=True)


async def _district(store: ScenarioStore, person_id: int) -> str | None:
    person = (await store.persons.by_ids([person_id])).get(person_id)
    return person.district.value if person else None


async def mobility_discount_eligibility(
    store: ScenarioStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    scenario_code: str,
    code: str,
    request_id: str,
    now: datetime,
) -> Eligibility:
    """Validate a scanned code for a scenario: admitted or not and why (the scan is audited)."""
    scenario = _redeemable(await require_scenario(store, scenario_code))
    return await scan(
        store,
        crypto,
        accessor=accessor,
        scenario=scenario,
        code=code,
        request_id=request_id,
        now=now,
    )


async def redeem_discount(
    store: ScenarioStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    scenario_code: str,
    code: str,
    order_reference: str,
    order_amount: Decimal,
    idempotency_key: str,
    request_id: str,
    now: datetime,
    operators: frozenset[str] | None = None,
    once_only: bool = False,
) -> GrantOutcome:
    """Grant a discount on one order, once per key and per order, within the daily limit.

    The one redemption flow of every operator: ``operators`` are the partner types that may
    operate the scenario (None: its own type only), and a ``once_only`` scenario is granted
    once per person ever (an atomic insert of the person's one use).
    """
    await store.savepoints.begin_writing()
    key = check_key(idempotency_key)
    order = check_reference(order_reference, "orderReference")
    amount = check_money(order_amount, "orderAmount")
    scenario = _redeemable(await require_scenario(store, scenario_code))
    ledger = store.benefits
    sent = fingerprint(source="discount", scenario=scenario.code, order=order, amount=amount)
    taken = await ledger.grant_by_key(accessor.partner_id, key)
    if taken is not None:
        return _replay(taken, sent)
    eligibility = await scan(
        store,
        crypto,
        accessor=accessor,
        scenario=scenario,
        code=code,
        request_id=request_id,
        now=now,
        operators=operators,
        once_only=once_only,
    )
    person_id = require_eligible(eligibility)
    value = eligibility.value if eligibility.value is not None else scenario.benefit.value
    today = city_today(now)
    draft = GrantDraft(
        scenario=scenario,
        partner_id=accessor.partner_id,
        operator_type=accessor.partner_type,
        person_id=person_id,
        district=await _district(store, person_id),
        source=GrantSource.DISCOUNT,
        order_reference=order,
        order_amount=amount,
        benefit_amount=benefit_amount(scenario, value, amount),
        idempotency_key=key,
        fingerprint=sent,
        granted_at=now,
        granted_on=today,
    )
    async with store.savepoints.savepoint():
        grant = await ledger.add_grant(draft)
        if grant is not None:
            limit = scenario.daily_limit or _UNLIMITED
            if not await ledger.take_daily_use(scenario.id, person_id, today, limit):
                raise NotEligibleError(
                    ("DAILY_LIMIT_REACHED",),
                    f"the person used this scenario {limit} times today already",
                )
            if once_only and not await store.incentive_operators.take_once(
                scenario.id, person_id, now
            ):
                raise NotEligibleError(
                    ("ONCE_ONLY_USED",), "the person has had this once-only benefit already"
                )
            return GrantOutcome(grant, replayed=False)
    return await _after_conflict(store, accessor.partner_id, key, sent, scenario, order)


async def _after_conflict(
    store: ScenarioStore, partner_id: int, key: str, sent: str, scenario: Scenario, order: str
) -> GrantOutcome:
    """A grant insert met an existing grant: the same key (replay) or the same order (refused)."""
    taken = await store.benefits.grant_by_key(partner_id, key)
    if taken is not None:
        return _replay(taken, sent)
    if await store.benefits.grant_for_order(partner_id, scenario.id, order) is not None:
        raise ScenarioError(
            ScenarioRefusal.ORDER_ALREADY_REDEEMED,
            f"order {order} has had its {scenario.code} benefit already",
            field="orderReference",
        )
    raise ScenarioError(ScenarioRefusal.CONFLICT, "the benefit is being granted; retry shortly")


def _coupon_code() -> str:
    """A random coupon code: 20 Crockford-like characters, 100 bits."""
    return "CP" + secrets.token_hex(9).upper()


async def issue_coupons(
    store: ScenarioStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    scenario_code: str,
    expires_at: datetime,
    idempotency_key: str,
    request_id: str,
    now: datetime,
    limit: int = MAX_COUPON_BATCH,
) -> CouponBatchOutcome:
    """Issue one coupon to each consenting, admitted person (once per key; reads are audited).

    Eligible persons hold an AUTHORISED, unexpired consent given to this operator for purpose
    mobility_discount or incentive_eligibility that includes READ_INTEGRITY_CODE, and their
    colour is the scenario's lowest or better; persons already holding a live coupon of the
    scenario from this operator are left out. Each colour read goes through the consent gate.
    """
    await store.savepoints.begin_writing()
    key = check_key(idempotency_key)
    if not 1 <= limit <= MAX_COUPON_BATCH:
        raise invalid(f"a batch has 1 to {MAX_COUPON_BATCH} coupons", "limit")
    if expires_at.tzinfo is None or not now < expires_at <= now + MAX_COUPON_LIFETIME:
        raise invalid("coupons expire in the future and within 90 days", "expiresAt")
    scenario = _redeemable(await require_scenario(store, scenario_code))
    reasons = scenario_reasons(scenario, operator_type=accessor.partner_type, today=city_today(now))
    if reasons:
        codes = tuple(r.value for r in reasons)
        raise NotEligibleError(
            codes, "coupons of this scenario cannot be issued: " + ", ".join(codes)
        )
    coupons = store.coupons
    sent = fingerprint(scenario=scenario.code, expires_at=expires_at.isoformat(), limit=limit)
    async with store.savepoints.savepoint():
        batch = await coupons.claim_batch(
            partner_id=accessor.partner_id,
            scenario_id=scenario.id,
            idempotency_key=key,
            fingerprint=sent,
            expires_at=expires_at,
            now=now,
        )
    if batch is None:
        taken = await coupons.batch_by_key(accessor.partner_id, key)
        if taken is None:
            raise ScenarioError(ScenarioRefusal.CONFLICT, "this key is being used; retry shortly")
        if taken.fingerprint != sent:
            raise ScenarioError(
                ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
                "this idempotency key was used for a different batch; use a new key",
                field="idempotencyKey",
            )
        issued = tuple(await coupons.coupons_of_batch(taken.id))
        return CouponBatchOutcome(taken, issued, skipped=0, replayed=True)
    candidates = await coupons.consenting_persons(
        partner_id=accessor.partner_id,
        scenario_id=scenario.id,
        purposes=COUPON_CONSENT_PURPOSES,
        now=now,
        limit=limit,
    )
    authorised: list[int] = []
    for person_id, consent_id, purpose in candidates:
        decision = await authorise_read(
            store,
            crypto,
            accessor=accessor,
            subject=SubjectRef.person(person_id),
            purpose=purpose,
            permission=ConsentPermission.READ_INTEGRITY_CODE,
            fields=SCAN_FIELDS,
            consent_id=consent_id,
            request_id=request_id,
            now=now,
        )
        if decision.allowed:
            authorised.append(person_id)
    current = await store.evaluations.current(authorised)
    rows: list[tuple[int, IntegrityColour, Decimal, str]] = []
    for person_id in authorised:
        stored = current.get(person_id)
        colour = stored.evaluation.colour if stored else None
        if isinstance(colour, IntegrityColour) and colour_admits(colour, scenario.lowest_colour):
            rows.append((person_id, colour, scenario.value_for(colour), _coupon_code()))
    async with store.savepoints.savepoint():
        created = await coupons.add_coupons(batch, rows)
    refreshed = await coupons.batch_by_key(accessor.partner_id, key)
    return CouponBatchOutcome(
        refreshed or batch, tuple(created), skipped=len(candidates) - len(rows), replayed=False
    )


async def redeem_coupon(
    store: ScenarioStore,
    *,
    partner_id: int,
    operator_type: str,
    coupon_code: str,
    order_reference: str,
    order_amount: Decimal,
    idempotency_key: str,
    now: datetime,
) -> GrantOutcome:
    """Redeem a coupon on one order, at most once (a retry with the same key returns the first)."""
    await store.savepoints.begin_writing()
    key = check_key(idempotency_key)
    order = check_reference(order_reference, "orderReference")
    amount = check_money(order_amount, "orderAmount")
    code = coupon_code.strip().upper()
    ledger = store.benefits
    sent = fingerprint(source="coupon", coupon=code, order=order, amount=amount)
    taken = await ledger.grant_by_key(partner_id, key)
    if taken is not None:
        return _replay(taken, sent)
    coupon = await store.coupons.by_code(code)
    if coupon is None or coupon.partner_id != partner_id:
        raise ScenarioError(
            ScenarioRefusal.NOT_FOUND, "no coupon of yours has this code", field="couponCode"
        )
    scenario = await store.incentives.scenario_by_id(coupon.scenario_id)
    if scenario is None:
        raise ScenarioError(ScenarioRefusal.NOT_FOUND, "the coupon's scenario no longer exists")
    draft = GrantDraft(
        scenario=scenario,
        partner_id=partner_id,
        operator_type=operator_type,
        person_id=coupon.person_id,
        district=await _district(store, coupon.person_id),
        source=GrantSource.COUPON,
        order_reference=order,
        order_amount=amount,
        benefit_amount=benefit_amount(scenario, coupon.face_value, amount),
        idempotency_key=key,
        fingerprint=sent,
        granted_at=now,
        granted_on=city_today(now),
        coupon_id=coupon.id,
    )
    async with store.savepoints.savepoint():
        redeemed = await store.coupons.redeem(coupon.id, key, now)
        if redeemed is not None:
            grant = await ledger.add_grant(draft)
            if grant is None:
                await _after_conflict(store, partner_id, key, sent, scenario, order)
                raise ScenarioError(ScenarioRefusal.CONFLICT, "retry shortly")
            return GrantOutcome(grant, replayed=False)
    return await _coupon_refusal(store, partner_id, key, sent, coupon, now)


async def _coupon_refusal(
    store: ScenarioStore, partner_id: int, key: str, sent: str, coupon: Coupon, now: datetime
) -> GrantOutcome:
    """Why a coupon could not be redeemed: redeemed by this key (replay), redeemed, expired."""
    current = await store.coupons.by_code(coupon.code) or coupon
    if current.status is CouponStatus.REDEEMED:
        if current.redemption_key == key:
            taken = await store.benefits.grant_by_key(partner_id, key)
            if taken is not None:
                return _replay(taken, sent)
        raise ScenarioError(
            ScenarioRefusal.COUPON_ALREADY_REDEEMED,
            "this coupon was redeemed already",
            field="couponCode",
        )
    if current.expires_at <= now:
        raise ScenarioError(
            ScenarioRefusal.COUPON_EXPIRED, "this coupon has expired", field="couponCode"
        )
    raise ScenarioError(ScenarioRefusal.CONFLICT, "the coupon changed; retry shortly")
