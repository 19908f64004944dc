"""The checks a record file passes before any row is read: size, encoding, completeness.

A file over the size limit is refused before it is read. A file that is not UTF-8 (UTF-16,
GBK or GB 18030, or broken bytes) or that ends in the middle of a line is *damaged*: every
bad line is listed with its number and problem code, and nothing of it is imported, since
importing the lines that happen to decode would write half a file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

#: The largest file ``records import`` reads unless told otherwise (``--max-bytes``).
MAX_IMPORT_BYTES = 64 * 1024 * 1024
#: Problem codes of a line, as printed by ``records import``.
ENCODING = "ENCODING"
TRUNCATED = "TRUNCATED"
MALFORMED = "MALFORMED"
UNKNOWN_FIELD = "UNKNOWN_FIELD"
FORMULA = "FORMULA"
CONTROL_CHARACTER = "CONTROL_CHARACTER"
INVALID = "INVALID"
KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
BATCH_FAILED = "BATCH_FAILED"

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A line left out: the line it starts on, why, and the problem code."""

    line: int
    reason: str
    code: str = INVALID


class ImportRefusedError(Exception):
    """The import cannot start (unreadable or damaged file, no importing partner); a damaged
    file's bad lines are in ``problems``."""

    def __init__(self, message: str, problems: tuple[Rejection, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; refused, having read no more than the limit, if it is larger."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
            size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise ImportRefusedError(f"cannot read {path}: {error}") from None
    if len(raw) > max_bytes:
        raise ImportRefusedError(
            f"{path.name} has {max(size, len(raw)):,} bytes, more than the limit of "
            f"{max_bytes:,}: split it into smaller files (or raise --max-bytes)"
        )
    return raw


def decode(raw: bytes, name: str, fmt: str) -> str:
    """The text of a UTF-8 file (a BOM allowed); a damaged file raises ``ImportRefusedError``."""
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            raise ImportRefusedError(f"{name} is {encoding}: save it as UTF-8 and import again")
    if raw.count(b"\x00") * 4 > len(raw):  # UTF-16 text has a NUL in every other byte
        raise ImportRefusedError(
            f"{name} holds NUL bytes: it is UTF-16 without a byte order mark, or not text; "
            "save it as UTF-8"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems = tuple(_undecodable_lines(raw))
        raise ImportRefusedError(
            f"{name} is not UTF-8 ({len(problems):,} line(s)); nothing was imported",
            problems,
        ) from None
    if text and not text.endswith("\n") and _ends_mid_row(text, fmt):
        last = text.count("\n") + 1
        raise ImportRefusedError(
            f"{name} ends in the middle of line {last}; nothing was imported",
            (Rejection(last, "the file ends in the middle of this line", TRUNCATED),),
        )
    return text


def _undecodable_lines(raw: bytes) -> list[Rejection]:
    problems = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            guess = _guess(line)
            problems.append(
                Rejection(
                    number,
                    f"byte {error.start + 1} of the line is not UTF-8{guess}: "
                    "save the file as UTF-8",
                    ENCODING,
                )
            )
    return problems


def _guess(line: bytes) -> str:
    try:
        line.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return " (it reads as GBK / GB 18030)"


def _ends_mid_row(text: str, fmt: str) -> bool:
    """Whether the last line, having no newline, was cut: half a JSON object, an open quote,
    or fewer CSV values than the header has."""
    last = text.rsplit("\n", 1)[-1]
    if not last.strip():
        return False
    if fmt == "jsonl":
        try:
            json.loads(last)
        except json.JSONDecodeError:
            return True
        return False
    try:
        rows = list(csv.reader(io.StringIO(text, newline="\n"), strict=True))
    except csv.Error:
        return True
    return len(rows) > 1 and len(rows[-1]) < len(rows[0])
