"""The approval types: matters, commitments, the fast-track decision and its reasons."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.domain.approvals.model import (
    ApprovalMatter,
    Commitment,
    CommitmentStatus,
    DecisionReason,
    Reason,
)
from api.graphql.consent.types import SubjectKindEnum

CommitmentStatusEnum = strawberry.enum(
    CommitmentStatus,
    name="ApprovalCommitmentStatus",
    description="REFUSED (no fast track), PENDING (fast-tracked, awaiting verification), "
    "KEPT or BROKEN (verified by the department).",
)
DecisionReasonEnum = strawberry.enum(
    DecisionReason,
    name="FastTrackReasonCode",
    description="Why the fast track was granted or refused.",
)


@strawberry.type(name="ApprovalMatter", description="An approval matter decided on a commitment.")
class ApprovalMatterType:
    """One matter of the catalogue (审批事项, 告知承诺制) and what its fast track waives."""

    code: str = strawberry.field(description="The matter's code, e.g. SJ-XK-001.")
    name: str = strawberry.field(description="The matter's name.")
    department_code: str = strawberry.field(description="The department that decides it.")
    commitment: str = strawberry.field(description="The commitment the applicant signs.")
    waived: list[str] = strawberry.field(
        description="What the fast track waives (documents, site checks) until verification."
    )
    standard_days: int = strawberry.field(description="Working days of the ordinary procedure.")
    fast_track_days: int = strawberry.field(
        description="Working days on the fast track (0: decided on the spot)."
    )
    verify_within_days: int = strawberry.field(
        description="Days after signing by which the department verifies the commitment."
    )

    @strawberry.field(description="The kinds of subject that may apply.")
    def subject_kinds(root: strawberry.Parent[ApprovalMatter]) -> list[SubjectKindEnum]:  # type: ignore[valid-type]  # strawberry enum used as a type
        """The accepted kinds, in a stable order."""
        return sorted(root.subject_kinds, key=lambda kind: kind.value)


@strawberry.type(name="FastTrackReason", description="One reason of a fast-track decision.")
class FastTrackReasonType:
    """A stable code and a sentence."""

    code: DecisionReasonEnum = strawberry.field(description="The reason's code.")  # type: ignore[valid-type]  # strawberry enum used as a type
    message: str = strawberry.field(description="The reason in words.")


def _reasons(reasons: tuple[Reason, ...]) -> list[FastTrackReasonType]:
    return [FastTrackReasonType(code=r.code, message=r.message) for r in reasons]


@strawberry.type(
    name="ApprovalCommitment",
    description="A commitment a subject signed for an approval matter, the decision and outcome.",
)
class ApprovalCommitmentType:
    """Shown to the signer's app and to the matter's department; a person is never named."""

    reference: str = strawberry.field(description="The commitment's reference, e.g. XYP-…")
    matter: ApprovalMatterType = strawberry.field(description="The matter it was signed for.")
    subject_kind: SubjectKindEnum = strawberry.field(description="The signer's kind.")  # type: ignore[valid-type]  # strawberry enum used as a type
    status: CommitmentStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]  # strawberry enum used as a type
    signed_at: datetime = strawberry.field(description="When it was signed.")
    verify_by: date | None = strawberry.field(
        description="The day the department verifies it by (fast-tracked ones only)."
    )
    verified_at: datetime | None = strawberry.field(description="When its outcome was recorded.")

    @strawberry.field(description="True when the fast track was granted.")
    def fast_tracked(root: strawberry.Parent[Commitment]) -> bool:
        """Granted unless refused."""
        return root.status is not CommitmentStatus.REFUSED

    @strawberry.field(description="Why the fast track was granted or refused.")
    def reasons(root: strawberry.Parent[Commitment]) -> list[FastTrackReasonType]:
        """The decision's reasons."""
        return _reasons(root.reasons)

    @strawberry.field(description="True when the outcome's credit record is linked to it.")
    def outcome_recorded(root: strawberry.Parent[Commitment]) -> bool:
        """Whether the kept or broken record exists."""
        return root.record_id is not None


@strawberry.type(
    name="ApprovalFigures",
    description="Commitments by outcome, of one department or of the whole city.",
)
class ApprovalFiguresType:
    """Counts only: no subject is named."""

    department_code: str = strawberry.field(description="The department ('' for the city).")
    matters: int = strawberry.field(description="Matters in the catalogue.")
    signed: int = strawberry.field(description="Commitments signed.")
    fast_tracked: int = strawberry.field(description="Commitments that got the fast track.")
    refused: int = strawberry.field(description="Signings refused the fast track.")
    pending: int = strawberry.field(description="Fast tracks awaiting verification.")
    kept: int = strawberry.field(description="Commitments verified as kept.")
    broken: int = strawberry.field(description="Commitments verified as broken.")


@strawberry.type(name="ApprovalStatistics", description="信易批 in figures.")
class ApprovalStatisticsType:
    """The city's totals and each department's."""

    total: ApprovalFiguresType = strawberry.field(description="The whole city.")
    departments: list[ApprovalFiguresType] = strawberry.field(
        description="Each department with matters in the catalogue, by code."
    )
