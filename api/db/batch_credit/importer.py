"""Bulk import of departments' record files (``credit-platform records import``).

Two passes. First every row is parsed and validated (the domain's ``check_intake``, the
identifier validators, subject, department and matter lookups) and each bad row is reported
with its line number and reason. Then the good rows are imported in batches, one transaction
each: every row goes through the same steps as ``api.domain.credit.services.record_fact``
(idempotency claim, exemption under a listed matter, repair case), and the subjects whose
records changed are evaluated once at the end of the batch (cause records_imported). A batch
that fails commits nothing and its rows are reported as rejected; the other batches stand.

Idempotency: a row's key is its ``idempotency_key`` column, or ``file:`` and the domain's
fingerprint of the row (the same row imported again is the same request). Keys are claimed in
the importing partner's ledger, so re-running a file imports nothing twice.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.crypto import Keys, blind_index
from api.db.batch_credit.file_checks import (
    BATCH_FAILED,
    CONTROL_CHARACTER,
    FORMULA,
    KEY_REUSED,
    MALFORMED,
    MAX_IMPORT_BYTES,
    UNKNOWN_FIELD,
    ImportRefusedError,
    Rejection,
    decode,
    read_bounded,
)
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.db.uow import UnitOfWork
from api.domain.credit.errors import IdempotencyKeyReusedError
from api.domain.credit.intake import check_idempotency_key, check_intake, fingerprint
from api.domain.credit.model import EvaluationCause, RecordIntake
from api.domain.credit.services import reevaluate, store_fact
from api.domain.errors import DomainError
from api.domain.identifiers import validate_resident_id, validate_uscc
from api.domain.records.model import RecordCategory, Severity
from api.domain.spreadsheet_cells import starts_formula
from api.domain.subjects.model import SubjectKind

#: The columns a file may have (CSV header or JSON keys); others are an error.
COLUMNS = (
    "resident_id",
    "uscc",
    "village",
    "household_number",
    "department",
    "category",
    "severity",
    "occurred_at",
    "publicity_until",
    "summary",
    "matter_code",
    "idempotency_key",
)
REQUIRED = ("department", "category", "occurred_at", "summary")
DEFAULT_BATCH = 500
LOOKUP_PAGE = 500

PERSONS = metadata.tables["persons"]
ENTERPRISES = metadata.tables["enterprises"]
MERCHANTS = metadata.tables["merchants"]
HOUSEHOLDS = metadata.tables["households"]
DEPARTMENTS = metadata.tables["departments"]
MATTERS = metadata.tables["exempt_matters"]
PARTNERS = metadata.tables["partners"]
CLIENTS = metadata.tables["oauth_clients"]


@dataclass(slots=True)
class ImportReport:
    """What an import did."""

    rows: int = 0
    imported: int = 0
    already_imported: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    batches_failed: int = 0
    evaluated_subjects: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Good:
    line: int
    intake: RecordIntake
    key: str


# -- reading --------------------------------------------------------------------------------


def detect_format(path: Path, given: str | None) -> str:
    """``csv`` or ``jsonl``: as given, else from the file's extension."""
    fmt = given or {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(
        path.suffix.lower(), ""
    )
    if fmt not in ("csv", "jsonl"):
        raise ImportRefusedError(f"cannot tell the format of {path.name}: pass --format csv|jsonl")
    return fmt


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value)


def read_rows(text: str, fmt: str) -> Iterator[_Row | Rejection]:
    """The rows of a file with their line numbers (a line that cannot be read is rejected)."""
    if fmt == "csv":
        yield from _csv_rows(text)
        return
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            yield Rejection(number, f"not valid JSON: {error.msg}", MALFORMED)
            continue
        if not isinstance(data, dict):
            yield Rejection(number, "not a JSON object", MALFORMED)
            continue
        unknown = sorted(set(data) - set(COLUMNS))
        if unknown:
            yield Rejection(number, f"unknown field(s): {', '.join(unknown)}", UNKNOWN_FIELD)
            continue
        yield _checked(number, {k: _text(v) for k, v in data.items()})


