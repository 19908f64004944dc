"""The bank scenarios in the schema (issue #7): loan products and matching, financing needs,
tax-credit eligibility, credit lines and statistics, green profiles, webhooks.

Refusals come back as typed ``errors`` in the payloads, never as a server error. A bank sees
and changes only its own products (drafts included); the candidates of a product are its
bank's (and the credit office's) to read; non-public enterprise data (tax paid) is read only
with the enterprise's consent, through the audited consent gate.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, cast

import strawberry

from api.auth.principal import Principal
from api.auth.purposes import accessor_for
from api.auth.scopes import PartnerType, Scope
from api.domain.banking import services
from api.domain.banking.errors import BankingCode, BankingError
from api.domain.banking.green import classify_green
from api.domain.banking.matching import explain
from api.domain.banking.model import (
    Candidate,
    CarbonBand,
    CreditLineReport,
    FinancingNeed,
    GreenClassification,
    GreenFigures,
    GreenTier,
    LoanCriteria,
    LoanKind,
    LoanProduct,
    ProductDraft,
    ProductStatus,
    ProductTerms,
)
from api.domain.consent.access import authorise_read
from api.domain.consent.errors import AuditWriteError
from api.domain.consent.model import ConsentPermission, Purpose, SubjectRef
from api.domain.credit.codes import CreditGrade
from api.domain.errors import DomainError
from api.domain.numbers import NumericLimit
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.subjects.model import Enterprise, GreenActivityClass
from api.graphql.banking_types import (
    BankObject,
    CarbonBandEnum,
    CreditLineView,
    FinancingNeedConnection,
    FinancingNeedView,
    GreenClassificationView,
    GreenReasonView,
    GreenTierEnum,
    LendingStatisticView,
    LiftView,
    LoanCandidateConnection,
    LoanCandidateView,
    LoanKindEnum,
    LoanProductConnection,
    LoanProductType,
    MatchCheckView,
    ScorePartView,
    TaxCreditOfferView,
    bank_error,
    decode_id,
    encode_id,
)
from api.graphql.base_mutation import MutationError, TypedMutation, own_payload
from api.graphql.context import Info
from api.graphql.errors_payload import QueryError, UserErrorInterface, errors_of
from api.graphql.permissions import caller, requires
from api.graphql.personal import DENIAL_MESSAGES
from api.graphql.scalars import (
    DecimalLimits,
    UnifiedSocialCreditCode,
    decimal_argument,
    decimal_field,
)
from api.graphql.signed_in import SignedInEnterprise
from api.graphql.types.connections import ConnectionRoot
from api.graphql.types.consent import AccessDenial
from api.graphql.types.subjects import (
    DistrictEnum,
    EnterpriseType,
    GreenActivityClassEnum,
    SizeClassEnum,
    TaxGradeEnum,
)
from api.graphql.webhook_deliveries import webhook_deliveries
from api.webhooks.settings import get_webhook_settings

USCC = "The enterprise's unified social credit code."


def _supervisor(principal: Principal) -> bool:
    return principal.partner_type is PartnerType.CREDIT_OFFICE


async def _enterprise(info: Info, uscc: str) -> Enterprise:
    found = await info.context.repos.enterprises.by_uscc(uscc)
    if found is None:
        raise BankingError("no such enterprise", BankingCode.NOT_FOUND)
    return found


# --- inputs -------------------------------------------------------------------------------


@strawberry.input(name="LoanCriteriaInput", description="Who a product is for; all must hold.")
class LoanCriteriaInput:
    """Leave a field out for "no restriction"."""

    districts: list[DistrictEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these districts."
    )
    industry_prefixes: list[str] | None = strawberry.field(
        default=None, description="GB/T 4754 prefixes, e.g. C26 or D44 (at most 20)."
    )
    size_classes: list[SizeClassEnum] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these size classes."
    )
    lowest_tax_grade: TaxGradeEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Lowest admitted tax grade (order A, B, M, C, D)."
    )
    lowest_credit_grade: str | None = strawberry.field(
        default=None, description="Lowest admitted public credit grade: A, B, C or D."
    )
    green_required: bool = strawberry.field(
        default=False, description="Only enterprises identified as green."
    )
    lowest_green_tier: GreenTierEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Lowest admitted green tier (implies greenRequired)."
    )
    worst_carbon_band: CarbonBandEnum | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Worst admitted carbon band."
    )
    no_serious_dishonesty: bool = strawberry.field(
        default=True, description="Refuse enterprises whose serious dishonesty record counts."
    )

    def to_domain(self) -> LoanCriteria:
        """The domain criteria (the credit grade checked)."""
        grade: CreditGrade | None = None
        if self.lowest_credit_grade is not None:
            try:
                grade = CreditGrade(self.lowest_credit_grade.strip().upper())
            except ValueError:
                raise BankingError("lowestCreditGrade is one of A, B, C, D") from None
        return LoanCriteria(
            districts=tuple(self.districts or ()),
            industry_prefixes=tuple(self.industry_prefixes or ()),
            size_classes=tuple(self.size_classes or ()),
            lowest_tax_grade=self.lowest_tax_grade,
            lowest_credit_grade=grade,
            green_required=self.green_required,
            lowest_green_tier=GreenTier(self.lowest_green_tier) if self.lowest_green_tier else None,
            worst_carbon_band=CarbonBand(self.worst_carbon_band)
            if self.worst_carbon_band
            else None,
            no_serious_dishonesty=self.no_serious_dishonesty,
        )


#: The bank tables' money columns: Numeric(16, 2) yuan.
YUAN = NumericLimit(16, 2)
#: Yearly rates in percent: Numeric(6, 3).
RATE = NumericLimit(6, 3)


@strawberry.input(name="LoanProductInput", description="A loan product as a bank defines it.")
class LoanProductInput:
    """Amounts in yuan, rates in percent a year."""

    name: str = strawberry.field(description="Name (1-120 characters).")
    kind: LoanKindEnum = strawberry.field(description="Kind of loan.")  # type: ignore[valid-type]
    criteria: LoanCriteriaInput = strawberry.field(description="Who it is for.")
    amount_min: Decimal = decimal_field("Smallest amount, above 0.", YUAN)
    amount_max: Decimal = decimal_field("Largest amount.", YUAN)
    rate_min: Decimal = decimal_field("Lowest yearly rate, percent.", RATE)
    rate_max: Decimal = decimal_field("Highest yearly rate, percent (at most 15).", RATE)
    valid_from: date = strawberry.field(description="First day it is offered.")
    valid_until: date | None = strawberry.field(default=None, description="Last day, if any.")
    tax_multiple: Decimal | None = decimal_field(
        "Tax-credit loans only (required there): indicative amount = this x tax paid.",
        NumericLimit(6, 2),
        default=None,
    )

    def to_domain(self) -> ProductDraft:
        """The domain draft (checked by the service)."""
        return ProductDraft(
            name=self.name,
            kind=LoanKind(self.kind),
            criteria=self.criteria.to_domain(),
            terms=ProductTerms(
                amount_min=self.amount_min,
                amount_max=self.amount_max,
                rate_min=self.rate_min,
                rate_max=self.rate_max,
                valid_from=self.valid_from,
                valid_until=self.valid_until,
                tax_multiple=self.tax_multiple,
            ),
        )


@strawberry.input(description="A financing need, posted by the signed-in enterprise.")
class FinancingNeedInput:
    """Through the city app's enterprise login."""

    uscc: UnifiedSocialCreditCode = strawberry.field(description="The signed-in enterprise.")
    amount: Decimal = decimal_field("Amount sought, yuan.", YUAN)
    purpose: str = strawberry.field(description="What the money is for (1-500 characters).")
    term_months: int = strawberry.field(description="Term, 1 to 360 months.")


