"""The stored (JSON) form of a product's criteria and of reasons."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from api.domain.banking.model import CarbonBand, GreenTier, LoanCriteria, Reason
from api.domain.credit.codes import CreditGrade
from api.domain.subjects.model import District, SizeClass, TaxGrade


def criteria_to_json(criteria: LoanCriteria) -> str:
    """Criteria as canonical JSON."""
    data: dict[str, Any] = {
        "districts": [d.value for d in criteria.districts],
        "industry_prefixes": list(criteria.industry_prefixes),
        "size_classes": [s.value for s in criteria.size_classes],
        "lowest_tax_grade": criteria.lowest_tax_grade.value if criteria.lowest_tax_grade else None,
        "lowest_credit_grade": criteria.lowest_credit_grade.value
        if criteria.lowest_credit_grade
        else None,
        "green_required": criteria.green_required,
        "lowest_green_tier": criteria.lowest_green_tier.value
        if criteria.lowest_green_tier
        else None,
        "worst_carbon_band": criteria.worst_carbon_band.value
        if criteria.worst_carbon_band
        else None,
        "no_serious_dishonesty": criteria.no_serious_dishonesty,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def criteria_from_json(text: str) -> LoanCriteria:
    """Criteria from their stored JSON."""
    data = json.loads(text)
    return LoanCriteria(
        districts=tuple(District(d) for d in data["districts"]),
        industry_prefixes=tuple(data["industry_prefixes"]),
        size_classes=tuple(SizeClass(s) for s in data["size_classes"]),
        lowest_tax_grade=TaxGrade(data["lowest_tax_grade"]) if data["lowest_tax_grade"] else None,
        lowest_credit_grade=CreditGrade(data["lowest_credit_grade"])
        if data["lowest_credit_grade"]
        else None,
        green_required=bool(data["green_required"]),
        lowest_green_tier=GreenTier(data["lowest_green_tier"])
        if data["lowest_green_tier"]
        else None,
        worst_carbon_band=CarbonBand(data["worst_carbon_band"])
        if data["worst_carbon_band"]
        else None,
        no_serious_dishonesty=bool(data["no_serious_dishonesty"]),
    )


def reasons_to_json(reasons: Sequence[Reason]) -> str:
    """Reasons as JSON pairs."""
    return json.dumps([[r.code, r.detail] for r in reasons], ensure_ascii=False)


def reasons_from_json(text: str) -> tuple[Reason, ...]:
    """Reasons from their stored JSON."""
    return tuple(Reason(code, detail) for code, detail in json.loads(text))
