"""IP pledges of Wuxing enterprises, registered by the seeded banks, sized by the report.

domain.md, "IP pledge financing, as built": 95 firms borrowed against ¥2.763bn of registered
pledges and a loan takes 7 days from application instead of 30. The city profile seeds one
pledge for each of 95 Wuxing enterprises (the demo 12, its value scaled to match), valued so
that the whole comes to the report's figure, loaned in the last year after 5 to 9 days; seven
in ten pledge a patent, the rest a trademark. Deterministic for a given seed and day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.domain.ippledge.model import IpKind, PledgeDraft
from api.domain.ippledge.rules import patent_check_character
from api.domain.ippledge.services import fingerprint
from api.domain.subjects.model import District

_PLEDGES = metadata.tables["ip_pledges"]
_ENTERPRISES = metadata.tables["enterprises"]
_PARTNERS = metadata.tables["partners"]
#: The report's firms and registered value (Wuxing, one-stop IP platform).
CITY_FIRMS = 95
CITY_VALUE = Decimal("2763000000")
DEMO_FIRMS = 12
#: Days from application to loan today (the report: 7, down from 30).
DAYS_TO_LOAN = (5, 9)
PATENT_SHARE = 0.7


def pledge_sizes(firms: int, rng: random.Random) -> list[Decimal]:
    """Valuations of ``firms`` pledges, uneven, summing to the report's value per firm."""
    target = (CITY_VALUE * firms / CITY_FIRMS).quantize(Decimal("10000"))
    weights = [rng.lognormvariate(0, 0.8) for _ in range(firms)]
    total = sum(weights)
    sizes = [(target * Decimal(w / total)).quantize(Decimal("10000")) for w in weights[:-1]]
    return [*sizes, target - sum(sizes, Decimal(0))]


def _number(kind: IpKind, rng: random.Random, year: int) -> str:
    """A patent application number with its check character, or a trademark number."""
    if kind is IpKind.TRADEMARK:
        return str(rng.randint(10_000_000, 69_999_999))
    digits = f"{year}{rng.choice('12')}{rng.randint(0, 9_999_999):07d}"
    return f"ZL{digits}.{patent_check_character(digits)}"


async def seed_ip_pledges(
    connection: AsyncConnection, *, city: bool, seed: int, today: date, now: datetime
) -> int:
    """Insert the profile's pledges; how many (none without a seeded bank)."""
    banks = [
        row[0]
        for row in await connection.execute(
            select(_PARTNERS.c.id).where(_PARTNERS.c.type == "bank").order_by(_PARTNERS.c.id)
        )
    ]
    firms = list(
        await connection.execute(
            select(_ENTERPRISES.c.subject_id, _ENTERPRISES.c.uscc)
            .where(_ENTERPRISES.c.district == District.WUXING.value)
            .order_by(_ENTERPRISES.c.subject_id)
            .limit(CITY_FIRMS if city else DEMO_FIRMS)
        )
    )
    if not banks or not firms:
        return 0
    rng = random.Random(f"ip-pledges/{seed}/{today.isoformat()}")  # noqa: S311 - synthetic data, not secrets
    rows = []
    for n, ((enterprise_id, uscc), valuation) in enumerate(
        zip(firms, pledge_sizes(len(firms), rng), strict=True)
    ):
        kind = IpKind.PATENT if rng.random() < PATENT_SHARE else IpKind.TRADEMARK
        loaned = today - timedelta(days=rng.randint(1, 365))
        applied = loaned - timedelta(days=rng.randint(*DAYS_TO_LOAN))
        registered = applied + timedelta(days=rng.randint(1, (loaned - applied).days))
        share = Decimal(rng.randint(40, 60)) / 100
        draft = PledgeDraft(
            uscc,
            kind,
            _number(kind, rng, rng.randint(2016, today.year - 1)),
            registered,
            valuation,
            max(Decimal(10000), (valuation * share).quantize(Decimal("10000"))),
            applied,
            loaned,
        )
        rows.append(
            {
                "bank_id": banks[n % len(banks)],
                "enterprise_id": enterprise_id,
                "kind": kind.value,
                "registration_number": draft.registration_number,
                "pledge_registered_on": registered,
                "valuation": valuation,
                "loan_amount": draft.loan_amount,
                "applied_on": applied,
                "loaned_on": loaned,
                "idempotency_key": f"seed-ip-pledge-{n:05d}",
                "fingerprint": fingerprint(draft),
                "created_at": now,
            }
        )
    await connection.execute(insert(_PLEDGES), rows)
    return len(rows)