@strawberry.input(description="A credit line the bank granted.")
class CreditLineInput:
    """Reported once per reference: a retry returns the first report."""

    reference: str = strawberry.field(description="Your reference (1-128 characters).")
    uscc: UnifiedSocialCreditCode = strawberry.field(description="The borrower.")
    product_id: strawberry.ID = strawberry.field(description="Your product it was granted under.")
    amount: Decimal = decimal_field("Amount granted, yuan.", YUAN)
    granted_on: date = strawberry.field(description="Day it was granted.")


@strawberry.input(description="An enterprise's green profile, from the tax bureau.")
class GreenProfileInput:
    """The figures the classification reads."""

    uscc: UnifiedSocialCreditCode = strawberry.field(description="The enterprise.")
    activity_class: GreenActivityClassEnum = strawberry.field(  # type: ignore[valid-type]
        description="Class of its main activity in the green catalogue."
    )
    emissions_tonnes: Decimal = decimal_field("Yearly emissions, t CO2e.", NumericLimit(14, 2))
    carbon_intensity: Decimal = decimal_field(
        "t CO2e per 10,000 yuan revenue.", NumericLimit(10, 4)
    )
    carbon_reduction_tonnes: Decimal = decimal_field("Certified reduction, t.", NumericLimit(14, 2))
    esg_score: Decimal = decimal_field("ESG score, 0 to 100.", NumericLimit(5, 2))
    as_of: date = strawberry.field(description="Date the figures refer to.")


# --- payloads -----------------------------------------------------------------------------


