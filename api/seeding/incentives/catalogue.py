"""The shape of the starting incentive catalogue: its categories, a scenario, short names.

The scenarios themselves are in ``everyday`` and ``leisure_and_services``; the short names
below keep those tables to one argument a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import BenefitKind

VALID_FROM = date(2026, 1, 1)
VALID_UNTIL = date(2027, 12, 31)

#: (code, English name, Chinese name, description)
CATEGORIES: tuple[tuple[str, str, str, str], ...] = (
    ("credit_loans", "Credit loans", "信易贷", "Personal credit loans on better terms."),
    ("travel", "Travel", "信易行", "Car rental, bike sharing and public transport."),
    ("parking", "Parking", "信易停", "Discounts and free periods at public car parks."),
    ("shopping", "Shopping", "信易购", "Discounts at shops of the commerce districts."),
    ("healthcare", "Healthcare", "信易医", "Pay after treatment and fee waivers at hospitals."),
    ("tourism", "Tourism", "信易游", "Scenic areas, hotels and rural homestays."),
    ("fitness", "Fitness", "信易健", "Sports venues and gyms."),
    ("housing", "Housing", "信易租", "Rental deposits and housing services."),
    ("culture", "Culture", "信易阅", "Libraries, museums and theatres."),
    ("approval", "Fast-track approval", "信易批", "Commitment-based approval, deposits waived."),
    ("employment", "Employment", "信易聘", "Job fairs, training and talent services."),
    ("education", "Education", "信易学", "Continuing education and vocational training."),
    ("rural_life", "Rural life", "信易农", "Village services and civility-point rewards."),
    ("public_services", "Public services", "信易缴", "Utility deposits and public fees."),
)


@dataclass(frozen=True, slots=True)
class SeedScenario:
    """One scenario of the starting catalogue."""

    code: str
    category: str
    name: str
    name_zh: str
    operator_type: str
    kind: BenefitKind
    value: str
    lowest: IntegrityColour = IntegrityColour.GREEN
    cap: str | None = None
    daily_limit: int | None = None
    colour_values: tuple[tuple[IntegrityColour, str], ...] = ()
    settle_within_days: int | None = None
    purpose: Purpose = Purpose.INCENTIVE_ELIGIBILITY
    valid_until: date | None = VALID_UNTIL


#: Short names for the scenario tables: colours, benefit kinds, operator types, purposes.
BLUE = IntegrityColour.BLUE
GREEN = IntegrityColour.GREEN
PCT = BenefitKind.PERCENT_DISCOUNT
FIX = BenefitKind.FIXED_AMOUNT
WAIVE = BenefitKind.FEE_WAIVER
DEFER = BenefitKind.DEFERRED_PAYMENT
BANK = "bank"
HOSPITAL = "hospital"
MOBILITY = "mobility_operator"
DISTRICT = "commerce_district"
OFFICE = "credit_office"
REGULATOR = "regulator"
VILLAGE = "village_committee"
LOAN = Purpose.CREDIT_LOAN
MOVE = Purpose.MOBILITY_DISCOUNT
