"""Audit rows: who read whose data, which fields, for what purpose, under which authorisation.

The credit-reporting rules add "a written purpose for every personal query and a query log
that the subject can read" (domain.md, "Consent, as open banking does it"); every access is
logged where the person can see it (domain.md, "Rules that bind the data"). Whose data is
kept only as a keyed hash: a person's is the resident ID's blind index, an enterprise's the
HMAC of its unified social credit code under the same key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from api.domain.consent.model import AccessOutcome, ConsentPermission, DenialReason, Purpose
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import SubjectKind

_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,63}$")
MAX_FIELDS = 64
MAX_REQUEST_ID_LENGTH = 64


def audit_fields(names: Iterable[str]) -> tuple[str, ...]:
    """The fields of a read as audited: sorted, without repeats, each a plain field name."""
    if isinstance(names, str):
        raise InvalidArgumentError("name the audited fields as a list, not one string")
    unique = sorted(set(names))
    if not unique:
        raise InvalidArgumentError("an audited read names at least one field")
    if len(unique) > MAX_FIELDS:
        raise InvalidArgumentError(f"an audited read names at most {MAX_FIELDS} fields")
    for name in unique:
        if not _FIELD_NAME.match(name):
            raise InvalidArgumentError(f"{name!r} is not a field name")
    return tuple(unique)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One access attempt, allowed or denied, as it is appended to the audit log."""

    occurred_at: datetime
    request_id: str
    partner_id: int
    partner_type: str
    client_id: str
    token_id: str | None
    subject_kind: SubjectKind | None
    subject_hash: bytes | None = field(repr=False)
    fields: tuple[str, ...]
    purpose: Purpose
    permission: ConsentPermission
    code_id: str | None
    consent_id: str | None
    outcome: AccessOutcome
    reason: DenialReason | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One row of the audit log as read back, with the partner's current name."""

    id: int
    record: AuditRecord
    partner_name: str | None


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """The credit office's search of the audit log; every filter is optional.

    ``occurred_from`` is inclusive and ``occurred_until`` exclusive.
    """

    partner_id: int | None = None
    subject_kind: SubjectKind | None = None
    subject_hash: bytes | None = field(default=None, repr=False)
    purpose: Purpose | None = None
    outcome: AccessOutcome | None = None
    occurred_from: datetime | None = None
    occurred_until: datetime | None = None

    def __post_init__(self) -> None:
        for moment in (self.occurred_from, self.occurred_until):
            if moment is not None and moment.tzinfo is None:
                raise InvalidArgumentError("audit time bounds must carry a time zone")
        if (
            self.occurred_from is not None
            and self.occurred_until is not None
            and self.occurred_from >= self.occurred_until
        ):
            raise InvalidArgumentError("the audit time range is empty (from must be before until)")
