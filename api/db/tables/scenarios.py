"""The tables of the person scenarios: the incentive catalogue, deferred accounts, grants, coupons.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). Money is
``Numeric(14, 2)``. ``benefit_grants`` is the single ledger of benefits granted: every
statistic (distinct beneficiaries, uses, benefit by scenario, category, operator, district,
period) is one aggregation over it, and its indexes lead with the filtered columns and the day.
Its unique indexes are what make a benefit be granted once: per idempotency key, per order and
scenario, per coupon and per deferred account.
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
    String,
    text,
)
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import AccountStatus, BenefitKind, CouponStatus, GrantSource
from api.domain.subjects.model import District

#: The values of ``api.auth.scopes.PartnerType`` (spelled here, as in ``tables.auth``, because the
#: table modules must not import each other; tests/unit/test_scenarios_rules.py keeps them equal).
OPERATOR_TYPE_VALUES = (
    "bank",
    "hospital",
    "mobility_operator",
    "commerce_district",
    "village_committee",
    "tax_bureau",
    "regulator",
    "credit_office",
    "citizen_app",
)


def _money(*, nullable: bool = False) -> Column[Decimal]:
    return Column(Numeric(14, 2), nullable=nullable)


def _partner() -> Column[int]:
    return Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False)


def _person() -> Column[int]:
    return Column(BigId, ForeignKey("persons.subject_id", ondelete="CASCADE"), nullable=False)


def _scenario() -> Column[int]:
    return Column(Integer, ForeignKey("incentive_scenarios.id"), nullable=False)


def _operator_check() -> CheckConstraint:
    values = ", ".join(f"'{value}'" for value in OPERATOR_TYPE_VALUES)
    return CheckConstraint(f"operator_type IN ({values})", name="operator_type")


class IncentiveCategoryRow(SQLModel, table=True):
    """A category of the incentive catalogue (14 in the report)."""

    __tablename__ = "incentive_categories"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)
    name_zh: str = Field(max_length=100)
    description: str = Field(max_length=500)


class IncentiveScenarioRow(SQLModel, table=True):
    """A scenario: operator type, lowest colour admitted, benefit, daily limit, validity."""

    __tablename__ = "incentive_scenarios"
    __table_args__ = (
        _operator_check(),
        one_of("purpose", Purpose),
        one_of("lowest_colour", IntegrityColour),
        one_of("benefit_kind", BenefitKind),
        CheckConstraint("benefit_value >= 0", name="benefit_value"),
        CheckConstraint("daily_limit IS NULL OR daily_limit > 0", name="daily_limit"),
        Index("ix_incentive_scenarios_category_id_code", "category_id", "code"),
        Index("ix_incentive_scenarios_operator_type_code", "operator_type", "code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=48, unique=True)
    category_id: int = Field(
        sa_column=Column(Integer, ForeignKey("incentive_categories.id"), nullable=False)
    )
    name: str = Field(max_length=100)
    name_zh: str = Field(max_length=100)
    description: str = Field(max_length=500)
    operator_type: str = Field(max_length=32)
    purpose: str = Field(max_length=32)
    lowest_colour: str = Field(max_length=8)
    benefit_kind: str = Field(max_length=24)
    benefit_value: Decimal = Field(sa_column=_money())
    benefit_cap: Decimal | None = Field(default=None, sa_column=_money(nullable=True))
    daily_limit: int | None = None
    settle_within_days: int | None = None
    valid_from: date
    valid_until: date | None = None
    active: bool = Field(sa_column=Column(Boolean, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class IncentiveColourValueRow(SQLModel, table=True):
    """A scenario's value for one colour (pay after treatment: BLUE 3000, GREEN 1500 yuan)."""

    __tablename__ = "incentive_colour_values"
    __table_args__ = (one_of("colour", IntegrityColour),)

    scenario_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("incentive_scenarios.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    colour: str = Field(sa_column=Column(String(8), primary_key=True))
    value: Decimal = Field(sa_column=_money())


class DeferredAccountRow(SQLModel, table=True):
    """A hospital visit paid after treatment; ``total`` never passes ``credit_limit``."""

    __tablename__ = "deferred_accounts"
    __table_args__ = (
        one_of("status", AccountStatus),
        one_of("colour", IntegrityColour),
        CheckConstraint("total >= 0 AND total <= credit_limit", name="total_within_limit"),
        Index("uq_deferred_accounts_partner_visit", "partner_id", "visit_number", unique=True),
        Index("ix_deferred_accounts_status_due_on", "status", "due_on"),
        Index("ix_deferred_accounts_person_status", "person_id", "status"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    scenario_id: int = Field(sa_column=_scenario())
    partner_id: int = Field(sa_column=_partner())
    person_id: int = Field(sa_column=_person())
    visit_number: str = Field(max_length=64)
    colour: str = Field(max_length=8)
    credit_limit: Decimal = Field(sa_column=_money())
    total: Decimal = Field(sa_column=_money())
    charge_count: int = 0
    status: str = Field(max_length=8)
    opened_at: datetime = Field(sa_type=UTCDateTime)
    due_on: date
    settled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    settled_amount: Decimal | None = Field(default=None, sa_column=_money(nullable=True))
    settlement_key: str | None = Field(default=None, max_length=128)
    overdue_on: date | None = None
    overdue_record_id: int | None = Field(
        default=None,
        sa_column=Column(BigId, ForeignKey("credit_records.id", ondelete="SET NULL")),
    )


class DeferredChargeRow(SQLModel, table=True):
    """One charge during a visit, once per idempotency key of its account."""

    __tablename__ = "deferred_charges"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("uq_deferred_charges_account_key", "account_id", "idempotency_key", unique=True),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    account_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("deferred_accounts.id", ondelete="CASCADE"), nullable=False
        )
    )
    amount: Decimal = Field(sa_column=_money())
    item: str = Field(max_length=100)
    department: str = Field(max_length=100)
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    charged_at: datetime = Field(sa_type=UTCDateTime)


class BenefitGrantRow(SQLModel, table=True):
    """A benefit granted once: the ledger behind every incentive statistic."""

    __tablename__ = "benefit_grants"
    __table_args__ = (
        _operator_check(),
        one_of("source", GrantSource),
        one_of("district", District),
        CheckConstraint("benefit_amount >= 0", name="benefit_amount"),
        Index("uq_benefit_grants_partner_key", "partner_id", "idempotency_key", unique=True),
        Index(
            "uq_benefit_grants_partner_scenario_order",
            "partner_id",
            "scenario_id",
            "order_reference",
            unique=True,
        ),
        Index(
            "uq_benefit_grants_coupon",
            "coupon_id",
            unique=True,
            sqlite_where=text("coupon_id IS NOT NULL"),
            postgresql_where=text("coupon_id IS NOT NULL"),
        ),
        Index(
            "uq_benefit_grants_account",
            "account_id",
            unique=True,
            sqlite_where=text("account_id IS NOT NULL"),
            postgresql_where=text("account_id IS NOT NULL"),
        ),
        Index("ix_benefit_grants_granted_on", "granted_on"),
        Index("ix_benefit_grants_scenario_day", "scenario_id", "granted_on"),
        Index("ix_benefit_grants_category_day", "category_id", "granted_on"),
        Index("ix_benefit_grants_operator_day", "operator_type", "granted_on"),
        Index("ix_benefit_grants_district_day", "district", "granted_on"),
        Index("ix_benefit_grants_partner_day", "partner_id", "granted_on"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    scenario_id: int = Field(sa_column=_scenario())
    category_id: int = Field(
        sa_column=Column(Integer, ForeignKey("incentive_categories.id"), nullable=False)
    )
    partner_id: int = Field(sa_column=_partner())
    operator_type: str = Field(max_length=32)
    person_id: int = Field(sa_column=_person())
    district: str | None = Field(default=None, max_length=6)
    source: str = Field(max_length=24)
    order_reference: str = Field(max_length=64)
    order_amount: Decimal = Field(sa_column=_money())
    benefit_amount: Decimal = Field(sa_column=_money())
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    granted_at: datetime = Field(sa_type=UTCDateTime)
    granted_on: date
    coupon_id: int | None = Field(
        default=None, sa_column=Column(BigId, ForeignKey("coupons.id"), nullable=True)
    )
    account_id: int | None = Field(
        default=None, sa_column=Column(BigId, ForeignKey("deferred_accounts.id"), nullable=True)
    )


class BenefitDailyUseRow(SQLModel, table=True):
    """How often a person used a scenario on a city day: the daily limit's atomic counter."""

    __tablename__ = "benefit_daily_uses"
    __table_args__ = (CheckConstraint("uses > 0", name="uses_positive"),)

    scenario_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("incentive_scenarios.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    person_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("persons.subject_id", ondelete="CASCADE"), primary_key=True
        )
    )
    day: date = Field(primary_key=True)
    uses: int


class BenefitMonthlyUseRow(SQLModel, table=True):
    """The grants of a person by scenario, operator, district and month: the statistics' rollup.

    Kept by ``BenefitRepository.add_grant`` in the grant's transaction (and by the seed):
    ``uses`` and ``benefit`` are the count and sum of the person's grants of that scenario from
    that operator in that month (``district`` is the grant's, '' when it had none). Statistics
    over whole months read it instead of the grants: distinct beneficiaries stay exact, since
    it keeps the person.
    """

    __tablename__ = "benefit_monthly_uses"
    __table_args__ = (
        _operator_check(),
        CheckConstraint("uses > 0", name="uses_positive"),
        Index("ix_benefit_monthly_uses_month", "month"),
    )

    person_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("persons.subject_id", ondelete="CASCADE"), primary_key=True
        )
    )
    scenario_id: int = Field(
        sa_column=Column(Integer, ForeignKey("incentive_scenarios.id"), primary_key=True)
    )
    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    )
    month: date = Field(primary_key=True)
    district: str = Field(sa_column=Column(String(6), primary_key=True))
    category_id: int = Field(
        sa_column=Column(Integer, ForeignKey("incentive_categories.id"), nullable=False)
    )
    operator_type: str = Field(max_length=32)
    uses: int
    benefit: Decimal = Field(sa_column=_money())


