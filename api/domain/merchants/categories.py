"""The eleven indicator categories, as data: departments, weight (of 100) and scoring.

domain.md, "Cases the report describes": Dongcheng Times joins the daily supervision of 15
departments into 11 indicator categories. The departments are the codes the platform already
knows (``api/seeding/vocabulary.py``); the weights add up to 100 (a unit test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from api.domain.merchants.model import IndicatorCategory, IndicatorCategoryCode, Measure, Scoring

C = IndicatorCategoryCode

CATEGORIES: tuple[IndicatorCategory, ...] = (
    IndicatorCategory(
        C.PUBLIC_CREDIT,
        "省公共信用评价",
        "Provincial public credit evaluation",
        ("development_reform", "tax", "court", "human_resources"),
        15,
        Scoring(Measure.SCORE, valid_days=366),
    ),
    IndicatorCategory(
        C.COMPLAINTS,
        "投诉举报",
        "Complaints and reports",
        ("market_supervision", "commerce", "public_security"),
        15,
        Scoring(Measure.COUNT, valid_days=92, per_event=Decimal(20)),
    ),
    IndicatorCategory(
        C.INSPECTIONS,
        "监督检查",
        "Inspections",
        ("market_supervision", "law_enforcement", "transport"),
        10,
        Scoring(Measure.SCORE, valid_days=183),
    ),
    IndicatorCategory(
        C.LICENCES,
        "证照许可",
        "Licences and permits",
        ("market_supervision", "health"),
        5,
        Scoring(Measure.OUTCOME, valid_days=366, red_line_below=Decimal(100)),
    ),
    IndicatorCategory(
        C.FOOD_SAFETY,
        "食品安全",
        "Food safety",
        ("market_supervision", "health", "agriculture_rural"),
        12,
        Scoring(Measure.SCORE, valid_days=183, red_line_below=Decimal(60)),
    ),
    IndicatorCategory(
        C.FIRE_SAFETY,
        "消防安全",
        "Fire safety",
        ("emergency_management", "public_security"),
        8,
        Scoring(Measure.OUTCOME, valid_days=183, red_line_below=Decimal(100)),
    ),
    IndicatorCategory(
        C.PRICE_MEASUREMENT,
        "价格计量",
        "Prices and measurement",
        ("market_supervision", "development_reform"),
        8,
        Scoring(Measure.COUNT, valid_days=183, per_event=Decimal(25)),
    ),
    IndicatorCategory(
        C.GARBAGE_SORTING,
        "垃圾分类",
        "Garbage sorting",
        ("housing", "law_enforcement"),
        8,
        Scoring(Measure.SCORE, valid_days=92),
    ),
    IndicatorCategory(
        C.ROAD_OCCUPATION,
        "占道经营",
        "Road occupation",
        ("law_enforcement",),
        7,
        Scoring(Measure.COUNT, valid_days=92, per_event=Decimal(25)),
    ),
    IndicatorCategory(
        C.ENVIRONMENTAL_HEALTH,
        "环境卫生",
        "Environmental health",
        ("health", "ecology_environment", "civilisation_office"),
        7,
        Scoring(Measure.SCORE, valid_days=92),
    ),
    IndicatorCategory(
        C.CONSUMER_SATISFACTION,
        "消费者满意度",
        "Consumer satisfaction",
        ("commerce", "civilisation_office", "market_supervision"),
        5,
        Scoring(Measure.SCORE, valid_days=183),
    ),
)

#: Each category by its code.
BY_CODE: Mapping[IndicatorCategoryCode, IndicatorCategory] = MappingProxyType(
    {category.code: category for category in CATEGORIES}
)

#: Every department that observes at least one category.
DEPARTMENTS: frozenset[str] = frozenset(d for c in CATEGORIES for d in c.departments)
