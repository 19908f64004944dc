"""Industry subjects and their observations: green wharves of Deqing, live-streaming rooms of
Anji and catering shops of the five districts, so that every grade appears.

domain.md, "Industry credit evaluations": Deqing runs 78 wharves under green-wharf credit
rules; Anji monitors 385 live-streaming rooms (6 of them green rooms) and 1,550 catering shops.
The city profile holds those counts (times its scale); the demo a few dozen named ones. Each
subject draws a standing and gets one current observation of every indicator its scheme has,
by one of the indicator's departments, and zero to two inspection results in the last year.
The subjects are run, in turn, by the first 40 seeded enterprises (their own view).
Deterministic for a given seed and day.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.domain.industry import rules
from api.domain.industry.model import Indicator, Industry, Measure, Scheme
from api.domain.industry.schemes import BY_INDUSTRY
from api.domain.subjects.model import District

_SUBJECTS = metadata.tables["industry_subjects"]
_OBSERVATIONS = metadata.tables["industry_observations"]
_ENTERPRISES = metadata.tables["enterprises"]
#: Subjects are run by the first this-many seeded enterprises, in turn (the own view).
OPERATORS = 40
#: The city's subjects per industry (the report's figures).
CITY_COUNTS = {Industry.GREEN_WHARF: 78, Industry.LIVE_STREAMING: 385, Industry.CATERING: 1_550}
#: The demo's subjects per industry.
DEMO_COUNTS = {Industry.GREEN_WHARF: 12, Industry.LIVE_STREAMING: 24, Industry.CATERING: 30}
#: Anji's green live-streaming rooms: the first rooms are of good standing.
GREEN_ROOMS = 6
#: A standing: its share, its score range, its events, its chance of a breached permit.
STANDINGS: tuple[tuple[str, float, tuple[int, int], int, float], ...] = (
    ("good", 0.45, (90, 99), 0, 0.0),
    ("fair", 0.30, (74, 88), 1, 0.0),
    ("poor", 0.15, (58, 72), 1, 0.0),
    ("failing", 0.10, (30, 55), 3, 0.5),
)
#: Towns whose wharves are named (德清县: 78 operating wharves along the canals).
WHARF_TOWNS = ("洛舍镇", "新市镇", "钟管镇", "禹越镇", "乾元镇", "雷甸镇", "武康街道", "阜溪街道")
WHARF_NAMES = ("东衡", "砂村", "青云", "干山", "蠡山", "三墩", "塘泾", "高桥", "杨墩", "新安")
#: Anji's towns and what their live-streaming rooms sell (白茶, 竹制品, 椅业).
ROOM_TOWNS = ("递铺街道", "昌硕街道", "灵峰街道", "孝丰镇", "天子湖镇", "溪龙乡", "杭垓镇")
ROOM_GOODS = ("白茶", "竹制品", "转椅", "竹笋", "茶具", "竹凉席", "山货")
#: The streets of the five districts where catering shops are.
CATERING_STREETS: tuple[tuple[str, District], ...] = (
    ("吴兴区衣裳街", District.WUXING),
    ("吴兴区小西街", District.WUXING),
    ("南浔区南浔古镇", District.NANXUN),
    ("南浔区双林镇", District.NANXUN),
    ("德清县武康老街", District.DEQING),
    ("德清县莫干山镇", District.DEQING),
    ("长兴县水口乡", District.CHANGXING),
    ("长兴县太湖街道", District.CHANGXING),
    ("安吉县递铺街道", District.ANJI),
    ("安吉县天荒坪镇", District.ANJI),
)
CATERING_KINDS = ("面馆", "农家乐", "小吃店", "茶楼", "酒家", "馄饨店", "湖鲜馆", "快餐店")
_PAGE = 2_000


def subject_name(industry: Industry, number: int) -> tuple[str, District]:
    """The name and district of the ``number``-th subject of an industry (from 0)."""
    if industry is Industry.GREEN_WHARF:
        town = WHARF_TOWNS[number % len(WHARF_TOWNS)]
        place = WHARF_NAMES[(number // len(WHARF_TOWNS)) % len(WHARF_NAMES)]
        return f"德清县{town}{place}{number + 1}号码头", District.DEQING
    if industry is Industry.LIVE_STREAMING:
        town = ROOM_TOWNS[number % len(ROOM_TOWNS)]
        goods = ROOM_GOODS[(number // len(ROOM_TOWNS)) % len(ROOM_GOODS)]
        return f"安吉县{town}{goods}直播间{number + 1:03d}", District.ANJI
    street, district = CATERING_STREETS[number % len(CATERING_STREETS)]
    kind = CATERING_KINDS[(number // len(CATERING_STREETS)) % len(CATERING_KINDS)]
    return f"{street}{kind}{number + 1:04d}", district


def subject_code(industry: Industry, number: int) -> str:
    """The registration code of the ``number``-th subject of an industry."""
    prefix = {Industry.GREEN_WHARF: "DQ-WHARF", Industry.LIVE_STREAMING: "AJ-LIVE"}
    return f"{prefix.get(industry, 'HZ-FOOD')}-{number + 1:04d}"


def _value(indicator: Indicator, standing: str, rng: random.Random) -> Decimal:
    """A current value of ``indicator`` for a subject of this standing."""
    _, _, (low, high), events, breach = next(s for s in STANDINGS if s[0] == standing)
    if indicator.measure is Measure.SCORE:
        return Decimal(rng.randint(low * 10, high * 10)) / 10
    if indicator.measure is Measure.OUTCOME:
        return Decimal(0 if rng.random() < breach else 1)
    return Decimal(rng.randint(0, events))


def _row(
    subject_id: int,
    indicator: Indicator,
    value: Decimal,
    day: date,
    rng: random.Random,
    now: datetime,
    ordinal: int = 0,
) -> dict[str, Any]:
    # Two inspections of a subject may fall on one day: the ordinal keeps their keys apart.
    key = f"seed-industry-{subject_id}-{indicator.code}-{day.isoformat()}-{ordinal}"
    return {
        "subject_id": subject_id,
        "indicator": indicator.code,
        "department": rng.choice(indicator.departments),
        "value": value,
        "observed_on": day,
        "note": None,
        "recorded_by": None,
        "recorded_at": now,
        "key_scope": "platform",
        "idempotency_key": key,
        "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
    }


def observations_of(
    scheme: Scheme, subject_id: int, standing: str, rng: random.Random, today: date, now: datetime
) -> list[dict[str, Any]]:
    """Every seeded observation of one subject: each indicator once, inspections 0 to 2."""
    rows = []
    for indicator in scheme.indicators:
        if indicator.measure is Measure.INSPECTION:
            for ordinal in range(rng.randint(0, 2)):
                passed = standing != "failing" or rng.random() < 0.5
                findings = rng.randint(0, 1 if standing == "good" else 4)
                value = rules.inspection_value(indicator, passed, findings)
                day = today - timedelta(days=rng.randint(1, 330))
                rows.append(_row(subject_id, indicator, value, day, rng, now, ordinal))
            continue
        age = rng.randint(1, min(60, indicator.valid_days - 1))
        value = _value(indicator, standing, rng)
        rows.append(_row(subject_id, indicator, value, today - timedelta(days=age), rng, now))
    return rows


def counts_for(profile: str, scale: float) -> dict[Industry, int]:
    """Subjects per industry of a profile (``city``: the report's figures times ``scale``)."""
    if profile != "city":
        return dict(DEMO_COUNTS)
    return {industry: max(3, round(n * scale)) for industry, n in CITY_COUNTS.items()}


async def seed_industry(
    connection: AsyncConnection,
    *,
    profile: str,
    scale: float,
    seed: int,
    today: date,
    now: datetime,
) -> dict[str, int]:
    """Insert the subjects of each industry and their observations; return the counts."""
    sizes = counts_for(profile, scale)
    enterprises = _ENTERPRISES.c.subject_id
    runners = list(
        (
            await connection.execute(select(enterprises).order_by(enterprises).limit(OPERATORS))
        ).scalars()
    )
    await connection.execute(
        insert(_SUBJECTS),
        [
            {
                "industry": industry.value,
                "code": subject_code(industry, n),
                "name": subject_name(industry, n)[0],
                "district": subject_name(industry, n)[1].value,
                "enterprise_id": runners[n % len(runners)] if runners else None,
            }
            for industry, count in sizes.items()
            for n in range(count)
        ],
    )
    subjects = (
        await connection.execute(
            select(_SUBJECTS.c.id, _SUBJECTS.c.industry, _SUBJECTS.c.code).order_by(_SUBJECTS.c.id)
        )
    ).all()
    rows: list[dict[str, Any]] = []
    total = 0
    for subject_id, industry, code in subjects:
        rng = random.Random(f"industry/{seed}/{code}")  # noqa: S311 - synthetic data, not secrets
        number = int(code.rsplit("-", 1)[1]) - 1
        green = industry == Industry.LIVE_STREAMING.value and number < GREEN_ROOMS
        standing = (
            "good"
            if green
            else rng.choices([s[0] for s in STANDINGS], [s[1] for s in STANDINGS])[0]
        )
        scheme = BY_INDUSTRY[Industry(industry)]
        rows += observations_of(scheme, subject_id, standing, rng, today, now)
        if len(rows) >= _PAGE:
            await connection.execute(insert(_OBSERVATIONS), rows)
            total, rows = total + len(rows), []
    if rows:
        await connection.execute(insert(_OBSERVATIONS), rows)
        total += len(rows)
    return {"industry_subjects": len(subjects), "industry_observations": total}