class CouponBatchRow(SQLModel, table=True):
    """A batch of coupons an operator issued, once per idempotency key."""

    __tablename__ = "coupon_batches"
    __table_args__ = (
        Index("uq_coupon_batches_partner_key", "partner_id", "idempotency_key", unique=True),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    partner_id: int = Field(sa_column=_partner())
    scenario_id: int = Field(sa_column=_scenario())
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    issued_at: datetime = Field(sa_type=UTCDateTime)
    issued_count: int = 0


class CouponRow(SQLModel, table=True):
    """One coupon for one person; it leaves ``issued`` once (redeemed at most once)."""

    __tablename__ = "coupons"
    __table_args__ = (
        one_of("status", CouponStatus),
        one_of("colour", IntegrityColour),
        Index("ix_coupons_holder", "partner_id", "scenario_id", "person_id", "status"),
        Index("ix_coupons_batch_id", "batch_id", "id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    batch_id: int = Field(
        sa_column=Column(BigId, ForeignKey("coupon_batches.id", ondelete="CASCADE"), nullable=False)
    )
    scenario_id: int = Field(sa_column=_scenario())
    partner_id: int = Field(sa_column=_partner())
    person_id: int = Field(sa_column=_person())
    colour: str = Field(max_length=8)
    face_value: Decimal = Field(sa_column=_money())
    issued_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(max_length=8)
    redeemed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    redemption_key: str | None = Field(default=None, max_length=128)


__all__ = [
    "BenefitDailyUseRow",
    "BenefitGrantRow",
    "BenefitMonthlyUseRow",
    "CouponBatchRow",
    "CouponRow",
    "DeferredAccountRow",
    "DeferredChargeRow",
    "IncentiveCategoryRow",
    "IncentiveColourValueRow",
    "IncentiveScenarioRow",
]
