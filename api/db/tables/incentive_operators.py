"""The tables of every incentive operator: who may operate each scenario, its use rules.

No ``from __future__ import annotations`` here (SQLModel reads the annotations).
``incentive_scenario_operators`` names every partner type that may check and redeem a scenario
(its own ``operator_type`` among them); ``incentive_use_rules`` marks once-only scenarios;
``incentive_once_uses`` holds one row per person and once-only scenario, its primary key being
what makes a once-only benefit be granted once even when two operators redeem at the same time.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime


class OperatorTypeValue(StrEnum):
    """The values of ``api.auth.scopes.PartnerType``, spelled here as in ``tables.scenarios``
    (tests/unit/test_incentive_operators.py keeps them equal)."""

    BANK = "bank"
    HOSPITAL = "hospital"
    MOBILITY_OPERATOR = "mobility_operator"
    COMMERCE_DISTRICT = "commerce_district"
    VILLAGE_COMMITTEE = "village_committee"
    TAX_BUREAU = "tax_bureau"
    REGULATOR = "regulator"
    CREDIT_OFFICE = "credit_office"
    CITIZEN_APP = "citizen_app"


OPERATOR_TYPES = tuple(value.value for value in OperatorTypeValue)


def _scenario_key() -> Column[int]:
    return Column(
        Integer,
        ForeignKey("incentive_scenarios.id", ondelete="CASCADE"),
        primary_key=True,
    )


class IncentiveScenarioOperatorRow(SQLModel, table=True):
    """One partner type that may check and redeem one scenario."""

    __tablename__ = "incentive_scenario_operators"
    __table_args__ = (one_of("operator_type", OperatorTypeValue),)

    scenario_id: int = Field(sa_column=_scenario_key())
    operator_type: str = Field(sa_column=Column(String(32), primary_key=True))


class IncentiveUseRuleRow(SQLModel, table=True):
    """A scenario's use rules beyond its daily limit: once per person ever."""

    __tablename__ = "incentive_use_rules"

    scenario_id: int = Field(sa_column=_scenario_key())
    once_only: bool = Field(sa_column=Column(Boolean, nullable=False))


class IncentiveOnceUseRow(SQLModel, table=True):
    """The one use a person has had of a once-only scenario."""

    __tablename__ = "incentive_once_uses"

    scenario_id: int = Field(sa_column=_scenario_key())
    person_id: int = Field(
        sa_column=Column(
            BigId,
            ForeignKey("persons.subject_id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    used_at: datetime = Field(sa_type=UTCDateTime)
