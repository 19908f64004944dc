"""The subjects the city scores and the closed vocabularies that describe them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class SubjectKind(StrEnum):
    """What kind of subject holds a credit record."""

    PERSON = "person"
    ENTERPRISE = "enterprise"
    MERCHANT = "merchant"
    HOUSEHOLD = "household"


class District(StrEnum):
    """Huzhou's districts and counties, valued by their administrative division code (GB/T 2260)."""

    WUXING = "330502"
    NANXUN = "330503"
    DEQING = "330521"
    CHANGXING = "330522"
    ANJI = "330523"


DISTRICT_NAMES_ZH: dict[District, str] = {
    District.WUXING: "吴兴区",
    District.NANXUN: "南浔区",
    District.DEQING: "德清县",
    District.CHANGXING: "长兴县",
    District.ANJI: "安吉县",
}


class SizeClass(StrEnum):
    """Enterprise size class (SME classification of the NBS, 2017)."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class TaxGrade(StrEnum):
    """Tax credit grade: A (>= 90), B (70-90), M (new or no revenue, >= 70), C (40-70), D."""

    A = "A"
    B = "B"
    M = "M"
    C = "C"
    D = "D"


class GreenActivityClass(StrEnum):
    """Top-level classes of the national green low-carbon industry catalogue."""

    ENERGY_SAVING = "energy_saving"
    ENVIRONMENTAL_PROTECTION = "environmental_protection"
    RESOURCE_RECYCLING = "resource_recycling"
    CLEAN_ENERGY = "clean_energy"
    ECOLOGICAL_PROTECTION = "ecological_protection"
    GREEN_INFRASTRUCTURE = "green_infrastructure"
    GREEN_SERVICES = "green_services"
    NOT_GREEN = "not_green"


@dataclass(frozen=True, slots=True)
class Enterprise:
    """A market entity identified by its unified social credit code."""

    id: int
    uscc: str
    name: str
    industry_code: str
    district: District
    size_class: SizeClass
    registered_on: date
    registered_capital: Decimal
    tax_grade: TaxGrade | None
    green_class: GreenActivityClass | None


@dataclass(frozen=True, slots=True)
class Merchant:
    """An individual merchant trading in one of the city's commerce districts."""

    id: int
    uscc: str
    name: str
    commerce_district: str
    district: District


@dataclass(frozen=True, slots=True)
class Household:
    """A village household, identified by its village and household number."""

    id: int
    village: str
    household_number: str
    district: District
    member_count: int


@dataclass(frozen=True, slots=True)
class TaxCreditRating:
    """One year's tax credit rating of an enterprise."""

    enterprise_id: int
    year: int
    grade: TaxGrade
    score: Decimal


@dataclass(frozen=True, slots=True)
class GreenProfile:
    """An enterprise's green profile as of a date."""

    enterprise_id: int
    activity_class: GreenActivityClass
    emissions_tonnes: Decimal
    carbon_intensity: Decimal
    carbon_reduction_tonnes: Decimal
    esg_score: Decimal
    as_of: date


def tax_grade_for_score(score: Decimal, *, new_or_no_revenue: bool = False) -> TaxGrade:
    """Tax credit grade from the year's score (SAT Announcement 2014 No. 48, amended 2018 No. 8)."""
    if new_or_no_revenue and score >= 70:
        return TaxGrade.M
    if score >= 90:
        return TaxGrade.A
    if score >= 70:
        return TaxGrade.B
    if score >= 40:
        return TaxGrade.C
    return TaxGrade.D
