"""The village tables as SQLAlchemy Core: columns, row-to-dataclass mappers and the shared
subqueries (points of a year, household members, members' serious records)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select, union_all
from sqlalchemy.sql import Select

from api.db.tables.base import metadata
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import District
from api.domain.village.model import (
    CivilityEntry,
    EntryKind,
    Nomination,
    NominationStatus,
    PointRule,
    Village,
)

VILLAGES = metadata.tables["villages"]
RULES = metadata.tables["village_rules"]
FILES = metadata.tables["household_files"]
MEMBERS = metadata.tables["household_members"]
ENTRIES = metadata.tables["civility_entries"]
NOMINATIONS = metadata.tables["model_household_nominations"]
HONOURS = metadata.tables["model_household_honours"]
WRITES = metadata.tables["village_writes"]
HOUSEHOLDS = metadata.tables["households"]
PERSONS = metadata.tables["persons"]
RECORDS = metadata.tables["credit_records"]

V, R, F, E, N = VILLAGES.c, RULES.c, FILES.c, ENTRIES.c, NOMINATIONS.c
H, P = HOUSEHOLDS.c, PERSONS.c

VILLAGE_COLUMNS = (V.id, V.name, V.name_pinyin, V.district, V.township, V.committee_partner_id)
RULE_COLUMNS = (
    R.id,
    R.village_id,
    R.code,
    R.version,
    R.description,
    R.points,
    R.yearly_cap,
    R.valid_from,
    R.retired_at,
)
ENTRY_COLUMNS = (
    E.id,
    E.household_id,
    E.village_id,
    E.kind,
    E.points,
    E.requested_points,
    E.occurred_on,
    E.note,
    E.evidence_reference,
    E.recorded_by,
    E.recorded_at,
    E.corrects_entry_id,
    E.corrected_by_entry_id,
    *RULE_COLUMNS,
)
NOMINATION_COLUMNS = (
    N.id,
    N.household_id,
    N.village_id,
    N.year,
    N.points,
    N.status,
    N.nominated_at,
    N.decided_at,
    N.decision_reason,
)


def village_of(row: Sequence[Any]) -> Village:
    return Village(row[0], row[1], row[2], District(row[3]), row[4], row[5])


def rule_of(row: Sequence[Any]) -> PointRule:
    return PointRule(*row[:9])


def entry_of(row: Sequence[Any]) -> CivilityEntry:
    return CivilityEntry(
        id=row[0],
        household_id=row[1],
        village_id=row[2],
        kind=EntryKind(row[3]),
        points=row[4],
        requested_points=row[5],
        occurred_on=row[6],
        note=row[7],
        evidence_reference=row[8],
        recorded_by=row[9],
        recorded_at=row[10],
        corrects_entry_id=row[11],
        corrected_by_entry_id=row[12],
        rule=rule_of(row[13:]),
    )


def nomination_of(row: Sequence[Any], honours: tuple[int, ...] = ()) -> Nomination:
    return Nomination(
        id=row[0],
        household_id=row[1],
        village_id=row[2],
        year=row[3],
        points=row[4],
        status=NominationStatus(row[5]),
        nominated_at=row[6],
        decided_at=row[7],
        decision_reason=row[8],
        honour_record_ids=honours,
    )


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def points_by_household(year: int, *where: Any) -> Any:
    """Each household's net points of ``year`` (a subquery), of the entries ``where`` picks."""
    first, last = year_bounds(year)
    return (
        select(E.household_id.label("household_id"), func.sum(E.points).label("points"))
        .where(E.occurred_on >= first, E.occurred_on <= last, *where)
        .group_by(E.household_id)
        .subquery()
    )


def members_select() -> Any:
    """(household, person) for every member, the head included (a subquery)."""
    return union_all(
        select(
            MEMBERS.c.household_id.label("household_id"), MEMBERS.c.person_id.label("person_id")
        ),
        select(H.subject_id, H.head_person_id).where(H.head_person_id.is_not(None)),
    ).subquery()


def serious_households(household_ids: Sequence[int] | None, today: date) -> Select[Any]:
    """The households (of ``household_ids``, or all) with a member's serious record."""
    members = members_select()
    statement = (
        select(members.c.household_id)
        .join(RECORDS, RECORDS.c.subject_id == members.c.person_id)
        .where(
            RECORDS.c.category == RecordCategory.DISHONESTY_LIST.value,
            RECORDS.c.severity == Severity.SERIOUS.value,
            RECORDS.c.status == RecordStatus.ACTIVE.value,
            or_(RECORDS.c.publicity_until.is_(None), RECORDS.c.publicity_until >= today),
        )
        .distinct()
    )
    if household_ids is not None:
        statement = statement.where(members.c.household_id.in_(list(household_ids)))
    return statement
