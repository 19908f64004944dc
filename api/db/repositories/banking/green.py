"""Green profiles and classifications in the database. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from api.db.repositories.banking.tables import ENTERPRISES, GP, GREEN, PROFILES, E, G
from api.db.repositories.gate import SessionGate
from api.domain.banking.codec import reasons_from_json, reasons_to_json
from api.domain.banking.model import CarbonBand, GreenClassification, GreenFigures, GreenTier
from api.domain.subjects.model import GreenActivityClass

#: A green profile's figures, in ``GreenFigures`` order.
PROFILE_COLUMNS = (
    GP.activity_class,
    GP.emissions_tonnes,
    GP.carbon_intensity,
    GP.carbon_reduction_tonnes,
    GP.esg_score,
    GP.as_of,
)


def figures_from_row(row: Sequence[Any]) -> GreenFigures:
    """Green figures from ``PROFILE_COLUMNS``."""
    return GreenFigures(
        activity_class=GreenActivityClass(row[0]),
        emissions_tonnes=Decimal(row[1]),
        carbon_intensity=Decimal(row[2]),
        carbon_reduction_tonnes=Decimal(row[3]),
        esg_score=Decimal(row[4]),
        as_of=row[5],
    )


class GreenRepository:
    """Green profiles and classifications (implements ``GreenStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def profile(self, enterprise_id: int) -> GreenFigures | None:
        """The enterprise's current green profile, if any."""
        row = await self._db.first(
            select(*PROFILE_COLUMNS).where(GP.enterprise_id == enterprise_id)
        )
        return figures_from_row(row) if row else None

    async def save_profile(self, enterprise_id: int, figures: GreenFigures) -> None:
        """Make these figures the current profile, and mirror its class on the enterprise."""
        values = {
            "activity_class": figures.activity_class.value,
            "emissions_tonnes": figures.emissions_tonnes,
            "carbon_intensity": figures.carbon_intensity,
            "carbon_reduction_tonnes": figures.carbon_reduction_tonnes,
            "esg_score": figures.esg_score,
            "as_of": figures.as_of,
        }
        await self._db.execute(
            self._db.insert(PROFILES)
            .values(enterprise_id=enterprise_id, **values)
            .on_conflict_do_update(index_elements=["enterprise_id"], set_=values)
        )
        await self._db.execute(
            update(ENTERPRISES)
            .where(E.subject_id == enterprise_id)
            .values(green_class=figures.activity_class.value)
        )

    async def classification(self, enterprise_id: int) -> GreenClassification | None:
        """The current classification, if any."""
        found = await self.classifications([enterprise_id])
        return found.get(enterprise_id)

    async def classifications(
        self, enterprise_ids: Sequence[int]
    ) -> dict[int, GreenClassification]:
        """Current classifications by enterprise (for loaders)."""
        if not enterprise_ids:
            return {}
        rows = await self._db.all(
            select(
                G.enterprise_id,
                G.version,
                G.is_green,
                G.tier,
                G.carbon_band,
                G.reasons,
                G.profile_as_of,
                G.classified_at,
            ).where(G.enterprise_id.in_(list(enterprise_ids)))
        )
        return {
            row[0]: GreenClassification(
                enterprise_id=row[0],
                version=row[1],
                is_green=bool(row[2]),
                tier=GreenTier(row[3]),
                carbon_band=CarbonBand(row[4]),
                reasons=reasons_from_json(row[5]),
                profile_as_of=row[6],
                classified_at=row[7],
            )
            for row in rows
        }

    async def save_classification(self, classification: GreenClassification) -> None:
        """Store the current classification."""
        await self.save_classifications([classification])

    async def save_classifications(self, classifications: Sequence[GreenClassification]) -> None:
        """Store several current classifications in one statement."""
        if not classifications:
            return
        values = [
            {
                "enterprise_id": c.enterprise_id,
                "version": c.version,
                "is_green": c.is_green,
                "tier": c.tier.value,
                "carbon_band": c.carbon_band.value,
                "reasons": reasons_to_json(c.reasons),
                "profile_as_of": c.profile_as_of,
                "classified_at": c.classified_at,
            }
            for c in classifications
        ]
        statement = self._db.insert(GREEN).values(values)
        excluded = statement.excluded
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["enterprise_id"],
                set_={name: excluded[name] for name in values[0] if name != "enterprise_id"},
            )
        )
