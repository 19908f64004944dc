"""Credit evaluations: grade, colour, factors, and their history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry

from api.domain.credit.codes import CreditGrade, IntegrityColour, MerchantColour
from api.domain.credit.model import EvaluationCause, StoredEvaluation
from api.domain.credit.scoring import Factor
from api.domain.subjects.model import SubjectKind
from api.graphql.context import Info
from api.graphql.ids import NodeType
from api.graphql.relay import Connection, ConnectionRoot, page_request

CreditGradeEnum = strawberry.enum(
    CreditGrade, name="CreditGrade", description="Public credit grade, A best, D worst."
)


IntegrityColourEnum = strawberry.enum(
    IntegrityColour,
    name="IntegrityColour",
    description="Personal integrity code colour, best first: BLUE, GREEN, YELLOW, ORANGE, RED "
    "(RED marks serious dishonesty).",
)


MerchantColourEnum = strawberry.enum(
    MerchantColour,
    name="MerchantColour",
    description="Merchant four-colour code, best first: GREEN, BLUE, YELLOW, RED.",
)


EvaluationCauseEnum = strawberry.enum(
    EvaluationCause, name="EvaluationCause", description="Why a subject was evaluated again."
)


#: How many reasons ``reasons`` gives unless asked (a credit bureau gives four).
DEFAULT_REASONS = 4


@strawberry.type(
    name="EvaluationFactor", description="One reason the score moved, and by how much."
)
class EvaluationFactorType:
    """A reason code: positive points raised the score, negative ones lowered it."""

    code: str = strawberry.field(
        description="Stable reason code, e.g. `PENALTY_SERIOUS`, `HONOUR`, `TAX_GRADE_A`."
    )
    points: int = strawberry.field(description="Points added (positive) or taken (negative).")
    detail: str = strawberry.field(description="The reason in words, with the record's date.")

    @strawberry.field(description="Opaque global ID of the credit record behind it, if one is.")
    def record_id(root: strawberry.Parent[Factor], info: Info) -> strawberry.ID | None:
        if root.record_id is None:
            return None
        return strawberry.ID(info.context.ids.encode(NodeType.CREDIT_RECORD, root.record_id))


@strawberry.type(
    name="CreditEvaluation",
    description="A subject's public credit evaluation under a rule set: score, grade, code and "
    "every factor. `score = baseScore + sum(factors.points)`.",
)
class CreditEvaluationType:
    """One evaluation (current or from the history)."""

    @strawberry.field(description="Score from 0 to 1000.")
    def score(root: strawberry.Parent[StoredEvaluation]) -> int:
        return root.evaluation.score

    @strawberry.field(description="Grade from the score (D while serious dishonesty counts).")
    def grade(root: strawberry.Parent[StoredEvaluation]) -> CreditGradeEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return root.evaluation.grade

    @strawberry.field(description="The integrity code colour, for persons; null otherwise.")
    def integrity_colour(
        root: strawberry.Parent[StoredEvaluation],
    ) -> IntegrityColourEnum | None:  # type: ignore[valid-type]  # strawberry enum used as a type
        colour = root.evaluation.colour
        return colour if isinstance(colour, IntegrityColour) else None

    @strawberry.field(description="The four-colour code, for merchants; null otherwise.")
    def merchant_colour(
        root: strawberry.Parent[StoredEvaluation],
    ) -> MerchantColourEnum | None:  # type: ignore[valid-type]  # strawberry enum used as a type
        colour = root.evaluation.colour
        return colour if isinstance(colour, MerchantColour) else None

    @strawberry.field(description="Where every subject starts under this rule set.")
    def base_score(root: strawberry.Parent[StoredEvaluation]) -> int:
        return root.evaluation.base_score

    @strawberry.field(description="Version of the rule set that computed it.")
    def rule_set_version(root: strawberry.Parent[StoredEvaluation]) -> str:
        return root.evaluation.rule_set_version

    @strawberry.field(description="When it was computed.")
    def evaluated_at(root: strawberry.Parent[StoredEvaluation]) -> datetime:
        return root.evaluated_at

    @strawberry.field(description="Why it was computed.")
    def cause(root: strawberry.Parent[StoredEvaluation]) -> EvaluationCauseEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return root.cause

    @strawberry.field(description="The main reasons, largest effect first (reason codes).")
    def reasons(
        root: strawberry.Parent[StoredEvaluation],
        first: Annotated[
            int, strawberry.argument(description="How many reasons, 1 to 20.")
        ] = DEFAULT_REASONS,
    ) -> list[EvaluationFactorType]:
        return cast(
            list[EvaluationFactorType], list(root.evaluation.factors[: max(1, min(first, 20))])
        )

    @strawberry.field(description="Every factor, largest effect first.")
    def factors(root: strawberry.Parent[StoredEvaluation]) -> list[EvaluationFactorType]:
        return cast("list[EvaluationFactorType]", list(root.evaluation.factors))


CreditEvaluationConnection = Connection[CreditEvaluationType]


def history_listing(subject_id: int) -> str:
    """The cursor listing of one subject's evaluation history."""
    return f"evaluations:{subject_id}"


async def current_evaluation(info: Info, subject_id: int) -> StoredEvaluation | None:
    """A subject's current evaluation, through the request's batched loader."""
    found: StoredEvaluation | None = await info.context.loaders.evaluation.load(subject_id)
    return found


async def evaluation_history(
    info: Info, subject_id: int, kind: SubjectKind, first: int, after: str | None
) -> ConnectionRoot:
    """One page of a subject's evaluations, newest first (one subject per call, not batched)."""
    listing = history_listing(subject_id)
    request = page_request(info, listing, first, after)
    page = await info.context.repos.evaluations.history(subject_id, kind, request)
    return ConnectionRoot(page=page, listing=listing)
