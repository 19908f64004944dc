"""Reading merchant indicators: the categories, a merchant's assessment, district statistics,
and the printable scan-to-check code."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import strawberry

from api.auth.scan_links import LINK_DAYS, ScanLinks
from api.auth.scopes import Scope
from api.domain.merchants import services
from api.domain.merchants.categories import CATEGORIES
from api.domain.merchants.errors import IndicatorError
from api.graphql.context import Info
from api.graphql.errors_payload import errors_of
from api.graphql.merchants.assessments import assessment_of
from api.graphql.merchants.mutation import recorder_of
from api.graphql.merchants.qr import qr_png_base64
from api.graphql.merchants.types import (
    ColourCount,
    CommerceDistrictStatistics,
    CommerceDistrictStatisticsPayload,
    IndicatorCategory,
    MerchantAssessmentPayload,
    MerchantScanCode,
    MerchantScanCodePayload,
    MonthCount,
)
from api.graphql.permissions import requires
from api.graphql.scalars import UnifiedSocialCreditCode


async def merchant_indicator_categories() -> list[IndicatorCategory]:
    """The eleven categories."""
    return [IndicatorCategory.of(category) for category in CATEGORIES]


async def merchant_assessment(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description="The merchant.")],
    as_of: Annotated[
        date | None, strawberry.argument(description="The day assessed; default today.")
    ] = None,
) -> MerchantAssessmentPayload:
    """A merchant's four-colour code, explained."""
    context = info.context
    try:
        merchant, found = await services.assess_merchant(
            context.repos.merchant_indicators,
            recorder_of(info),
            uscc,
            as_of=as_of or context.today,
            today=context.today,
        )
    except IndicatorError as error:
        return MerchantAssessmentPayload(assessment=None, errors=errors_of(error))
    return MerchantAssessmentPayload(assessment=assessment_of(merchant, found), errors=[])


async def commerce_district_statistics(
    info: Info,
    commerce_district: Annotated[str, strawberry.argument(description="Its name, e.g. 东城时代.")],
    since: Annotated[
        date, strawberry.argument(description="Compare the months from this day's month on.")
    ],
) -> CommerceDistrictStatisticsPayload:
    """Merchants by colour, complaints by month, before and after."""
    context = info.context
    try:
        found = await services.district_statistics(
            context.repos.merchant_indicators,
            recorder_of(info),
            commerce_district,
            since=since,
            today=context.today,
        )
    except IndicatorError as error:
        return CommerceDistrictStatisticsPayload(statistics=None, errors=errors_of(error))
    return CommerceDistrictStatisticsPayload(
        statistics=CommerceDistrictStatistics(
            commerce_district=found.commerce_district,
            as_of=found.as_of,
            merchants=found.merchants,
            by_colour=[
                ColourCount(colour=c.colour, merchants=c.merchants) for c in found.by_colour
            ],
            complaints_by_month=[
                MonthCount(month=m.month, complaints=m.complaints)
                for m in found.complaints_by_month
            ],
            since=found.since,
            complaints_before=found.complaints_before,
            complaints_after=found.complaints_after,
            change_percent=found.change_percent,
        ),
        errors=[],
    )


async def merchant_scan_code(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description="The merchant.")],
) -> MerchantScanCodePayload:
    """The signed link of a merchant's public page and its QR code."""
    context = info.context
    try:
        merchant = await services.merchant_for(
            context.repos.merchant_indicators, recorder_of(info), uscc
        )
    except IndicatorError as error:
        return MerchantScanCodePayload(code=None, errors=errors_of(error))
    valid_until = context.today + timedelta(days=LINK_DAYS)
    url = context.public_url + ScanLinks(context.keys.merchant_scan).path(merchant.id, valid_until)
    return MerchantScanCodePayload(
        code=MerchantScanCode(url=url, valid_until=valid_until, png_base64=qr_png_base64(url)),
        errors=[],
    )


@strawberry.type(description="Merchant indicators, colours, statistics and scan codes.")
class MerchantQuery:
    """Merged into the query root."""

    merchant_indicator_categories = strawberry.field(
        resolver=merchant_indicator_categories,
        **requires(
            Scope.MERCHANT_INDICATOR_READ,
            description="The eleven indicator categories: departments, weight and scoring.",
        ),
    )
    merchant_assessment = strawberry.field(
        resolver=merchant_assessment,
        **requires(
            Scope.MERCHANT_INDICATOR_READ,
            description="A merchant's four-colour code from its indicators, with the reasons "
            "and each indicator's as-of date (a district operator: its districts' merchants).",
        ),
    )
    commerce_district_statistics = strawberry.field(
        resolver=commerce_district_statistics,
        **requires(
            Scope.MERCHANT_INDICATOR_READ,
            description="A commerce district's merchants by colour, its complaints by month, "
            "and complaints since a day against as many months before (a district operator: "
            "its own districts).",
        ),
    )
    merchant_scan_code = strawberry.field(
        resolver=merchant_scan_code,
        **requires(
            Scope.MERCHANT_CODE_ISSUE,
            description="A merchant's scan-to-check code: a signed public URL (valid a year) "
            "and its QR code as a PNG to print (a district operator: its districts' merchants).",
        ),
    )