@strawberry.interface(description="A loan product after a change, or why not.")
class LoanProductPayload:
    """The product as it now stands."""

    product: LoanProductType | None = strawberry.field(description="The product.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing changed."
    )


@strawberry.type(description="A page of a product's ranked candidates, or why not.")
class LoanCandidatesPayload:
    """Candidates meet every criterion; the best score first."""

    product: LoanProductType | None = strawberry.field(description="The product.")
    candidates: LoanCandidateConnection | None = strawberry.field(description="The page.")
    errors: list[QueryError] = strawberry.field(description="Why there is no page.")


@strawberry.type(description="A green profile after the tax bureau's report, or why not.")
class GreenProfilePayload:
    """The new classification."""

    classification: GreenClassificationView | None = strawberry.field(
        description="The enterprise's classification now."
    )
    errors: list[MutationError] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="A posted financing need, or why not.")
class FinancingNeedPayload:
    """Banks with a matching published product are told."""

    need: FinancingNeedView | None = strawberry.field(description="The need.")
    banks_told: int = strawberry.field(description="How many banks were told about it.")
    errors: list[MutationError] = strawberry.field(description="Why nothing was posted.")


@strawberry.type(description="A claim on a financing need, or why it was refused.")
class ClaimFinancingNeedPayload:
    """The first three banks to claim get access; a repeated claim returns the first one."""

    need: FinancingNeedView | None = strawberry.field(description="The need, as you now see it.")
    errors: list[MutationError] = strawberry.field(description="Why the claim was refused.")


@strawberry.type(description="A reported credit line, or why not.")
class CreditLinePayload:
    """Idempotent by reference."""

    credit_line: CreditLineView | None = strawberry.field(description="The line.")
    replayed: bool = strawberry.field(description="True when this reference was reported before.")
    errors: list[MutationError] = strawberry.field(description="Why nothing was stored.")


@strawberry.type(description="Tax-credit loan eligibility for an enterprise that authorised you.")
class TaxCreditEligibilityPayload:
    """Offers with reasons, or why the enterprise's data could not be read."""

    offers: list[TaxCreditOfferView] = strawberry.field(
        description="Your open tax-credit products, each eligible or not, with reasons."
    )
    denial: AccessDenial | None = strawberry.field(
        description="Why the enterprise's non-public data could not be read (no offers then)."
    )
    errors: list[QueryError] = strawberry.field(description="Why there is no answer.")


@strawberry.type(description="Lending statistics for the credit office, or why not.")
class LendingStatisticsPayload:
    """By bank, district and month."""

    rows: list[LendingStatisticView] = strawberry.field(description="One row per group.")
    errors: list[QueryError] = strawberry.field(description="Why there are no rows.")


@strawberry.interface(
    description="A webhook or a borrower subscription after a change, or why not."
)
class WebhookPayload:
    """The registered URL and whether the borrower is followed."""

    url: str | None = strawberry.field(description="Your webhook URL.")
    following: bool = strawberry.field(description="Whether you follow the borrower now.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing changed."
    )


@strawberry.type(description="A report of tax paid, or why not.")
class TaxPaidPayload:
    """Stored per enterprise and year."""

    stored: bool = strawberry.field(description="Whether it was stored.")
    errors: list[MutationError] = strawberry.field(description="Why not.")


# --- views --------------------------------------------------------------------------------


def classification_view(found: GreenClassification) -> GreenClassificationView:
    """The GraphQL view of a classification."""
    return GreenClassificationView(
        version=found.version,
        green=found.is_green,
        tier=found.tier,
        carbon_band=found.carbon_band,
        reasons=[GreenReasonView(code=r.code, detail=r.detail) for r in found.reasons],
        profile_as_of=found.profile_as_of,
        classified_at=found.classified_at,
    )


def candidate_view(
    product: LoanProduct, candidate: Candidate, floors: tuple[tuple[CreditGrade, int], ...]
) -> LoanCandidateView:
    """A candidate with its explanation.

    The explanation's checks, score parts and lifts are served as the domain objects
    themselves: ``MatchCheck``, ``MatchScorePart`` and ``MatchLift`` have exactly their
    attributes as plain fields (and no ``is_type_of``), so copying each into a view (about 17
    objects a candidate, 850 a page) bought nothing.
    """
    explained = explain(product.kind, product.criteria, candidate.facts, floors)
    return LoanCandidateView(
        enterprise=cast(EnterpriseType, candidate.enterprise),
        score=explained.score,
        checks=cast(list[MatchCheckView], explained.checks),
        score_parts=cast(list[ScorePartView], explained.components),
        lifts=cast(list[LiftView], explained.lifts),
    )


