"""How the seeded year of incentive use is shaped: who grants it, how often, at what price.

Figures (domain.md): 33k mobility coupons issued and 30k used, saving 156.1k yuan; 50k
beneficiaries and 6M yuan saved overall. The seed draws a year of use around them: about 50k
beneficiaries with a few million grants (most of them small bus, bike and parking discounts,
parking the largest), about 6M yuan. Only GREEN and BLUE persons are admitted to anything (the
catalogue's lowest colours); BLUE-only scenarios get grants only if the seed has BLUE persons.
Pure data: ``grant_setup`` turns it into rows and the generator's ``GrantSetup``.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.seeding.vocabulary import DISTRICT_SHORT, DISTRICT_WEIGHTS

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