def _csv_rows(text: str) -> Iterator[_Row | Rejection]:
    # Lines end at "\n" only (as the encoding check counts them); a "\r" stays in its value.
    reader = csv.DictReader(io.StringIO(text, newline="\n"), strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise ImportRefusedError(f"the header cannot be read: {error}") from None
    unknown = sorted(set(fieldnames or ()) - set(COLUMNS))
    if unknown:
        raise ImportRefusedError(f"unknown column(s) in the header: {', '.join(unknown)}")
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # the reader cannot find the next row: stop here
            yield Rejection(line, f"not valid CSV: {error}", MALFORMED)
            return
        if None in record:
            yield Rejection(line, "more values than columns", MALFORMED)
        elif None in record.values():
            yield Rejection(line, "fewer values than columns", MALFORMED)
        else:
            yield _checked(line, {k: _text(v) for k, v in record.items() if k})
        line = reader.line_num + 1


def _checked(line: int, values: dict[str, str]) -> _Row | Rejection:
    """The row, unless a value would run as a spreadsheet formula or holds a NUL."""
    for name, value in values.items():
        if "\x00" in value:
            return Rejection(line, f"{name} holds a NUL character (U+0000)", CONTROL_CHARACTER)
        if starts_formula(value):
            return Rejection(
                line,
                f"{name} starts with {value[0]!r}, which a spreadsheet runs as a formula: "
                "remove the leading character",
                FORMULA,
            )
    return _Row(line, values)


# -- validating -----------------------------------------------------------------------------

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


def _parse(values: dict[str, str]) -> dict[str, Any]:
    missing = [name for name in REQUIRED if not values.get(name)]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    category = _enum(RecordCategory, values["category"], "category")
    severity = _enum(Severity, values["severity"], "severity") if values.get("severity") else None
    try:
        occurred_at = datetime.fromisoformat(values["occurred_at"])
    except ValueError:
        raise ValueError(
            f"occurred_at {values['occurred_at']!r} is not an ISO 8601 date and time"
        ) from None
    if occurred_at.tzinfo is None:
        raise ValueError("occurred_at needs a time zone offset (e.g. +08:00)")
    until = None
    if values.get("publicity_until"):
        try:
            until = date.fromisoformat(values["publicity_until"])
        except ValueError:
            raise ValueError(
                f"publicity_until {values['publicity_until']!r} is not an ISO 8601 date"
            ) from None
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
    session: AsyncSession, rows: Sequence[_Row], *, keys: Keys, now: datetime
) -> tuple[list[_Good], list[Rejection]]:
    """Check every row; the good ones as intakes with their idempotency keys."""
    lookups = _Lookups(session)
    departments, matters = await lookups.codes(DEPARTMENTS), await lookups.codes(MATTERS)
    parsed: list[tuple[_Row, _SubjectRef, dict[str, Any]]] = []
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
    good: list[_Good] = []
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
        good.append(_Good(row.line, intake, key))
    return good, rejected


def _describe(ref: _SubjectRef) -> str:
    kind, value = ref
    if kind == "person":
        return "person with this resident_id"
    if kind == "uscc":
        return f"enterprise or merchant with uscc {value}"
    return f"household {value[1]} in village {value[0]}"


# -- importing ------------------------------------------------------------------------------


async def import_one(
    repos: Repositories, intake: RecordIntake, *, partner_id: int, key: str, now: datetime
) -> int | None:
    """``store_fact`` for one row: the subject's id, or None when the key was used before for
    this same row. Raises IdempotencyKeyReusedError for another row."""
    fact = await store_fact(repos, intake, partner_id=partner_id, idempotency_key=key, now=now)
    return None if fact.replayed else fact.record.subject_id


BatchHook = Callable[[int, Sequence[_Good]], None]


