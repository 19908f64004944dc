"""Domain results turned into the banking types, and the lookups the resolvers share."""

from __future__ import annotations

from typing import cast

import strawberry

from api.auth.principal import Principal
from api.auth.scopes import PartnerType
from api.domain.banking.errors import BankingCode, BankingError
from api.domain.banking.matching import explain
from api.domain.banking.model import Candidate, FinancingNeed, GreenClassification, LoanProduct
from api.domain.credit.codes import CreditGrade
from api.domain.errors import DomainError
from api.domain.paging import SortKey
from api.domain.subjects.model import Enterprise
from api.graphql.banking.types import (
    BankObject,
    FinancingNeedView,
    GreenClassificationView,
    GreenReasonView,
    LiftView,
    LoanCandidateView,
    MatchCheckView,
    ScorePartView,
    encode_id,
)
from api.graphql.context import Info
from api.graphql.subjects.types import EnterpriseType

USCC = "The enterprise's unified social credit code."


def is_supervisor(principal: Principal) -> bool:
    """Whether the caller is the credit office, which sees every bank's products."""
    return principal.partner_type is PartnerType.CREDIT_OFFICE


async def enterprise_named(info: Info, uscc: str) -> Enterprise:
    """The enterprise with this code, or a NOT_FOUND banking refusal."""
    found = await info.context.repos.enterprises.by_uscc(uscc)
    if found is None:
        raise BankingError("no such enterprise", BankingCode.NOT_FOUND)
    return found


def after_cursor(info: Info, listing: str, after: str | None) -> SortKey | None:
    """The decoded ``after`` cursor of ``listing``; a bad one is refused at field ``after``."""
    if not after:
        return None
    try:
        return info.context.cursors.decode(listing, after)
    except DomainError as error:
        error.field = "after"
        raise


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
        checks=cast("list[MatchCheckView]", explained.checks),
        score_parts=cast("list[ScorePartView]", explained.components),
        lifts=cast("list[LiftView]", explained.lifts),
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
