"""Green identification: is an enterprise green, which tier, which carbon band (versioned).

domain.md, "Green finance": a national green-project catalogue (2025 edition) classifies
green activities; Huzhou adds a green-enterprise scorecard and an ESG evaluation; Quzhou grades
carbon accounts in four colours by emissions and intensity. This rule set (``GREEN_RULES``)
applies them to the profile the tax bureau reports; every step is a reason.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from api.domain.banking.model import (
    CarbonBand,
    GreenClassification,
    GreenFigures,
    GreenTier,
    Reason,
    members,
    rank,
)
from api.domain.subjects.model import GreenActivityClass

#: Version of the classification rules; stored with every classification.
GREEN_RULES = "green-2025.1"

#: Carbon intensity (t CO2e per 10,000 yuan of revenue) bounds of Quzhou's colours.
INTENSITY_BOUNDS: tuple[tuple[CarbonBand, Decimal], ...] = (
    (CarbonBand.DARK_GREEN, Decimal("0.30")),
    (CarbonBand.LIGHT_GREEN, Decimal("0.60")),
    (CarbonBand.YELLOW, Decimal("1.00")),
)
#: Yearly emissions from which a firm is a key emitter (about 10,000 t of standard coal):
#: its band is one colour worse than its intensity alone gives.
KEY_EMITTER_TONNES = Decimal(26000)
#: Scorecard points: ESG score, certified carbon reduction and carbon band.
ESG_POINTS = ((Decimal(80), 2), (Decimal(60), 1))
REDUCTION_POINTS = ((Decimal(1000), 2), (Decimal(100), 1))
BAND_POINTS = {CarbonBand.DARK_GREEN: 2, CarbonBand.LIGHT_GREEN: 1}
#: Scorecard totals from which a green firm is deep green, or green (else light green).
TIER_FLOORS = ((5, GreenTier.DEEP_GREEN), (3, GreenTier.GREEN))


def carbon_band(figures: GreenFigures) -> tuple[CarbonBand, Reason]:
    """Quzhou's four colours: by carbon intensity, one colour worse for a key emitter."""
    band = next(
        (b for b, bound in INTENSITY_BOUNDS if figures.carbon_intensity <= bound), CarbonBand.RED
    )
    detail = f"carbon intensity {figures.carbon_intensity} t/10k yuan gives {band.value}"
    if figures.emissions_tonnes >= KEY_EMITTER_TONNES and band is not CarbonBand.RED:
        band = members(CarbonBand)[rank(band) + 1]
        detail += f", one colour worse ({band.value}) for a key emitter"
    return band, Reason(f"CARBON_BAND_{band.value.upper()}", detail)


def _points(value: Decimal, floors: tuple[tuple[Decimal, int], ...]) -> int:
    return next((points for floor, points in floors if value >= floor), 0)


def classify_green(
    enterprise_id: int, figures: GreenFigures, *, now: datetime
) -> GreenClassification:
    """Classify a green profile: green if its activity is in the catalogue and its band not red."""
    band, band_reason = carbon_band(figures)
    reasons = [band_reason]
    in_catalogue = figures.activity_class is not GreenActivityClass.NOT_GREEN
    if in_catalogue:
        reasons.append(
            Reason(
                "IN_GREEN_CATALOGUE",
                f"main activity {figures.activity_class.value} is in the green catalogue",
            )
        )
    else:
        reasons.append(Reason("NOT_IN_GREEN_CATALOGUE", "main activity is not a green activity"))
    if in_catalogue and band is CarbonBand.RED:
        reasons.append(Reason("RED_CARBON_BAND", "a red carbon account is not green"))
    is_green = in_catalogue and band is not CarbonBand.RED
    tier = GreenTier.NOT_GREEN
    if is_green:
        esg = _points(figures.esg_score, ESG_POINTS)
        reduction = _points(figures.carbon_reduction_tonnes, REDUCTION_POINTS)
        banded = BAND_POINTS.get(band, 0)
        total = esg + reduction + banded
        tier = next((t for floor, t in TIER_FLOORS if total >= floor), GreenTier.LIGHT_GREEN)
        reasons.append(
            Reason(
                f"TIER_{tier.value.upper()}",
                f"scorecard {total} points (ESG {figures.esg_score}: {esg}, carbon reduction "
                f"{figures.carbon_reduction_tonnes} t: {reduction}, band: {banded})",
            )
        )
    return GreenClassification(
        enterprise_id=enterprise_id,
        version=GREEN_RULES,
        is_green=is_green,
        tier=tier,
        carbon_band=band,
        reasons=tuple(reasons),
        profile_as_of=figures.as_of,
        classified_at=now,
    )


def green_worsened(
    before: GreenClassification | None, after: GreenClassification
) -> dict[str, str | int | None] | None:
    """What got worse between two classifications (tier or band), or None if nothing did."""
    if before is None:
        return None
    tier_worse = rank(after.tier) > rank(before.tier)
    band_worse = rank(after.carbon_band) > rank(before.carbon_band)
    if not (tier_worse or band_worse or (before.is_green and not after.is_green)):
        return None
    return {
        "previousTier": before.tier.value,
        "tier": after.tier.value,
        "previousCarbonBand": before.carbon_band.value,
        "carbonBand": after.carbon_band.value,
        "green": int(after.is_green),
    }
