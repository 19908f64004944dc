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

TIMESTAMP_COLUMNS = frozenset(
    {
        "created_at",
        "occurred_at",
        "applied_at",
        "decided_at",
        "updated_at",
        "evaluated_at",
        "issued_at",
        "expires_at",
        "redeemed_at",
        "granted_at",
    }
)
DATE_COLUMNS = frozenset(
    {
        "registered_on",
        "publicity_until",
        "as_of",
        "opened_on",
        "eligible_on",
        "follow_up_due_on",
        "occurred_on",
        "granted_on",
        "day",
        "month",
    }
)
NUMERIC_COLUMNS = frozenset(
    {
        "registered_capital",
        "score",
        "amount",
        "emissions_tonnes",
        "carbon_intensity",
        "carbon_reduction_tonnes",
        "esg_score",
        "face_value",
        "order_amount",
        "benefit_amount",
        "benefit",
    }
)


def wire_time(moment: datetime) -> int:
    """Microseconds since 2000-01-01 UTC."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds


def wire_day(day: date) -> int:
    """Days since 2000-01-01."""
    return day.toordinal() - EPOCH_ORDINAL


#: Tables whose ``score`` is an integer (the credit evaluation), not a numeric rating score.
_INTEGER_SCORES = frozenset({"evaluations", "subject_scores"})


def _converter(table: str, column: str) -> Any:
    if column in TIMESTAMP_COLUMNS:
        return lambda v: None if v is None else EPOCH + timedelta(microseconds=v)
    if column in DATE_COLUMNS:
        return lambda v: None if v is None else date.fromordinal(EPOCH_ORDINAL + v)
    if column in NUMERIC_COLUMNS and table not in _INTEGER_SCORES:
        return lambda v: None if v is None else Decimal(v)
    return None


#: Tables in the order their rows are inserted (parents first). Records get ids from their
#: chunk's id block (``Plan.record_ids``), evaluations the id of their subject (one each),
#: coupons from their chunk's first person index; ratings, repair cases and grants get theirs
#: from the database.
COLUMNS: dict[str, tuple[str, ...]] = {
    "subjects": ("id", "kind", "created_at"),
    "persons": (
        "subject_id",
        "name",
        "district",
        "resident_id_hash",
        "resident_id_masked",
        "resident_id_encrypted",
        "resident_id_key_version",
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
    "tax_paid": ("enterprise_id", "year", "amount"),
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
        "id",
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
    "repair_cases": (
        "record_id",
        "subject_id",
        "severity",
        "state",
        "opened_on",
        "eligible_on",
        "commitment",
        "applied_at",
        "applied_by_client_id",
        "decided_at",
        "decided_by_client_id",
        "decision_reason",
        "follow_up_due_on",
        "version",
        "updated_at",
    ),
    "exemptions": ("record_id", "matter_id", "subject_id", "occurred_on"),
    "evaluations": (
        "id",
        "subject_id",
        "rule_set_version",
        "score",
        "grade",
        "colour",
        "red_flag",
        "base_score",
        "factors",
        "evaluated_at",
        "cause",
    ),
    "subject_scores": ("subject_id", "evaluation_id", "score", "grade", "colour", "evaluated_at"),
    # A year of incentive use (``grants``): coupons before the grants that redeem them.
    "coupons": (
        "id",
        "code",
        "batch_id",
        "scenario_id",
        "partner_id",
        "person_id",
        "colour",
        "face_value",
        "issued_at",
        "expires_at",
        "status",
        "redeemed_at",
        "redemption_key",
    ),
    "benefit_grants": (
        "scenario_id",
        "category_id",
        "partner_id",
        "operator_type",
        "person_id",
        "district",
        "source",
        "order_reference",
        "order_amount",
        "benefit_amount",
        "idempotency_key",
        "fingerprint",
        "granted_at",
        "granted_on",
        "coupon_id",
        "account_id",
    ),
    "benefit_daily_uses": ("scenario_id", "person_id", "day", "uses"),
    "benefit_monthly_uses": (
        "person_id",
        "scenario_id",
        "partner_id",
        "month",
        "district",
        "category_id",
        "operator_type",
        "uses",
        "benefit",
    ),
}

TABLES: tuple[str, ...] = tuple(COLUMNS)


def to_python(table: str, rows: list[Row]) -> list[dict[str, Any]]:
    """Rows of ``table`` as parameter dicts with datetimes, dates and Decimals."""
    columns = COLUMNS[table]
    converters = [_converter(table, c) for c in columns]
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
