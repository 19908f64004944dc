"""Validating a record file's rows: each good row as a ``RecordIntake`` with its idempotency key.

A row names its subject by exactly one of resident_id, uscc, or village and household_number;
subjects, departments and exempt-from-penalty matters are looked up in bulk, and every intake
passes the domain's ``check_intake``. A bad row is a ``Rejection`` with its line and reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from api.crypto import Keys, blind_index
from api.db.batch_credit.file_checks import Rejection
from api.db.batch_credit.record_rows import REQUIRED, FileRow
from api.db.tables import metadata
from api.domain.credit.intake import check_idempotency_key, check_intake, fingerprint
from api.domain.credit.model import RecordIntake
from api.domain.errors import DomainError
from api.domain.identifiers import validate_resident_id, validate_uscc
from api.domain.records.model import RecordCategory, Severity
from api.domain.subjects.model import SubjectKind

LOOKUP_PAGE = 500

PERSONS = metadata.tables["persons"]
ENTERPRISES = metadata.tables["enterprises"]
MERCHANTS = metadata.tables["merchants"]
HOUSEHOLDS = metadata.tables["households"]
DEPARTMENTS = metadata.tables["departments"]
MATTERS = metadata.tables["exempt_matters"]


@dataclass(frozen=True, slots=True)
class ValidRow:
    """A row that passed every check: its line, its intake and its idempotency key."""

    line: int
    intake: RecordIntake
    key: str


_SubjectRef = tuple[str, Any]  # ("person", hash) | ("uscc", code) | ("household", (v, n))


def _subject_ref(values: dict[str, str], keys: Keys) -> _SubjectRef:
    given = [
        name
        for name, present in (
            ("resident_id", values.get("resident_id")),
            ("uscc", values.get("uscc")),
            ("village", values.get("village") or values.get("household_number")),
        )
        if present
    ]
    if len(given) != 1:
        raise ValueError(
            "name the subject by exactly one of resident_id, uscc, or village and household_number"
        )
    if given[0] == "resident_id":
        resident_id = validate_resident_id(values["resident_id"])
        return ("person", blind_index(keys.identifier_index, resident_id))
    if given[0] == "uscc":
        return ("uscc", validate_uscc(values["uscc"]))
    village, number = values.get("village", ""), values.get("household_number", "")
    if not village or not number:
        raise ValueError("a household is named by both village and household_number")
    return ("household", (village, number))


def _enum(kind: Callable[[str], Any], value: str, what: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"unknown {what} {value!r}") from None


def _iso(parse: Callable[[str], Any], values: dict[str, str], name: str, what: str) -> Any:
    try:
        return parse(values[name])
    except ValueError:
        raise ValueError(f"{name} {values[name]!r} is not an ISO 8601 {what}") from None


def _parse(values: dict[str, str]) -> dict[str, Any]:
    missing = [name for name in REQUIRED if not values.get(name)]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    category = _enum(RecordCategory, values["category"], "category")
    severity = _enum(Severity, values["severity"], "severity") if values.get("severity") else None
    occurred_at = _iso(datetime.fromisoformat, values, "occurred_at", "date and time")
    if occurred_at.tzinfo is None:
        raise ValueError("occurred_at needs a time zone offset (e.g. +08:00)")
    until = None
    if values.get("publicity_until"):
        until = _iso(date.fromisoformat, values, "publicity_until", "date")
    return {
        "category": category,
        "severity": severity,
        "occurred_at": occurred_at,
        "publicity_until": until,
    }


class _Lookups:
    """Subjects, departments and matters, read in bulk."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def codes(self, table: Any) -> set[str]:
        return {row[0] for row in await self.session.execute(select(table.c.code))}

    async def subjects(self, refs: set[_SubjectRef]) -> dict[_SubjectRef, tuple[int, SubjectKind]]:
        found: dict[_SubjectRef, tuple[int, SubjectKind]] = {}
        by_kind: dict[str, list[Any]] = {}
        for kind, value in refs:
            by_kind.setdefault(kind, []).append(value)
        for kind, values in by_kind.items():
            for offset in range(0, len(values), LOOKUP_PAGE):
                page = values[offset : offset + LOOKUP_PAGE]
                if kind == "person":
                    rows = await self.session.execute(
                        select(PERSONS.c.resident_id_hash, PERSONS.c.subject_id).where(
                            PERSONS.c.resident_id_hash.in_(page)
                        )
                    )
                    found.update({("person", r[0]): (r[1], SubjectKind.PERSON) for r in rows})
                elif kind == "uscc":
                    for table, subject_kind in (
                        (ENTERPRISES, SubjectKind.ENTERPRISE),
                        (MERCHANTS, SubjectKind.MERCHANT),
                    ):
                        rows = await self.session.execute(
                            select(table.c.uscc, table.c.subject_id).where(table.c.uscc.in_(page))
                        )
                        found.update({("uscc", r[0]): (r[1], subject_kind) for r in rows})
                else:
                    h = HOUSEHOLDS.c
                    households = await self.session.execute(
                        select(h.village, h.household_number, h.subject_id).where(
                            tuple_(h.village, h.household_number).in_(page)
                        )
                    )
                    found.update(
                        {
                            ("household", (r[0], r[1])): (r[2], SubjectKind.HOUSEHOLD)
                            for r in households
                        }
                    )
        return found


async def validate(
    session: AsyncSession, rows: Sequence[FileRow], *, keys: Keys, now: datetime
) -> tuple[list[ValidRow], list[Rejection]]:
    """Check every row; the good ones as intakes with their idempotency keys."""
    lookups = _Lookups(session)
    departments, matters = await lookups.codes(DEPARTMENTS), await lookups.codes(MATTERS)
    parsed: list[tuple[FileRow, _SubjectRef, dict[str, Any]]] = []
    rejected: list[Rejection] = []
    for row in rows:
        try:
            ref = _subject_ref(row.values, keys)
            fields = _parse(row.values)
        except (ValueError, DomainError) as error:
            rejected.append(Rejection(row.line, getattr(error, "message", None) or str(error)))
            continue
        parsed.append((row, ref, fields))
    subjects = await lookups.subjects({ref for _, ref, _ in parsed})
    good: list[ValidRow] = []
    for row, ref, fields in parsed:
        values = row.values
        try:
            if ref not in subjects:
                raise ValueError("unknown subject: no such " + _describe(ref))
            if values["department"] not in departments:
                raise ValueError(f"unknown department {values['department']!r}")
            matter = values.get("matter_code") or None
            if matter is not None and matter not in matters:
                raise ValueError(f"unknown exempt-from-penalty matter {matter!r}")
            subject_id, kind = subjects[ref]
            intake = RecordIntake(
                subject_id=subject_id,
                subject_kind=kind,
                department_code=values["department"],
                summary=values["summary"],
                matter_code=matter,
                **fields,
            )
            check_intake(intake, now)
            key = values.get("idempotency_key") or f"file:{fingerprint(intake)}"
            check_idempotency_key(key)
        except (ValueError, DomainError) as error:
            rejected.append(Rejection(row.line, getattr(error, "message", None) or str(error)))
            continue
        good.append(ValidRow(row.line, intake, key))
    return good, rejected


def _describe(ref: _SubjectRef) -> str:
    kind, value = ref
    if kind == "person":
        return "person with this resident_id"
    if kind == "uscc":
        return f"enterprise or merchant with uscc {value}"
    return f"household {value[1]} in village {value[0]}"
