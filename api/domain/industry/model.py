"""The industry context: schemes, subjects, observations, evaluations and inspection plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from api.domain.subjects.model import District


class Industry(StrEnum):
    """The industries with a configured credit evaluation scheme."""

    GREEN_WHARF = "green_wharf"
    LIVE_STREAMING = "live_streaming"
    CATERING = "catering"


class Measure(StrEnum):
    """What an observation's value means, and so how it earns points (0 to 100)."""

    #: A score from 0 to 100, higher is better.
    SCORE = "score"
    #: A number of events in the period (complaints, incidents); each costs ``per_event``.
    COUNT = "count"
    #: 1 when the subject complies (a valid permit), 0 when it does not.
    OUTCOME = "outcome"
    #: An inspection's findings: passed, each finding costs ``per_event``; failed is 0.
    INSPECTION = "inspection"


class IndustryGrade(StrEnum):
    """The industry credit grade, best first."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of a scheme: who feeds it, its weight (of 100) and how it is scored.

    ``red_line_below`` makes the grade D whatever the score when the points fall below it;
    ``valid_days`` is how long an observation speaks for the subject.
    """

    code: str
    name_zh: str
    name: str
    departments: tuple[str, ...]
    weight: int
    measure: Measure
    valid_days: int
    per_event: Decimal = Decimal(0)
    red_line_below: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Supervision:
    """What a grade means for supervision: visits a year and the treatment."""

    grade: IndustryGrade | None
    visits_per_year: int
    treatment: str


@dataclass(frozen=True, slots=True)
class Scheme:
    """An industry's evaluation scheme, versioned: indicators, grade thresholds, supervision."""

    industry: Industry
    version: str
    name_zh: str
    name: str
    indicators: tuple[Indicator, ...]
    #: The lowest score of grades A, B and C (D takes everything below C).
    thresholds: tuple[tuple[IndustryGrade, Decimal], ...]
    #: The indicator an inspection result feeds.
    inspection_indicator: str
    supervision: tuple[Supervision, ...]

    @property
    def departments(self) -> tuple[str, ...]:
        """Every department that feeds the scheme, in order of first appearance."""
        seen: dict[str, None] = {}
        for indicator in self.indicators:
            for department in indicator.departments:
                seen.setdefault(department, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class IndustrySubject:
    """A wharf, a live-streaming room or a catering shop evaluated by an industry scheme."""

    id: int
    industry: Industry
    code: str
    name: str
    district: District
    enterprise_id: int | None


@dataclass(frozen=True, slots=True)
class ObservationDraft:
    """One indicator observation (or inspection result) as reported, before it is checked."""

    subject_code: str
    indicator: str
    department: str
    value: Decimal
    observed_on: date
    note: str | None
    idempotency_key: str


@dataclass(frozen=True, slots=True)
class Observation:
    """A recorded observation of one indicator of a subject."""

    id: int
    subject_id: int
    indicator: str
    department: str
    value: Decimal
    observed_on: date
    note: str | None
    recorded_by: int | None
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """An observation recorded, or found again when the same key is sent again."""

    observation: Observation
    replayed: bool


class IndicatorStatus(StrEnum):
    """Whether an indicator spoke for the subject on the day evaluated."""

    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"


class GradeReason(StrEnum):
    """Why a subject has its grade."""

    SCORE_A = "SCORE_A"
    SCORE_B = "SCORE_B"
    SCORE_C = "SCORE_C"
    SCORE_D = "SCORE_D"
    RED_LINE = "RED_LINE"
    NO_CURRENT_OBSERVATIONS = "NO_CURRENT_OBSERVATIONS"


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator in an evaluation: its points, weight and the observation it used."""

    indicator: str
    status: IndicatorStatus
    weight: int
    points: Decimal | None
    value: Decimal | None
    as_of: date | None
    department: str | None
    red_line: bool


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A subject's industry grade on one day under one scheme version, explained."""

    industry: Industry
    scheme_version: str
    as_of: date
    grade: IndustryGrade | None
    score: Decimal | None
    reasons: tuple[GradeReason, ...]
    indicators: tuple[IndicatorResult, ...]


@dataclass(frozen=True, slots=True)
class PlannedSubject:
    """One line of an inspection plan: who to visit, on which days, and why."""

    subject: IndustrySubject
    evaluation: Evaluation
    supervision: Supervision
    last_inspected_on: date | None
    visits: tuple[date, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class InspectionPlan:
    """A regulator's inspection plan for an industry and a period."""

    industry: Industry
    start: date
    end: date
    subjects: tuple[PlannedSubject, ...]


@dataclass(frozen=True, slots=True)
class GradeCount:
    """How many subjects of an industry have a grade (None: not yet evaluated)."""

    grade: IndustryGrade | None
    subjects: int


@dataclass(frozen=True, slots=True)
class IndustryStatistics:
    """An industry's subjects by grade today, for the credit office."""

    industry: Industry
    scheme_version: str
    as_of: date
    subjects: int
    by_grade: tuple[GradeCount, ...]
    visits_per_year: int
