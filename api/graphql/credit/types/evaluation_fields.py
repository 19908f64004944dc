"""The evaluation fields every kind of subject shares, declared once."""

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
from api.graphql.permissions import requires
from api.graphql.relay import Connection


class _Subject(Protocol):
    id: int


def evaluation_field() -> Any:
    """`evaluation`: the subject's current evaluation and its reasons (batched per request)."""

    async def resolve(root: strawberry.Parent[_Subject], info: Info) -> CreditEvaluationType | None:
        return cast(CreditEvaluationType | None, await current_evaluation(info, root.id))

    return strawberry.field(
        resolver=resolve,
        **requires(
            Scope.EVALUATION_READ,
            description="Current public credit evaluation: score, grade and the reasons; null "
            "if it was never evaluated.",
        ),
    )


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
            Connection[CreditEvaluationType],
            await evaluation_history(info, root.id, kind, first, after),
        )

    return strawberry.field(
        resolver=resolve,
        **requires(
            Scope.EVALUATION_READ,
            description="Every evaluation kept, newest first (one subject at a time).",
        ),
    )


def merchant_colour_field() -> Any:
    """`colourCode`: the merchant's public four-colour code ("scan to check credit")."""

    async def resolve(root: strawberry.Parent[_Subject], info: Info) -> MerchantColourEnum | None:  # type: ignore[valid-type]  # strawberry enum used as a type
        found = await current_evaluation(info, root.id)
        colour = found.evaluation.colour if found else None
        return colour if isinstance(colour, MerchantColour) else None

    return strawberry.field(
        resolver=resolve,
        **requires(
            Scope.MERCHANT_READ,
            description="The four-colour code shown at the shop: GREEN, BLUE, YELLOW or RED; "
            "null if never evaluated.",
        ),
    )
