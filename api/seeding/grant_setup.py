"""What the seeded year of incentive use needs before any chunk is drawn.

Run once, in the seed's transaction, after the incentive catalogue: the operators that grant
the benefits (parking companies, the bus group, hospitals, commerce districts, banks, ...: rows
of ``partners`` with contact ``seed`` and without clients, so nobody can sign in as them; the
credit office's desks are DISABLED, see ``_status``), the monthly coupon batches of
the mobility operators, and for every scenario how popular it is and what an order costs (the
figures are in ``grant_usage``). The result is small and picklable: it travels in the ``Plan``
to the generator processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.domain.clock import CITY_TZ
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import BenefitKind
from api.domain.scenarios.rules import fingerprint
from api.seeding.batch import US_PER_DAY, wire_time
from api.seeding.grant_usage import (
    ACTIVE_SHARE,
    COUPON_LIFETIME_DAYS,
    COUPON_MONTHS,
    COUPON_ORDERS,
    COUPON_REDEEM_RATE,
    COUPON_SCENARIOS,
    COUPONS_PER_ACTIVE,
    DISTRICTS,
    OPERATORS,
    SEED_CONTACT,
    USAGE,
    YEAR_DAYS,
    Usage,
)

_PARTNERS = metadata.tables["partners"]
_SCENARIOS = metadata.tables["incentive_scenarios"]
_VALUES = metadata.tables["incentive_colour_values"]
_BATCHES = metadata.tables["coupon_batches"]


@dataclass(frozen=True, slots=True)
class ScenarioUse:
    """A scenario as the generator needs it: ids, benefit in integers, operators, usage.

    ``values`` are (BLUE, GREEN) benefit values: basis points of the order for a percentage
    discount (20% is 2000), cents for a fixed amount, 0 for a waiver. ``partners`` holds one
    partner per district (``by_district``) or a few for the whole city.
    """

    id: int
    code: str
    category_id: int
    operator_type: str
    kind: str
    values: tuple[int, int]
    face_values: tuple[str, str]
    cap: int | None
    daily_limit: int | None
    blue_only: bool
    partners: tuple[int, ...]
    by_district: bool
    usage: Usage


@dataclass(frozen=True, slots=True)
class CouponBatchSetup:
    """A seeded coupon batch: its id, scenario (index into ``scenarios``), operator, lifetime."""

    id: int
    scenario: int
    partner_id: int
    month: int
    issued_at: int
    expires_at: int


@dataclass(frozen=True, slots=True)
class GrantSetup:
    """Everything the generator processes need to draw a year of incentive use."""

    scenarios: tuple[ScenarioUse, ...]
    #: (index into ``scenarios``, share of the coupons, order low, high, step in cents)
    coupon_scenarios: tuple[tuple[int, float, int, int, int], ...]
    batches: tuple[CouponBatchSetup, ...]
    active_share: float
    coupons_per_active: float = COUPONS_PER_ACTIVE
    coupon_redeem_rate: float = COUPON_REDEEM_RATE


def _cents(value: object) -> int:
    return round(float(str(value)) * 100)


def _status(kind: str) -> str:
    """Seeded operators are active, but for the credit office's service desks: the platform's
    own credit office partner (``partners create --type credit_office``) must stay the only
    active one, since ``records import`` imports as it when no partner is named."""
    return "disabled" if kind == "credit_office" else "active"


async def ensure_operators(
    connection: AsyncConnection, now: datetime
) -> tuple[dict[str, int], int]:
    """The seeded operators' ids by name (inserted when missing) and how many were new."""
    wanted = [(name, kind) for _, kind, names in OPERATORS for name in names]
    query = select(_PARTNERS.c.name, _PARTNERS.c.type, _PARTNERS.c.id).where(
        _PARTNERS.c.contact == SEED_CONTACT
    )
    found = {(r.name, r.type): r.id for r in await connection.execute(query)}
    missing = [
        {
            "name": name,
            "type": kind,
            "status": _status(kind),
            "contact": SEED_CONTACT,
            "created_at": now,
        }
        for name, kind in wanted
        if (name, kind) not in found
    ]
    if missing:
        await connection.execute(insert(_PARTNERS), missing)
        found = {(r.name, r.type): r.id for r in await connection.execute(query)}
    return {name: found[(name, kind)] for name, kind in wanted}, len(missing)


