# ruff: noqa: RUF001 - names and commitments are Chinese text with full-width punctuation
"""The catalogue of approval matters decided on a commitment (信易批): a realistic subset.

The city lists 2,400+ matters under the notification-and-commitment system (告知承诺制); a
new platform starts with these 14, across seven departments. Each names the subject kinds it
accepts, the commitment signed, what the fast track waives, the statutory and fast-track
days, and how many days later the department verifies that the commitment was kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata

_MATTERS = metadata.tables["approval_matters"]
E, P = "enterprise,merchant", "person"


@dataclass(frozen=True, slots=True)
class SeedApprovalMatter:
    """One matter: code, name, department, subject kinds, commitment, waived, days."""

    code: str
    name: str
    department: str
    kinds: str
    commitment: str
    waived: tuple[str, ...]
    standard_days: int
    fast_track_days: int
    verify_within_days: int


A = SeedApprovalMatter
_PROMISE = "本人/本单位承诺所填信息真实、符合条件，如有不实自愿承担失信责任"

APPROVAL_MATTERS: tuple[SeedApprovalMatter, ...] = (
    A("SJ-XK-001", "食品经营许可（仅销售预包装食品）", "market_supervision", E,
      _PROMISE + "，并在30日内具备经营场所条件", ("现场核查", "场所证明材料"), 20, 1, 30),
    A("SJ-XK-002", "小餐饮经营许可", "market_supervision", E,
      _PROMISE + "，后厨布局符合食品安全要求", ("现场核查",), 15, 1, 30),
    A("SJ-DJ-003", "企业住所（经营场所）登记", "market_supervision", E,
      _PROMISE + "，住所真实可用", ("住所使用证明",), 5, 0, 60),
    A("ZJ-XK-001", "建筑工程施工许可", "housing", "enterprise",
      _PROMISE + "，开工前落实安全生产条件", ("施工图审查合格书（容缺后补）",), 14, 3, 90),
    A("ZJ-ZZ-002", "建筑业企业资质（三级）核准", "housing", "enterprise",
      _PROMISE + "，人员与业绩真实", ("技术负责人业绩证明",), 20, 5, 90),
    A("JT-XK-001", "道路普通货物运输经营许可", "transport", "enterprise",
      _PROMISE + "，车辆与驾驶员符合规定", ("车辆技术等级证明",), 20, 1, 60),
    A("JT-XK-002", "出租汽车驾驶员从业资格注册", "transport", P,
      _PROMISE + "，无从业禁止情形", ("无犯罪记录证明",), 10, 1, 30),
    A("WJ-XK-001", "公共场所卫生许可", "health", E,
      _PROMISE + "，卫生设施符合规范", ("现场卫生学评价",), 20, 1, 30),
    A("WJ-XK-002", "医师执业注册（变更执业地点）", "health", P,
      _PROMISE + "，执业机构同意接收", ("拟执业机构证明",), 20, 3, 30),
    A("SH-XK-001", "建设项目环境影响报告表审批", "ecology_environment", "enterprise",
      _PROMISE + "，落实环评提出的污染防治措施", ("专家评审会（容缺）",), 30, 7, 90),
    A("SH-XK-002", "排污许可证（登记管理）", "ecology_environment", E,
      _PROMISE + "，按证排污", ("监测报告（容缺后补）",), 20, 1, 60),
    A("RS-XK-001", "劳务派遣经营许可", "human_resources", "enterprise",
      _PROMISE + "，注册资本实缴到位", ("验资报告",), 20, 5, 60),
    A("RS-BT-002", "职业技能提升补贴申领", "human_resources", P,
      _PROMISE + "，证书真实有效", ("职业资格证书原件核验",), 15, 1, 30),
    A("ZF-XK-001", "城市建筑垃圾处置核准", "law_enforcement", "enterprise",
      _PROMISE + "，按核准路线与时间运输", ("现场踏勘",), 20, 3, 60),
)  # fmt: skip


async def ensure_approval_matters(connection: AsyncConnection) -> dict[str, int]:
    """Insert the catalogue's matters not yet present; return every code's id."""
    existing = {r.code for r in await connection.execute(select(_MATTERS.c.code))}
    missing = [
        {
            "code": m.code,
            "name": m.name,
            "department_code": m.department,
            "subject_kinds": m.kinds,
            "commitment": m.commitment,
            "waived": json.dumps(list(m.waived), ensure_ascii=False),
            "standard_days": m.standard_days,
            "fast_track_days": m.fast_track_days,
            "verify_within_days": m.verify_within_days,
        }
        for m in APPROVAL_MATTERS
        if m.code not in existing
    ]
    if missing:
        await connection.execute(insert(_MATTERS), missing)
    result = await connection.execute(select(_MATTERS.c.code, _MATTERS.c.id))
    return {row.code: row.id for row in result}
