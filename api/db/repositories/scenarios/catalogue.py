"""The incentive catalogue in the database: categories, scenarios and their values by
integrity colour. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, select

from api.db.repositories.gate import SessionGate
from api.db.repositories.scenarios.tables import CATEGORIES, COLOUR_VALUES, SCENARIOS, K, S, money
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import Benefit, BenefitKind, Category, Scenario, ScenarioDraft

_SCENARIO_COLUMNS = (
    S.id,
    S.code,
    K.code,
    S.name,
    S.name_zh,
    S.description,
    S.operator_type,
    S.purpose,
    S.lowest_colour,
    S.benefit_kind,
    S.benefit_value,
    S.benefit_cap,
    S.daily_limit,
    S.settle_within_days,
    S.valid_from,
    S.valid_until,
    S.active,
)


def _scenario(row: Sequence[Any], colour_values: Sequence[tuple[str, Any]]) -> Scenario:
    return Scenario(
        id=row[0],
        code=row[1],
        category_code=row[2],
        name=row[3],
        name_zh=row[4],
        description=row[5],
        operator_type=row[6],
        purpose=Purpose(row[7]),
        lowest_colour=IntegrityColour(row[8]),
        benefit=Benefit(
            kind=BenefitKind(row[9]),
            value=money(row[10]),
            cap=money(row[11]) if row[11] is not None else None,
        ),
        colour_values=tuple(
            sorted(
                ((IntegrityColour(c), money(v)) for c, v in colour_values),
                key=lambda pair: list(IntegrityColour).index(pair[0]),
            )
        ),
        daily_limit=row[12],
        settle_within_days=row[13],
        valid_from=row[14],
        valid_until=row[15],
        active=bool(row[16]),
    )


class IncentiveCatalogueRepository:
    """Categories and scenarios (implements ``IncentiveCatalogue``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def categories(self) -> list[Category]:
        """Every category, in catalogue order."""
        rows = await self._db.all(
            select(K.id, K.code, K.name, K.name_zh, K.description).order_by(K.id)
        )
        return [Category(*row) for row in rows]

    async def save_category(
        self, *, code: str, name: str, name_zh: str, description: str
    ) -> Category:
        """Add a category or change the one with this code."""
        texts = {"name": name, "name_zh": name_zh, "description": description}
        row = await self._db.first(
            self._db.insert(CATEGORIES)
            .values(code=code, **texts)
            .on_conflict_do_update(index_elements=["code"], set_=texts)
            .returning(K.id, K.code, K.name, K.name_zh, K.description)
        )
        return Category(*row)

    async def _load(self, where: ColumnElement[bool] | None) -> list[Scenario]:
        statement = select(*_SCENARIO_COLUMNS).select_from(
            SCENARIOS.join(CATEGORIES, K.id == S.category_id)
        )
        if where is not None:
            statement = statement.where(where)
        rows = await self._db.all(statement.order_by(S.code))
        if not rows:
            return []
        values = await self._db.all(
            select(
                COLOUR_VALUES.c.scenario_id, COLOUR_VALUES.c.colour, COLOUR_VALUES.c.value
            ).where(COLOUR_VALUES.c.scenario_id.in_([row[0] for row in rows]))
        )
        by_scenario: dict[int, list[tuple[str, Any]]] = {}
        for scenario_id, colour, value in values:
            by_scenario.setdefault(scenario_id, []).append((colour, value))
        return [_scenario(row, by_scenario.get(row[0], [])) for row in rows]

    async def scenarios(
        self, *, category_code: str | None = None, operator_type: str | None = None
    ) -> list[Scenario]:
        """Scenarios by code, optionally of one category or operator type."""
        conditions: list[ColumnElement[bool]] = []
        if category_code is not None:
            conditions.append(K.code == category_code)
        if operator_type is not None:
            conditions.append(S.operator_type == operator_type)
        where = None
        for condition in conditions:
            where = condition if where is None else where & condition
        return await self._load(where)

    async def scenario(self, code: str) -> Scenario | None:
        """The scenario with this code, active or retired."""
        found = await self._load(S.code == code)
        return found[0] if found else None

    async def scenario_by_id(self, scenario_id: int) -> Scenario | None:
        """The scenario with this id."""
        found = await self._load(S.id == scenario_id)
        return found[0] if found else None

    async def save_scenario(self, draft: ScenarioDraft, now: datetime) -> Scenario | None:
        """Add a scenario or change the one with this code; None when its category is unknown."""
        category = await self._db.first(select(K.id).where(K.code == draft.category_code))
        if category is None:
            return None
        values = {
            "category_id": category[0],
            "name": draft.name.strip(),
            "name_zh": draft.name_zh.strip(),
            "description": draft.description.strip(),
            "operator_type": draft.operator_type,
            "purpose": draft.purpose.value,
            "lowest_colour": draft.lowest_colour.value,
            "benefit_kind": draft.benefit.kind.value,
            "benefit_value": draft.benefit.value,
            "benefit_cap": draft.benefit.cap,
            "daily_limit": draft.daily_limit,
            "settle_within_days": draft.settle_within_days,
            "valid_from": draft.valid_from,
            "valid_until": draft.valid_until,
            "active": draft.active,
            "updated_at": now,
        }
        row = await self._db.first(
            self._db.insert(SCENARIOS)
            .values(code=draft.code, created_at=now, **values)
            .on_conflict_do_update(index_elements=["code"], set_=values)
            .returning(S.id)
        )
        scenario_id = row[0]
        await self._db.execute(
            delete(COLOUR_VALUES).where(COLOUR_VALUES.c.scenario_id == scenario_id)
        )
        if draft.colour_values:
            await self._db.execute(
                insert(COLOUR_VALUES),
                [
                    {"scenario_id": scenario_id, "colour": colour.value, "value": value}
                    for colour, value in draft.colour_values
                ],
            )
        return await self.scenario_by_id(scenario_id)
