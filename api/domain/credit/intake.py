"""Record intake rules: what a department's report must satisfy, and its idempotency fingerprint.

Issue #5, point 1: validation with clear, typed errors (unknown subject, bad identifier, date in
the future, unknown category or severity, publicity period outside what the severity allows);
an idempotency key whose retry returns the first result and whose reuse with a different
input is an error.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime

from api.domain.clock import city_today
from api.domain.credit.errors import DateInFutureError
from api.domain.credit.model import RecordIntake
from api.domain.credit.publicity import check_publicity_until, default_publicity_until
from api.domain.errors import InvalidArgumentError
from api.domain.records.model import NEGATIVE_CATEGORIES, RecordCategory

MAX_SUMMARY_LENGTH = 500
MAX_KEY_LENGTH = 128

#: Categories a department reports through intake (scenario events come from the scenarios).
INTAKE_CATEGORIES = frozenset(RecordCategory) - {RecordCategory.SCENARIO_EVENT}


def is_idempotency_key(key: str) -> bool:
    """An idempotency key is 8 to 128 printable ASCII characters (a UUID is typical)."""
    return 8 <= len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()


def check_idempotency_key(key: str) -> str:
    """Refuse a key that is not an idempotency key (see ``is_idempotency_key``)."""
    if not is_idempotency_key(key):
        raise InvalidArgumentError(
            f"an idempotency key is 8 to {MAX_KEY_LENGTH} printable ASCII characters"
        )
    return key


def check_intake(intake: RecordIntake, now: datetime) -> RecordIntake:
    """Validate a report and fill in the default publicity; raises a typed DomainError."""
    if intake.category not in INTAKE_CATEGORIES:
        raise InvalidArgumentError(f"{intake.category.value} records are not reported by intake")
    if intake.occurred_at.tzinfo is None:
        raise InvalidArgumentError("occurredAt needs a time zone offset")
    if intake.occurred_at > now:
        raise DateInFutureError("occurredAt is in the future")
    summary = intake.summary.strip()
    if not summary or len(summary) > MAX_SUMMARY_LENGTH:
        raise InvalidArgumentError(f"a summary of 1 to {MAX_SUMMARY_LENGTH} characters is required")
    occurred_on = city_today(intake.occurred_at)
    if intake.matter_code is not None and intake.category is not RecordCategory.PENALTY:
        raise InvalidArgumentError("only penalties name an exempt-from-penalty matter")
    if intake.category in NEGATIVE_CATEGORIES:
        if intake.severity is None:
            raise InvalidArgumentError(f"a {intake.category.value} record needs a severity")
        until = intake.publicity_until
        if until is None:
            until = default_publicity_until(intake.severity, occurred_on)
        else:
            check_publicity_until(intake.severity, occurred_on, until)
        return replace(intake, summary=summary, publicity_until=until)
    if intake.severity is not None:
        raise InvalidArgumentError(f"a {intake.category.value} record has no severity")
    if intake.publicity_until is not None and intake.publicity_until < occurred_on:
        raise InvalidArgumentError("publicityUntil is before occurredAt")
    return replace(intake, summary=summary)


def fingerprint(intake: RecordIntake) -> str:
    """A stable hash of the request as sent, to tell a retry from a different request."""
    canonical = {
        "subject_id": intake.subject_id,
        "subject_kind": intake.subject_kind.value,
        "department": intake.department_code,
        "category": intake.category.value,
        "severity": intake.severity.value if intake.severity else None,
        "occurred_at": intake.occurred_at.isoformat(),
        "publicity_until": intake.publicity_until.isoformat() if intake.publicity_until else None,
        "summary": intake.summary,
        "matter": intake.matter_code,
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
