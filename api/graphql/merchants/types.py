"""The GraphQL types of merchant indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.domain.merchants import model
from api.domain.numbers import NumericLimit
from api.graphql.credit.types.evaluation import MerchantColourEnum
from api.graphql.errors_payload import QueryError
from api.graphql.scalars import UnifiedSocialCreditCode, decimal_field

#: An observation's value is stored in ``Numeric(7, 1)``.
VALUE = NumericLimit(7, 1)

IndicatorCategoryCodeEnum = strawberry.enum(
    model.IndicatorCategoryCode,
    name="IndicatorCategoryCode",
    description="The eleven indicator categories behind the merchant four-colour code.",
)
MeasureEnum = strawberry.enum(
    model.Measure,
    name="IndicatorMeasure",
    description="SCORE: 0-100, higher is better; COUNT: events in the period, fewer is "
    "better; OUTCOME: 1 complies, 0 does not.",
)
IndicatorStatusEnum = strawberry.enum(
    model.IndicatorStatus,
    name="IndicatorStatus",
    description="CURRENT: speaks for the merchant today; STALE: older than the category's "
    "validity; MISSING: never observed.",
)
ColourReasonEnum = strawberry.enum(
    model.ColourReason,
    name="MerchantColourReason",
    description="Why a merchant has its colour: the score band (green 85+, blue 70+, yellow "
    "60+, red below), a red line breached, or no current observation.",
)


@strawberry.type(description="An indicator category: who observes it, its weight and scoring.")
class IndicatorCategory:
    """One of the eleven categories (configured as data)."""

    code: IndicatorCategoryCodeEnum = strawberry.field(description="Its code.")  # type: ignore[valid-type]  # strawberry enum used as a type
    name_zh: str = strawberry.field(description="Its name in Chinese.")
    name: str = strawberry.field(description="Its name in English.")
    departments: list[str] = strawberry.field(description="The departments that observe it.")
    weight: int = strawberry.field(description="Its weight; the eleven add up to 100.")
    measure: MeasureEnum = strawberry.field(description="What a value means.")  # type: ignore[valid-type]  # strawberry enum used as a type
    valid_days: int = strawberry.field(description="How long an observation stays current.")
    per_event: Decimal = strawberry.field(description="Points a COUNT loses per event.")
    red_line_below: Decimal | None = strawberry.field(
        description="Points under this make the merchant red whatever its score."
    )

    @classmethod
    def of(cls, category: model.IndicatorCategory) -> IndicatorCategory:
        """The GraphQL view of a category."""
        scoring = category.scoring
        return cls(
            code=category.code,
            name_zh=category.name_zh,
            name=category.name,
            departments=list(category.departments),
            weight=category.weight,
            measure=scoring.measure,
            valid_days=scoring.valid_days,
            per_event=scoring.per_event,
            red_line_below=scoring.red_line_below,
        )


@strawberry.type(description="A recorded indicator observation.")
class IndicatorObservation:
    """One department's observation of one category, on one day."""

    category: IndicatorCategoryCodeEnum = strawberry.field(description="The category.")  # type: ignore[valid-type]  # strawberry enum used as a type
    department: str = strawberry.field(description="The observing department's code.")
    value: Decimal = strawberry.field(description="The value observed.")
    observed_on: date = strawberry.field(description="The day observed.")
    note: str | None = strawberry.field(description="A note, if any.")


@strawberry.type(description="One category in an assessment.")
class IndicatorResult:
    """Its points, its weight, and the observation it used with that observation's date."""

    category: IndicatorCategoryCodeEnum = strawberry.field(description="The category.")  # type: ignore[valid-type]  # strawberry enum used as a type
    status: IndicatorStatusEnum = strawberry.field(description="Current, stale or missing.")  # type: ignore[valid-type]  # strawberry enum used as a type
    weight: int = strawberry.field(description="The category's weight.")
    points: Decimal | None = strawberry.field(description="Points earned, 0-100.")
    value: Decimal | None = strawberry.field(description="The value observed.")
    as_of: date | None = strawberry.field(description="The day of the observation used.")
    department: str | None = strawberry.field(description="Who observed it.")
    red_line: bool = strawberry.field(description="Whether it breaches the category's red line.")


@strawberry.type(description="A merchant's four-colour code on one day, explained.")
class MerchantAssessment:
    """The colour, the score, the reasons and every indicator with its as-of date."""

    uscc: str = strawberry.field(description="The merchant's unified social credit code.")
    name: str = strawberry.field(description="The merchant's trading name.")
    commerce_district: str = strawberry.field(description="Its commerce district.")
    as_of: date = strawberry.field(description="The day assessed.")
    colour: MerchantColourEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="GREEN, BLUE, YELLOW or RED; null with no current observation."
    )
    score: Decimal | None = strawberry.field(description="Weighted mean of the points.")
    reasons: list[ColourReasonEnum] = strawberry.field(description="Why this colour.")  # type: ignore[valid-type]  # strawberry enum used as a type
    indicators: list[IndicatorResult] = strawberry.field(description="Every category.")


