"""The bank scenarios' use cases. Each runs in the caller's unit of work and never commits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from api.domain.banking.errors import BankingCode, BankingError
from api.domain.banking.green import classify_green, green_worsened
from api.domain.banking.lending import (
    BorrowerEvent,
    CreditLine,
    CreditLineReport,
    EventType,
    FinancingNeed,
    LendingStatistic,
    NeedClaim,
    NeedStatus,
)
from api.domain.banking.matching import meets
from api.domain.banking.model import (
    Candidate,
    GreenClassification,
    GreenFigures,
    LoanKind,
    LoanProduct,
    ProductDraft,
    ProductStatus,
    TaxCreditOffer,
)
from api.domain.banking.ports import BankingStore, HostResolver
from api.domain.banking.products import (
    check_changeable,
    check_draft,
    check_need,
    check_owner,
    check_transition,
)
from api.domain.banking.tax_credit import tax_credit_offer
from api.domain.banking.webhooks import check_webhook_url, checked_destination, webhook_host
from api.domain.clock import city_today
from api.domain.errors import InvalidArgumentError
from api.domain.paging import Page, PageRequest

#: The longest period the lending statistics cover in one call.
MAX_STATISTICS_DAYS = 366 * 5


def _moved() -> BankingError:
    return BankingError(
        "the product changed meanwhile; read it again", BankingCode.INVALID_ARGUMENT
    )


async def create_product(
    store: BankingStore, *, bank_id: int, draft: ProductDraft, now: datetime
) -> LoanProduct:
    """A bank registers a new product, as a draft only it sees."""
    return await store.loan_products.add(bank_id, check_draft(draft), now=now)


async def update_product(
    store: BankingStore, *, bank_id: int, product_id: int, draft: ProductDraft, now: datetime
) -> LoanProduct:
    """The owning bank changes a draft or published product (its version goes up)."""
    product = check_owner(await store.loan_products.get(product_id), bank_id)
    check_changeable(product)
    changed = await store.loan_products.replace(product, check_draft(draft), now=now)
    if changed is None:
        raise _moved()
    return changed


async def move_product(
    store: BankingStore, *, bank_id: int, product_id: int, status: ProductStatus, now: datetime
) -> LoanProduct:
    """The owning bank publishes or retires a product."""
    product = check_owner(await store.loan_products.get(product_id), bank_id)
    moved = await store.loan_products.set_status(
        product, check_transition(product, status), now=now
    )
    if moved is None:
        raise _moved()
    return moved


async def candidate_page(
    store: BankingStore,
    *,
    bank_id: int,
    product_id: int,
    request: PageRequest,
    supervisor: bool = False,
) -> tuple[LoanProduct, Page[Candidate]]:
    """The owning bank's (or the credit office's) ranked candidates of a product, one page."""
    product = await store.loan_products.get(product_id)
    if product is None or not (supervisor or product.bank_id == bank_id):
        raise BankingError("no such loan product of yours", BankingCode.NOT_FOUND)
    page = await store.matching.candidates(product.kind, product.criteria, request)
    return product, page


def _check_figures(figures: GreenFigures, today: date) -> None:
    if min(figures.emissions_tonnes, figures.carbon_intensity, figures.carbon_reduction_tonnes) < 0:
        raise BankingError("emissions, intensity and reduction cannot be negative")
    if not Decimal(0) <= figures.esg_score <= Decimal(100):
        raise BankingError("the ESG score is 0 to 100")
    if figures.as_of > today:
        raise BankingError("asOf is in the future")


async def update_green_profile(
    store: BankingStore, *, enterprise_id: int, uscc: str, figures: GreenFigures, now: datetime
) -> GreenClassification:
    """The tax bureau reports a green profile: reclassify, re-index, tell followers if worse."""
    _check_figures(figures, city_today(now))
    before = await store.green.classification(enterprise_id)
    if before is None:
        old = await store.green.profile(enterprise_id)
        before = classify_green(enterprise_id, old, now=now) if old else None
    await store.green.save_profile(enterprise_id, figures)
    after = classify_green(enterprise_id, figures, now=now)
    await store.green.save_classification(after)
    await store.matching.refresh([enterprise_id], now=now)
    worse = green_worsened(before, after)
    if worse is not None:
        event = BorrowerEvent(EventType.GREEN_STATUS_WORSENED, dict(worse))
        for subscription_id, bank_id in await store.webhooks.subscribers(enterprise_id):
            await store.webhooks.enqueue(
                bank_id,
                event,
                subscription_id=subscription_id,
                subject={"uscc": uscc},
                now=now,
            )
    return after


async def post_need(
    store: BankingStore,
    *,
    enterprise_id: int,
    uscc: str,
    amount: Decimal,
    purpose: str,
    term_months: int,
    now: datetime,
    need_ref: Callable[[int], str],
    product_ref: Callable[[int], str],
) -> tuple[FinancingNeed, dict[int, int]]:
    """An enterprise posts a need; banks with a matching open product are told (bank -> product).

    The event names the need and the product by the opaque IDs the bank's API uses
    (``need_ref``, ``product_ref``).
    """
    text = check_need(amount, purpose, term_months)
    need = await store.financing.add_need(enterprise_id, amount, text, term_months, now)
    await store.matching.refresh([enterprise_id], now=now)
    facts = (await store.matching.facts([enterprise_id])).get(enterprise_id)
    told: dict[int, int] = {}
    if facts is not None:
        for product in await store.loan_products.open_products(city_today(now)):
            fits = product.terms.amount_min <= amount <= product.terms.amount_max
            if fits and meets(product.criteria, facts):
                told.setdefault(product.bank_id, product.id)
    await store.financing.tell(need.id, told)
    for bank_id, product_id in told.items():
        if await store.webhooks.endpoint(bank_id) is None:
            continue
        event = BorrowerEvent(
            EventType.FINANCING_NEED_POSTED,
            {
                "needId": need_ref(need.id),
                "amount": str(amount),
                "termMonths": term_months,
                "productId": product_ref(product_id),
            },
        )
        await store.webhooks.enqueue(
            bank_id, event, subscription_id=None, subject={"uscc": uscc}, now=now
        )
    return need, told


async def claim_need(
    store: BankingStore, *, bank_id: int, need_id: int, now: datetime
) -> NeedClaim:
    """A bank claims a need: the first three get access, later claims are refused (Huzhou)."""
    # The claim is the transaction's first statement: on SQLite a write after a read can fail
    # when another claim committed in between; on PostgreSQL the row lock orders the claims.
    claim = await store.financing.claim(need_id, bank_id, now)
    if claim is not None:
        return claim
    mine = await store.financing.claim_of(need_id, bank_id)
    if mine is not None:
        return mine
    need = await store.financing.get_need(need_id)
    if need is None:
        raise BankingError("no such financing need", BankingCode.NOT_FOUND)
    if need.status is NeedStatus.WITHDRAWN:
        raise BankingError("the need was withdrawn", BankingCode.NEED_NOT_OPEN)
    raise BankingError("three banks have claimed this need already", BankingCode.CLAIMS_FULL)


async def tax_credit_offers(
    store: BankingStore, *, bank_id: int, enterprise_id: int, now: datetime
) -> list[TaxCreditOffer]:
    """The bank's open tax-credit products for an enterprise that authorised it, with reasons."""
    today = city_today(now)
    facts = await store.matching.tax_facts(enterprise_id)
    if facts is None:
        raise BankingError("no such enterprise", BankingCode.NOT_FOUND)
    products = [
        p
        for p in await store.loan_products.open_products(today)
        if p.bank_id == bank_id and p.kind is LoanKind.TAX_CREDIT_LOAN
    ]
    return [
        tax_credit_offer(
            product,
            tax_grade=facts.tax_grade,
            red_flag=facts.red_flag,
            tax_paid=facts.tax_paid,
            carbon_reduction=facts.carbon_reduction_tonnes,
            today=today,
        )
        for product in products
    ]


