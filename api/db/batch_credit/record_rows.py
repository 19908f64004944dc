"""Reading a record file's rows (``credit-platform records import``): CSV or JSON Lines.

Each row comes with its line number; a line that cannot be read, names an unknown field, or
holds a value a spreadsheet would run as a formula (or a NUL) is a ``Rejection`` instead.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.db.batch_credit.file_checks import (
    CONTROL_CHARACTER,
    FORMULA,
    MALFORMED,
    UNKNOWN_FIELD,
    ImportRefusedError,
    Rejection,
)
from api.domain.spreadsheet_cells import starts_formula

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


@dataclass(frozen=True, slots=True)
class FileRow:
    """One readable row of a record file: its line number and its values by column."""

    line: int
    values: dict[str, str]


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


def read_rows(text: str, fmt: str) -> Iterator[FileRow | Rejection]:
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


def _csv_rows(text: str) -> Iterator[FileRow | Rejection]:
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


def _checked(line: int, values: dict[str, str]) -> FileRow | Rejection:
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
    return FileRow(line, values)
