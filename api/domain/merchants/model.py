"""The merchant indicator context: categories, observations and the assessed colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from api.domain.credit.codes import MerchantColour
from api.domain.subjects.model import District


class IndicatorCategoryCode(StrEnum):
    """The eleven indicator categories behind the four-colour code (Dongcheng Times)."""

    PUBLIC_CREDIT = "public_credit"
    COMPLAINTS = "complaints"
    INSPECTIONS = "inspections"
    LICENCES = "licences"
    FOOD_SAFETY = "food_safety"
    FIRE_SAFETY = "fire_safety"
    PRICE_MEASUREMENT = "price_measurement"
    GARBAGE_SORTING = "garbage_sorting"
    ROAD_OCCUPATION = "road_occupation"
    ENVIRONMENTAL_HEALTH = "environmental_health"
    CONSUMER_SATISFACTION = "consumer_satisfaction"


class Measure(StrEnum):
    """What an observation's value means, and so how it is scored."""

    #: A score from 0 to 100, higher is better; the points are the score.
    SCORE = "score"
    #: A number of events in the period reported (complaints, violations); fewer is better.
    COUNT = "count"
    #: 1 when the merchant complies, 0 when it does not.
    OUTCOME = "outcome"


@dataclass(frozen=True, slots=True)
class Scoring:
    """How a category's observation becomes points (0 to 100) and when it forces red.

    ``per_event`` is the points a COUNT loses per event; ``red_line_below`` forces the colour
    red when the points fall below it (a failed fire inspection, an unlicensed shop);
    ``valid_days`` is how long an observation speaks for the merchant.
    """

    measure: Measure
    valid_days: int
    per_event: Decimal = Decimal(0)
    red_line_below: Decimal | None = None


@dataclass(frozen=True, slots=True)
class IndicatorCategory:
    """One indicator category: who observes it, its weight (of 100) and its scoring."""

    code: IndicatorCategoryCode
    name_zh: str
    name: str
    departments: tuple[str, ...]
    weight: int
    scoring: Scoring


@dataclass(frozen=True, slots=True)
class CommerceDistrict:
    """A commerce district (商圈) and the district or county it lies in."""

    name: str
    district: District


@dataclass(frozen=True, slots=True)
class ObservationDraft:
    """One indicator observation as a partner reports it, before it is checked."""

    uscc: str
    category: str
    department: str
    value: Decimal
    observed_on: date
    note: str | None
    idempotency_key: str


@dataclass(frozen=True, slots=True)
class Observation:
    """A recorded indicator observation."""

    id: int
    merchant_id: int
    category: IndicatorCategoryCode
    department: str
    value: Decimal
    observed_on: date
    note: str | None
    #: The partner that recorded it; None for the platform's command line and the seed.
    recorded_by: int | None
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """An observation recorded, or found again when the same key is sent again."""

    observation: Observation
    replayed: bool


class IndicatorStatus(StrEnum):
    """Whether a category spoke for the merchant on the day assessed."""

    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One category in an assessment: its points, its weight and the observation it used."""

    category: IndicatorCategoryCode
    status: IndicatorStatus
    weight: int
    points: Decimal | None
    value: Decimal | None
    as_of: date | None
    department: str | None
    red_line: bool


class ColourReason(StrEnum):
    """Why a merchant has its colour."""

    SCORE_GREEN = "SCORE_GREEN"
    SCORE_BLUE = "SCORE_BLUE"
    SCORE_YELLOW = "SCORE_YELLOW"
    SCORE_RED = "SCORE_RED"
    RED_LINE = "RED_LINE"
    NO_CURRENT_OBSERVATIONS = "NO_CURRENT_OBSERVATIONS"


@dataclass(frozen=True, slots=True)
class Assessment:
    """A merchant's four-colour code on one day, with its reasons and every indicator."""

    as_of: date
    colour: MerchantColour | None
    score: Decimal | None
    reasons: tuple[ColourReason, ...]
    indicators: tuple[IndicatorResult, ...]


@dataclass(frozen=True, slots=True)
class ImportLineError:
    """Why one line of an import file was refused."""

    line: int
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import file did: lines read, observations recorded, replays and refusals."""

    lines: int
    recorded: int
    replayed: int
    errors: tuple[ImportLineError, ...]


@dataclass(frozen=True, slots=True)
class ColourCount:
    """How many merchants of a district have a colour (None: not yet assessed)."""

    colour: MerchantColour | None
    merchants: int


@dataclass(frozen=True, slots=True)
class MonthCount:
    """Complaints observed in one month (its first day)."""

    month: date
    complaints: int


@dataclass(frozen=True, slots=True)
class DistrictStatistics:
    """A commerce district's merchants by colour and complaints by month, before and after."""

    commerce_district: str
    as_of: date
    merchants: int
    by_colour: tuple[ColourCount, ...]
    complaints_by_month: tuple[MonthCount, ...]
    since: date
    complaints_before: int
    complaints_after: int
    change_percent: Decimal | None