@strawberry.type(description="A merchant's assessment, or why there is none.")
class MerchantAssessmentPayload:
    """The assessment, or the refusal."""

    assessment: MerchantAssessment | None = strawberry.field(description="The assessment.")
    errors: list[QueryError] = strawberry.field(description="Why there is no assessment.")


@strawberry.type(description="How many merchants have a colour.")
class ColourCount:
    """One colour (null: not assessed yet) and its merchants."""

    colour: MerchantColourEnum | None = strawberry.field(description="The colour.")  # type: ignore[valid-type]  # strawberry enum used as a type
    merchants: int = strawberry.field(description="How many merchants.")


@strawberry.type(description="Complaints observed in one month.")
class MonthCount:
    """A month (its first day) and its complaints."""

    month: date = strawberry.field(description="The first day of the month.")
    complaints: int = strawberry.field(description="Complaints observed that month.")


@strawberry.type(description="A commerce district's merchants by colour and its complaints.")
class CommerceDistrictStatistics:
    """Today's colours, complaints by month, and complaints since a day against before it."""

    commerce_district: str = strawberry.field(description="The commerce district.")
    as_of: date = strawberry.field(description="Today.")
    merchants: int = strawberry.field(description="Merchants trading there.")
    by_colour: list[ColourCount] = strawberry.field(description="Merchants by colour today.")
    complaints_by_month: list[MonthCount] = strawberry.field(
        description="Complaints by month, oldest first, as many months before `since` as after."
    )
    since: date = strawberry.field(description="The first day of the month compared from.")
    complaints_before: int = strawberry.field(description="Complaints in the months before.")
    complaints_after: int = strawberry.field(description="Complaints since.")
    change_percent: Decimal | None = strawberry.field(
        description="The change in percent (-56.0 is down 56%); null when there were none before."
    )


@strawberry.type(description="District statistics, or why there are none.")
class CommerceDistrictStatisticsPayload:
    """The statistics, or the refusal."""

    statistics: CommerceDistrictStatistics | None = strawberry.field(description="The figures.")
    errors: list[QueryError] = strawberry.field(description="Why there are no statistics.")


@strawberry.type(description="A merchant's printable scan-to-check code.")
class MerchantScanCode:
    """The signed public URL and a PNG of its QR code."""

    url: str = strawberry.field(description="The public page's signed URL (no token needed).")
    valid_until: date = strawberry.field(description="The last day the link opens.")
    png_base64: str = strawberry.field(description="The QR code as a PNG, base64 (print it).")


@strawberry.type(description="A merchant's scan code, or why there is none.")
class MerchantScanCodePayload:
    """The code, or the refusal."""

    code: MerchantScanCode | None = strawberry.field(description="The code.")
    errors: list[QueryError] = strawberry.field(description="Why there is no code.")


@strawberry.input(description="One indicator observation of a merchant.")
class RecordMerchantIndicatorInput:
    """A district operator records for its own districts' merchants; a regulator for any."""

    uscc: UnifiedSocialCreditCode = strawberry.field(description="The merchant.")
    category: str = strawberry.field(
        description="The category code, e.g. complaints (see merchantIndicatorCategories)."
    )
    department: str = strawberry.field(
        description="The observing department's code; one of the category's departments."
    )
    value: Decimal = decimal_field("The value, as the category's measure says.", VALUE)
    observed_on: date = strawberry.field(description="The day observed; not after today.")
    note: str | None = strawberry.field(default=None, description="At most 500 characters.")
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")


@strawberry.input(description="A CSV file of indicator observations.")
class ImportMerchantIndicatorsInput:
    """Header: uscc,category,department,value,observed_on[,note][,key]."""

    content: str = strawberry.field(
        description="The file's text (UTF-8 CSV, at most 10,000 lines); a line without a key "
        "gets one from its content, so a file sent twice records nothing twice."
    )


@strawberry.type(description="Why one line of an import was refused.")
class ImportLineError:
    """Its line number, code and message."""

    line: int = strawberry.field(description="The line number in the file (the header is 1).")
    code: str = strawberry.field(
        description="Stable machine-readable code, one of ImportMerchantIndicatorsErrorCode."
    )
    message: str = strawberry.field(description="What is wrong, for people.")
