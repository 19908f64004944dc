"""Village civility data for a seeded city, sized by the report (Changxing: 272 villages,
230,000 households, 97% of them with a file, 524 model households a year).

After the households are loaded, in the seed's transaction: every village with its standard
village rules, a file for 97 in 100 households, entries through this year, and the year's
model households approved. Files and entries are made by ``INSERT ... SELECT`` on the server
(no rows cross the wire, faster than COPY); entries are deterministic functions of the
household id, and no rule passes its yearly cap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.village.model import NominationStatus
from api.domain.village.rules import MODEL_MIN_POINTS, model_quota
from api.seeding.plan import Village
from api.seeding.village_names import pinyin, township

#: Households with a file, per hundred (97%).
FILES_PER_HUNDRED = 97
#: Model households a year per household file (524 of about 223,100 files).
MODEL_SHARE_OF_FILES = 524 / 223_100


@dataclass(frozen=True, slots=True)
class SeedRule:
    """A standard village rule every seeded village keeps."""

    code: str
    description: str
    points: int
    cap: int


#: The standard rules (村规民约): at most two entries of one rule a year, so no cap is passed.
RULES: tuple[SeedRule, ...] = (
    SeedRule("GY-01", "参加志愿服务", 2, 20),
    SeedRule("HJ-01", "庭院整洁、垃圾分类到位", 1, 12),
    SeedRule("XX-01", "孝老爱亲、邻里互助", 5, 30),
    SeedRule("JF-01", "移风易俗、婚事新办丧事简办", 10, 30),
    SeedRule("MD-01", "矛盾纠纷在村内调处化解", 3, 9),
    SeedRule("WM-01", "获评年度文明家庭", 15, 15),
    SeedRule("WZ-01", "违章搭建", -10, 30),
    SeedRule("LJ-01", "乱扔垃圾、乱堆乱放", -2, 10),
    SeedRule("QF-01", "拖欠村集体款项", -5, 15),
)
#: Which rule each of 16 positions scores; a household's entries take 8 consecutive positions.
CYCLE = (
    "GY-01", "HJ-01", "XX-01", "JF-01", "MD-01", "LJ-01", "GY-01", "WM-01",
    "XX-01", "JF-01", "MD-01", "WZ-01", "GY-01", "HJ-01", "XX-01", "QF-01",
)  # fmt: skip
SLOTS = 8

VILLAGES = metadata.tables["villages"]
RULE_TABLE = metadata.tables["village_rules"]
FILES = metadata.tables["household_files"]
ENTRIES = metadata.tables["civility_entries"]
NOMINATIONS = metadata.tables["model_household_nominations"]
PARTNERS = metadata.tables["partners"]
RECORDS = metadata.tables["credit_records"]
HOUSEHOLDS = metadata.tables["households"]


async def _recorder(connection: AsyncConnection, now: datetime) -> int:
    """The partner the seeded entries are recorded by: a village committee."""
    found = (
        await connection.execute(
            select(func.min(PARTNERS.c.id)).where(PARTNERS.c.type == "village_committee")
        )
    ).scalar()
    if found is not None:
        return int(found)
    inserted = await connection.execute(
        insert(PARTNERS)
        .values(name="村级文明诚信积分", type="village_committee", status="active", created_at=now)
        .returning(PARTNERS.c.id)
    )
    return int(inserted.scalar_one())


def _case(expression: str) -> str:
    """SQL choosing a rule code from a position in CYCLE."""
    whens = " ".join(f"WHEN {i} THEN '{code}'" for i, code in enumerate(CYCLE))
    return f"CASE {expression} {whens} END"


async def _entries(
    connection: AsyncConnection, today: date, now: datetime, partner_id: int
) -> None:
    """Up to eight entries a household this year; an active household has more."""
    first = date(today.year, 1, 1)
    days = (today - first).days + 1
    if connection.dialect.name == "postgresql":
        offset = f"CAST((f.household_id * 37 + s.slot * 101) % {days} AS integer)"
        day = f"(CAST(:first AS date) + {offset})"
    else:
        day = f"date(:first, '+' || ((f.household_id * 37 + s.slot * 101) % {days}) || ' days')"
    slots = " UNION ALL ".join(f"SELECT {n} AS slot" for n in range(SLOTS))
    position = f"((f.household_id + s.slot) % {len(CYCLE)})"
    statement = text(
        "INSERT INTO civility_entries (household_id, village_id, rule_id, kind, points, "  # noqa: S608 - SQL from constants
        "requested_points, occurred_on, note, evidence_reference, recorded_by, partner_id, "
        "recorded_at) "
        f"SELECT f.household_id, f.village_id, r.id, "
        "CASE WHEN r.code = 'MD-01' THEN 'dispute_settlement' ELSE 'points' END, "
        f"r.points, r.points, {day}, r.description, NULL, '村委会', :partner, :now "
        f"FROM household_files f CROSS JOIN ({slots}) s "
        f"JOIN village_rules r ON r.village_id = f.village_id AND r.code = {_case(position)} "
        "WHERE ((f.household_id * 7 + s.slot * 13) % 10) < (f.household_id % 10)"
    )
    await connection.execute(
        statement,
        {
            "first": first if connection.dialect.name == "postgresql" else first.isoformat(),
            "partner": partner_id,
            "now": now,
        },
    )


async def _model_households(
    connection: AsyncConnection, today: date, now: datetime, files: int, villages: int
) -> tuple[int, int]:
    """The year's model households: each village's top households without a member's
    serious record, within its quota, the city's best approved; returns (approved, pending)."""
    first = date(today.year, 1, 1)
    e, f, h, r = ENTRIES.c, FILES.c, HOUSEHOLDS.c, RECORDS.c
    serious = (
        select(h.subject_id)
        .join(RECORDS, r.subject_id == h.head_person_id)
        .where(
            r.category == RecordCategory.DISHONESTY_LIST.value,
            r.severity == Severity.SERIOUS.value,
            r.status == RecordStatus.ACTIVE.value,
        )
    )
    rows = (
        await connection.execute(
            select(f.village_id, f.household_id, func.sum(e.points))
            .join(ENTRIES, and_(e.household_id == f.household_id, e.occurred_on >= first))
            .where(f.household_id.not_in(serious))
            .group_by(f.village_id, f.household_id)
        )
    ).all()
    per_village: dict[int, list[tuple[int, int]]] = defaultdict(list)
    files_of: dict[int, int] = defaultdict(int)
    for village_id, count in (
        await connection.execute(select(f.village_id, func.count()).group_by(f.village_id))
    ).all():
        files_of[village_id] = count
    for village_id, household_id, points in rows:
        if points >= MODEL_MIN_POINTS:
            per_village[village_id].append((int(points), household_id))
    candidates: list[tuple[int, int, int]] = []
    for village_id, ranked in per_village.items():
        ranked.sort(reverse=True)
        quota = model_quota(files_of[village_id])
        candidates += [(p, hid, village_id) for p, hid in ranked[:quota]]
    candidates.sort(reverse=True)
    target = max(round(files * MODEL_SHARE_OF_FILES), villages // 2)
    approved, pending = candidates[:target], candidates[target : target + villages // 2]
    values = [
        {
            "household_id": hid,
            "village_id": village_id,
            "year": today.year,
            "points": points,
            "status": status.value,
            "nominated_at": now,
            "decided_at": now if status is NominationStatus.APPROVED else None,
            "decision_reason": "县信用办审核通过" if status is NominationStatus.APPROVED else None,
        }
        for group, status in (
            (approved, NominationStatus.APPROVED),
            (pending, NominationStatus.NOMINATED),
        )
        for points, hid, village_id in group
    ]
    if values:
        await connection.execute(insert(NOMINATIONS), values)
    return len(approved), len(pending)


async def seed_villages(
    connection: AsyncConnection, villages: tuple[Village, ...], today: date, now: datetime
) -> dict[str, int]:
    """Villages, their rules, files, entries and model households; rows per table (the
    approved model households are the first ``round(files x 524 / 223,100)``, at least half
    the number of villages)."""
    if not villages:
        return {}
    await connection.execute(
        insert(VILLAGES),
        [
            {
                "name": v.name,
                "name_pinyin": pinyin(v.name),
                "district": v.district.value,
                "township": township(v.name, v.district, index),
            }
            for index, v in enumerate(villages)
        ],
    )
    ids = dict((await connection.execute(select(VILLAGES.c.name, VILLAGES.c.id))).all())
    await connection.execute(
        insert(RULE_TABLE),
        [
            {
                "village_id": ids[v.name],
                "code": rule.code,
                "version": 1,
                "description": rule.description,
                "points": rule.points,
                "yearly_cap": rule.cap,
                "valid_from": datetime(today.year, 1, 1, tzinfo=now.tzinfo),
            }
            for v in villages
            for rule in RULES
        ],
    )
    await connection.execute(
        text(
            "INSERT INTO household_files (household_id, village_id, opened_at) "  # noqa: S608 - SQL from constants
            "SELECT h.subject_id, v.id, :now FROM households h "
            "JOIN villages v ON v.name = h.village "
            f"WHERE (h.subject_id * 7919) % 100 < {FILES_PER_HUNDRED}"
        ),
        {"now": now},
    )
    await _entries(connection, today, now, await _recorder(connection, now))
    files = (await connection.execute(select(func.count()).select_from(FILES))).scalar_one()
    entries = (await connection.execute(select(func.count()).select_from(ENTRIES))).scalar_one()
    nominations = sum(await _model_households(connection, today, now, files, len(villages)))
    return {
        "villages": len(villages),
        "village_rules": len(villages) * len(RULES),
        "household_files": int(files),
        "civility_entries": int(entries),
        "model_household_nominations": nominations,
    }


async def link_committee(connection: AsyncConnection, partner_id: int, village: str) -> bool:
    """Make a village committee partner the committee of ``village`` (the demo's 余村)."""
    result = await connection.execute(
        VILLAGES.update()
        .where(VILLAGES.c.name == village, VILLAGES.c.committee_partner_id.is_(None))
        .values(committee_partner_id=partner_id)
    )
    return bool(result.rowcount)
