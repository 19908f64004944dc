"""The GraphQL types of industry credit evaluations and graded supervision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.domain.industry import model
from api.domain.numbers import NumericLimit
from api.graphql.errors_payload import QueryError
from api.graphql.scalars import decimal_field
from api.graphql.subjects.types import DistrictEnum

#: An observation's value is stored in ``Numeric(7, 1)``.
VALUE = NumericLimit(7, 1)

IndustryEnum = strawberry.enum(
    model.Industry,
    name="Industry",
    description="The industries with a credit evaluation scheme: green wharves, e-commerce "
    "live-streaming rooms, catering.",
)
IndustryGradeEnum = strawberry.enum(
    model.IndustryGrade,
    name="IndustryGrade",
    description="The industry credit grade, best first: A, B, C, D.",
)
IndustryMeasureEnum = strawberry.enum(
    model.Measure,
    name="IndustryIndicatorMeasure",
    description="SCORE: 0-100, higher is better; COUNT: events in the period, fewer is "
    "better; OUTCOME: 1 complies, 0 does not; INSPECTION: fed by inspection results.",
)
IndustryIndicatorStatusEnum = strawberry.enum(
    model.IndicatorStatus,
    name="IndustryIndicatorStatus",
    description="CURRENT: speaks for the subject on the day; STALE: older than the "
    "indicator's validity; MISSING: never observed.",
)
GradeReasonEnum = strawberry.enum(
    model.GradeReason,
    name="IndustryGradeReason",
    description="Why a subject has its grade: the score band (A 90+, B 75+, C 60+, D below), "
    "a red line breached, or no current observation.",
)


@strawberry.type(description="An indicator of an industry scheme.")
class IndustryIndicator:
    """Who feeds it, its weight and how it is scored."""

    code: str = strawberry.field(description="Its code, e.g. dust_control.")
    name_zh: str = strawberry.field(description="Its name in Chinese.")
    name: str = strawberry.field(description="Its name in English.")
    departments: list[str] = strawberry.field(description="The departments that feed it.")
    weight: int = strawberry.field(description="Its weight; a scheme's add up to 100.")
    measure: IndustryMeasureEnum = strawberry.field(description="What a value means.")  # type: ignore[valid-type]  # strawberry enum used as a type
    valid_days: int = strawberry.field(description="How long an observation stays current.")
    per_event: Decimal = strawberry.field(description="Points a COUNT or finding costs.")
    red_line_below: Decimal | None = strawberry.field(
        description="Points under this make the grade D whatever the score."
    )


@strawberry.type(description="What a grade means for supervision (分级分类监管).")
class GradeSupervision:
    """Visits a year and the treatment of a grade."""

    grade: IndustryGradeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The grade; null for a subject not yet evaluated."
    )
    visits_per_year: int = strawberry.field(description="Inspections a year.")
    treatment: str = strawberry.field(description="How the subject is treated.")


@strawberry.type(description="An industry credit evaluation scheme, versioned.")
class IndustryScheme:
    """Indicators, weights, grade thresholds, departments and graded supervision."""

    industry: IndustryEnum = strawberry.field(description="The industry.")  # type: ignore[valid-type]  # strawberry enum used as a type
    version: str = strawberry.field(description="The scheme's version, e.g. 2026.1.")
    name_zh: str = strawberry.field(description="Its name in Chinese.")
    name: str = strawberry.field(description="Its name in English.")
    indicators: list[IndustryIndicator] = strawberry.field(description="Its indicators.")
    departments: list[str] = strawberry.field(description="Every department feeding it.")
    grade_a_from: Decimal = strawberry.field(description="The lowest score of grade A.")
    grade_b_from: Decimal = strawberry.field(description="The lowest score of grade B.")
    grade_c_from: Decimal = strawberry.field(description="The lowest score of grade C.")
    inspection_indicator: str = strawberry.field(
        description="The indicator inspection results feed."
    )
    supervision: list[GradeSupervision] = strawberry.field(
        description="Each grade's visits a year and treatment."
    )

    @classmethod
    def of(cls, scheme: model.Scheme) -> IndustryScheme:
        """The GraphQL view of a scheme."""
        thresholds = dict(scheme.thresholds)
        return cls(
            industry=scheme.industry,
            version=scheme.version,
            name_zh=scheme.name_zh,
            name=scheme.name,
            indicators=[
                IndustryIndicator(
                    code=i.code,
                    name_zh=i.name_zh,
                    name=i.name,
                    departments=list(i.departments),
                    weight=i.weight,
                    measure=i.measure,
                    valid_days=i.valid_days,
                    per_event=i.per_event,
                    red_line_below=i.red_line_below,
                )
                for i in scheme.indicators
            ],
            departments=list(scheme.departments),
            grade_a_from=thresholds[model.IndustryGrade.A],
            grade_b_from=thresholds[model.IndustryGrade.B],
            grade_c_from=thresholds[model.IndustryGrade.C],
            inspection_indicator=scheme.inspection_indicator,
            supervision=[
                GradeSupervision(
                    grade=s.grade, visits_per_year=s.visits_per_year, treatment=s.treatment
                )
                for s in scheme.supervision
            ],
        )


@strawberry.type(description="A wharf, live-streaming room or catering shop under a scheme.")
class IndustrySubject:
    """Its registration code, name, industry and district."""

    code: str = strawberry.field(description="Its registration code under the scheme.")
    name: str = strawberry.field(description="Its name.")
    industry: IndustryEnum = strawberry.field(description="Its industry.")  # type: ignore[valid-type]  # strawberry enum used as a type
    district: DistrictEnum = strawberry.field(description="Its district or county.")  # type: ignore[valid-type]  # strawberry enum used as a type

    @classmethod
    def of(cls, subject: model.IndustrySubject) -> IndustrySubject:
        """The GraphQL view of a subject."""
        return cls(
            code=subject.code,
            name=subject.name,
            industry=subject.industry,
            district=subject.district,
        )


@strawberry.type(description="A recorded industry observation or inspection result.")
class IndustryObservation:
    """One department's observation of one indicator, on one day."""

    indicator: str = strawberry.field(description="The indicator's code.")
    department: str = strawberry.field(description="The feeding department's code.")
    value: Decimal = strawberry.field(description="The value (an inspection's: its points).")
    observed_on: date = strawberry.field(description="The day observed or inspected.")
    note: str | None = strawberry.field(description="A note, if any.")

    @classmethod
    def of(cls, found: model.Observation) -> IndustryObservation:
        """The GraphQL view of an observation."""
        return cls(
            indicator=found.indicator,
            department=found.department,
            value=found.value,
            observed_on=found.observed_on,
            note=found.note,
        )


