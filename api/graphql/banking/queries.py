"""Banking queries: products, candidates, green classes, needs, eligibility, statistics."""

from __future__ import annotations

from datetime import date
from typing import Annotated, cast

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.banking import services
from api.domain.banking.errors import BankingCode, BankingError
from api.domain.banking.green import classify_green
from api.domain.consent.access import authorise_read
from api.domain.consent.errors import AuditWriteError
from api.domain.consent.model import ConsentPermission, Purpose, SubjectRef
from api.domain.errors import DomainError
from api.domain.paging import Page, PageRequest
from api.graphql.banking.payloads import (
    LendingStatisticsPayload,
    LoanCandidatesPayload,
    TaxCreditEligibilityPayload,
)
from api.graphql.banking.types import (
    BankObject,
    FinancingNeedConnection,
    FinancingNeedView,
    GreenClassificationView,
    GreenReasonView,
    LendingStatisticView,
    LoanCandidateConnection,
    LoanCandidateView,
    LoanProductConnection,
    LoanProductType,
    TaxCreditOfferView,
    bank_error,
    decode_id,
)
from api.graphql.banking.views import (
    USCC,
    after_cursor,
    candidate_view,
    classification_view,
    enterprise_named,
    is_supervisor,
    need_views,
)
from api.graphql.consent.gate import DENIAL_MESSAGES
from api.graphql.consent.types import AccessDenial
from api.graphql.context import Info
from api.graphql.errors_payload import errors_of
from api.graphql.permissions import caller, query_field
from api.graphql.relay import ConnectionRoot, page_request
from api.graphql.scalars import UnifiedSocialCreditCode
from api.graphql.signed_in import SignedInEnterprise


@query_field(
    Scope.LOAN_PRODUCT_WRITE,
    description="Your loan products (drafts included), or all you may see, newest first.",
)
async def loan_products(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    mine_only: Annotated[
        bool, strawberry.argument(description="Only your products (drafts included).")
    ] = True,
) -> LoanProductConnection:
    """Your products, or every product you may see (others' published ones), newest first."""
    principal = caller(info)
    listing = f"loan-products:{principal.partner_id}:{int(mine_only)}"
    request = page_request(info, listing, first, after)
    supervisor = is_supervisor(principal)
    page = await info.context.repos.loan_products.page(
        request,
        bank_id=principal.partner_id if mine_only else None,
        viewer_bank_id=None if supervisor or mine_only else principal.partner_id,
    )
    return cast(LoanProductConnection, ConnectionRoot(page=page, listing=listing))


@query_field(
    Scope.LOAN_MATCH_READ,
    description="The enterprises that meet one of your products' criteria, best match "
    "first, each with its score and reasons (public data only).",
)
async def loan_candidates(
    info: Info,
    product_id: Annotated[strawberry.ID, strawberry.argument(description="Your product.")],
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[
        str | None, strawberry.argument(description="Cursor of the last candidate seen.")
    ] = None,
) -> LoanCandidatesPayload:
    """The enterprises meeting a product's criteria, best match first, with the reasons."""
    context = info.context
    principal = caller(info)
    try:
        pid = decode_id(info, BankObject.LOAN_PRODUCT, product_id)
        listing = f"candidates:{pid}"
        request = PageRequest(first=first, after=after_cursor(info, listing, after))
        product, page = await services.candidate_page(
            context.repos,
            bank_id=principal.partner_id,
            product_id=pid,
            request=request,
            supervisor=is_supervisor(principal),
        )
        rules = await context.repos.evaluations.active_rule_set()
    except DomainError as error:
        return LoanCandidatesPayload(
            product=None, candidates=None, errors=errors_of(error, "productId")
        )
    floors = tuple(rules.grade_floors)
    views: Page[LoanCandidateView] = Page(
        items=[(candidate_view(product, c, floors), key) for c, key in page.items],
        has_next=page.has_next,
    )
    return LoanCandidatesPayload(
        product=cast(LoanProductType, product),
        candidates=cast(LoanCandidateConnection, ConnectionRoot(page=views, listing=listing)),
        errors=[],
    )


@query_field(
    Scope.ENTERPRISE_READ,
    description="An enterprise's green classification: green or not, tier and carbon "
    "band, versioned and explained.",
)
async def green_classification(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
) -> GreenClassificationView | None:
    """An enterprise's green classification; null if it has no green profile."""
    enterprise = await info.context.repos.enterprises.by_uscc(uscc)
    if enterprise is None:
        return None
    repos = info.context.repos
    found = await repos.green.classification(enterprise.id)
    if found is None:  # a profile loaded in bulk and not yet classified: classify it now
        profile = await repos.green.profile(enterprise.id)
        found = classify_green(enterprise.id, profile, now=info.context.now) if profile else None
    return classification_view(found) if found else None


@query_field(
    Scope.FINANCING_NEED_CLAIM, description="The financing needs you were told about, newest first."
)
async def financing_needs(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
) -> FinancingNeedConnection:
    """The needs you were told about (a product of yours matches), newest first."""
    bank_id = caller(info).partner_id
    listing = f"needs:{bank_id}"
    request = page_request(info, listing, first, after)
    page = await info.context.repos.financing.told_page(bank_id, request)
    views = await need_views(info, [n for n, _ in page.items], bank_id)
    shown: Page[FinancingNeedView] = Page(
        items=[(v, key) for v, (_, key) in zip(views, page.items, strict=True)],
        has_next=page.has_next,
    )
    return cast(FinancingNeedConnection, ConnectionRoot(page=shown, listing=listing))


