"""What the seeded year of incentive use needs before any chunk is drawn.

Run once, in the seed's transaction, after the incentive catalogue: the operators that grant
the benefits (parking companies, the bus group, hospitals, commerce districts, banks, ...: rows
of ``partners`` with contact ``seed`` and without clients, so nobody can sign in as them; the
credit office's desks are DISABLED, see ``_status``), the monthly coupon batches of
the mobility operators, and for every scenario how popular it is and what an order costs. The
result is small and picklable: it travels in the ``Plan`` to the generator processes.

Figures (domain.md): 33k mobility coupons issued and 30k used, saving 156.1k yuan; 50k
beneficiaries and 6M yuan saved overall. The seed draws a year of use around them: about 50k
beneficiaries with a few million grants (most of them small bus, bike and parking discounts,
parking the largest), about 6M yuan. Only GREEN and BLUE persons are admitted to anything (the
catalogue's lowest colours); BLUE-only scenarios get grants only if the seed has BLUE persons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.seeding.batch import US_PER_DAY, wire_time
from api.db.seeding.vocabulary import DISTRICT_SHORT, DISTRICT_WEIGHTS
from api.db.tables import metadata
from api.domain.clock import CITY_TZ
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import BenefitKind
from api.domain.scenarios.rules import fingerprint

_PARTNERS = metadata.tables["partners"]
_SCENARIOS = metadata.tables["incentive_scenarios"]
_VALUES = metadata.tables["incentive_colour_values"]
_BATCHES = metadata.tables["coupon_batches"]

#: Districts in the order per-district partner tuples list them.
DISTRICTS: tuple[str, ...] = tuple(d.value for d, _ in DISTRICT_WEIGHTS)
#: Days of use the seed covers: the 365 city days before ``today``.
YEAR_DAYS = 365
#: Active persons: the share of GREEN or BLUE persons who use any scenario in the year
#: (city: about 50,000 of the 3.26M admitted).
ACTIVE_SHARE = {"city": 0.0154, "demo": 0.06}
#: Coupons an active person receives in the year, on average (city: about 33,000).
COUPONS_PER_ACTIVE = 0.66
#: Share of the issued coupons that are redeemed (30k of 33k).
COUPON_REDEEM_RATE = 30 / 33
#: Coupon batches: one per operator, scenario and month; coupons live 60 days.
COUPON_MONTHS = 12
COUPON_LIFETIME_DAYS = 60
#: Mobility coupon scenarios and their share of the coupons.
COUPON_SCENARIOS: tuple[tuple[str, float], ...] = (
    ("parking-discount", 0.975),
    ("car-rental-discount", 0.025),
)
#: What a coupon order costs (yuan: low, high, step): longer parking stays, rentals.
COUPON_ORDERS: dict[str, tuple[int, int, int]] = {
    "parking-discount": (400, 2200, 100),
    "car-rental-discount": (15000, 90000, 1000),
}
SEED_CONTACT = "seed"


@dataclass(frozen=True, slots=True)
class Usage:
    """How a scenario is used: by which share of active persons, how often, at what price.

    ``share`` is the chance an active person uses it in the year; ``uses`` their mean uses in
    the year; order amounts are log-uniform between ``low`` and ``high`` cents in ``step``s;
    grants fall between ``first_hour`` and ``last_hour`` (city time).
    """

    group: str
    share: float
    uses: float
    low: int
    high: int
    step: int = 100
    first_hour: int = 8
    last_hour: int = 21


def _u(
    group: str,
    share: float,
    uses: float,
    low: float,
    high: float,
    step: float = 1,
    hours: tuple[int, int] = (8, 21),
) -> Usage:
    cents = round(step * 100)
    return Usage(group, share, uses, round(low * 100), round(high * 100), cents, *hours)


#: Scenario code: (operator group, share, uses a year, order low, high, step in yuan, hours).
USAGE: dict[str, Usage] = {
    # travel: mobility operators
    "bus-fare-discount": _u("bus", 0.20, 60, 1, 3, hours=(6, 21)),
    "bike-sharing-free-ride": _u("bike", 0.13, 50, 1.5, 4.5, 0.5, (6, 22)),
    "village-bus-free": _u("bus", 0.06, 45, 2, 6, hours=(6, 19)),
    "taxi-ride-coupon": _u("taxi", 0.0512, 6, 12, 60, hours=(7, 23)),
    "ev-charging-discount": _u("ev", 0.032, 12, 20, 120, 0.5, (7, 23)),
    "car-rental-discount": _u("car_rental", 0.02, 2, 150, 900, 10),
    "car-rental-deposit-waiver": _u("car_rental", 0.032, 1.2, 500, 2000, 100),
    # parking: the largest by uses
    "parking-discount": _u("parking", 0.40, 32, 2, 15, hours=(7, 22)),
    "parking-first-hour-free": _u("parking", 0.064, 14, 3, 20),
    "night-parking-discount": _u("parking", 0.08, 18, 2, 12, hours=(19, 23)),
    "hospital-parking-free": _u("parking", 0.0384, 4, 4, 20, hours=(7, 18)),
    "scenic-parking-waiver": _u("parking", 0.032, 3, 10, 30, hours=(8, 18)),
    # shopping
    "district-shopping-discount": _u("district", 0.0768, 10, 20, 400, 0.1, (9, 21)),
    "supermarket-voucher": _u("district", 0.0512, 6, 30, 300, 0.1, (8, 21)),
    "appliance-trade-in": _u("district", 0.032, 1, 1000, 6000, 10, (9, 20)),
    "restaurant-discount": _u("district", 0.0512, 6, 40, 250, 1, (11, 21)),
    "pharmacy-discount": _u("district", 0.0256, 4, 20, 300, 0.1, (8, 21)),
    "installment-free-interest": _u("district", 0.0192, 1, 50, 300, 1, (9, 20)),
    # healthcare (pay after treatment is seeded through deferred accounts: not here)
    "registration-fee-waiver": _u("hospital", 0.0384, 3, 5, 20, 0.5, (7, 17)),
    "health-check-discount": _u("hospital", 0.0128, 1, 200, 1500, 10, (7, 12)),
    "elderly-care-discount": _u("hospital", 0.0064, 6, 50, 300, 1),
    # tourism
    "scenic-ticket-discount": _u("district", 0.0384, 2, 40, 200, 1, (8, 17)),
    "hotel-deposit-waiver": _u("district", 0.0032, 1.2, 200, 800, 100, (12, 22)),
    "homestay-discount": _u("district", 0.0192, 1.5, 200, 1200, 10, (12, 22)),
    "anji-bamboo-sea-ticket": _u("district", 0.0192, 1, 60, 120, 10, (8, 16)),
    "south-taihu-cruise": _u("district", 0.0128, 1, 60, 200, 10, (9, 17)),
    # fitness
    "sports-venue-discount": _u("district", 0.032, 10, 10, 60, 1, (6, 21)),
    "gym-deposit-waiver": _u("district", 0.0064, 1, 100, 500, 100),
    "swimming-pool-discount": _u("district", 0.0256, 8, 15, 60, 1, (6, 21)),
    # housing
    "rental-deposit-waiver": _u("office", 0.0064, 1, 1000, 3000, 100, (9, 17)),
    "talent-apartment-discount": _u("office", 0.0006, 10, 800, 3000, 50, (9, 17)),
    "moving-service-voucher": _u("district", 0.0032, 1, 100, 600, 10),
    # culture
    "library-deposit-waiver": _u("office", 0.0096, 1, 100, 200, 100, (9, 20)),
    "museum-guide-free": _u("office", 0.0192, 2, 20, 40, 10, (9, 17)),
    "theatre-ticket-discount": _u("district", 0.0128, 2, 80, 600, 10, (14, 21)),
    # fast-track approval
    "commitment-approval": _u("regulator", 0.0019, 1, 200, 2000, 100, (9, 17)),
    "bid-deposit-waiver": _u("regulator", 0.0013, 1, 5000, 50000, 1000, (9, 17)),
    # employment
    "job-fair-priority": _u("office", 0.0026, 1, 100, 500, 50, (9, 17)),
    "skills-training-subsidy": _u("office", 0.0051, 1, 500, 3000, 100, (9, 17)),
    "talent-card-service": _u("office", 0.0064, 2, 50, 300, 10, (9, 17)),
    # education
    "adult-education-discount": _u("office", 0.0032, 1, 2000, 8000, 100, (9, 17)),
    "vocational-exam-fee-waiver": _u("office", 0.0064, 1, 50, 400, 10, (9, 17)),
    "elderly-university-priority": _u("office", 0.0051, 1, 100, 600, 50, (9, 17)),
    # rural life
    "civility-points-store": _u("village", 0.032, 8, 20, 100, 1, (8, 18)),
    "agricultural-supplies-discount": _u("village", 0.0128, 3, 200, 3000, 10, (7, 18)),
    # public services
    "utility-deposit-waiver": _u("office", 0.0032, 1, 100, 1000, 100, (9, 17)),
    "broadband-install-free": _u("office", 0.0064, 1, 100, 300, 10, (9, 20)),
    "notary-fee-discount": _u("office", 0.0032, 1, 100, 800, 10, (9, 17)),
    # credit loans: the order is the year's interest
    "personal-credit-loan": _u("bank", 0.0064, 1, 500, 6000, 1, (9, 17)),
    "green-consumer-loan": _u("bank", 0.0032, 1, 500, 5000, 1, (9, 17)),
    "farmer-credit-loan": _u("bank", 0.0051, 1, 500, 4000, 1, (9, 17)),
    "startup-guarantee-loan": _u("bank", 0.0019, 1, 1000, 3000, 1, (9, 17)),
}
#: Scenarios with no seeded use: pay after treatment (deferred accounts), the inspections
#: waiver (enterprises'), any the credit office added later.


def _per_district(suffix: str) -> tuple[str, ...]:
    return tuple(f"{DISTRICT_SHORT[d]}{suffix}" for d, _ in DISTRICT_WEIGHTS)


#: The operators: group, partner type, names (five names: one per district, in DISTRICTS order).
OPERATORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("parking", "mobility_operator", _per_district("城市停车")),
    ("bus", "mobility_operator", ("湖州公交集团",)),
    ("bike", "mobility_operator", ("湖州公共自行车",)),
    ("taxi", "mobility_operator", ("湖州出租汽车服务",)),
    ("ev", "mobility_operator", ("湖州新能源充电",)),
    ("car_rental", "mobility_operator", ("湖州信用租车",)),
    ("hospital", "hospital", _per_district("人民医院")),
    ("district", "commerce_district", _per_district("商圈")),
    ("bank", "bank", ("湖州银行", "浙江农商银行湖州分行")),
    ("office", "credit_office", ("湖州市信用办",)),
    ("regulator", "regulator", ("湖州市市场监督管理局",)),
    ("village", "village_committee", _per_district("村委会")),
)


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
