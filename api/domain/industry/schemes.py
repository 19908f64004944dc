"""The three configured industry schemes (version ``2026.1``), as data.

Green wharves (绿色码头, Deqing: 78 operating wharves), e-commerce live-streaming rooms (直播间,
Anji: 385 monitored, 6 green rooms) and catering shops (餐饮, Anji: 1,550). Each names its
indicators, weights (summing to 100), the departments that feed each indicator, the grade
thresholds and what each grade means for supervision (分级分类监管).
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from api.domain.industry.model import (
    Indicator,
    Industry,
    IndustryGrade,
    Measure,
    Scheme,
    Supervision,
)

VERSION = "2026.1"
_G = IndustryGrade
#: A: 90 and more, B: 75, C: 60, D: below 60 (a red line breached is D whatever the score).
THRESHOLDS = ((_G.A, Decimal(90)), (_G.B, Decimal(75)), (_G.C, Decimal(60)))
#: Graded supervision: the better the grade, the fewer the visits.
SUPERVISION = (
    Supervision(_G.A, 1, "trusted: random spot checks only (双随机 at the lowest ratio)"),
    Supervision(_G.B, 2, "routine supervision: half-yearly inspection"),
    Supervision(_G.C, 4, "key supervision: quarterly inspection and a reminder talk"),
    Supervision(_G.D, 12, "strict supervision: monthly inspection and rectification order"),
    Supervision(None, 4, "not yet evaluated: quarterly baseline inspection"),
)
_INSPECTION = "inspections"


def _inspections(*departments: str, weight: int) -> Indicator:
    """The inspection indicator every scheme has: fed by inspection results."""
    return Indicator(
        _INSPECTION,
        "监督检查",
        "Inspections",
        departments,
        weight,
        Measure.INSPECTION,
        valid_days=366,
        per_event=Decimal(15),
        red_line_below=Decimal(1),
    )


GREEN_WHARF = Scheme(
    Industry.GREEN_WHARF,
    VERSION,
    "绿色码头信用评价",
    "Green wharf credit evaluation",
    (
        Indicator(
            "dust_control",
            "扬尘防控",
            "Dust controls",
            ("ecology_environment", "transport"),
            25,
            Measure.SCORE,
            valid_days=184,
            red_line_below=Decimal(40),
        ),
        Indicator(
            "wastewater_control",
            "污水处理",
            "Wastewater controls",
            ("ecology_environment", "water_resources"),
            25,
            Measure.SCORE,
            valid_days=184,
            red_line_below=Decimal(40),
        ),
        Indicator(
            "permits",
            "经营许可",
            "Port operating permit",
            ("transport",),
            15,
            Measure.OUTCOME,
            valid_days=366,
            red_line_below=Decimal(1),
        ),
        Indicator(
            "pollution_incidents",
            "污染事件",
            "Pollution incidents",
            ("ecology_environment",),
            15,
            Measure.COUNT,
            valid_days=366,
            per_event=Decimal(50),
        ),
        _inspections("transport", "ecology_environment", weight=20),
    ),
    THRESHOLDS,
    _INSPECTION,
    SUPERVISION,
)

LIVE_STREAMING = Scheme(
    Industry.LIVE_STREAMING,
    VERSION,
    "电商直播间信用评价",
    "E-commerce live-streaming room credit evaluation",
    (
        Indicator(
            "product_quality",
            "产品质量抽检",
            "Product quality sampling",
            ("market_regulation",),
            30,
            Measure.SCORE,
            valid_days=184,
            red_line_below=Decimal(40),
        ),
        Indicator(
            "false_advertising",
            "虚假宣传",
            "False advertising cases",
            ("market_regulation", "cyberspace"),
            25,
            Measure.COUNT,
            valid_days=366,
            per_event=Decimal(40),
        ),
        Indicator(
            "complaints",
            "消费投诉",
            "Consumer complaints",
            ("market_regulation", "consumer_association"),
            15,
            Measure.COUNT,
            valid_days=92,
            per_event=Decimal(10),
        ),
        Indicator(
            "certifications",
            "资质认证",
            "Certifications (business licence, host registration)",
            ("market_regulation", "commerce"),
            10,
            Measure.OUTCOME,
            valid_days=366,
            red_line_below=Decimal(1),
        ),
        _inspections("market_regulation", "cyberspace", weight=20),
    ),
    THRESHOLDS,
    _INSPECTION,
    SUPERVISION,
)

CATERING = Scheme(
    Industry.CATERING,
    VERSION,
    "餐饮行业信用评价",
    "Catering credit evaluation",
    (
        Indicator(
            "food_safety",
            "食品安全检查",
            "Food safety inspection score",
            ("market_regulation",),
            35,
            Measure.SCORE,
            valid_days=184,
            red_line_below=Decimal(60),
        ),
        Indicator(
            "licences",
            "食品经营许可",
            "Food business licence",
            ("market_regulation",),
            20,
            Measure.OUTCOME,
            valid_days=366,
            red_line_below=Decimal(1),
        ),
        Indicator(
            "complaints",
            "消费投诉",
            "Consumer complaints",
            ("market_regulation", "consumer_association"),
            20,
            Measure.COUNT,
            valid_days=92,
            per_event=Decimal(10),
        ),
        _inspections("market_regulation", "health", weight=25),
    ),
    THRESHOLDS,
    _INSPECTION,
    SUPERVISION,
)

SCHEMES: tuple[Scheme, ...] = (GREEN_WHARF, LIVE_STREAMING, CATERING)
BY_INDUSTRY = MappingProxyType({scheme.industry: scheme for scheme in SCHEMES})