@strawberry.type(description="One indicator in an industry evaluation.")
class IndustryIndicatorResult:
    """Its points, its weight, and the observation it used with that observation's date."""

    indicator: str = strawberry.field(description="The indicator's code.")
    status: IndustryIndicatorStatusEnum = strawberry.field(description="Current, stale, missing.")  # type: ignore[valid-type]  # strawberry enum used as a type
    weight: int = strawberry.field(description="The indicator's weight.")
    points: Decimal | None = strawberry.field(description="Points earned, 0-100.")
    value: Decimal | None = strawberry.field(description="The value observed.")
    as_of: date | None = strawberry.field(description="The day of the observation used.")
    department: str | None = strawberry.field(description="Who fed it.")
    red_line: bool = strawberry.field(description="Whether it breaches the indicator's red line.")


@strawberry.type(description="A subject's industry grade on one day, explained.")
class IndustryEvaluation:
    """The grade, the score, the reasons and every indicator, under a scheme version."""

    subject: IndustrySubject = strawberry.field(description="The subject evaluated.")
    scheme_version: str = strawberry.field(description="The scheme version applied.")
    as_of: date = strawberry.field(description="The day evaluated.")
    grade: IndustryGradeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="A, B, C or D; null with no current observation."
    )
    score: Decimal | None = strawberry.field(description="Weighted mean of the points.")
    reasons: list[GradeReasonEnum] = strawberry.field(description="Why this grade.")  # type: ignore[valid-type]  # strawberry enum used as a type
    indicators: list[IndustryIndicatorResult] = strawberry.field(description="Every indicator.")

    @classmethod
    def of(cls, subject: model.IndustrySubject, found: model.Evaluation) -> IndustryEvaluation:
        """The GraphQL view of an evaluation."""
        return cls(
            subject=IndustrySubject.of(subject),
            scheme_version=found.scheme_version,
            as_of=found.as_of,
            grade=found.grade,
            score=found.score,
            reasons=list(found.reasons),
            indicators=[
                IndustryIndicatorResult(
                    indicator=r.indicator,
                    status=r.status,
                    weight=r.weight,
                    points=r.points,
                    value=r.value,
                    as_of=r.as_of,
                    department=r.department,
                    red_line=r.red_line,
                )
                for r in found.indicators
            ],
        )


@strawberry.type(description="An industry evaluation, or why there is none.")
class IndustryEvaluationPayload:
    """The evaluation, or the refusal."""

    evaluation: IndustryEvaluation | None = strawberry.field(description="The evaluation.")
    errors: list[QueryError] = strawberry.field(description="Why there is none.")


