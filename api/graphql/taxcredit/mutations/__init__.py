"""The tax-credit mutations, merged into the mutation root."""

from __future__ import annotations

import strawberry

from api.auth.scopes import Scope
from api.graphql.permissions import requires
from api.graphql.scalars import DecimalLimits
from api.graphql.taxcredit.mutations.ratings import (
    ReportTaxCreditRatingPayload,
    report_tax_credit_rating,
)


@strawberry.type(description="The tax bureau's inputs to tax-credit lending.")
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