async def import_batches(
    sessions: async_sessionmaker[AsyncSession],
    good: Sequence[_Good],
    report: ImportReport,
    *,
    partner_id: int,
    now: datetime,
    batch_size: int = DEFAULT_BATCH,
    advance: Callable[[int], None] | None = None,
    before_commit: BatchHook | None = None,
) -> None:
    """Import the validated rows batch by batch, one transaction each."""
    for number, offset in enumerate(range(0, len(good), batch_size)):
        batch = good[offset : offset + batch_size]
        imported = replayed = 0
        refused: list[Rejection] = []
        try:
            async with UnitOfWork(sessions) as uow:
                changed: set[int] = set()
                for row in batch:
                    try:
                        subject = await import_one(
                            uow.repos, row.intake, partner_id=partner_id, key=row.key, now=now
                        )
                    except IdempotencyKeyReusedError as error:
                        refused.append(Rejection(row.line, error.message, KEY_REUSED))
                        continue
                    if subject is None:
                        replayed += 1
                    else:
                        imported += 1
                        changed.add(subject)
                for subject_id in sorted(changed):
                    await reevaluate(
                        uow.repos, subject_id, now=now, cause=EvaluationCause.RECORDS_IMPORTED
                    )
                if before_commit is not None:
                    before_commit(number, batch)
                await uow.commit()
        except Exception as error:  # the batch is reported whole; the others go on
            report.batches_failed += 1
            reason = f"batch {number + 1} failed, nothing of it was imported: {error}"
            report.rejected.extend(Rejection(row.line, reason, BATCH_FAILED) for row in batch)
        else:
            report.imported += imported
            report.already_imported += replayed
            report.rejected.extend(refused)
            report.evaluated_subjects += len(changed)
        if advance is not None:
            advance(len(batch))


async def import_file(
    sessions: async_sessionmaker[AsyncSession],
    path: Path,
    *,
    fmt: str | None,
    partner: str | None,
    keys: Keys,
    now: datetime,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = MAX_IMPORT_BYTES,
    on_start: Callable[[int], None] | None = None,
    advance: Callable[[int], None] | None = None,
    before_commit: BatchHook | None = None,
) -> ImportReport:
    """Validate and import a CSV or JSON Lines file of records; see the module docstring.

    A file over ``max_bytes`` is refused unread; a damaged one (not UTF-8, cut short) is
    refused whole with its bad lines (``api.db.batch_credit.file_checks``)."""
    started = time.perf_counter()
    file_format = detect_format(path, fmt)
    raw = await asyncio.to_thread(read_bounded, path, max_bytes)
    text = decode(raw, path.name, file_format)
    report = ImportReport()
    rows: list[_Row] = []
    for item in read_rows(text, file_format):
        report.rows += 1
        if isinstance(item, Rejection):
            report.rejected.append(item)
        else:
            rows.append(item)
    async with sessions() as session:
        partner_id = await importing_partner(session, partner)
        good, rejected = await validate(session, rows, keys=keys, now=now)
    report.rejected.extend(rejected)
    if on_start is not None:
        on_start(len(good))
    await import_batches(
        sessions,
        good,
        report,
        partner_id=partner_id,
        now=now,
        batch_size=batch_size,
        advance=advance,
        before_commit=before_commit,
    )
    report.rejected.sort(key=lambda r: r.line)
    report.seconds = time.perf_counter() - started
    return report


async def importing_partner(session: AsyncSession, given: str | None) -> int:
    """The partner whose ledger holds the keys: by client id or name, else the credit office."""
    p = PARTNERS.c
    if given is not None:
        rows = list(
            await session.execute(
                select(p.id)
                .select_from(PARTNERS.outerjoin(CLIENTS, CLIENTS.c.partner_id == p.id))
                .where((CLIENTS.c.client_id == given) | (p.name == given))
                .distinct()
            )
        )
        if len(rows) != 1:
            raise ImportRefusedError(
                f"no partner with client id or name {given!r}"
                if not rows
                else f"several partners match {given!r}: give a client id"
            )
        return int(rows[0][0])
    rows = list(
        await session.execute(
            select(p.id).where(p.type == "credit_office", p.status == "active").order_by(p.id)
        )
    )
    if len(rows) != 1:
        raise ImportRefusedError(
            "no active credit office partner to import as: create one "
            "(credit-platform partners create --type credit_office) or pass --partner"
            if not rows
            else "several credit office partners: pass --partner CLIENT_ID_OR_NAME"
        )
    return int(rows[0][0])
