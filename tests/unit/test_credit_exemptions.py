"""The exempt-from-penalty list: a first minor violation of a listed matter is guided."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pytest

from api.domain.credit.exemptions import (
    ExemptionDecision,
    ExemptMatter,
    decide_exemption,
    window_start,
)
from api.domain.records.model import RecordCategory, Severity

MATTER = ExemptMatter(
    id=3,
    code="MS-017",
    description="Price tag missing on a displayed item",
    conditions="first time, corrected within 3 days, no harm done",
    guidance="Label every displayed item with its price; see the guidance leaflet.",
    window_months=12,
    active=True,
)
TODAY = date(2026, 11, 1)


def decide(
    *,
    category: RecordCategory = RecordCategory.PENALTY,
    severity: Severity | None = Severity.MINOR,
    matter: ExemptMatter | None = MATTER,
    prior: int = 0,
) -> ExemptionDecision:
    return decide_exemption(
        category=category, severity=severity, matter=matter, prior_exemptions_in_window=prior
    )


def prior_in_window(matter: ExemptMatter, exempted_on: Sequence[date], occurred_on: date) -> int:
    """What the store counts: earlier exemptions of the matter on or after the window start."""
    since = window_start(matter, occurred_on)
    return sum(1 for day in exempted_on if day >= since)


def test_a_first_minor_penalty_on_a_listed_matter_is_exempted_with_guidance() -> None:
    decision = decide()
    assert decision.exempted
    assert decision.guidance == MATTER.guidance
    assert "MS-017" in decision.reason
    assert "first" in decision.reason


def test_a_second_within_the_window_is_penalised() -> None:
    for prior in (1, 2, 10):
        decision = decide(prior=prior)
        assert not decision.exempted
        assert decision.guidance is None
        assert "MS-017" in decision.reason
        assert "12 months" in decision.reason


@pytest.mark.parametrize(
    ("window_months", "occurred_on", "start"),
    [
        (12, date(2026, 11, 1), date(2025, 11, 1)),
        (6, date(2026, 11, 1), date(2026, 5, 1)),
        (12, date(2028, 2, 29), date(2027, 2, 28)),
        (1, date(2026, 3, 31), date(2026, 2, 28)),
        (24, date(2026, 1, 15), date(2024, 1, 15)),
        (0, date(2026, 1, 15), date(2026, 1, 15)),
    ],
)
def test_window_start(window_months: int, occurred_on: date, start: date) -> None:
    assert window_start(replace(MATTER, window_months=window_months), occurred_on) == start


def test_an_exemption_before_the_window_does_not_count_against_a_new_violation() -> None:
    # exempted on 31 Oct 2025; a new violation on 1 Nov 2026 has a window from 1 Nov 2025
    earlier = [date(2025, 10, 31)]
    assert prior_in_window(MATTER, earlier, TODAY) == 0
    assert decide(prior=prior_in_window(MATTER, earlier, TODAY)).exempted
    # on the window's first day it still counts
    earlier = [date(2025, 11, 1)]
    assert prior_in_window(MATTER, earlier, TODAY) == 1
    assert not decide(prior=prior_in_window(MATTER, earlier, TODAY)).exempted


def test_a_shorter_window_makes_an_old_violation_first_again() -> None:
    earlier = [date(2026, 3, 1)]
    six_months = replace(MATTER, window_months=6)
    assert not decide(prior=prior_in_window(MATTER, earlier, TODAY)).exempted
    assert decide(matter=six_months, prior=prior_in_window(six_months, earlier, TODAY)).exempted


@pytest.mark.parametrize("severity", [Severity.GENERAL, Severity.SERIOUS, None])
def test_general_and_serious_penalties_are_never_exempted(severity: Severity | None) -> None:
    decision = decide(severity=severity)
    assert not decision.exempted
    assert decision.guidance is None
    assert "minor penalties" in decision.reason


@pytest.mark.parametrize("category", [c for c in RecordCategory if c is not RecordCategory.PENALTY])
@pytest.mark.parametrize("severity", [Severity.MINOR, None])
def test_only_penalties_are_exempted(category: RecordCategory, severity: Severity | None) -> None:
    decision = decide(category=category, severity=severity)
    assert not decision.exempted
    assert decision.guidance is None


def test_a_retired_matter_does_not_exempt() -> None:
    decision = decide(matter=replace(MATTER, active=False))
    assert not decision.exempted
    assert decision.guidance is None
    assert "MS-017" in decision.reason
    assert "no longer" in decision.reason


def test_without_a_matter_nothing_is_exempted() -> None:
    decision = decide(matter=None)
    assert decision == ExemptionDecision(False, "no listed matter was named")
    for category in RecordCategory:
        assert not decide(category=category, matter=None).exempted
