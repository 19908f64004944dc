"""The tables of the bank scenarios: green classes, the matching index, products, needs, lines,
webhooks and the delivery outbox.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). Ranked values
in ``match_facts`` are stored as ranks (0 best, 9 none) so every criterion is one comparison,
and each kind of product ranks by its own indexed ``strength_*`` column.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.banking.lending import NeedStatus
from api.domain.banking.model import CarbonBand, GreenTier, LoanKind, ProductStatus
from api.domain.subjects.model import District, SizeClass


def _enterprise_fk(*, primary_key: bool = False) -> Column[int]:
    return Column(
        BigId,
        ForeignKey("enterprises.subject_id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


def _partner_fk(*, primary_key: bool = False) -> Column[int]:
    return Column(
        Integer,
        ForeignKey("partners.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


class GreenClassificationRow(SQLModel, table=True):
    """An enterprise's current green classification, with the rule version and the reasons."""

    __tablename__ = "green_classifications"
    __table_args__ = (one_of("tier", GreenTier), one_of("carbon_band", CarbonBand))

    enterprise_id: int = Field(sa_column=_enterprise_fk(primary_key=True))
    version: str = Field(max_length=32)
    is_green: bool = Field(sa_column=Column(Boolean, nullable=False))
    tier: str = Field(max_length=16)
    carbon_band: str = Field(max_length=16)
    #: JSON list of [code, detail].
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    profile_as_of: date
    classified_at: datetime = Field(sa_type=UTCDateTime)


class MatchFactsRow(SQLModel, table=True):
    """The matching index: one row per enterprise with what matching filters and ranks on."""

    __tablename__ = "match_facts"
    __table_args__ = (
        one_of("district", District),
        one_of("size_class", SizeClass),
        Index("ix_match_facts_strength_green", "strength_green", "enterprise_id"),
        Index("ix_match_facts_strength_tax", "strength_tax", "enterprise_id"),
        Index("ix_match_facts_strength_credit", "strength_credit", "enterprise_id"),
    )

    enterprise_id: int = Field(sa_column=_enterprise_fk(primary_key=True))
    district: str = Field(max_length=6)
    industry_code: str = Field(max_length=5)
    size_class: str = Field(max_length=8)
    tax_rank: int = Field(sa_column=Column(SmallInteger, nullable=False))
    credit_rank: int = Field(sa_column=Column(SmallInteger, nullable=False))
    credit_score: int | None = None
    red_flag: bool = Field(sa_column=Column(Boolean, nullable=False))
    tier_rank: int = Field(sa_column=Column(SmallInteger, nullable=False))
    band_rank: int = Field(sa_column=Column(SmallInteger, nullable=False))
    esg_score: Decimal | None = Field(default=None, sa_column=Column(Numeric(5, 2)))
    carbon_reduction_tonnes: Decimal | None = Field(default=None, sa_column=Column(Numeric(14, 2)))
    strength_green: int
    strength_tax: int
    strength_credit: int
    refreshed_at: datetime = Field(sa_type=UTCDateTime)


class TaxPaidRow(SQLModel, table=True):
    """Tax an enterprise paid in a year, from the tax bureau (non-public: read with consent)."""

    __tablename__ = "tax_paid"

    enterprise_id: int = Field(sa_column=_enterprise_fk(primary_key=True))
    year: int = Field(primary_key=True)
    amount: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))


class LoanProductRow(SQLModel, table=True):
    """A bank's loan product; ``version`` guards every change."""

    __tablename__ = "loan_products"
    __table_args__ = (
        one_of("kind", LoanKind),
        one_of("status", ProductStatus),
        Index("ix_loan_products_bank_id", "bank_id", "id"),
        Index("ix_loan_products_status_kind", "status", "kind"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    bank_id: int = Field(sa_column=_partner_fk())
    name: str = Field(max_length=120)
    kind: str = Field(max_length=16)
    status: str = Field(max_length=16)
    #: JSON of ``LoanCriteria`` (api.domain.banking.codec).
    criteria: str = Field(sa_column=Column(Text, nullable=False))
    amount_min: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))
    amount_max: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))
    rate_min: Decimal = Field(sa_column=Column(Numeric(6, 3), nullable=False))
    rate_max: Decimal = Field(sa_column=Column(Numeric(6, 3), nullable=False))
    tax_multiple: Decimal | None = Field(default=None, sa_column=Column(Numeric(6, 2)))
    valid_from: date
    valid_until: date | None = None
    version: int = 1
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class FinancingNeedRow(SQLModel, table=True):
    """An enterprise's posted financing need; ``claim_count`` never exceeds three."""

    __tablename__ = "financing_needs"
    __table_args__ = (
        one_of("status", NeedStatus),
        CheckConstraint("claim_count BETWEEN 0 AND 3", name="claim_count"),
        Index("ix_financing_needs_enterprise_id", "enterprise_id", "id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    enterprise_id: int = Field(sa_column=_enterprise_fk())
    amount: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))
    purpose: str = Field(max_length=500)
    term_months: int
    status: str = Field(max_length=16)
    claim_count: int = 0
    posted_at: datetime = Field(sa_type=UTCDateTime)


