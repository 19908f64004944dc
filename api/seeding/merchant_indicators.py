"""Indicator observations of every seeded merchant, so that every colour appears.

domain.md, "Cases the report describes": Dongcheng Times counts 11 indicator categories from
15 departments, and complaints fell by 56% once the four-colour code was in place. Each
merchant draws a standing (mostly good, some poor) and gets one current observation of every
category by one of its departments, plus a complaint count for each of the last 24 months; the
months before the last twelve hold about 1/0.44 times as many complaints, so a district's
statistics show the fall. Deterministic for a given seed and day.
"""

from __future__ import annotations

import hashlib
import math
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.domain.merchants.categories import CATEGORIES
from api.domain.merchants.model import IndicatorCategory, IndicatorCategoryCode, Measure
from api.domain.merchants.rules import first_of_month, months_back

_OBSERVATIONS = metadata.tables["merchant_indicator_observations"]
_MERCHANTS = metadata.tables["merchants"]
#: Standing of a merchant: its share of merchants, its score range and its events per month.
STANDINGS: tuple[tuple[str, float, tuple[int, int], float], ...] = (
    ("good", 0.50, (88, 99), 0.1),
    ("fair", 0.25, (65, 78), 0.4),
    ("poor", 0.15, (50, 65), 0.9),
    ("failing", 0.10, (30, 55), 1.6),
)
#: Complaints after the code came in, as a share of those before (down 56%).
AFTER_SHARE = 0.44
MONTHS = 24
_PAGE = 2_000


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _value(category: IndicatorCategory, standing: str, rng: random.Random) -> Decimal:
    """A current value of ``category`` for a merchant of this standing."""
    low, high = next(s[2] for s in STANDINGS if s[0] == standing)
    measure = category.scoring.measure
    if measure is Measure.SCORE:
        if category.code is IndicatorCategoryCode.FOOD_SAFETY and standing != "failing":
            low = max(low, 60)  # only failing merchants breach the food-safety red line
        return Decimal(rng.randint(low * 10, high * 10)) / 10
    if measure is Measure.OUTCOME:
        breach = standing == "failing" and rng.random() < 0.5
        return Decimal(0 if breach else 1)
    return Decimal({"good": 0, "fair": rng.randint(0, 1), "poor": 1}.get(standing, 2))


def _row(
    merchant_id: int,
    category: IndicatorCategory,
    value: Decimal,
    day: date,
    rng: random.Random,
    now: datetime,
) -> dict[str, Any]:
    key = f"seed-{merchant_id}-{category.code.value}-{day.isoformat()}"
    return {
        "merchant_id": merchant_id,
        "category": category.code.value,
        "department": rng.choice(category.departments),
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
    merchant_id: int, rng: random.Random, today: date, now: datetime
) -> list[dict[str, Any]]:
    """Every seeded observation of one merchant."""
    standing = rng.choices([s[0] for s in STANDINGS], [s[1] for s in STANDINGS])[0]
    rows = []
    complaints = next(c for c in CATEGORIES if c.code is IndicatorCategoryCode.COMPLAINTS)
    for category in CATEGORIES:
        if category is complaints:
            continue
        age = rng.randint(1, min(60, category.scoring.valid_days - 1))
        value = _value(category, standing, rng)
        rows.append(_row(merchant_id, category, value, today - timedelta(days=age), rng, now))
    mean = next(s[3] for s in STANDINGS if s[0] == standing)
    this_month = first_of_month(today)
    for back in range(MONTHS - 1, -1, -1):
        month = months_back(this_month, back)
        day = min(month + timedelta(days=rng.randint(0, 27)), today - timedelta(days=1))
        if back == 0:
            count = {"good": 0, "fair": 1, "poor": 2}.get(standing, 3)
        else:
            count = _poisson(rng, mean if back < 12 else mean / AFTER_SHARE)
        rows.append(_row(merchant_id, complaints, Decimal(count), day, rng, now))
    return rows


async def seed_merchant_indicators(
    connection: AsyncConnection, *, seed: int, today: date, now: datetime
) -> int:
    """Insert the observations of every merchant; return how many."""
    merchants = (
        await connection.execute(select(_MERCHANTS.c.subject_id).order_by(_MERCHANTS.c.subject_id))
    ).scalars()
    rows: list[dict[str, Any]] = []
    total = 0
    for merchant_id in merchants:
        rng = random.Random(f"merchant-indicators/{seed}/{merchant_id}")  # noqa: S311 - synthetic data, not secrets
        rows += observations_of(merchant_id, rng, today, now)
        if len(rows) >= _PAGE:
            await connection.execute(insert(_OBSERVATIONS), rows)
            total, rows = total + len(rows), []
    if rows:
        await connection.execute(insert(_OBSERVATIONS), rows)
        total += len(rows)
    return total
