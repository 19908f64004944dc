# ruff: noqa: RUF001 - summaries are Chinese text with full-width punctuation
"""What departments report about each kind of subject: category, department, weight, summaries.

A summary may hold ``{n}``, filled with a number drawn from the template's range (a fine in
yuan, a bill, a count of points).
"""

from __future__ import annotations

from dataclasses import dataclass

from api.domain.records.model import RecordCategory as Cat
from api.domain.records.model import Severity
from api.domain.subjects.model import SubjectKind


@dataclass(frozen=True, slots=True)
class RecordTemplate:
    """One kind of fact a department reports, with how often it occurs."""

    category: Cat
    department: str
    weight: float
    summaries: tuple[str, ...]
    number_range: tuple[int, int] = (0, 0)


#: Severity shares of each negative category: minor, general, serious.
SEVERITY_WEIGHTS: dict[Cat, tuple[tuple[Severity, float], ...]] = {
    Cat.PENALTY: ((Severity.MINOR, 0.45), (Severity.GENERAL, 0.45), (Severity.SERIOUS, 0.10)),
    Cat.COMMITMENT_BROKEN: (
        (Severity.MINOR, 0.40),
        (Severity.GENERAL, 0.50),
        (Severity.SERIOUS, 0.10),
    ),
    Cat.ENFORCEMENT: ((Severity.GENERAL, 0.60), (Severity.SERIOUS, 0.40)),
    Cat.DISHONESTY_LIST: ((Severity.GENERAL, 0.20), (Severity.SERIOUS, 0.80)),
    Cat.CRIMINAL_RECORD: ((Severity.GENERAL, 0.30), (Severity.SERIOUS, 0.70)),
}

T = RecordTemplate

_PERSON = (
    T(Cat.SCENARIO_EVENT, "health", 22, ("医后付就诊，诊后账单{n}元已按期结清",), (80, 3000)),
    T(Cat.SCENARIO_EVENT, "transport", 14, ("使用信易行停车优惠，节省停车费{n}元",), (2, 30)),
    T(Cat.COMMITMENT, "development_reform", 12, ("签署个人信用承诺书（信易批）",)),
    T(Cat.COMMITMENT_KEPT, "development_reform", 10, ("按期履行信用承诺事项",)),
    T(
        Cat.HONOUR,
        "civilisation_office",
        8,
        ("获评“最美志愿者”", "无偿献血{n}次获表彰", "获评见义勇为先进个人"),
        (2, 30),
    ),
    T(
        Cat.VOLUNTARY_SERVICE,
        "civilisation_office",
        8,
        ("参加社区志愿服务{n}小时", "参与“五水共治”志愿巡河{n}次"),
        (2, 120),
    ),
    T(Cat.LICENCE, "transport", 5, ("取得网络预约出租汽车驾驶员证",)),
    T(Cat.LICENCE, "health", 3, ("取得执业医师资格注册",)),
    T(Cat.COMMITMENT_BROKEN, "health", 6, ("医后付账单逾期{n}天未结清",), (15, 120)),
    T(
        Cat.PENALTY,
        "public_security",
        12,
        ("机动车违法停放，罚款{n}元", "驾驶机动车闯红灯，罚款{n}元"),
        (50, 200),
    ),
    T(Cat.PENALTY, "law_enforcement", 3, ("违规焚烧垃圾，罚款{n}元",), (50, 500)),
    T(Cat.ENFORCEMENT, "court", 3, ("未履行生效判决，被强制执行{n}元",), (2_000, 300_000)),
    T(Cat.DISHONESTY_LIST, "court", 2, ("被列入失信被执行人名单",)),
    T(Cat.CRIMINAL_RECORD, "court", 0.6, ("因危险驾驶罪被判处拘役", "因诈骗罪被判处有期徒刑")),
)

