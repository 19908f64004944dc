"""A generated chunk: rows per table, in the column order of ``COLUMNS``.

Rows hold wire values, cheap to make, pickle and COPY: timestamps are integer microseconds
since 2000-01-01 UTC and dates integer days since 2000-01-01 (PostgreSQL's binary forms),
numerics are decimal strings. ``to_python`` turns them into datetimes, dates and Decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from api.domain.subjects.model import SubjectKind

Row = tuple[Any, ...]

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = date(2000, 1, 1).toordinal()
US_PER_SECOND = 1_000_000
US_PER_DAY = 86_400 * US_PER_SECOND

TIMESTAMP_COLUMNS = frozenset({"created_at", "occurred_at"})
DATE_COLUMNS = frozenset({"registered_on", "publicity_until", "as_of"})
NUMERIC_COLUMNS = frozenset(
    {
        "registered_capital",
        "score",
        "emissions_tonnes",
        "carbon_intensity",
        "carbon_reduction_tonnes",
        "esg_score",
    }
)


def wire_time(moment: datetime) -> int:
    """Microseconds since 2000-01-01 UTC."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds


def wire_day(day: date) -> int:
    """Days since 2000-01-01."""
    return day.toordinal() - EPOCH_ORDINAL


def _converter(column: str) -> Any:
    if column in TIMESTAMP_COLUMNS:
        return lambda v: None if v is None else EPOCH + timedelta(microseconds=v)
    if column in DATE_COLUMNS:
        return lambda v: None if v is None else date.fromordinal(EPOCH_ORDINAL + v)
    if column in NUMERIC_COLUMNS:
        return lambda v: None if v is None else Decimal(v)
    return None


#: Tables in the order their rows are inserted (parents first); ids of records and
#: ratings are left to the database.
COLUMNS: dict[str, tuple[str, ...]] = {
    "subjects": ("id", "kind", "created_at"),
    "persons": (
        "subject_id",
        "name",
        "district",
        "resident_id_hash",
        "resident_id_masked",
        "resident_id_encrypted",
    ),
    "enterprises": (
        "subject_id",
        "uscc",
        "name",
        "industry_code",
        "district",
        "size_class",
        "registered_on",
        "registered_capital",
        "tax_grade",
        "green_class",
    ),
    "merchants": ("subject_id", "uscc", "name", "commerce_district", "district"),
    "households": (
        "subject_id",
        "village",
        "household_number",
        "district",
        "head_person_id",
        "member_count",
    ),
    "tax_credit_ratings": ("enterprise_id", "year", "grade", "score"),
    "green_profiles": (
        "enterprise_id",
        "activity_class",
        "emissions_tonnes",
        "carbon_intensity",
        "carbon_reduction_tonnes",
        "esg_score",
        "as_of",
    ),
    "credit_records": (
        "subject_id",
        "department_id",
        "category",
        "severity",
        "occurred_at",
        "publicity_until",
        "status",
        "summary",
        "created_at",
    ),
}

TABLES: tuple[str, ...] = tuple(COLUMNS)


def to_python(table: str, rows: list[Row]) -> list[dict[str, Any]]:
    """Rows of ``table`` as parameter dicts with datetimes, dates and Decimals."""
    columns = COLUMNS[table]
    converters = [_converter(c) for c in columns]
    return [
        {
            column: value if convert is None else convert(value)
            for column, convert, value in zip(columns, converters, row, strict=True)
        }
        for row in rows
    ]


@dataclass(slots=True)
class Batch:
    """The rows one chunk produced, and sample identifiers found in it."""

    kind: SubjectKind
    number: int
    rows: dict[str, list[Row]] = field(default_factory=dict)
    samples: dict[str, str] = field(default_factory=dict)

    def table(self, name: str) -> list[Row]:
        """The row list of ``name``, created on first use."""
        return self.rows.setdefault(name, [])