@query_field(
    Scope.FINANCING_NEED_WRITE,
    description="The signed-in enterprise's financing needs, newest first.",
)
async def my_financing_needs(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    uscc: SignedInEnterprise = None,
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
) -> FinancingNeedConnection:
    """The signed-in enterprise's needs, newest first, with how many places are taken."""
    enterprise = await enterprise_named(info, uscc or "") if uscc else None
    if enterprise is None:
        raise BankingError("name the signed-in enterprise (uscc)", BankingCode.NOT_FOUND)
    listing = f"my-needs:{enterprise.id}"
    request = page_request(info, listing, first, after)
    page = await info.context.repos.financing.enterprise_page(enterprise.id, request)
    views = await need_views(info, [n for n, _ in page.items], None, owner=True)
    shown: Page[FinancingNeedView] = Page(
        items=[(v, key) for v, (_, key) in zip(views, page.items, strict=True)],
        has_next=page.has_next,
    )
    return cast(FinancingNeedConnection, ConnectionRoot(page=shown, listing=listing))


@query_field(
    Scope.LOAN_MATCH_READ,
    description="Tax-credit loan eligibility (绿税贷) for an enterprise that authorised "
    "you: each of your open tax-credit products with an indicative amount or the "
    "reasons it is not eligible. The read is in the enterprise's access log.",
)
async def tax_credit_eligibility(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
    consent_id: Annotated[
        strawberry.ID,
        strawberry.argument(
            description="The enterprise's consent to you: READ_ENTERPRISE_NON_PUBLIC for "
            "TAX_CREDIT_LOAN."
        ),
    ],
) -> TaxCreditEligibilityPayload:
    """Your tax-credit products for an enterprise that authorised you, each with reasons."""
    context = info.context
    principal = caller(info)
    enterprise = await context.repos.enterprises.by_uscc(uscc)
    subject = SubjectRef.enterprise(enterprise.id if enterprise else 0)
    try:
        decision = await authorise_read(
            context.repos,
            context.crypto,
            accessor=accessor_for(principal),
            subject=subject,
            purpose=Purpose.TAX_CREDIT_LOAN,
            permission=ConsentPermission.READ_ENTERPRISE_NON_PUBLIC,
            fields=["taxCreditEligibility.taxPaid", "taxCreditEligibility.offers"],
            consent_id=consent_id,
            request_id=context.request_id,
            now=context.now,
        )
    except AuditWriteError:
        context.audit_failed = True
        await context.uow.rollback()
        error = BankingError("the read could not be audited; nothing is served")
        return TaxCreditEligibilityPayload(offers=[], denial=None, errors=[bank_error(error)])
    except DomainError as error:
        return TaxCreditEligibilityPayload(offers=[], denial=None, errors=[bank_error(error)])
    # The audit row is committed by the request's unit of work before any answer is sent.
    if not decision.allowed or enterprise is None:
        reason = decision.reason
        denial = AccessDenial(reason=reason, message=DENIAL_MESSAGES[reason]) if reason else None
        return TaxCreditEligibilityPayload(offers=[], denial=denial, errors=[])
    offers = await services.tax_credit_offers(
        context.repos, bank_id=principal.partner_id, enterprise_id=enterprise.id, now=context.now
    )
    return TaxCreditEligibilityPayload(
        offers=[
            TaxCreditOfferView(
                product=cast(LoanProductType, o.product),
                eligible=o.eligible,
                indicative_amount=o.indicative_amount,
                reasons=[GreenReasonView(code=r.code, detail=r.detail) for r in o.reasons],
            )
            for o in offers
        ],
        denial=None,
        errors=[],
    )


@query_field(
    Scope.STATISTICS_READ,
    description="Enterprises served, credit lines and the green share of lending, by "
    "bank, district and month.",
)
async def lending_statistics(
    info: Info,
    period_from: Annotated[date, strawberry.argument(description="First day (inclusive).")],
    period_until: Annotated[date, strawberry.argument(description="Last day (inclusive).")],
) -> LendingStatisticsPayload:
    """Enterprises served, lines and the green share of lending, by bank, district and month."""
    try:
        rows = await services.lending_statistics(
            info.context.repos, start=period_from, end=period_until
        )
    except DomainError as error:
        return LendingStatisticsPayload(rows=[], errors=[bank_error(error, "periodUntil")])
    return LendingStatisticsPayload(
        rows=[
            LendingStatisticView(
                bank_partner_id=r.bank_id,
                district=r.district,
                period=r.period,
                enterprises_served=r.enterprises_served,
                lines=r.lines,
                total_amount=r.total_amount,
                green_amount=r.green_amount,
                green_share=r.green_share,
            )
            for r in rows
        ],
        errors=[],
    )


@strawberry.type(description="Bank scenarios: products, matching, needs, eligibility, statistics.")
class BankingQuery:
    """Merged into the query root."""

    loan_products = loan_products
    loan_candidates = loan_candidates
    green_classification = green_classification
    financing_needs = financing_needs
    my_financing_needs = my_financing_needs
    tax_credit_eligibility = tax_credit_eligibility
    lending_statistics = lending_statistics