def line_fingerprint(report: CreditLineReport) -> str:
    """What makes two reports with one reference the same report."""
    canonical = json.dumps(
        [report.enterprise_id, report.product_id, str(report.amount), report.granted_on.isoformat()]
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def report_credit_line(
    store: BankingStore, *, bank_id: int, report: CreditLineReport, now: datetime
) -> tuple[CreditLine, bool]:
    """A bank reports a line granted, once per reference; a retry returns it (``True``)."""
    reference = report.reference.strip()
    if not 1 <= len(reference) <= 128:
        raise BankingError("the reference must be 1 to 128 characters", field="reference")
    if not Decimal(0) < report.amount <= Decimal("10000000000"):
        raise BankingError("the amount must be above 0 and at most 10,000,000,000")
    if report.granted_on > city_today(now):
        raise BankingError("grantedOn is in the future")
    product = check_owner(await store.loan_products.get(report.product_id), bank_id)
    if product.status is ProductStatus.DRAFT:
        raise BankingError("lines are granted under published products")
    checked = CreditLineReport(
        reference, report.enterprise_id, report.product_id, report.amount, report.granted_on
    )
    fingerprint = line_fingerprint(checked)
    line = await store.credit_lines.add(bank_id, checked, fingerprint, now)
    if line is not None:
        return line, False
    found = await store.credit_lines.by_reference(bank_id, reference)
    if found is None:
        raise BankingError(
            "the reference is being used; retry shortly",
            BankingCode.INVALID_ARGUMENT,
            field="reference",
        )
    stored, stored_fingerprint = found
    if stored_fingerprint != fingerprint:
        raise BankingError(
            "this reference was reported with other values; use a new reference",
            BankingCode.IDEMPOTENCY_KEY_REUSED,
            field="reference",
        )
    return stored, True


async def lending_statistics(
    store: BankingStore, *, start: date, end: date
) -> list[LendingStatistic]:
    """The credit office's statistics: served enterprises, lines and green share by group."""
    if end < start:
        raise BankingError("the period ends before it starts")
    if end - start > timedelta(days=MAX_STATISTICS_DAYS):
        raise BankingError("the period is at most five years")
    return await store.credit_lines.statistics(start, end)


async def register_webhook(
    store: BankingStore,
    *,
    bank_id: int,
    url: str,
    now: datetime,
    allow_loopback_http: bool,
    resolve: HostResolver,
) -> str:
    """A bank registers the HTTPS URL its events are POSTed to: a public destination only."""
    checked = check_webhook_url(url, allow_loopback_http=allow_loopback_http)
    _addresses, refusal = await checked_destination(
        webhook_host(checked), resolve, allow_loopback=allow_loopback_http
    )
    if refusal is not None:
        raise InvalidArgumentError(refusal)
    await store.webhooks.set_endpoint(bank_id, checked, now)
    return checked


async def follow_borrower(
    store: BankingStore, *, bank_id: int, enterprise_id: int, now: datetime
) -> int:
    """A bank follows one of its borrowers (it reported a line to it); needs a webhook."""
    if await store.webhooks.endpoint(bank_id) is None:
        raise BankingError("register a webhook first", BankingCode.WEBHOOK_NOT_REGISTERED)
    if not await store.credit_lines.has_line(bank_id, enterprise_id):
        raise BankingError(
            "a bank follows only enterprises it reported a credit line to",
            BankingCode.NOT_A_BORROWER,
        )
    return await store.webhooks.subscribe(bank_id, enterprise_id, now)
