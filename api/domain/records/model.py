"""Credit records, their vocabularies, and which of them may be published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class RecordCategory(StrEnum):
    """What a department reports about a subject."""

    COMMITMENT = "commitment"
    COMMITMENT_KEPT = "commitment_kept"
    COMMITMENT_BROKEN = "commitment_broken"
    HONOUR = "honour"
    VOLUNTARY_SERVICE = "voluntary_service"
    LICENCE = "licence"
    PENALTY = "penalty"
    ENFORCEMENT = "enforcement"
    DISHONESTY_LIST = "dishonesty_list"
    CRIMINAL_RECORD = "criminal_record"
    SCENARIO_EVENT = "scenario_event"


NEGATIVE_CATEGORIES = frozenset(
    {
        RecordCategory.COMMITMENT_BROKEN,
        RecordCategory.PENALTY,
        RecordCategory.ENFORCEMENT,
        RecordCategory.DISHONESTY_LIST,
        RecordCategory.CRIMINAL_RECORD,
    }
)


class Severity(StrEnum):
    """Severity of a negative record (Credit Repair Measures, in force 2026-04-01)."""

    MINOR = "minor"
    GENERAL = "general"
    SERIOUS = "serious"


class RecordStatus(StrEnum):
    """Where a record stands: active, repaired, expired out of publicity, or exempted."""

    ACTIVE = "active"
    REPAIRED = "repaired"
    EXPIRED = "expired"
    EXEMPTED = "exempted"


@dataclass(frozen=True, slots=True)
class Department:
    """A city department that feeds credit records."""

    id: int
    code: str
    name: str
    name_zh: str


@dataclass(frozen=True, slots=True)
class CreditRecord:
    """One fact a department reported about a subject."""

    id: int
    subject_id: int
    department_id: int
    category: RecordCategory
    severity: Severity | None
    occurred_at: datetime
    publicity_until: date | None
    status: RecordStatus
    summary: str
    #: The reporting department (provenance), when it was read with the record.
    department: Department | None = None


def is_publishable(record: CreditRecord, today: date) -> bool:
    """Whether a record may be shown to partners today.

    Only active records inside their publicity period are shown; repaired, expired and
    exempted ones stop being shown (domain.md, "Rules that bind the data"), and minor
    negative records are normally not published (Credit Repair Measures 2026, art. on
    minor dishonesty).
    """
    if record.status is not RecordStatus.ACTIVE:
        return False
    if record.publicity_until is not None and record.publicity_until < today:
        return False
    return not (record.category in NEGATIVE_CATEGORIES and record.severity is Severity.MINOR)
