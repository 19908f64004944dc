"""The tables of consent and audit: integrity codes, standing consents, the audit log.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). The audit
log is append-only: migration 0003 gives it triggers that refuse UPDATE and DELETE (and
TRUNCATE on PostgreSQL). It has no foreign keys on purpose: it outlives the partners, codes
and consents it mentions, and keeps whose data only as a keyed hash. Its ``partner_type`` is
as the token said, unchecked: a CHECK built from ``tables.auth.PARTNER_TYPE_VALUES`` would
make the table modules import each other.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, LargeBinary, Text, text
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.consent.model import (
    AccessOutcome,
    ConsentPermission,
    ConsentStatus,
    DenialReason,
    Purpose,
)
from api.domain.consent.rules import PERMISSIONS_BY_SUBJECT_KIND
from api.domain.subjects.model import SubjectKind

#: The subject kinds that give consent, in the enum's order.
CONSENTING_KINDS = tuple(kind.value for kind in SubjectKind if kind in PERMISSIONS_BY_SUBJECT_KIND)


def _in(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})", name=name)


class IntegrityCodeRow(SQLModel, table=True):
    """An issued integrity code: its random id, whose and what for; never the code text."""

    __tablename__ = "integrity_codes"
    __table_args__ = (
        one_of("purpose", Purpose),
        CheckConstraint("expires_at > issued_at", name="expires_after_issue"),
        Index("ix_integrity_codes_person_issued", "person_id", "issued_at"),
    )

    id: str = Field(max_length=32, primary_key=True)
    person_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("persons.subject_id", ondelete="CASCADE"), nullable=False
        )
    )
    purpose: str = Field(max_length=32)
    issued_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    issued_by_client_id: str | None = Field(default=None, max_length=64)


class ConsentRow(SQLModel, table=True):
    """A subject's standing consent for one partner; permissions space-separated, sorted."""

    __tablename__ = "consents"
    __table_args__ = (
        _in("subject_kind", CONSENTING_KINDS, "subject_kind"),
        one_of("purpose", Purpose),
        one_of("status", ConsentStatus),
        CheckConstraint("expires_at > created_at", name="expires_after_creation"),
        Index("ix_consents_subject_newest", "subject_id", "created_at", "id"),
        Index("ix_consents_partner_newest", "partner_id", "created_at", "id"),
    )

    id: str = Field(max_length=36, primary_key=True)
    subject_id: int = Field(
        sa_column=Column(BigId, ForeignKey("subjects.id", ondelete="CASCADE"), nullable=False)
    )
    subject_kind: str = Field(max_length=16)
    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False)
    )
    permissions: str = Field(max_length=200)
    purpose: str = Field(max_length=32)
    status: str = Field(max_length=24)
    created_at: datetime = Field(sa_type=UTCDateTime)
    status_updated_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    created_by_client_id: str | None = Field(default=None, max_length=64)


#: ALLOWED rows always say whose data; DENIED rows always say why.
AUDIT_OUTCOME_CHECK = (
    "(outcome = 'ALLOWED' AND reason IS NULL AND subject_hash IS NOT NULL) "
    "OR (outcome = 'DENIED' AND reason IS NOT NULL)"
)


class AuditLogRow(SQLModel, table=True):
    """One read of personal or non-public data, allowed or denied; append-only."""

    __tablename__ = "audit_log"
    __table_args__ = (
        _in("subject_kind", CONSENTING_KINDS, "subject_kind"),
        one_of("purpose", Purpose),
        one_of("permission", ConsentPermission),
        one_of("outcome", AccessOutcome),
        one_of("reason", DenialReason),
        CheckConstraint(AUDIT_OUTCOME_CHECK, name="outcome_reason"),
        Index("ix_audit_log_subject_newest", "subject_kind", "subject_hash", "occurred_at", "id"),
        Index("ix_audit_log_partner_newest", "partner_id", "occurred_at", "id"),
        Index("ix_audit_log_outcome_newest", "outcome", "occurred_at", "id"),
        Index("ix_audit_log_newest", "occurred_at", "id"),
        # Sealed rows: one place per day. Unsealed rows (NULL) stay out of it, and in the
        # small index the sealer reads them from (migration 0010).
        Index(
            "uq_audit_log_chain",
            "chain_day",
            "chain_seq",
            unique=True,
            sqlite_where=text("chain_seq IS NOT NULL"),
            postgresql_where=text("chain_seq IS NOT NULL"),
        ),
        Index(
            "ix_audit_log_unsealed",
            "id",
            sqlite_where=text("row_hash IS NULL"),
            postgresql_where=text("row_hash IS NULL"),
        ),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    request_id: str = Field(max_length=64)
    partner_id: int
    partner_type: str = Field(max_length=32)
    client_id: str = Field(max_length=64)
    token_id: str | None = Field(default=None, max_length=64)
    subject_kind: str | None = Field(default=None, max_length=16)
    subject_hash: bytes | None = Field(default=None, sa_column=Column(LargeBinary(32)))
    fields: str = Field(sa_column=Column(Text, nullable=False))
    purpose: str = Field(max_length=32)
    permission: str = Field(max_length=32)
    code_id: str | None = Field(default=None, max_length=32)
    consent_id: str | None = Field(default=None, max_length=36)
    outcome: str = Field(max_length=8)
    reason: str | None = Field(default=None, max_length=40)
    # The audit chain (api.domain.audit.chain): the day's chain, the place in it, the hashes.
    # NULL until the sealer chains the row (set once; the triggers refuse any other UPDATE).
    chain_day: date | None = None
    chain_seq: int | None = None
    prev_hash: bytes | None = Field(default=None, sa_column=Column(LargeBinary(32)))
    row_hash: bytes | None = Field(default=None, sa_column=Column(LargeBinary(32)))


class AuditChainHeadRow(SQLModel, table=True):
    """Where each day's audit chain ends (its last place, hash and the highest id sealed);
    only sealers lock it, never an append (migration 0010)."""

    __tablename__ = "audit_chain_heads"

    day: date = Field(primary_key=True)
    last_seq: int
    last_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    last_id: int = Field(sa_type=BigId)


__all__ = [
    "AUDIT_OUTCOME_CHECK",
    "CONSENTING_KINDS",
    "AuditChainHeadRow",
    "AuditLogRow",
    "ConsentRow",
    "IntegrityCodeRow",
]
