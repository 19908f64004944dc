"""The approvals mutations, merged into the mutation root: signing and verifying commitments."""

from __future__ import annotations

import strawberry

from api.auth.scopes import Scope
from api.graphql.approvals.mutations.commitments import (
    RecordApprovalCommitmentOutcomePayload,
    SignApprovalCommitmentPayload,
    record_approval_commitment_outcome,
    sign_approval_commitment,
)
from api.graphql.permissions import requires


@strawberry.type(description="Commitment-based fast-track approval (信易批).")
class ApprovalsMutation:
    """The approvals mutations."""

    sign_approval_commitment = strawberry.mutation(
        resolver=sign_approval_commitment,
        graphql_type=SignApprovalCommitmentPayload,
        **requires(
            Scope.APPROVAL_COMMITMENT_SIGN,
            description="Sign an approval matter's commitment (告知承诺) and get the fast-track "
            "decision at once, with reasons: granted to a subject in good standing, refused "
            "otherwise. One fast track per subject and matter awaits verification at a time.",
        ),
    )
    record_approval_commitment_outcome = strawberry.mutation(
        resolver=record_approval_commitment_outcome,
        graphql_type=RecordApprovalCommitmentOutcomePayload,
        **requires(
            Scope.APPROVAL_COMMITMENT_VERIFY,
            description="The matter's department records whether a fast-tracked commitment was "
            "kept or broken; the outcome becomes a credit record linked to the commitment.",
        ),
    )