_ENTERPRISE = (
    T(
        Cat.LICENCE,
        "market_supervision",
        16,
        ("取得食品经营许可证", "办理营业执照变更登记", "取得工业产品生产许可证"),
    ),
    T(Cat.LICENCE, "ecology_environment", 6, ("取得排污许可证", "完成环境影响评价审批")),
    T(Cat.LICENCE, "housing", 4, ("取得建筑业企业资质证书", "取得施工许可证")),
    T(Cat.LICENCE, "transport", 3, ("取得道路运输经营许可证",)),
    T(Cat.LICENCE, "human_resources", 1, ("取得劳务派遣经营许可证",)),
    T(Cat.COMMITMENT, "development_reform", 10, ("签署信用承诺书（告知承诺制审批）",)),
    T(Cat.COMMITMENT_KEPT, "development_reform", 9, ("按承诺期限补齐审批材料",)),
    T(
        Cat.HONOUR,
        "market_supervision",
        5,
        ("获评“守合同重信用”企业", "获评浙江省AAA级信用企业"),
    ),
    T(Cat.HONOUR, "ecology_environment", 2, ("获评湖州市绿色工厂", "获评环境信用绿牌企业")),
    T(Cat.HONOUR, "human_resources", 2, ("获评劳动保障守法诚信企业",)),
    T(
        Cat.VOLUNTARY_SERVICE,
        "civilisation_office",
        2,
        ("组织员工参加公益志愿服务{n}小时",),
        (20, 500),
    ),
    T(Cat.SCENARIO_EVENT, "tax", 6, ("以纳税信用获得绿税贷授信{n}万元",), (20, 1_000)),
    T(Cat.SCENARIO_EVENT, "human_resources", 4, ("按期足额缴纳社会保险费",)),
    T(Cat.COMMITMENT_BROKEN, "development_reform", 3, ("未按承诺期限补齐审批材料",)),
    T(
        Cat.PENALTY,
        "market_supervision",
        7,
        ("销售不合格产品，罚款{n}元", "虚假宣传，罚款{n}元", "未按规定公示年度报告，罚款{n}元"),
        (1_000, 200_000),
    ),
    T(
        Cat.PENALTY,
        "ecology_environment",
        4,
        ("超标排放大气污染物，罚款{n}元", "未按规定贮存危险废物，罚款{n}元"),
        (10_000, 500_000),
    ),
    T(Cat.PENALTY, "tax", 4, ("未按期申报纳税，罚款{n}元",), (200, 10_000)),
    T(
        Cat.PENALTY,
        "emergency_management",
        2,
        ("安全生产隐患未按期整改，罚款{n}元",),
        (5_000, 100_000),
    ),
    T(Cat.PENALTY, "human_resources", 1, ("拖欠劳动者工资，责令限期支付",)),
    T(Cat.PENALTY, "housing", 1, ("未取得施工许可擅自施工，罚款{n}元",), (10_000, 300_000)),
    T(Cat.ENFORCEMENT, "court", 2, ("未履行生效判决，被强制执行{n}元",), (10_000, 5_000_000)),
    T(Cat.DISHONESTY_LIST, "court", 1, ("被列入失信被执行人名单",)),
    T(Cat.DISHONESTY_LIST, "tax", 0.5, ("被列入重大税收违法失信主体名单",)),
    T(
        Cat.CRIMINAL_RECORD,
        "court",
        0.3,
        ("单位犯罪：因污染环境罪被判处罚金{n}元",),
        (100_000, 2_000_000),
    ),
)

_MERCHANT = (
    T(Cat.LICENCE, "market_supervision", 14, ("取得食品经营许可证", "办理个体工商户登记变更")),
    T(Cat.HONOUR, "commerce", 8, ("获评“诚信示范商户”", "获评星级文明商铺")),
    T(
        Cat.SCENARIO_EVENT,
        "commerce",
        22,
        ("消费者投诉已及时处理办结", "垃圾分类检查合格", "明码标价检查合格"),
    ),
    T(Cat.SCENARIO_EVENT, "law_enforcement", 8, ("门前三包检查合格",)),
    T(Cat.COMMITMENT, "commerce", 8, ("签署诚信经营承诺书",)),
    T(Cat.COMMITMENT_KEPT, "commerce", 6, ("履行七日无理由退货承诺",)),
    T(Cat.VOLUNTARY_SERVICE, "commerce", 3, ("参加商圈“红色商铺”志愿服务活动",)),
    T(Cat.COMMITMENT_BROKEN, "commerce", 3, ("未履行无理由退货承诺，被消费者投诉",)),
    T(Cat.PENALTY, "law_enforcement", 10, ("占道经营，责令改正并罚款{n}元",), (50, 2_000)),
    T(
        Cat.PENALTY,
        "market_supervision",
        6,
        ("销售过期食品，罚款{n}元", "未明码标价，罚款{n}元"),
        (500, 20_000),
    ),
    T(Cat.PENALTY, "health", 2, ("从业人员未取得健康证明，罚款{n}元",), (200, 2_000)),
)

_HOUSEHOLD = (
    T(
        Cat.HONOUR,
        "agriculture_rural",
        18,
        ("获评年度“文明示范户”", "获评“美丽庭院”示范户", "获评“最美家庭”"),
    ),
    T(
        Cat.SCENARIO_EVENT,
        "agriculture_rural",
        40,
        ("参与村级环境整治，获得文明积分{n}分", "垃圾分类入户检查优秀，获得积分{n}分"),
        (1, 20),
    ),
    T(Cat.COMMITMENT, "agriculture_rural", 10, ("签署文明诚信户承诺书",)),
    T(Cat.COMMITMENT_KEPT, "agriculture_rural", 8, ("履行村规民约承诺",)),
    T(
        Cat.VOLUNTARY_SERVICE,
        "agriculture_rural",
        10,
        ("参加村级志愿服务，获得文明积分{n}分",),
        (1, 10),
    ),
    T(Cat.COMMITMENT_BROKEN, "agriculture_rural", 4, ("违反村规民约，扣减文明积分{n}分",), (2, 20)),
    T(Cat.PENALTY, "law_enforcement", 3, ("违法搭建，责令限期拆除",)),
)

TEMPLATES: dict[SubjectKind, tuple[RecordTemplate, ...]] = {
    SubjectKind.PERSON: _PERSON,
    SubjectKind.ENTERPRISE: _ENTERPRISE,
    SubjectKind.MERCHANT: _MERCHANT,
    SubjectKind.HOUSEHOLD: _HOUSEHOLD,
}
