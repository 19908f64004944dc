# ruff: noqa: RUF001 - descriptions are Chinese text with full-width punctuation
"""The exempt-from-penalty list (涉企免罚清单) a new platform starts with: about 20 matters.

Modelled on the lists Zhejiang's departments publish (Huzhou: 140 matters): a first minor
violation, corrected in time and without harm, is guided instead of fined. Each matter names
the department whose penalties it covers; descriptions, conditions and guidance are given in
Chinese and English. A second violation within the window (12 months) is penalised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata

WINDOW_MONTHS = 12
_CONDITIONS = "首次违法，危害后果轻微并及时改正 / First violation, minor harm, corrected in time"


@dataclass(frozen=True, slots=True)
class SeedMatter:
    """One listed matter: code, the department whose penalties it covers, the texts."""

    code: str
    department: str
    description: str
    guidance: str
    conditions: str = _CONDITIONS


M = SeedMatter

MATTERS: tuple[SeedMatter, ...] = (
    M(
        "SJ-001",
        "market_supervision",
        "未按规定公示年度报告 / Annual report not published on time",
        "限期30日内补报并公示年度报告 / Publish the annual report within 30 days",
    ),
    M(
        "SJ-002",
        "market_supervision",
        "未明码标价或标价不规范 / Prices not marked or marked irregularly",
        "当场规范明码标价 / Mark prices clearly on the spot",
    ),
    M(
        "SJ-003",
        "market_supervision",
        "广告中使用绝对化用语且及时改正 / Superlatives in an advertisement, withdrawn at once",
        "删除违规用语并学习《广告法》 / Remove the wording and study the Advertising Law",
    ),
    M(
        "SJ-004",
        "market_supervision",
        "营业执照未悬挂在醒目位置 / Business licence not displayed",
        "立即在经营场所醒目位置悬挂执照 / Display the licence in a prominent place",
    ),
    M(
        "SJ-005",
        "market_supervision",
        "食品经营场所卫生不符合要求，未造成危害 / Food premises untidy, no harm done",
        "24小时内完成清洁整改 / Clean and tidy the premises within 24 hours",
    ),
    M(
        "SW-001",
        "tax",
        "首次未按期办理纳税申报 / First late tax filing",
        "限期补办申报并缴清税款 / File the return and pay the tax within the set period",
    ),
    M(
        "SW-002",
        "tax",
        "未按规定保管发票且及时改正 / Invoices not kept as required, corrected",
        "按规定建立发票保管制度 / Set up invoice keeping as the rules require",
    ),
    M(
        "JT-001",
        "transport",
        "道路运输车辆未随车携带道路运输证 / Transport permit not carried in the vehicle",
        "补带证件并接受安全教育 / Carry the permit and attend a safety briefing",
    ),
    M(
        "WS-001",
        "health",
        "从业人员健康证明过期不超过30日 / Staff health certificate expired under 30 days",
        "限期为从业人员办理健康证明 / Renew the health certificates within the set period",
    ),
    M(
        "ZF-001",
        "law_enforcement",
        "临时占道经营，经劝导立即改正 / Temporary road occupation, moved on request",
        "退回店内经营，签署门前三包承诺 / Trade indoors and sign the frontage pledge",
    ),
    M(
        "ZF-002",
        "law_enforcement",
        "户外广告设置不规范且及时拆除 / Irregular outdoor sign, removed at once",
        "按规定申请设置许可 / Apply for a sign permit as required",
    ),
    M(
        "ZF-003",
        "law_enforcement",
        "首次违规焚烧少量垃圾 / First small-scale burning of waste",
        "学习垃圾分类规定，参与社区清洁 / Learn waste sorting rules, join a clean-up",
    ),
    M(
        "HB-001",
        "ecology_environment",
        "环保设施运行台账不完整 / Environmental facility log incomplete",
        "15日内补齐台账并培训专人 / Complete the log within 15 days, train a keeper",
    ),
    M(
        "HB-002",
        "ecology_environment",
        "危险废物标识不规范，未造成污染 / Hazardous waste labels irregular, no pollution",
        "按标准设置标识 / Label hazardous waste to the standard",
    ),
    M(
        "RS-001",
        "human_resources",
        "未按规定建立职工名册 / Staff register not kept",
        "限期建立职工名册 / Set up the staff register within the set period",
    ),
    M(
        "ZJ-001",
        "housing",
        "施工现场围挡不规范且及时整改 / Site hoarding irregular, corrected",
        "按标准设置施工围挡 / Put up site hoarding to the standard",
    ),
    M(
        "YJ-001",
        "emergency_management",
        "安全生产培训记录不全，未发生事故 / Safety training records incomplete, no accident",
        "补齐培训并建立记录 / Complete the training and keep the records",
    ),
    M(
        "GA-001",
        "public_security",
        "非机动车首次违规停放 / First irregular parking of a non-motor vehicle",
        "现场教育，规范停放 / Education on the spot, park properly",
    ),
    M(
        "SW-003",
        "commerce",
        "单用途预付卡未按规定备案，及时补办 / Prepaid card scheme not filed, filed at once",
        "限期完成备案 / Complete the filing within the set period",
    ),
    M(
        "NY-001",
        "agriculture_rural",
        "农药经营台账记录不全 / Pesticide sales ledger incomplete",
        "补全台账并学习农药管理条例 / Complete the ledger, study the pesticide regulations",
    ),
)

_MATTERS = metadata.tables["exempt_matters"]


async def ensure_exempt_matters(connection: AsyncConnection, now: datetime) -> dict[str, int]:
    """Insert the listed matters not yet present; return every code's id."""
    existing = {r.code for r in await connection.execute(select(_MATTERS.c.code))}
    departments = metadata.tables["departments"]
    department_ids = {
        r.code: r.id for r in await connection.execute(select(departments.c.code, departments.c.id))
    }
    missing = [
        {
            "code": m.code,
            "description": m.description,
            "conditions": m.conditions,
            "guidance": m.guidance,
            "window_months": WINDOW_MONTHS,
            "active": True,
            "created_at": now,
            "department_id": department_ids.get(m.department),
        }
        for m in MATTERS
        if m.code not in existing
    ]
    if missing:
        await connection.execute(insert(_MATTERS), missing)
    result = await connection.execute(select(_MATTERS.c.code, _MATTERS.c.id))
    return {row.code: row.id for row in result}
