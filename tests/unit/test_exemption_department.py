"""A listed matter exempts the penalties of its own department only."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.exemptions import ExemptMatter, decide_exemption
from api.domain.records.model import RecordCategory, Severity

MATTER = ExemptMatter(
    id=1,
    code="SJ-001",
    description="Annual report not published on time",
    conditions="first time, minor harm, corrected in time",
    guidance="Publish the annual report within 30 days",
    window_months=12,
    active=True,
    department_code="market_supervision",
)
CODES = st.sampled_from(["market_supervision", "tax", "transport", "health", "commerce"])


@given(CODES)
def test_only_the_matter_s_department_is_exempted(recording: str) -> None:
    decision = decide_exemption(
        category=RecordCategory.PENALTY,
        severity=Severity.MINOR,
        matter=MATTER,
        prior_exemptions_in_window=0,
        recording_department=recording,
    )
    assert decision.exempted is (recording == "market_supervision")
    if not decision.exempted:
        assert decision.reason == (
            f"matter SJ-001 covers penalties of market_supervision, not of {recording}"
        )
        assert decision.guidance is None


@given(st.one_of(st.none(), CODES))
def test_a_matter_without_a_department_covers_any(recording: str | None) -> None:
    decision = decide_exemption(
        category=RecordCategory.PENALTY,
        severity=Severity.MINOR,
        matter=replace(MATTER, department_code=None),
        prior_exemptions_in_window=0,
        recording_department=recording,
    )
    assert decision.exempted


def test_no_recording_department_is_not_the_matter_s() -> None:
    decision = decide_exemption(
        category=RecordCategory.PENALTY,
        severity=Severity.MINOR,
        matter=MATTER,
        prior_exemptions_in_window=0,
    )
    assert not decision.exempted
