"""The audit chain: each row carries the hash of the row before it on the same day.

A row's hash is SHA-256 over the previous row's hash followed by the canonical encoding of
the row: its day and every audited column, as compact JSON with sorted keys (bytes in hex,
instants in UTC ISO 8601 with microseconds). The first row of a day chains to that day's
genesis value. Each row also has a place in its day's chain (1, 2, ...), unique per day, so
a gap shows where rows went. Days are the city's calendar days of ``occurred_at``.
Changing, removing or inserting a row breaks the chain where it happened; ``ChainWalker``
names the first break. Rows are chained after they are written, by a sealer
(``api.db.audit_seal``), never on the request path. Pure rules: no storage, no framework.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from api.domain.clock import city_today

#: The audited columns, in the order the canonical encoding lists them (its keys are sorted).
CHAINED_COLUMNS = (
    "occurred_at",
    "request_id",
    "partner_id",
    "partner_type",
    "client_id",
    "token_id",
    "subject_kind",
    "subject_hash",
    "fields",
    "purpose",
    "permission",
    "code_id",
    "consent_id",
    "outcome",
    "reason",
)

HASH_LENGTH = 32
_GENESIS_LABEL = b"credit-platform audit chain v1 genesis "

ColumnValue = str | int | bytes | datetime | None


def chain_day(occurred_at: datetime) -> date:
    """The day whose chain a row joins: the city's calendar day of the access."""
    return city_today(occurred_at)


def genesis(day: date) -> bytes:
    """The value the first row of ``day`` chains to."""
    return hashlib.sha256(_GENESIS_LABEL + day.isoformat().encode("ascii")).digest()


def _plain(value: ColumnValue) -> str | int | None:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("audit instants must carry a time zone")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical(day: date, columns: Mapping[str, ColumnValue]) -> bytes:
    """The canonical encoding of one row: its day and its audited columns."""
    missing = set(CHAINED_COLUMNS) - set(columns)
    if missing:
        raise ValueError(f"an audit row needs every chained column; missing {sorted(missing)}")
    document: dict[str, str | int | None] = {
        name: _plain(columns[name]) for name in CHAINED_COLUMNS
    }
    document["chain_day"] = day.isoformat()
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def link(previous: bytes, day: date, columns: Mapping[str, ColumnValue]) -> bytes:
    """The hash of a row whose predecessor's hash is ``previous``."""
    if len(previous) != HASH_LENGTH:
        raise ValueError("a previous hash is 32 bytes")
    return hashlib.sha256(previous + canonical(day, columns)).digest()


@dataclass(frozen=True, slots=True)
class ChainedRow:
    """One stored row as the verifier reads it back."""

    id: int
    seq: int
    prev_hash: bytes = field(repr=False)
    row_hash: bytes = field(repr=False)
    columns: Mapping[str, ColumnValue] = field(repr=False)


@dataclass(frozen=True, slots=True)
class ChainHead:
    """Where a day's chain ends, as the sealers last left it."""

    day: date
    last_seq: int
    last_hash: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first place a day's chain does not hold, in one line."""

    day: date
    row_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"{self.day.isoformat()}: {self.reason}"


class ChainWalker:
    """Walks one day's rows in chain order and names the first break (rows one at a time)."""

    def __init__(self, day: date) -> None:
        self.day = day
        self.rows = 0
        self._previous = genesis(day)
        self._expected = 1
        self._last_id: int | None = None

    def feed(self, row: ChainedRow, head: ChainHead | None) -> ChainBreak | None:
        """Check the next row against its content, the row before it and the day's head."""
        day = self.day
        if row.row_hash != link(row.prev_hash, day, row.columns):
            return ChainBreak(day, row.id, f"row {row.id} changed: its hash does not match it")
        occurred_at = row.columns["occurred_at"]
        if not isinstance(occurred_at, datetime) or chain_day(occurred_at) != day:
            return ChainBreak(day, row.id, f"row {row.id} inserted: it happened on another day")
        if row.seq > self._expected:
            missing = row.seq - self._expected
            return ChainBreak(day, row.id, f"{missing} row(s) missing before row {row.id}")
        if row.seq < self._expected:
            return ChainBreak(day, row.id, f"row {row.id} inserted: place {row.seq} repeated")
        if row.prev_hash != self._previous:
            after = f"row {self._last_id}" if self._last_id is not None else "the day's genesis"
            return ChainBreak(day, row.id, f"row {row.id} inserted: it does not chain to {after}")
        if head is not None and row.seq > head.last_seq:
            return ChainBreak(
                day, row.id, f"row {row.id} inserted: past the chain head (place {head.last_seq})"
            )
        self._previous, self._expected, self._last_id = row.row_hash, self._expected + 1, row.id
        self.rows += 1
        return None

    def finish(self, head: ChainHead | None) -> ChainBreak | None:
        """Once every row is fed: does the chain end where the head says?"""
        day, last_id = self.day, self._last_id
        if head is None:
            if last_id is None:
                return None
            return ChainBreak(day, None, "the day's chain head is missing")
        if head.last_seq >= self._expected:
            missing = head.last_seq - self._expected + 1
            where = f"after row {last_id}" if last_id is not None else "(the day has no rows)"
            return ChainBreak(day, None, f"{missing} row(s) missing at the end {where}")
        if head.last_hash != self._previous:
            return ChainBreak(day, last_id, f"the chain head does not match row {last_id}")
        return None


def verify_day(day: date, rows: Iterable[ChainedRow], head: ChainHead | None) -> ChainBreak | None:
    """The first break in ``day``'s chain (rows in chain order), or None when it is intact.

    A row whose hash does not match its content was changed (or forged); a gap in the places
    means rows were removed (a row that does not chain to the one before it, too); a row
    past the recorded head, on another day, or chaining to a row it does not follow, was
    inserted.
    """
    walker = ChainWalker(day)
    for row in rows:
        broken = walker.feed(row, head)
        if broken is not None:
            return broken
    return walker.finish(head)