@strawberry.type(description="One subject of an inspection plan: when to visit and why.")
class PlannedInspection:
    """The subject, its grade, its supervision and the days to visit."""

    subject: IndustrySubject = strawberry.field(description="Who to visit.")
    grade: IndustryGradeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Its grade; null when not yet evaluated."
    )
    score: Decimal | None = strawberry.field(description="Its score.")
    visits_per_year: int = strawberry.field(description="How often its grade is visited.")
    treatment: str = strawberry.field(description="Its grade's treatment.")
    last_inspected_on: date | None = strawberry.field(description="Its last inspection.")
    visits: list[date] = strawberry.field(description="The days to visit in the period.")
    reason: str = strawberry.field(description="Why, in words.")


@strawberry.type(description="A regulator's inspection plan for an industry and a period.")
class InspectionPlan:
    """Every subject of the industry, most visits first."""

    industry: IndustryEnum = strawberry.field(description="The industry.")  # type: ignore[valid-type]  # strawberry enum used as a type
    start: date = strawberry.field(description="The period's first day.")
    end: date = strawberry.field(description="The period's last day.")
    total_visits: int = strawberry.field(description="Visits planned in the period.")
    subjects: list[PlannedInspection] = strawberry.field(description="Each subject's visits.")

    @classmethod
    def of(cls, plan: model.InspectionPlan) -> InspectionPlan:
        """The GraphQL view of a plan."""
        return cls(
            industry=plan.industry,
            start=plan.start,
            end=plan.end,
            total_visits=sum(len(p.visits) for p in plan.subjects),
            subjects=[
                PlannedInspection(
                    subject=IndustrySubject.of(p.subject),
                    grade=p.evaluation.grade,
                    score=p.evaluation.score,
                    visits_per_year=p.supervision.visits_per_year,
                    treatment=p.supervision.treatment,
                    last_inspected_on=p.last_inspected_on,
                    visits=list(p.visits),
                    reason=p.reason,
                )
                for p in plan.subjects
            ],
        )


@strawberry.type(description="An inspection plan, or why there is none.")
class InspectionPlanPayload:
    """The plan, or the refusal."""

    plan: InspectionPlan | None = strawberry.field(description="The plan.")
    errors: list[QueryError] = strawberry.field(description="Why there is none.")


@strawberry.type(description="How many subjects of an industry have a grade.")
class IndustryGradeCount:
    """A grade (null: not yet evaluated) and its count."""

    grade: IndustryGradeEnum | None = strawberry.field(description="The grade.")  # type: ignore[valid-type]  # strawberry enum used as a type
    subjects: int = strawberry.field(description="Subjects with it.")


@strawberry.type(description="An industry's subjects by grade, for the credit office.")
class IndustryStatistics:
    """Counts by grade today and the inspections a year graded supervision asks for."""

    industry: IndustryEnum = strawberry.field(description="The industry.")  # type: ignore[valid-type]  # strawberry enum used as a type
    scheme_version: str = strawberry.field(description="The scheme version applied.")
    as_of: date = strawberry.field(description="The day evaluated.")
    subjects: int = strawberry.field(description="Subjects under the scheme.")
    by_grade: list[IndustryGradeCount] = strawberry.field(description="Subjects by grade.")
    visits_per_year: int = strawberry.field(
        description="Inspections a year their grades ask for, in all."
    )

    @classmethod
    def of(cls, found: model.IndustryStatistics) -> IndustryStatistics:
        """The GraphQL view of statistics."""
        return cls(
            industry=found.industry,
            scheme_version=found.scheme_version,
            as_of=found.as_of,
            subjects=found.subjects,
            by_grade=[
                IndustryGradeCount(grade=c.grade, subjects=c.subjects) for c in found.by_grade
            ],
            visits_per_year=found.visits_per_year,
        )


@strawberry.input(description="One indicator observation of an industry subject.")
class RecordIndustryObservationInput:
    """A regulator or department records an indicator it feeds."""

    subject: str = strawberry.field(description="The subject's registration code.")
    indicator: str = strawberry.field(
        description="The indicator's code, e.g. dust_control (see industrySchemes)."
    )
    department: str = strawberry.field(
        description="The feeding department's code; one of the indicator's departments."
    )
    value: Decimal = decimal_field("The value, as the indicator's measure says.", VALUE)
    observed_on: date = strawberry.field(description="The day observed; not after today.")
    note: str | None = strawberry.field(default=None, description="At most 500 characters.")
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")


@strawberry.input(description="An inspection result; it feeds the scheme's inspection indicator.")
class RecordIndustryInspectionInput:
    """A regulator records what an inspection found."""

    subject: str = strawberry.field(description="The subject's registration code.")
    department: str = strawberry.field(description="The inspecting department's code.")
    inspected_on: date = strawberry.field(description="The day inspected; not after today.")
    passed: bool = strawberry.field(description="Whether the subject passed (a fail is grade D).")
    findings: int = strawberry.field(description="Findings to rectify, 0-1000 (each costs).")
    note: str | None = strawberry.field(default=None, description="At most 500 characters.")
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")
