"""Grades and colour codes: the enterprise grade, the personal integrity code, the merchant code.

domain.md, "What the platform computes": the personal integrity code (个人诚信码) is the
person's grade as a colour, blue above green, "green or above" unlocks most incentives and the
lowest colour marks dishonesty; merchants show a four-colour code (四色码). The thresholds are
part of the rule set (``api.domain.credit.rules``).
"""

from __future__ import annotations

from enum import StrEnum


class CreditGrade(StrEnum):
    """A subject's public credit grade, A best (the enterprise classification A/B/C/D)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class IntegrityColour(StrEnum):
    """The personal integrity code colour, best first: BLUE, GREEN, YELLOW, ORANGE, RED."""

    BLUE = "blue"
    GREEN = "green"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"


class MerchantColour(StrEnum):
    """The merchant four-colour code, best first: GREEN, BLUE, YELLOW, RED (四色码)."""

    GREEN = "green"
    BLUE = "blue"
    YELLOW = "yellow"
    RED = "red"


_INTEGRITY_ORDER = tuple(IntegrityColour)
_MERCHANT_ORDER = tuple(MerchantColour)
_GRADE_ORDER = tuple(CreditGrade)


def integrity_rank(colour: IntegrityColour) -> int:
    """0 for BLUE (best) up to 4 for RED."""
    return _INTEGRITY_ORDER.index(colour)


def colour_admits(colour: IntegrityColour, lowest: IntegrityColour) -> bool:
    """Whether ``colour`` is ``lowest`` or better ("green or above" admits blue and green)."""
    return integrity_rank(colour) <= integrity_rank(lowest)


def merchant_rank(colour: MerchantColour) -> int:
    """0 for GREEN (best) up to 3 for RED."""
    return _MERCHANT_ORDER.index(colour)


def grade_rank(grade: CreditGrade) -> int:
    """0 for A (best) up to 3 for D."""
    return _GRADE_ORDER.index(grade)
