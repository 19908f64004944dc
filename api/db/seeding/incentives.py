"""The incentive catalogue a new platform starts with: 14 categories and 54 scenarios.

domain.md, "Incentive scenarios": 14 categories, 50+ scenarios (credit loans, travel,
shopping, healthcare, ...), each with the lowest integrity colour it admits and the benefit it
gives; "green or above" unlocks most incentives. The pay-after-treatment scenario carries the
deferred-payment limit per colour: BLUE 3000 yuan, GREEN 1500 (lower colours are not admitted),
settled within 15 days. Figures are the platform's defaults; the credit office changes them
through ``saveIncentiveScenario``.

``seed_incentive_catalogue`` runs on an ``AsyncConnection`` (the seed's), inserts only the codes
not yet present and never commits: safe to run on every seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import BenefitKind
from api.domain.scenarios.rules import PAY_AFTER_TREATMENT_SCENARIO

VALID_FROM = date(2026, 1, 1)
VALID_UNTIL = date(2027, 12, 31)

#: (code, English name, Chinese name, description)
CATEGORIES: tuple[tuple[str, str, str, str], ...] = (
    ("credit_loans", "Credit loans", "信易贷", "Personal credit loans on better terms."),
    ("travel", "Travel", "信易行", "Car rental, bike sharing and public transport."),
    ("parking", "Parking", "信易停", "Discounts and free periods at public car parks."),
    ("shopping", "Shopping", "信易购", "Discounts at shops of the commerce districts."),
    ("healthcare", "Healthcare", "信易医", "Pay after treatment and fee waivers at hospitals."),
    ("tourism", "Tourism", "信易游", "Scenic areas, hotels and rural homestays."),
    ("fitness", "Fitness", "信易健", "Sports venues and gyms."),
    ("housing", "Housing", "信易租", "Rental deposits and housing services."),
    ("culture", "Culture", "信易阅", "Libraries, museums and theatres."),
    ("approval", "Fast-track approval", "信易批", "Commitment-based approval, deposits waived."),
    ("employment", "Employment", "信易聘", "Job fairs, training and talent services."),
    ("education", "Education", "信易学", "Continuing education and vocational training."),
    ("rural_life", "Rural life", "信易农", "Village services and civility-point rewards."),
    ("public_services", "Public services", "信易缴", "Utility deposits and public fees."),
)


@dataclass(frozen=True, slots=True)
class SeedScenario:
    """One scenario of the starting catalogue."""

    code: str
    category: str
    name: str
    name_zh: str
    operator_type: str
    kind: BenefitKind
    value: str
    lowest: IntegrityColour = IntegrityColour.GREEN
    cap: str | None = None
    daily_limit: int | None = None
    colour_values: tuple[tuple[IntegrityColour, str], ...] = ()
    settle_within_days: int | None = None
    purpose: Purpose = Purpose.INCENTIVE_ELIGIBILITY
    valid_until: date | None = VALID_UNTIL


_BLUE = IntegrityColour.BLUE
_GREEN = IntegrityColour.GREEN
_PCT = BenefitKind.PERCENT_DISCOUNT
_FIX = BenefitKind.FIXED_AMOUNT
_WAIVE = BenefitKind.FEE_WAIVER
_DEFER = BenefitKind.DEFERRED_PAYMENT
_BANK = "bank"
_HOSPITAL = "hospital"
_MOBILITY = "mobility_operator"
_DISTRICT = "commerce_district"
_OFFICE = "credit_office"
_REGULATOR = "regulator"
_VILLAGE = "village_committee"
_LOAN = Purpose.CREDIT_LOAN
_MOVE = Purpose.MOBILITY_DISCOUNT
_S = SeedScenario

SCENARIOS: tuple[SeedScenario, ...] = (
    # credit loans (信易贷): rate discounts in percent of the interest, capped per loan
    _S(
        "personal-credit-loan",
        "credit_loans",
        "Personal credit loan rate discount",
        "个人信用贷款利率优惠",
        _BANK,
        _PCT,
        "10",
        cap="2000",
        purpose=_LOAN,
        colour_values=((_BLUE, "15"), (_GREEN, "10")),
    ),
    _S(
        "green-consumer-loan",
        "credit_loans",
        "Green consumption loan",
        "绿色消费贷",
        _BANK,
        _PCT,
        "8",
        cap="1500",
        purpose=_LOAN,
    ),
    _S(
        "startup-guarantee-loan",
        "credit_loans",
        "Start-up loan guarantee fee waived",
        "创业担保贷款免担保费",
        _BANK,
        _WAIVE,
        "0",
        cap="3000",
        lowest=_BLUE,
        purpose=_LOAN,
    ),
    _S(
        "farmer-credit-loan",
        "credit_loans",
        "Farmer credit loan rate discount",
        "农户信用贷利率优惠",
        _BANK,
        _PCT,
        "12",
        cap="1000",
        purpose=_LOAN,
    ),
    # travel (信易行)
    _S(
        "car-rental-discount",
        "travel",
        "Car rental discount",
        "信用租车折扣",
        _MOBILITY,
        _PCT,
        "20",
        cap="200",
        daily_limit=1,
        purpose=_MOVE,
        colour_values=((_BLUE, "30"), (_GREEN, "20")),
    ),
    _S(
        "car-rental-deposit-waiver",
        "travel",
        "Car rental deposit waived",
        "租车免押金",
        _MOBILITY,
        _WAIVE,
        "0",
        cap="5000",
        lowest=_BLUE,
        daily_limit=1,
        purpose=_MOVE,
    ),
    _S(
        "bike-sharing-free-ride",
        "travel",
        "Free shared-bike ride",
        "共享单车免费骑行",
        _MOBILITY,
        _FIX,
        "1.50",
        daily_limit=2,
        purpose=_MOVE,
    ),
    _S(
        "bus-fare-discount",
        "travel",
        "Bus fare discount",
        "公交乘车优惠",
        _MOBILITY,
        _PCT,
        "50",
        cap="2",
        daily_limit=4,
        purpose=_MOVE,
    ),
    _S(
        "taxi-ride-coupon",
        "travel",
        "Taxi ride coupon",
        "出租车乘车券",
        _MOBILITY,
        _FIX,
        "5",
        daily_limit=2,
        purpose=_MOVE,
    ),
    _S(
        "ev-charging-discount",
        "travel",
        "EV charging discount",
        "新能源充电优惠",
        _MOBILITY,
        _PCT,
        "15",
        cap="30",
        daily_limit=2,
        purpose=_MOVE,
    ),
    # parking (信易停)
    _S(
        "parking-discount",
        "parking",
        "Public car park discount",
        "公共停车场停车优惠",
        _MOBILITY,
        _PCT,
        "30",
        cap="20",
        daily_limit=2,
        purpose=_MOVE,
        colour_values=((_BLUE, "50"), (_GREEN, "30")),
    ),
    _S(
        "parking-first-hour-free",
        "parking",
        "First hour free",
        "首小时免费停车",
        _MOBILITY,
        _FIX,
        "5",
        daily_limit=1,
        purpose=_MOVE,
    ),
    _S(
        "hospital-parking-free",
        "parking",
        "Hospital car park free for patients",
        "医院停车免费",
        _MOBILITY,
        _FIX,
        "10",
        daily_limit=1,
        purpose=_MOVE,
    ),
    _S(
        "scenic-parking-waiver",
        "parking",
        "Scenic-area parking fee waived",
        "景区停车费减免",
        _MOBILITY,
        _WAIVE,
        "0",
        cap="30",
        daily_limit=1,
        purpose=_MOVE,
    ),
    _S(
        "night-parking-discount",
        "parking",
        "Night parking discount",
        "夜间停车优惠",
        _MOBILITY,
        _PCT,
        "50",
        cap="15",
        daily_limit=1,
        purpose=_MOVE,
    ),
    # shopping (信易购)
    _S(
        "district-shopping-discount",
        "shopping",
        "Commerce district discount",
        "商圈消费折扣",
        _DISTRICT,
        _PCT,
        "5",
        cap="50",
        daily_limit=3,
    ),
    _S(
        "supermarket-voucher",
        "shopping",
        "Supermarket voucher",
        "超市消费券",
        _DISTRICT,
        _FIX,
        "10",
        daily_limit=1,
    ),
    _S(
        "appliance-trade-in",
        "shopping",
        "Appliance trade-in bonus",
        "家电以旧换新补贴",
        _DISTRICT,
        _PCT,
        "10",
        cap="500",
        lowest=_BLUE,
    ),
    _S(
        "restaurant-discount",
        "shopping",
        "Restaurant discount",
        "餐饮消费优惠",
        _DISTRICT,
        _PCT,
        "8",
        cap="40",
        daily_limit=2,
    ),
    _S(
        "pharmacy-discount",
        "shopping",
        "Pharmacy discount",
        "药店购药优惠",
        _DISTRICT,
        _PCT,
        "5",
        cap="20",
        daily_limit=1,
    ),
    _S(
        "installment-free-interest",
        "shopping",
        "Interest-free instalments",
        "分期免息",
        _DISTRICT,
        _WAIVE,
        "0",
        cap="300",
        lowest=_BLUE,
    ),
    # healthcare (信易医)
    _S(
        PAY_AFTER_TREATMENT_SCENARIO,
        "healthcare",
        "Pay after treatment",
        "医后付",
        _HOSPITAL,
        _DEFER,
        "1500",
        settle_within_days=15,
        purpose=Purpose.PAY_AFTER_TREATMENT,
        colour_values=((_BLUE, "3000"), (_GREEN, "1500")),
        valid_until=None,
    ),
    _S(
        "registration-fee-waiver",
        "healthcare",
        "Registration fee waived",
        "挂号费减免",
        _HOSPITAL,
        _WAIVE,
        "0",
        cap="20",
        daily_limit=2,
    ),
    _S(
        "health-check-discount",
        "healthcare",
        "Health check discount",
        "健康体检优惠",
        _HOSPITAL,
        _PCT,
        "15",
        cap="150",
    ),
    _S(
        "elderly-care-discount",
        "healthcare",
        "Home care service discount",
        "居家养老服务优惠",
        _HOSPITAL,
        _PCT,
        "10",
        cap="100",
    ),
    # tourism (信易游)
    _S(
        "scenic-ticket-discount",
        "tourism",
        "Scenic-area ticket discount",
        "景区门票优惠",
        _DISTRICT,
        _PCT,
        "20",
        cap="60",
        daily_limit=2,
        colour_values=((_BLUE, "50"), (_GREEN, "20")),
    ),
    _S(
        "hotel-deposit-waiver",
        "tourism",
        "Hotel deposit waived",
        "酒店免押入住",
        _DISTRICT,
        _WAIVE,
        "0",
        cap="1000",
        daily_limit=1,
    ),
    _S(
        "homestay-discount",
        "tourism",
        "Rural homestay discount",
        "民宿住宿优惠",
        _DISTRICT,
        _PCT,
        "10",
        cap="100",
        daily_limit=1,
    ),
    _S(
        "anji-bamboo-sea-ticket",
        "tourism",
        "Anji bamboo sea free ticket",
        "安吉竹海免票",
        _DISTRICT,
        _FIX,
        "60",
        lowest=_BLUE,
        daily_limit=1,
    ),
    _S(
        "south-taihu-cruise",
        "tourism",
        "South Taihu cruise discount",
        "南太湖游船优惠",
        _DISTRICT,
        _PCT,
        "15",
        cap="30",
        daily_limit=1,
    ),
    # fitness (信易健)
    _S(
        "sports-venue-discount",
        "fitness",
        "Public sports venue discount",
        "公共体育场馆优惠",
        _DISTRICT,
        _PCT,
        "30",
        cap="30",
        daily_limit=1,
    ),
    _S(
        "gym-deposit-waiver",
        "fitness",
        "Gym membership deposit waived",
        "健身房免押金",
        _DISTRICT,
        _WAIVE,
        "0",
        cap="500",
    ),
    _S(
        "swimming-pool-discount",
        "fitness",
        "Swimming pool discount",
        "游泳馆优惠",
        _DISTRICT,
        _FIX,
        "10",
        daily_limit=1,
    ),
    # housing (信易租)
    _S(
        "rental-deposit-waiver",
        "housing",
        "Public rental deposit waived",
        "公租房免押金",
        _OFFICE,
        _WAIVE,
        "0",
        cap="3000",
        lowest=_BLUE,
    ),
    _S(
        "talent-apartment-discount",
        "housing",
        "Talent apartment rent discount",
        "人才公寓租金优惠",
        _OFFICE,
        _PCT,
        "10",
        cap="300",
    ),
    _S(
        "moving-service-voucher",
        "housing",
        "Moving service voucher",
        "搬家服务券",
        _DISTRICT,
        _FIX,
        "50",
    ),
    # culture (信易阅)
    _S(
        "library-deposit-waiver",
        "culture",
        "Library card deposit waived",
        "图书馆免押借书",
        _OFFICE,
        _WAIVE,
        "0",
        cap="200",
    ),
    _S(
        "museum-guide-free",
        "culture",
        "Free museum audio guide",
        "博物馆免费讲解",
        _OFFICE,
        _FIX,
        "20",
        daily_limit=1,
    ),
    _S(
        "theatre-ticket-discount",
        "culture",
        "Theatre ticket discount",
        "剧院购票优惠",
        _DISTRICT,
        _PCT,
        "20",
        cap="80",
        daily_limit=1,
    ),
    # fast-track approval (信易批)
    _S(
        "commitment-approval",
        "approval",
        "Commitment-based fast-track approval",
        "告知承诺制审批",
        _REGULATOR,
        _WAIVE,
        "0",
        cap="1000",
    ),
    _S(
        "bid-deposit-waiver",
        "approval",
        "Bid deposit waived",
        "投标保证金减免",
        _REGULATOR,
        _WAIVE,
        "0",
        cap="50000",
        lowest=_BLUE,
    ),
    _S(
        "inspection-reduced",
        "approval",
        "Fewer routine inspections",
        "减少日常检查",
        _REGULATOR,
        _WAIVE,
        "0",
    ),
    # employment (信易聘)
    _S(
        "job-fair-priority",
        "employment",
        "Job fair priority booth",
        "招聘会优先展位",
        _OFFICE,
        _WAIVE,
        "0",
        cap="500",
    ),
    _S(
        "skills-training-subsidy",
        "employment",
        "Skills training subsidy",
        "技能培训补贴",
        _OFFICE,
        _FIX,
        "300",
    ),
    _S(
        "talent-card-service",
        "employment",
        "Talent card services",
        "人才服务卡",
        _OFFICE,
        _WAIVE,
        "0",
        lowest=_BLUE,
    ),
    # education (信易学)
    _S(
        "adult-education-discount",
        "education",
        "Adult education fee discount",
        "成人教育学费优惠",
        _OFFICE,
        _PCT,
        "10",
        cap="500",
    ),
    _S(
        "vocational-exam-fee-waiver",
        "education",
        "Vocational exam fee waived",
        "职业资格考试费减免",
        _OFFICE,
        _WAIVE,
        "0",
        cap="200",
    ),
    _S(
        "elderly-university-priority",
        "education",
        "Elderly university enrolment",
        "老年大学优先报名",
        _OFFICE,
        _WAIVE,
        "0",
    ),
    # rural life (信易农)
    _S(
        "civility-points-store",
        "rural_life",
        "Civility points store bonus",
        "文明积分超市加赠",
        _VILLAGE,
        _FIX,
        "10",
        daily_limit=1,
    ),
    _S(
        "agricultural-supplies-discount",
        "rural_life",
        "Agricultural supplies discount",
        "农资购买优惠",
        _VILLAGE,
        _PCT,
        "5",
        cap="200",
    ),
    _S(
        "village-bus-free",
        "rural_life",
        "Village bus free ride",
        "村村通公交免费",
        _MOBILITY,
        _FIX,
        "2",
        daily_limit=4,
        purpose=_MOVE,
    ),
    # public services (信易缴)
    _S(
        "utility-deposit-waiver",
        "public_services",
        "Utility connection deposit waived",
        "水电气开户免押金",
        _OFFICE,
        _WAIVE,
        "0",
        cap="1000",
    ),
    _S(
        "broadband-install-free",
        "public_services",
        "Broadband installation free",
        "宽带免费安装",
        _OFFICE,
        _FIX,
        "100",
    ),
    _S(
        "notary-fee-discount",
        "public_services",
        "Notary fee discount",
        "公证费优惠",
        _OFFICE,
        _PCT,
        "20",
        cap="200",
    ),
)

_CATEGORIES = metadata.tables["incentive_categories"]
_SCENARIOS = metadata.tables["incentive_scenarios"]
_COLOUR_VALUES = metadata.tables["incentive_colour_values"]


async def seed_incentive_catalogue(connection: AsyncConnection, now: datetime) -> tuple[int, int]:
    """Insert the categories and scenarios whose codes are not present yet; never commits.

    Returns how many categories and scenarios were new (0, 0 on a second run).
    """
    known = {
        row.code: row.id
        for row in await connection.execute(select(_CATEGORIES.c.code, _CATEGORIES.c.id))
    }
    new_categories = [
        {"code": code, "name": name, "name_zh": name_zh, "description": description}
        for code, name, name_zh, description in CATEGORIES
        if code not in known
    ]
    if new_categories:
        await connection.execute(insert(_CATEGORIES), new_categories)
        known = {
            row.code: row.id
            for row in await connection.execute(select(_CATEGORIES.c.code, _CATEGORIES.c.id))
        }
    present = {row.code for row in await connection.execute(select(_SCENARIOS.c.code))}
    added = 0
    for scenario in SCENARIOS:
        if scenario.code in present:
            continue
        result = await connection.execute(
            insert(_SCENARIOS)
            .values(
                code=scenario.code,
                category_id=known[scenario.category],
                name=scenario.name,
                name_zh=scenario.name_zh,
                description=f"{scenario.name_zh} / {scenario.name}",
                operator_type=scenario.operator_type,
                purpose=scenario.purpose.value,
                lowest_colour=scenario.lowest.value,
                benefit_kind=scenario.kind.value,
                benefit_value=Decimal(scenario.value),
                benefit_cap=Decimal(scenario.cap) if scenario.cap else None,
                daily_limit=scenario.daily_limit,
                settle_within_days=scenario.settle_within_days,
                valid_from=VALID_FROM,
                valid_until=scenario.valid_until,
                active=True,
                created_at=now,
                updated_at=now,
            )
            .returning(_SCENARIOS.c.id)
        )
        scenario_id = result.scalar_one()
        if scenario.colour_values:
            await connection.execute(
                insert(_COLOUR_VALUES),
                [
                    {"scenario_id": scenario_id, "colour": colour.value, "value": Decimal(value)}
                    for colour, value in scenario.colour_values
                ],
            )
        added += 1
    return len(new_categories), added
