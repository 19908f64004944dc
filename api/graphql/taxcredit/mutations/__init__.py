"""The tax-credit mutations, merged into the mutation root."""

from __future__ import annotations

import strawberry

from api.auth.scopes import Scope
from api.graphql.permissions import requires
from api.graphql.scalars import DecimalLimits
from api.graphql.taxcredit.mutations.lending import (
    ReportLendingVolumePayload,
    report_lending_volume,
)
from api.graphql.taxcredit.mutations.ratings import (
    ReportTaxCreditRatingPayload,
    report_tax_credit_rating,
)
from api.graphql.taxcredit.needs import WITHDRAW_FIELD


@strawberry.type(description="The tax bureau's ratings and the banks' lending volumes.")
class TaxCreditMutation:
    """The tax-credit mutations."""

    report_tax_credit_rating = strawberry.mutation(
        resolver=report_tax_credit_rating,
        graphql_type=ReportTaxCreditRatingPayload,
        **requires(
            Scope.TAX_RATING_WRITE,
            description="The tax bureau reports an enterprise's tax credit rating of a year "
            "(score, and the grade it gives); the latest year's grade becomes the enterprise's "
            "and banks match on it at once. A later report of the same year replaces it.",
            extra=[DecimalLimits()],
        ),
    )
    report_lending_volume = strawberry.mutation(
        resolver=report_lending_volume,
        graphql_type=ReportLendingVolumePayload,
        **requires(
            Scope.CREDIT_LINE_WRITE,
            description="A bank reports a finished month's lending from its own books: all "
            "loans granted and the green part, so the green share is green over all lending. "
            "A later report of the month replaces it; the same figures again change nothing.",
            extra=[DecimalLimits()],
        ),
    )
    withdraw_financing_need = WITHDRAW_FIELD