async def need_views(
    info: Info, needs: list[FinancingNeed], bank_id: int | None, *, owner: bool = False
) -> list[FinancingNeedView]:
    """Needs as ``bank_id`` sees them (claims and enterprises batched: two statements)."""
    repos = info.context.repos
    claims = await repos.financing.claims([n.id for n in needs])
    position = {
        n.id: next((c.position for c in claims[n.id] if c.bank_id == bank_id), None) for n in needs
    }
    visible = [n.enterprise_id for n in needs if owner or position[n.id] is not None]
    enterprises = await repos.enterprises.by_ids(visible) if visible else {}
    return [
        FinancingNeedView(
            id=strawberry.ID(encode_id(info, BankObject.FINANCING_NEED, n.id)),
            amount=n.amount,
            term_months=n.term_months,
            status=n.status,
            claims_left=max(0, 3 - n.claim_count),
            posted_at=n.posted_at,
            your_position=position[n.id],
            purpose=n.purpose if owner or position[n.id] is not None else None,
            enterprise=cast(EnterpriseType | None, enterprises.get(n.enterprise_id)),
        )
        for n in needs
    ]


# --- resolvers ----------------------------------------------------------------------------


def _refused_product(
    payload: type[LoanProductPayload], errors: list[MutationError]
) -> LoanProductPayload:
    return payload(product=None, errors=errors)


def _refused_webhook(payload: type[WebhookPayload], errors: list[MutationError]) -> WebhookPayload:
    return payload(url=None, following=False, errors=errors)


_B = BankingCode
#: Changing one of the caller's products: it must exist, be the caller's and allow the step.
_OWN_PRODUCT = (
    _B.INVALID_ARGUMENT,
    _B.NOT_FOUND,
    _B.NOT_YOUR_PRODUCT,
    _B.PRODUCT_TRANSITION_NOT_ALLOWED,
)
#: A refused input, or an enterprise (need, product) that does not exist.
_INPUT = (_B.INVALID_ARGUMENT, _B.NOT_FOUND)

CREATE_PRODUCT, CreateLoanProductPayload = own_payload(
    "CreateLoanProduct",
    (_B.INVALID_ARGUMENT,),
    LoanProductPayload,
    _refused_product,
    description="A loan product registered as a draft, or why not.",
    field="input",
)
UPDATE_PRODUCT, UpdateLoanProductPayload = own_payload(
    "UpdateLoanProduct",
    _OWN_PRODUCT,
    LoanProductPayload,
    _refused_product,
    description="A loan product after a change, or why not.",
    field="id",
)
PUBLISH_PRODUCT, PublishLoanProductPayload = own_payload(
    "PublishLoanProduct",
    _OWN_PRODUCT,
    LoanProductPayload,
    _refused_product,
    description="A loan product after publishing it, or why not.",
    field="id",
)
RETIRE_PRODUCT, RetireLoanProductPayload = own_payload(
    "RetireLoanProduct",
    _OWN_PRODUCT,
    LoanProductPayload,
    _refused_product,
    description="A loan product after retiring it, or why not.",
    field="id",
)
GREEN_PROFILE, UpdatedGreenProfilePayload = own_payload(
    "UpdateGreenProfile",
    _INPUT,
    GreenProfilePayload,
    lambda payload, errors: payload(classification=None, errors=errors),
    description="A green profile after the tax bureau's report, or why not.",
    field="input",
    payload_name="GreenProfilePayload",
)
TAX_PAID, ReportedTaxPaidPayload = own_payload(
    "ReportTaxPaid",
    _INPUT,
    TaxPaidPayload,
    lambda payload, errors: payload(stored=False, errors=errors),
    description="A report of tax paid, or why not.",
    errors="Why not.",
    payload_name="TaxPaidPayload",
)
POST_NEED, PostedFinancingNeedPayload = own_payload(
    "PostFinancingNeed",
    _INPUT,
    FinancingNeedPayload,
    lambda payload, errors: payload(need=None, banks_told=0, errors=errors),
    description="A posted financing need, or why not.",
    errors="Why nothing was posted.",
    field="input",
    payload_name="FinancingNeedPayload",
)
CLAIM_NEED, ClaimedFinancingNeedPayload = own_payload(
    "ClaimFinancingNeed",
    (_B.NOT_FOUND, _B.NEED_NOT_OPEN, _B.CLAIMS_FULL),
    ClaimFinancingNeedPayload,
    lambda payload, errors: payload(need=None, errors=errors),
    description="A claim on a financing need, or why it was refused.",
    errors="Why the claim was refused.",
    field="needId",
    payload_name="ClaimFinancingNeedPayload",
)
CREDIT_LINE, ReportedCreditLinePayload = own_payload(
    "ReportCreditLine",
    (*_INPUT, _B.NOT_YOUR_PRODUCT, _B.IDEMPOTENCY_KEY_REUSED),
    CreditLinePayload,
    lambda payload, errors: payload(credit_line=None, replayed=False, errors=errors),
    description="A reported credit line, or why not.",
    errors="Why nothing was stored.",
    field="input",
    payload_name="CreditLinePayload",
)
REGISTER_WEBHOOK, RegisterWebhookPayload = own_payload(
    "RegisterWebhook",
    (_B.INVALID_ARGUMENT,),
    WebhookPayload,
    _refused_webhook,
    description="Your webhook after registering it, or why not.",
    field="url",
)
FOLLOW, FollowBorrowerPayload = own_payload(
    "FollowBorrower",
    (_B.NOT_FOUND, _B.WEBHOOK_NOT_REGISTERED, _B.NOT_A_BORROWER),
    WebhookPayload,
    _refused_webhook,
    description="A borrower subscription after following, or why not.",
    field="uscc",
)
UNFOLLOW, UnfollowBorrowerPayload = own_payload(
    "UnfollowBorrower",
    (_B.NOT_FOUND,),
    WebhookPayload,
    _refused_webhook,
    description="A borrower subscription after unfollowing, or why not.",
    field="uscc",
)


