"""The approval matters a department offers on a commitment, and the commitments signed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from api.domain.subjects.model import SubjectKind


class CommitmentStatus(StrEnum):
    """Where a signed commitment stands: refused at once, awaiting verification, or verified."""

    REFUSED = "refused"
    PENDING = "pending"
    KEPT = "kept"
    BROKEN = "broken"


class DecisionReason(StrEnum):
    """Why a fast track was granted or refused (several may hold at once)."""

    KIND_NOT_ACCEPTED = "KIND_NOT_ACCEPTED"
    NOT_EVALUATED = "NOT_EVALUATED"
    SERIOUS_DISHONESTY = "SERIOUS_DISHONESTY"
    GRADE_TOO_LOW = "GRADE_TOO_LOW"
    COLOUR_TOO_LOW = "COLOUR_TOO_LOW"
    BROKEN_COMMITMENT_RECENTLY = "BROKEN_COMMITMENT_RECENTLY"
    GOOD_STANDING = "GOOD_STANDING"
    NO_BROKEN_COMMITMENT = "NO_BROKEN_COMMITMENT"


@dataclass(frozen=True, slots=True)
class ApprovalMatter:
    """One approval matter (审批事项) a department decides on a commitment (告知承诺制)."""

    id: int
    code: str
    name: str
    department_code: str
    subject_kinds: frozenset[SubjectKind]
    commitment: str
    waived: tuple[str, ...]
    standard_days: int
    fast_track_days: int
    verify_within_days: int


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of a decision: a stable code and a sentence."""

    code: DecisionReason
    message: str


@dataclass(frozen=True, slots=True)
class FastTrackDecision:
    """Whether the fast track is granted, with every reason."""

    granted: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Standing:
    """What the decision reads about the subject: its evaluation and broken commitments."""

    kind: SubjectKind
    evaluated: bool
    grade: str | None
    colour: str | None
    red_flag: bool
    broken_since: int


@dataclass(frozen=True, slots=True)
class Commitment:
    """A commitment signed for a matter, the decision it got and, later, its outcome."""

    id: int
    reference: str
    matter: ApprovalMatter
    subject_id: int
    subject_kind: SubjectKind
    status: CommitmentStatus
    reasons: tuple[Reason, ...]
    signed_at: datetime
    verify_by: date | None
    verified_at: datetime | None
    record_id: int | None


@dataclass(frozen=True, slots=True)
class DepartmentFigures:
    """One department's commitments by outcome (the whole city when ``department_code`` is '')."""

    department_code: str
    matters: int
    signed: int
    refused: int
    pending: int
    kept: int
    broken: int

    @property
    def fast_tracked(self) -> int:
        """Commitments that got the fast track (pending, kept or broken)."""
        return self.pending + self.kept + self.broken