class NeedNoticeRow(SQLModel, table=True):
    """A bank told about a need, through one of its matching products."""

    __tablename__ = "need_notices"
    __table_args__ = (Index("ix_need_notices_bank_need", "bank_id", "need_id"),)

    need_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("financing_needs.id", ondelete="CASCADE"), primary_key=True
        )
    )
    bank_id: int = Field(sa_column=_partner_fk(primary_key=True))
    product_id: int = Field(
        sa_column=Column(BigId, ForeignKey("loan_products.id", ondelete="CASCADE"), nullable=False)
    )


class NeedClaimRow(SQLModel, table=True):
    """A bank's claim on a need; positions 1 to 3 are unique, so a fourth cannot exist."""

    __tablename__ = "need_claims"
    __table_args__ = (
        CheckConstraint("position BETWEEN 1 AND 3", name="position"),
        Index("uq_need_claims_need_position", "need_id", "position", unique=True),
        Index("ix_need_claims_bank_need", "bank_id", "need_id"),
    )

    need_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("financing_needs.id", ondelete="CASCADE"), primary_key=True
        )
    )
    bank_id: int = Field(sa_column=_partner_fk(primary_key=True))
    position: int
    claimed_at: datetime = Field(sa_type=UTCDateTime)


class CreditLineRow(SQLModel, table=True):
    """A credit line a bank reported, once per (bank, reference)."""

    __tablename__ = "credit_lines"
    __table_args__ = (
        Index("uq_credit_lines_bank_reference", "bank_id", "reference", unique=True),
        Index("ix_credit_lines_bank_enterprise", "bank_id", "enterprise_id"),
        Index("ix_credit_lines_granted_on", "granted_on"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    bank_id: int = Field(sa_column=_partner_fk())
    reference: str = Field(max_length=128)
    enterprise_id: int = Field(sa_column=_enterprise_fk())
    product_id: int = Field(
        sa_column=Column(BigId, ForeignKey("loan_products.id", ondelete="CASCADE"), nullable=False)
    )
    amount: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))
    granted_on: date
    fingerprint: str = Field(max_length=64)
    reported_at: datetime = Field(sa_type=UTCDateTime)


class WebhookEndpointRow(SQLModel, table=True):
    """A bank's webhook URL (one per bank)."""

    __tablename__ = "webhook_endpoints"

    bank_id: int = Field(sa_column=_partner_fk(primary_key=True))
    url: str = Field(sa_column=Column(String(2000), nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime)


class BorrowerSubscriptionRow(SQLModel, table=True):
    """A bank following one of its borrowers (post-loan tracking)."""

    __tablename__ = "borrower_subscriptions"
    __table_args__ = (
        Index("uq_borrower_subscriptions_bank_enterprise", "bank_id", "enterprise_id", unique=True),
        Index("ix_borrower_subscriptions_enterprise", "enterprise_id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    bank_id: int = Field(sa_column=_partner_fk())
    enterprise_id: int = Field(sa_column=_enterprise_fk())
    created_at: datetime = Field(sa_type=UTCDateTime)
    #: The borrower's evaluation this bank was last told about (or followed from): changes are
    #: compared against it, so a bulk re-evaluation is caught up later. Null: none yet.
    seen_evaluation_id: int | None = Field(default=None, sa_type=BigId)


class WebhookDeliveryRow(SQLModel, table=True):
    """The webhook outbox: one event for one bank, until its receiver answered 2xx."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            "id",
            sqlite_where=text("delivered_at IS NULL"),
            postgresql_where=text("delivered_at IS NULL"),
        ),
        Index("ix_webhook_deliveries_bank", "bank_id", "id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    event_id: str = Field(sa_column=Column(String(36), nullable=False, unique=True))
    bank_id: int = Field(sa_column=_partner_fk())
    subscription_id: int | None = Field(
        default=None,
        sa_column=Column(
            BigId, ForeignKey("borrower_subscriptions.id", ondelete="SET NULL"), nullable=True
        ),
    )
    event_type: str = Field(max_length=48)
    body: str = Field(sa_column=Column(Text, nullable=False))
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_type=UTCDateTime)


__all__ = [
    "BorrowerSubscriptionRow",
    "CreditLineRow",
    "FinancingNeedRow",
    "GreenClassificationRow",
    "LoanProductRow",
    "MatchFactsRow",
    "NeedClaimRow",
    "NeedNoticeRow",
    "TaxPaidRow",
    "WebhookDeliveryRow",
    "WebhookEndpointRow",
]