def _after(info: Info, listing: str, after: str | None) -> SortKey | None:
    """The decoded ``after`` cursor of ``listing``; a bad one is refused at field ``after``."""
    if not after:
        return None
    try:
        return info.context.cursors.decode(listing, after)
    except DomainError as error:
        error.field = "after"
        raise


async def create_loan_product(
    info: Info,
    input: Annotated[LoanProductInput, strawberry.argument(description="The product.")],
) -> LoanProductPayload:
    """Register a product as a draft."""
    context = info.context

    async def perform() -> LoanProductPayload:
        product = await services.create_product(
            context.repos,
            bank_id=caller(info).partner_id,
            draft=input.to_domain(),
            now=context.now,
        )
        return CreateLoanProductPayload(product=cast(LoanProductType, product), errors=[])

    return await CREATE_PRODUCT.run(info, perform)


async def update_loan_product(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="Your product.")],
    input: Annotated[LoanProductInput, strawberry.argument(description="Its new content.")],
) -> LoanProductPayload:
    """Change a draft or published product."""
    context = info.context

    async def perform() -> LoanProductPayload:
        product = await services.update_product(
            context.repos,
            bank_id=caller(info).partner_id,
            product_id=decode_id(info, BankObject.LOAN_PRODUCT, id),
            draft=input.to_domain(),
            now=context.now,
        )
        return UpdateLoanProductPayload(product=cast(LoanProductType, product), errors=[])

    return await UPDATE_PRODUCT.run(info, perform)


