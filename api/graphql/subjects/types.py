"""Enterprises, merchants and households as partners see them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

import strawberry

from api.domain.subjects.model import (
    District,
    Enterprise,
    GreenActivityClass,
    GreenProfile,
    Household,
    Merchant,
    SizeClass,
    SubjectKind,
    TaxCreditRating,
    TaxGrade,
)
from api.graphql.context import Info
from api.graphql.credit.types.subject_fields import (
    credit_records_field,
    evaluation_field,
    evaluation_history_field,
    merchant_colour_field,
)
from api.graphql.ids import NodeType
from api.graphql.merchants.fields import indicator_assessment_field
from api.graphql.relay import Connection, Node, global_id_field

DistrictEnum = strawberry.enum(
    District, name="District", description="Huzhou's districts and counties."
)


SizeClassEnum = strawberry.enum(SizeClass, name="SizeClass", description="Enterprise size class.")


TaxGradeEnum = strawberry.enum(
    TaxGrade,
    name="TaxGrade",
    description="Tax credit grade: A (>= 90), B (70-90), M (new firm, >= 70), C (40-70), D.",
)


GreenActivityClassEnum = strawberry.enum(
    GreenActivityClass,
    name="GreenActivityClass",
    description="Top-level class of the national green low-carbon industry catalogue.",
)


@strawberry.type(
    name="TaxCreditRating", description="One year's tax credit grade, from the tax bureau."
)
class TaxCreditRatingType:
    """A tax credit rating."""

    year: int = strawberry.field(description="The tax year rated.")
    grade: TaxGradeEnum = strawberry.field(description="The grade given for that year.")  # type: ignore[valid-type]  # strawberry enum used as a type


@strawberry.type(name="GreenProfile", description="An enterprise's green profile, as of a date.")
class GreenProfileType:
    """Environmental figures used for green-credit matching."""

    activity_class: GreenActivityClassEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Class of its main activity in the green industry catalogue."
    )
    emissions_tonnes: Decimal = strawberry.field(description="Yearly emissions, tonnes CO2e.")
    carbon_intensity: Decimal = strawberry.field(
        description="Tonnes CO2e per 10,000 yuan of revenue."
    )
    carbon_reduction_tonnes: Decimal = strawberry.field(
        description="Certified yearly carbon reduction, tonnes CO2e."
    )
    esg_score: Decimal = strawberry.field(description="ESG evaluation score, 0 to 100.")
    as_of: date = strawberry.field(description="Date the figures refer to (provenance).")


@strawberry.type(
    name="Enterprise", description="A market entity, identified by its unified social credit code."
)
class EnterpriseType(Node):
    """An enterprise."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, Enterprise)

    id = global_id_field(NodeType.ENTERPRISE)

    uscc: str = strawberry.field(description="Unified social credit code (GB 32100).")
    name: str = strawberry.field(description="Registered name.")
    industry_code: str = strawberry.field(description="Industry code (GB/T 4754), e.g. C2611.")
    district: DistrictEnum = strawberry.field(description="District of registration.")  # type: ignore[valid-type]  # strawberry enum used as a type
    size_class: SizeClassEnum = strawberry.field(description="Size class.")  # type: ignore[valid-type]  # strawberry enum used as a type
    registered_on: date = strawberry.field(description="Date of registration.")
    registered_capital: Decimal = strawberry.field(description="Registered capital, yuan.")
    tax_grade: TaxGradeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Latest tax credit grade; none if never rated."
    )
    green_class: GreenActivityClassEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Green activity class from its current green profile; none without one."
    )

    @strawberry.field(description="Tax credit ratings, newest year first.")
    async def tax_ratings(
        root: strawberry.Parent[Enterprise], info: Info
    ) -> list[TaxCreditRatingType]:
        ratings: list[TaxCreditRating] = await info.context.loaders.tax_ratings.load(root.id)
        return cast("list[TaxCreditRatingType]", ratings)

    @strawberry.field(description="Current green profile; none if the enterprise has none.")
    async def green_profile(
        root: strawberry.Parent[Enterprise], info: Info
    ) -> GreenProfileType | None:
        profile: GreenProfile | None = await info.context.loaders.green_profile.load(root.id)
        return cast(GreenProfileType | None, profile)

    credit_records = credit_records_field()

    evaluation = evaluation_field()
    evaluation_history = evaluation_history_field(SubjectKind.ENTERPRISE)


@strawberry.type(name="Merchant", description="An individual merchant in a commerce district.")
class MerchantType(Node):
    """A merchant; its four-colour code arrives with the credit engine."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, Merchant)

    id = global_id_field(NodeType.MERCHANT)

    uscc: str = strawberry.field(description="Unified social credit code (GB 32100).")
    name: str = strawberry.field(description="Trading name.")
    commerce_district: str = strawberry.field(description="Commerce district it trades in.")
    district: DistrictEnum = strawberry.field(description="District.")  # type: ignore[valid-type]  # strawberry enum used as a type

    credit_records = credit_records_field()

    evaluation = evaluation_field()
    colour_code = merchant_colour_field()
    indicator_assessment = indicator_assessment_field()


@strawberry.type(
    name="Household", description="A village household, by village and household number."
)
class HouseholdType(Node):
    """A household; its civility points arrive with the credit engine."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, Household)

    id = global_id_field(NodeType.HOUSEHOLD)

    village: str = strawberry.field(description="Village name.")
    household_number: str = strawberry.field(description="Household number within the village.")
    district: DistrictEnum = strawberry.field(description="District.")  # type: ignore[valid-type]  # strawberry enum used as a type
    member_count: int = strawberry.field(description="Number of household members.")

    credit_records = credit_records_field()

    evaluation = evaluation_field()


#: Enterprises matching a filter, in keyset order.
EnterpriseConnection = Connection[EnterpriseType]
