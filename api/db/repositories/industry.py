"""The industry repository: evaluated subjects and their indicator observations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from api.db.repositories.gate import SessionGate
from api.db.repositories.keyed_observations import KeyedObservations, plain_value
from api.db.tables.industry import IndustryObservationRow, IndustrySubjectRow
from api.domain.industry.model import Industry, IndustrySubject, Observation
from api.domain.subjects.model import District

SUBJECTS = IndustrySubjectRow.__table__  # type: ignore[attr-defined]  # SQLModel sets it
S = SUBJECTS.c
OBSERVATIONS = IndustryObservationRow.__table__  # type: ignore[attr-defined]  # SQLModel sets it
OB = OBSERVATIONS.c

_SUBJECT = (S.id, S.industry, S.code, S.name, S.district, S.enterprise_id)
_OBSERVATION = (
    OB.id,
    OB.subject_id,
    OB.indicator,
    OB.department,
    OB.value,
    OB.observed_on,
    OB.note,
    OB.recorded_by,
    OB.recorded_at,
)


def _subject(row: Any) -> IndustrySubject:
    return IndustrySubject(
        id=row[0],
        industry=Industry(row[1]),
        code=row[2],
        name=row[3],
        district=District(row[4]),
        enterprise_id=row[5],
    )


def _observation(row: Any) -> Observation:
    return Observation(
        id=row[0],
        subject_id=row[1],
        indicator=row[2],
        department=row[3],
        value=plain_value(row[4]),
        observed_on=row[5],
        note=row[6],
        recorded_by=row[7],
        recorded_at=row[8],
    )


class IndustryRepository:
    """Implements ``api.domain.industry.ports.IndustryStore`` on the request's session."""

    def __init__(self, gate: SessionGate) -> None:
        self._db = gate
        self._observations = KeyedObservations(
            gate, OBSERVATIONS, _OBSERVATION, OB.subject_id, _observation
        )

    async def subject_by_code(self, code: str) -> IndustrySubject | None:
        """The subject registered under this code."""
        row = await self._db.first(select(*_SUBJECT).where(S.code == code))
        return _subject(row) if row else None

    async def subjects_of(self, industry: Industry) -> list[IndustrySubject]:
        """Every subject of an industry, by code."""
        rows = await self._db.all(
            select(*_SUBJECT).where(S.industry == industry.value).order_by(S.code)
        )
        return [_subject(row) for row in rows]

    async def subjects_of_enterprise(self, enterprise_id: int) -> list[IndustrySubject]:
        """Every subject an enterprise runs, by code."""
        rows = await self._db.all(
            select(*_SUBJECT).where(S.enterprise_id == enterprise_id).order_by(S.code)
        )
        return [_subject(row) for row in rows]

    async def add_subject(
        self,
        *,
        industry: Industry,
        code: str,
        name: str,
        district: District,
        enterprise_id: int | None = None,
    ) -> IndustrySubject:
        """Register a subject (the seed and the command line); an existing code is kept."""
        await self._db.execute(
            self._db.insert(SUBJECTS)
            .values(
                industry=industry.value,
                code=code,
                name=name,
                district=district.value,
                enterprise_id=enterprise_id,
            )
            .on_conflict_do_nothing(index_elements=["code"])
        )
        found = await self.subject_by_code(code)
        if found is None:
            msg = f"industry subject {code} was neither inserted nor found"
            raise RuntimeError(msg)
        return found

    async def insert_observation(
        self,
        *,
        subject_id: int,
        indicator: str,
        department: str,
        value: Decimal,
        observed_on: date,
        note: str | None,
        recorded_by: int | None,
        idempotency_key: str,
        fingerprint: str,
        now: datetime,
    ) -> Observation | None:
        """Record an observation; None when the key's owner already used the key."""
        values = {
            "subject_id": subject_id,
            "indicator": indicator,
            "department": department,
            "value": value,
            "observed_on": observed_on,
            "note": note,
        }
        return await self._observations.insert(
            values,
            recorded_by=recorded_by,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            now=now,
        )

    async def observation_by_key(
        self, recorded_by: int | None, idempotency_key: str
    ) -> tuple[Observation, str] | None:
        """The observation a key recorded, with its fingerprint."""
        return await self._observations.by_key(recorded_by, idempotency_key)

    async def observations_of(self, subject_ids: list[int]) -> dict[int, list[Observation]]:
        """Every observation of these subjects, by subject."""
        return await self._observations.of(subject_ids)