def _move(
    status: ProductStatus,
    runner: TypedMutation[LoanProductPayload],
    payload: type[LoanProductPayload],
    description: str,
) -> object:
    async def resolve(
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Your product.")],
    ) -> LoanProductPayload:
        """Move one of the caller's products to ``status``."""
        context = info.context

        async def perform() -> LoanProductPayload:
            product = await services.move_product(
                context.repos,
                bank_id=caller(info).partner_id,
                product_id=decode_id(info, BankObject.LOAN_PRODUCT, id),
                status=status,
                now=context.now,
            )
            return payload(product=cast(LoanProductType, product), errors=[])

        return await runner.run(info, perform)

    return strawberry.mutation(
        resolver=resolve,
        graphql_type=payload,
        **requires(Scope.LOAN_PRODUCT_WRITE, description=description),
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
    request = PageRequest(
        first=first, after=info.context.cursors.decode(listing, after) if after else None
    )
    supervisor = _supervisor(principal)
    page = await info.context.repos.loan_products.page(
        request,
        bank_id=principal.partner_id if mine_only else None,
        viewer_bank_id=None if supervisor or mine_only else principal.partner_id,
    )
    return cast(LoanProductConnection, ConnectionRoot(page=page, listing=listing))


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
        request = PageRequest(first=first, after=_after(info, listing, after))
        product, page = await services.candidate_page(
            context.repos,
            bank_id=principal.partner_id,
            product_id=pid,
            request=request,
            supervisor=_supervisor(principal),
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


async def update_green_profile(
    info: Info,
    input: Annotated[GreenProfileInput, strawberry.argument(description="The profile.")],
) -> GreenProfilePayload:
    """The tax bureau reports a green profile; the classification is recomputed at once."""
    context = info.context

    async def perform() -> GreenProfilePayload:
        enterprise = await _enterprise(info, input.uscc)
        found = await services.update_green_profile(
            context.repos,
            enterprise_id=enterprise.id,
            uscc=enterprise.uscc,
            figures=GreenFigures(
                activity_class=GreenActivityClass(input.activity_class),
                emissions_tonnes=input.emissions_tonnes,
                carbon_intensity=input.carbon_intensity,
                carbon_reduction_tonnes=input.carbon_reduction_tonnes,
                esg_score=input.esg_score,
                as_of=input.as_of,
            ),
            now=context.now,
        )
        return UpdatedGreenProfilePayload(classification=classification_view(found), errors=[])

    return await GREEN_PROFILE.run(info, perform)


async def report_tax_paid(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
    year: Annotated[int, strawberry.argument(description="Tax year.")],
    amount: Annotated[Decimal, decimal_argument("Tax paid, yuan.", YUAN)],
) -> TaxPaidPayload:
    """The tax bureau reports the tax an enterprise paid in a year (non-public)."""
    context = info.context

    async def perform() -> TaxPaidPayload:
        enterprise = await _enterprise(info, uscc)
        if not 2000 <= year <= context.today.year or amount < 0:
            raise BankingError("year from 2000 to this year; amount not negative")
        await context.repos.matching.set_tax_paid(enterprise.id, year, amount)
        return ReportedTaxPaidPayload(stored=True, errors=[])

    return await TAX_PAID.run(info, perform)


async def post_financing_need(
    info: Info,
    input: Annotated[FinancingNeedInput, strawberry.argument(description="The need.")],
) -> FinancingNeedPayload:
    """The signed-in enterprise posts a need; banks with a matching product are told."""
    context = info.context

    async def perform() -> FinancingNeedPayload:
        enterprise = await _enterprise(info, input.uscc)
        need, told = await services.post_need(
            context.repos,
            enterprise_id=enterprise.id,
            uscc=enterprise.uscc,
            amount=input.amount,
            purpose=input.purpose,
            term_months=input.term_months,
            now=context.now,
            need_ref=lambda need_id: encode_id(info, BankObject.FINANCING_NEED, need_id),
            product_ref=lambda product_id: encode_id(info, BankObject.LOAN_PRODUCT, product_id),
        )
        views = await need_views(info, [need], None, owner=True)
        return PostedFinancingNeedPayload(need=views[0], banks_told=len(told), errors=[])

    return await POST_NEED.run(info, perform)


async def claim_financing_need(
    info: Info,
    need_id: Annotated[strawberry.ID, strawberry.argument(description="The need.")],
) -> ClaimFinancingNeedPayload:
    """Claim a need: the first three banks get access to it; later claims are refused."""
    context = info.context
    bank_id = caller(info).partner_id

    async def perform() -> ClaimFinancingNeedPayload:
        nid = decode_id(info, BankObject.FINANCING_NEED, need_id)
        await services.claim_need(context.repos, bank_id=bank_id, need_id=nid, now=context.now)
        need = await context.repos.financing.get_need(nid)
        views = await need_views(info, [need], bank_id) if need else []
        return ClaimedFinancingNeedPayload(need=views[0] if views else None, errors=[])

    return await CLAIM_NEED.run(info, perform)


async def financing_needs(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
) -> FinancingNeedConnection:
    """The needs you were told about (a product of yours matches), newest first."""
    bank_id = caller(info).partner_id
    listing = f"needs:{bank_id}"
    request = PageRequest(
        first=first, after=info.context.cursors.decode(listing, after) if after else None
    )
    page = await info.context.repos.financing.told_page(bank_id, request)
    views = await need_views(info, [n for n, _ in page.items], bank_id)
    shown: Page[FinancingNeedView] = Page(
        items=[(v, key) for v, (_, key) in zip(views, page.items, strict=True)],
        has_next=page.has_next,
    )
    return cast(FinancingNeedConnection, ConnectionRoot(page=shown, listing=listing))


async def my_financing_needs(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    uscc: SignedInEnterprise = None,
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
) -> FinancingNeedConnection:
    """The signed-in enterprise's needs, newest first, with how many places are taken."""
    enterprise = await _enterprise(info, uscc or "") if uscc else None
    if enterprise is None:
        raise BankingError("name the signed-in enterprise (uscc)", BankingCode.NOT_FOUND)
    listing = f"my-needs:{enterprise.id}"
    request = PageRequest(
        first=first, after=info.context.cursors.decode(listing, after) if after else None
    )
    page = await info.context.repos.financing.enterprise_page(enterprise.id, request)
    views = await need_views(info, [n for n, _ in page.items], None, owner=True)
    shown: Page[FinancingNeedView] = Page(
        items=[(v, key) for v, (_, key) in zip(views, page.items, strict=True)],
        has_next=page.has_next,
    )
    return cast(FinancingNeedConnection, ConnectionRoot(page=shown, listing=listing))


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


async def report_credit_line(
    info: Info,
    input: Annotated[CreditLineInput, strawberry.argument(description="The line.")],
) -> CreditLinePayload:
    """Report a line granted, once per reference (a retry returns the first report)."""
    context = info.context
    bank_id = caller(info).partner_id

    async def perform() -> CreditLinePayload:
        enterprise = await _enterprise(info, input.uscc)
        line, replayed = await services.report_credit_line(
            context.repos,
            bank_id=bank_id,
            report=CreditLineReport(
                reference=input.reference,
                enterprise_id=enterprise.id,
                product_id=decode_id(info, BankObject.LOAN_PRODUCT, input.product_id),
                amount=input.amount,
                granted_on=input.granted_on,
            ),
            now=context.now,
        )
        product = await context.repos.loan_products.get(line.product_id)
        view = CreditLineView(
            id=strawberry.ID(encode_id(info, BankObject.CREDIT_LINE, line.id)),
            reference=line.reference,
            amount=line.amount,
            granted_on=line.granted_on,
            product=cast(LoanProductType, product),
        )
        return ReportedCreditLinePayload(credit_line=view, replayed=replayed, errors=[])

    return await CREDIT_LINE.run(info, perform)


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


async def register_webhook(
    info: Info,
    url: Annotated[str, strawberry.argument(description="Your HTTPS endpoint.")],
) -> WebhookPayload:
    """Register (or replace) the URL your events are POSTed to, signed (X-Credit-Signature)."""
    context = info.context

    async def perform() -> WebhookPayload:
        stored = await services.register_webhook(
            context.repos,
            bank_id=caller(info).partner_id,
            url=url,
            now=context.now,
            allow_loopback_http=get_webhook_settings().allow_loopback_http,
            resolve=context.resolve_host,
        )
        return RegisterWebhookPayload(url=stored, following=False, errors=[])

    return await REGISTER_WEBHOOK.run(info, perform)


async def follow_borrower(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
) -> WebhookPayload:
    """Follow a borrower you reported a line to: worsening is POSTed to your webhook."""
    context = info.context
    bank_id = caller(info).partner_id

    async def perform() -> WebhookPayload:
        enterprise = await _enterprise(info, uscc)
        await services.follow_borrower(
            context.repos, bank_id=bank_id, enterprise_id=enterprise.id, now=context.now
        )
        url = await context.repos.webhooks.endpoint(bank_id)
        return FollowBorrowerPayload(url=url, following=True, errors=[])

    return await FOLLOW.run(info, perform)


async def unfollow_borrower(
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC)],
) -> WebhookPayload:
    """Stop following a borrower."""
    context = info.context
    bank_id = caller(info).partner_id

    async def perform() -> WebhookPayload:
        enterprise = await _enterprise(info, uscc)
        await context.repos.webhooks.unsubscribe(bank_id, enterprise.id)
        url = await context.repos.webhooks.endpoint(bank_id)
        return UnfollowBorrowerPayload(url=url, following=False, errors=[])

    return await UNFOLLOW.run(info, perform)


