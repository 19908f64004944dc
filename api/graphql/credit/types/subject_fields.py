"""The fields every kind of subject shares (records, evaluations), declared once."""

from __future__ import annotations

from typing import Annotated, Any, Protocol, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.credit.codes import MerchantColour
from api.domain.subjects.model import SubjectKind
from api.graphql.context import Info
from api.graphql.credit.types.evaluation import (
    CreditEvaluationConnection,
    CreditEvaluationType,
    MerchantColourEnum,
    current_evaluation,
    evaluation_history,
)
from api.graphql.credit.types.records import (
    DEFAULT_RECORDS_PAGE,
    CreditRecordConnection,
    records_listing,
)
from api.graphql.lean.fields import reads_context_only
from api.graphql.permissions import query_field
from api.graphql.relay import ConnectionRoot, page_request


class _Subject(Protocol):
    id: int


RECORDS_FIRST = "How many records, 1 to 100."


RECORDS_AFTER = "Cursor of the last record already seen."


async def load_records(
    info: Info, subject_id: int, first: int, after: str | None
) -> ConnectionRoot:
    """One page of a subject's publishable records, through the request's batched loader."""
    listing = records_listing(subject_id)
    request = page_request(info, listing, first, after)
    page = await info.context.loaders.record_page.load((subject_id, request.first, request.after))
    return ConnectionRoot(page=page, listing=listing)


def credit_records_field() -> Any:
    """`creditRecords`: a page of the subject's publishable records (batched per request)."""

    @reads_context_only
    async def resolve(
        root: strawberry.Parent[_Subject],
        info: Info,
        first: Annotated[
            int, strawberry.argument(description=RECORDS_FIRST)
        ] = DEFAULT_RECORDS_PAGE,
        after: Annotated[str | None, strawberry.argument(description=RECORDS_AFTER)] = None,
    ) -> CreditRecordConnection:
        return cast(CreditRecordConnection, await load_records(info, root.id, first, after))

    return query_field(
        Scope.CREDIT_RECORD_READ, description="Publishable credit records, newest first."
    )(resolve)


def evaluation_field() -> Any:
    """`evaluation`: the subject's current evaluation and its reasons (batched per request)."""

    async def resolve(root: strawberry.Parent[_Subject], info: Info) -> CreditEvaluationType | None:
        return cast(CreditEvaluationType | None, await current_evaluation(info, root.id))

    return query_field(
        Scope.EVALUATION_READ,
        description="Current public credit evaluation: score, grade and the reasons; null "
        "if it was never evaluated.",
    )(resolve)


def evaluation_history_field(kind: SubjectKind) -> Any:
    """`evaluationHistory`: every evaluation of the subject, newest first."""

    async def resolve(
        root: strawberry.Parent[_Subject],
        info: Info,
        first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")] = 10,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor of the last one already seen.")
        ] = None,
    ) -> CreditEvaluationConnection:
        return cast(
            CreditEvaluationConnection,
            await evaluation_history(info, root.id, kind, first, after),
        )

    return query_field(
        Scope.EVALUATION_READ,
        description="Every evaluation kept, newest first (one subject at a time).",
    )(resolve)


def merchant_colour_field() -> Any:
    """`colourCode`: the merchant's public four-colour code ("scan to check credit")."""

    async def resolve(root: strawberry.Parent[_Subject], info: Info) -> MerchantColourEnum | None:  # type: ignore[valid-type]  # strawberry enum used as a type
        found = await current_evaluation(info, root.id)
        colour = found.evaluation.colour if found else None
        return colour if isinstance(colour, MerchantColour) else None

    return query_field(
        Scope.MERCHANT_READ,
        description="The four-colour code shown at the shop: GREEN, BLUE, YELLOW or RED; "
        "null if never evaluated.",
    )(resolve)
