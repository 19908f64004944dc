"""The nine loan criteria, each defined once.

A criterion is a row of ``RULES``: the ``LoanCriteria`` field that sets it, the ``MatchFacts``
field it reads, the ``match_facts`` column that stores that fact, how the two compare and,
for a ranked criterion, the scale (best first) the fact is ranked on. ``matching`` renders
each rule as a check (met, margin, sentence); the database renders the same rule as a
condition on ``match_facts`` (``criterion_clause`` in
``api.db.repositories.banking.candidates``). Nothing else states what a criterion means, so
the candidates a bank sees and their explanations cannot drift apart;
``tests/db/test_loan_criteria_agree.py`` proves it on random products and enterprises on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from api.domain.banking.model import (
    TAX_ORDER,
    UNRANKED,
    CarbonBand,
    Criterion,
    GreenTier,
    LoanCriteria,
    members,
)
from api.domain.credit.codes import CreditGrade


class Comparison(Enum):
    """How a fact is compared with what the product sets."""

    #: The fact is one of the product's values (an empty list sets nothing).
    ONE_OF = "one_of"
    #: The fact starts with one of the product's values (an empty list sets nothing).
    STARTS_WITH = "starts_with"
    #: The fact's rank on the scale is the product's value's or better; a missing fact ranks
    #: ``UNRANKED``, below all. The margin is the number of steps above that lowest value.
    AT_LEAST = "at_least"
    #: When the product's flag is set, the fact is false.
    NOT = "not"


@dataclass(frozen=True, slots=True)
class CriterionRule:
    """One criterion: what sets it, what it reads, how they compare, and how it is explained.

    ``met`` and ``unmet`` are the check's sentence (``unmet`` defaults to ``met``), with
    ``{fact}`` (the fact: its value, its name when ``by_name``, ``missing`` when absent),
    ``{setting}`` (what the product sets, the same way, comma-separated for a list) and
    ``{matched}`` (for ``STARTS_WITH``, the product's value it starts with).
    """

    criterion: Criterion
    setting: str
    fact: str
    column: str
    comparison: Comparison
    met: str
    unmet: str = ""
    #: ``AT_LEAST``: the fact's scale, best first (its position is the stored rank).
    scale: tuple[StrEnum, ...] = ()
    #: ``AT_LEAST`` set by a flag: the lowest admitted member when the flag is on.
    floor: StrEnum | None = None
    #: ``AT_LEAST``: whether the check reports its margin.
    margins: bool = True
    by_name: bool = False
    missing: str = "none"
    #: ``AT_LEAST``: each member's rank (from ``scale``).
    ranks: dict[StrEnum, int] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Fill ``unmet`` and ``ranks`` from the rest."""
        if not self.unmet:
            object.__setattr__(self, "unmet", self.met)
        object.__setattr__(self, "ranks", {member: i for i, member in enumerate(self.scale)})

    def rank_of(self, value: StrEnum | None) -> int:
        """A fact's rank on the scale: 0 for the best member, ``UNRANKED`` when missing."""
        return UNRANKED if value is None else self.ranks[value]

    def operand(self, criteria: LoanCriteria) -> Any:
        """What a product compares the fact with, or None when it does not set this criterion.

        ``ONE_OF`` and ``STARTS_WITH``: the stored values (strings); ``AT_LEAST``: the rank
        of the lowest admitted member; ``NOT``: True.
        """
        setting = getattr(criteria, self.setting)
        if not setting:
            return None
        if self.comparison is Comparison.AT_LEAST:
            return self.rank_of(self.floor if self.floor is not None else setting)
        if self.comparison is Comparison.NOT:
            return True
        return tuple(str(v) for v in setting)

    def shown(self, value: Any) -> str:
        """A fact or setting as the sentence shows it."""
        if value is None:
            return self.missing
        if isinstance(value, tuple):
            return ", ".join(self.shown(v) for v in value)
        if isinstance(value, Enum):
            return value.name if self.by_name else str(value.value)
        return str(value)


RULES: tuple[CriterionRule, ...] = (
    CriterionRule(
        Criterion.DISTRICT,
        setting="districts",
        fact="district",
        column="district",
        comparison=Comparison.ONE_OF,
        met="registered in {fact} (admitted)",
        unmet="registered in {fact}, not in {setting}",
        by_name=True,
    ),
    CriterionRule(
        Criterion.INDUSTRY,
        setting="industry_prefixes",
        fact="industry_code",
        column="industry_code",
        comparison=Comparison.STARTS_WITH,
        met="industry {fact} is under {matched}",
        unmet="industry {fact} is under none of the product's codes",
    ),
    CriterionRule(
        Criterion.SIZE_CLASS,
        setting="size_classes",
        fact="size_class",
        column="size_class",
        comparison=Comparison.ONE_OF,
        met="size class {fact} (admitted)",
        unmet="size class {fact} not admitted",
    ),
    CriterionRule(
        Criterion.TAX_GRADE,
        setting="lowest_tax_grade",
        fact="tax_grade",
        column="tax_rank",
        comparison=Comparison.AT_LEAST,
        scale=TAX_ORDER,
        met="tax grade {fact}, lowest admitted {setting}",
    ),
    CriterionRule(
        Criterion.CREDIT_GRADE,
        setting="lowest_credit_grade",
        fact="credit_grade",
        column="credit_rank",
        comparison=Comparison.AT_LEAST,
        scale=members(CreditGrade),
        met="credit grade {fact}, lowest admitted {setting}",
        missing="none (never evaluated)",
    ),
    CriterionRule(
        Criterion.GREEN,
        setting="green_required",
        fact="green_tier",
        column="tier_rank",
        comparison=Comparison.AT_LEAST,
        scale=members(GreenTier),
        floor=GreenTier.LIGHT_GREEN,
        margins=False,
        met="identified as green",
        unmet="not identified as green",
    ),
    CriterionRule(
        Criterion.GREEN_TIER,
        setting="lowest_green_tier",
        fact="green_tier",
        column="tier_rank",
        comparison=Comparison.AT_LEAST,
        scale=members(GreenTier),
        met="green tier {fact}, lowest admitted {setting}",
    ),
    CriterionRule(
        Criterion.CARBON_BAND,
        setting="worst_carbon_band",
        fact="carbon_band",
        column="band_rank",
        comparison=Comparison.AT_LEAST,
        scale=members(CarbonBand),
        met="carbon band {fact}, worst admitted {setting}",
        missing="none (no carbon account)",
    ),
    CriterionRule(
        Criterion.NO_SERIOUS_DISHONESTY,
        setting="no_serious_dishonesty",
        fact="red_flag",
        column="red_flag",
        comparison=Comparison.NOT,
        met="no serious dishonesty record counts",
        unmet="a serious dishonesty record counts",
    ),
)