@strawberry.type(description="Bank scenarios: products, needs, lines, green profiles, webhooks.")
class BankingMutation:
    """Merged into the mutation root."""

    create_loan_product = strawberry.mutation(
        resolver=create_loan_product,
        graphql_type=CreateLoanProductPayload,
        **requires(
            Scope.LOAN_PRODUCT_WRITE,
            description="Register a loan product as a draft (only your bank sees it).",
            extra=[DecimalLimits()],
        ),
    )
    update_loan_product = strawberry.mutation(
        resolver=update_loan_product,
        graphql_type=UpdateLoanProductPayload,
        **requires(
            Scope.LOAN_PRODUCT_WRITE,
            description="Change one of your draft or published products.",
            extra=[DecimalLimits()],
        ),
    )
    publish_loan_product = _move(
        ProductStatus.PUBLISHED,
        PUBLISH_PRODUCT,
        PublishLoanProductPayload,
        "Publish one of your drafts: it matches enterprises and is told about needs.",
    )
    retire_loan_product = _move(
        ProductStatus.RETIRED,
        RETIRE_PRODUCT,
        RetireLoanProductPayload,
        "Retire one of your products.",
    )
    update_green_profile = strawberry.mutation(
        resolver=update_green_profile,
        graphql_type=UpdatedGreenProfilePayload,
        **requires(
            Scope.GREEN_PROFILE_WRITE,
            description="The tax bureau reports an enterprise's green profile; its green "
            "classification is recomputed in the same transaction, and banks following it are "
            "told if its green status worsened.",
            extra=[DecimalLimits()],
        ),
    )
    report_tax_paid = strawberry.mutation(
        resolver=report_tax_paid,
        graphql_type=ReportedTaxPaidPayload,
        **requires(
            Scope.TAX_RATING_WRITE,
            description="The tax bureau reports the tax an enterprise paid in a year.",
            extra=[DecimalLimits()],
        ),
    )
    post_financing_need = strawberry.mutation(
        resolver=post_financing_need,
        graphql_type=PostedFinancingNeedPayload,
        **requires(
            Scope.FINANCING_NEED_WRITE,
            description="The signed-in enterprise posts a financing need; banks with a "
            "matching published product are told.",
            extra=[DecimalLimits()],
        ),
    )
    claim_financing_need = strawberry.mutation(
        resolver=claim_financing_need,
        graphql_type=ClaimedFinancingNeedPayload,
        **requires(
            Scope.FINANCING_NEED_CLAIM,
            description="Claim a financing need: the first three banks get access to it, "
            "later claims are refused with CLAIMS_FULL.",
        ),
    )
    report_credit_line = strawberry.mutation(
        resolver=report_credit_line,
        graphql_type=ReportedCreditLinePayload,
        **requires(
            Scope.CREDIT_LINE_WRITE,
            description="Report a credit line granted, idempotently by your reference.",
            extra=[DecimalLimits()],
        ),
    )
    register_webhook = strawberry.mutation(
        resolver=register_webhook,
        graphql_type=RegisterWebhookPayload,
        **requires(
            Scope.WEBHOOK_MANAGE,
            description="Register the HTTPS URL post-loan events are POSTed to (JSON, signed "
            "with a detached JWS in X-Credit-Signature, key in the JWKS).",
        ),
    )
    follow_borrower = strawberry.mutation(
        resolver=follow_borrower,
        graphql_type=FollowBorrowerPayload,
        **requires(
            Scope.WEBHOOK_MANAGE,
            description="Follow one of your borrowers: a worse grade or green status, or a "
            "new serious record, is POSTed to your webhook.",
        ),
    )
    unfollow_borrower = strawberry.mutation(
        resolver=unfollow_borrower,
        graphql_type=UnfollowBorrowerPayload,
        **requires(Scope.WEBHOOK_MANAGE, description="Stop following a borrower."),
    )


