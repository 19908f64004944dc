"""The GraphQL types of IP pledge financing: the right pledged, the pledge, the figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.domain.ippledge.model import IpKind, IpPledge, PledgeStatistics

IpKindEnum = strawberry.enum(
    IpKind,
    name="IpKind",
    description="The right pledged: a PATENT (专利权) or a registered TRADEMARK (商标专用权).",
)


@strawberry.type(description="An intellectual-property pledge registered by a bank, with its loan.")
class IpPledgeType:
    """One pledge as the bank registered it."""

    kind: IpKindEnum = strawberry.field(description="Patent or trademark.")  # type: ignore[valid-type]  # strawberry enum used as a type
    registration_number: str = strawberry.field(
        description="The patent's application number (ZL + 12 digits + . + check character) "
        "or the trademark's registration number."
    )
    uscc: str = strawberry.field(
        description="The pledging enterprise's unified social credit code."
    )
    enterprise_name: str = strawberry.field(description="The pledging enterprise's name.")
    pledge_registered_on: date = strawberry.field(description="Day the pledge was registered.")
    valuation: Decimal = strawberry.field(description="The right's valuation, yuan.")
    loan_amount: Decimal = strawberry.field(description="The loan it secured, yuan.")
    applied_on: date = strawberry.field(description="Day the enterprise applied for the loan.")
    loaned_on: date = strawberry.field(description="Day the loan was paid out.")
    days_to_loan: int = strawberry.field(description="Days from application to loan.")


def pledge_view(pledge: IpPledge) -> IpPledgeType:
    """The GraphQL view of a stored pledge."""
    return IpPledgeType(
        kind=pledge.kind,
        registration_number=pledge.registration_number,
        uscc=pledge.enterprise_uscc,
        enterprise_name=pledge.enterprise_name,
        pledge_registered_on=pledge.pledge_registered_on,
        valuation=pledge.valuation,
        loan_amount=pledge.loan_amount,
        applied_on=pledge.applied_on,
        loaned_on=pledge.loaned_on,
        days_to_loan=pledge.days_to_loan,
    )


@strawberry.type(description="IP pledge financing over a period of loans paid.")
class IpPledgeStatisticsType:
    """Firms, pledges, registered value, lending and the days from application to loan."""

    since: date = strawberry.field(description="First day of loans counted.")
    until: date = strawberry.field(description="Last day of loans counted.")
    enterprises: int = strawberry.field(description="Enterprises that pledged a right.")
    pledges: int = strawberry.field(description="Pledges registered.")
    valuation_total: Decimal = strawberry.field(description="Registered value pledged, yuan.")
    loan_total: Decimal = strawberry.field(description="Loans secured, yuan.")
    mean_days_to_loan: Decimal | None = strawberry.field(
        description="Mean days from application to loan (null with no pledge)."
    )


def statistics_view(since: date, until: date, figures: PledgeStatistics) -> IpPledgeStatisticsType:
    """The GraphQL view of the figures."""
    return IpPledgeStatisticsType(
        since=since,
        until=until,
        enterprises=figures.enterprises,
        pledges=figures.pledges,
        valuation_total=figures.valuation_total,
        loan_total=figures.loan_total,
        mean_days_to_loan=figures.mean_days_to_loan,
    )
