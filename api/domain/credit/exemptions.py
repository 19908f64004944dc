"""The exempt-from-penalty list (涉企免罚清单): a first minor violation is guided, not penalised.

domain.md: "a first minor violation on the list is exempted and guided, not penalised, and
leaves no negative record" (Huzhou: 140 matters, 52 cases exempted). A minor penalty that
matches an active listed matter and is the subject's first for that matter within the matter's
window is stored as EXEMPTED, with the matter's guidance; the second one is a normal penalty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.domain.credit.publicity import add_months
from api.domain.records.model import RecordCategory, Severity


@dataclass(frozen=True, slots=True)
class ExemptMatter:
    """A listed matter: its code, what it covers, when it applies, what to tell the subject."""

    id: int
    code: str
    description: str
    conditions: str
    guidance: str
    #: A second violation of the matter within this many months is penalised.
    window_months: int
    active: bool
    #: The department whose penalties the matter covers (None: any department's).
    department_code: str | None = None


@dataclass(frozen=True, slots=True)
class ExemptionDecision:
    """Whether a reported penalty is exempted, and why (for the payload and the record)."""

    exempted: bool
    reason: str
    guidance: str | None = None


def window_start(matter: ExemptMatter, occurred_on: date) -> date:
    """The first day whose earlier exemptions of the same matter count against this one."""
    return add_months(occurred_on, -matter.window_months)


def decide_exemption(
    *,
    category: RecordCategory,
    severity: Severity | None,
    matter: ExemptMatter | None,
    prior_exemptions_in_window: int,
    recording_department: str | None = None,
) -> ExemptionDecision:
    """Exempt a minor penalty on an active listed matter of the recording department when it
    is the first in the window."""
    if matter is None:
        return ExemptionDecision(False, "no listed matter was named")
    if category is not RecordCategory.PENALTY or severity is not Severity.MINOR:
        return ExemptionDecision(False, "only minor penalties can be exempted")
    if matter.department_code is not None and recording_department != matter.department_code:
        return ExemptionDecision(
            False,
            f"matter {matter.code} covers penalties of {matter.department_code}, "
            f"not of {recording_department}",
        )
    if not matter.active:
        return ExemptionDecision(False, f"matter {matter.code} is no longer on the list")
    if prior_exemptions_in_window > 0:
        return ExemptionDecision(
            False,
            f"not the first violation of matter {matter.code} within {matter.window_months} months",
        )
    return ExemptionDecision(
        True, f"first minor violation of matter {matter.code}", matter.guidance
    )