@strawberry.type(description="Bank scenarios: products, matching, needs, eligibility, statistics.")
class BankingQuery:
    """Merged into the query root."""

    loan_products = strawberry.field(
        resolver=loan_products,
        **requires(
            Scope.LOAN_PRODUCT_WRITE,
            description="Your loan products (drafts included), or all you may see, newest first.",
        ),
    )
    loan_candidates = strawberry.field(
        resolver=loan_candidates,
        **requires(
            Scope.LOAN_MATCH_READ,
            description="The enterprises that meet one of your products' criteria, best match "
            "first, each with its score and reasons (public data only).",
        ),
    )
    green_classification = strawberry.field(
        resolver=green_classification,
        **requires(
            Scope.ENTERPRISE_READ,
            description="An enterprise's green classification: green or not, tier and carbon "
            "band, versioned and explained.",
        ),
    )
    financing_needs = strawberry.field(
        resolver=financing_needs,
        **requires(
            Scope.FINANCING_NEED_CLAIM,
            description="The financing needs you were told about, newest first.",
        ),
    )
    my_financing_needs = strawberry.field(
        resolver=my_financing_needs,
        **requires(
            Scope.FINANCING_NEED_WRITE,
            description="The signed-in enterprise's financing needs, newest first.",
        ),
    )
    tax_credit_eligibility = strawberry.field(
        resolver=tax_credit_eligibility,
        **requires(
            Scope.LOAN_MATCH_READ,
            description="Tax-credit loan eligibility (绿税贷) for an enterprise that authorised "
            "you: each of your open tax-credit products with an indicative amount or the "
            "reasons it is not eligible. The read is in the enterprise's access log.",
        ),
    )
    lending_statistics = strawberry.field(
        resolver=lending_statistics,
        **requires(
            Scope.STATISTICS_READ,
            description="Enterprises served, credit lines and the green share of lending, by "
            "bank, district and month.",
        ),
    )
    webhook_deliveries = strawberry.field(
        resolver=webhook_deliveries,
        **requires(
            Scope.WEBHOOK_MANAGE,
            description="Your webhook outbox, newest first: each event's body, status, attempts "
            "and last error, to debug your receiver. Only your bank's events.",
        ),
    )