async def _scenarios(
    connection: AsyncConnection, operators: dict[str, int]
) -> tuple[ScenarioUse, ...]:
    groups = {group: tuple(operators[name] for name in names) for group, _, names in OPERATORS}
    values: dict[int, dict[str, int]] = {}
    for row in await connection.execute(select(_VALUES)):
        values.setdefault(row.scenario_id, {})[row.colour] = round(float(str(row.value)) * 100)
    rows = await connection.execute(
        select(_SCENARIOS).where(_SCENARIOS.c.active.is_(True)).order_by(_SCENARIOS.c.code)
    )
    out: list[ScenarioUse] = []
    for row in rows:
        usage = USAGE.get(row.code)
        if usage is None or row.benefit_kind == BenefitKind.DEFERRED_PAYMENT.value:
            continue
        base = _cents(row.benefit_value)
        own = values.get(row.id, {})
        blue = own.get(IntegrityColour.BLUE.value, base)
        green = own.get(IntegrityColour.GREEN.value, base)
        partners = groups[usage.group]
        out.append(
            ScenarioUse(
                id=row.id,
                code=row.code,
                category_id=row.category_id,
                operator_type=row.operator_type,
                kind=row.benefit_kind,
                values=(blue, green),
                face_values=(
                    f"{blue // 100}.{blue % 100:02d}",
                    f"{green // 100}.{green % 100:02d}",
                ),
                cap=None if row.benefit_cap is None else _cents(row.benefit_cap),
                daily_limit=row.daily_limit,
                blue_only=row.lowest_colour == IntegrityColour.BLUE.value,
                partners=partners,
                by_district=len(partners) == len(DISTRICTS),
                usage=usage,
            )
        )
    return tuple(out)


async def _batches(
    connection: AsyncConnection,
    scenarios: tuple[ScenarioUse, ...],
    coupon_scenarios: tuple[tuple[int, float, int, int, int], ...],
    today: date,
    now: datetime,
) -> tuple[CouponBatchSetup, ...]:
    """One batch per operator, coupon scenario and month (the last one still live today)."""
    drafts: list[tuple[int, int, int, datetime, datetime, dict[str, object]]] = []
    for index, *_ in coupon_scenarios:
        scenario = scenarios[index]
        for partner_id in scenario.partners:
            for month in range(COUPON_MONTHS):
                day = today - timedelta(days=YEAR_DAYS - 5 - 30 * month)
                issued = datetime.combine(day, time(9), CITY_TZ).astimezone(UTC)
                expires = issued + timedelta(days=COUPON_LIFETIME_DAYS)
                key = f"seed-coupons-{scenario.code}-{month:02d}"
                row: dict[str, object] = {
                    "partner_id": partner_id,
                    "scenario_id": scenario.id,
                    "idempotency_key": key,
                    "fingerprint": fingerprint(
                        scenario=scenario.code, expires_at=expires.isoformat(), limit=1000
                    ),
                    "expires_at": expires,
                    "issued_at": issued,
                    "issued_count": 0,
                }
                drafts.append((index, partner_id, month, issued, expires, row))
    if not drafts:
        return ()
    await connection.execute(insert(_BATCHES), [d[5] for d in drafts])
    ids = {
        (r.partner_id, r.idempotency_key): r.id
        for r in await connection.execute(
            select(_BATCHES.c.partner_id, _BATCHES.c.idempotency_key, _BATCHES.c.id)
        )
    }
    return tuple(
        CouponBatchSetup(
            id=ids[(partner_id, str(row["idempotency_key"]))],
            scenario=index,
            partner_id=partner_id,
            month=month,
            issued_at=wire_time(issued),
            expires_at=wire_time(expires),
        )
        for index, partner_id, month, issued, expires, row in drafts
    )


async def prepare_grants(
    connection: AsyncConnection, profile: str, today: date, now: datetime
) -> tuple[GrantSetup, dict[str, int]]:
    """Operators, coupon batches and the usage of every scenario; and rows added per table.

    Needs the incentive catalogue in place (``seed_incentive_catalogue``); never commits.
    """
    operators, new_operators = await ensure_operators(connection, now)
    scenarios = await _scenarios(connection, operators)
    by_code = {s.code: i for i, s in enumerate(scenarios)}
    coupon_scenarios = tuple(
        (by_code[code], weight, *COUPON_ORDERS[code])
        for code, weight in COUPON_SCENARIOS
        if code in by_code
    )
    batches = await _batches(connection, scenarios, coupon_scenarios, today, now)
    setup = GrantSetup(
        scenarios=scenarios,
        coupon_scenarios=coupon_scenarios,
        batches=batches,
        active_share=ACTIVE_SHARE.get(profile, ACTIVE_SHARE["demo"]),
    )
    return setup, {"partners": new_operators, "coupon_batches": len(batches)}


async def count_coupons(connection: AsyncConnection, batches: tuple[CouponBatchSetup, ...]) -> None:
    """Set each seeded batch's ``issued_count`` to the coupons loaded into it."""
    coupons = metadata.tables["coupons"]
    number = (
        select(func.count())
        .select_from(coupons)
        .where(coupons.c.batch_id == _BATCHES.c.id)
        .scalar_subquery()
    )
    ids = [batch.id for batch in batches]
    for offset in range(0, len(ids), 500):
        await connection.execute(
            update(_BATCHES)
            .where(_BATCHES.c.id.in_(ids[offset : offset + 500]))
            .values(issued_count=number)
        )


#: The day a grant's wire instant falls on in the city.
def city_day(moment_us: int) -> int:
    """Wire days of the city's calendar day at a wire instant (UTC+8)."""
    return (moment_us + 8 * 3600 * 1_000_000) // US_PER_DAY
