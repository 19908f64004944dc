"""Persons, found by the blind index of their resident ID; the ID itself is never read here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from api.db.repositories.gate import SessionGate
from api.db.tables import PersonRow, table_of
from api.domain.consent.model import Person
from api.domain.subjects.model import District

P = table_of(PersonRow).c

_PERSON_COLUMNS = (P.subject_id, P.name, P.district, P.resident_id_masked, P.resident_id_hash)


def _person(row: Sequence[Any]) -> Person:
    return Person(
        id=row[0],
        name=row[1],
        district=District(row[2]),
        resident_id_masked=row[3],
        resident_id_hash=bytes(row[4]),
    )


class PersonRepository:
    """Persons by blind index or subject id (implements ``PersonDirectory``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def by_resident_id_hash(self, resident_id_hash: bytes) -> Person | None:
        """The person whose resident ID has this blind index (a unique index answers it)."""
        row = await self._db.first(
            select(*_PERSON_COLUMNS).where(P.resident_id_hash == resident_id_hash)
        )
        return _person(row) if row else None

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Person]:
        """Persons by subject id; missing ids are absent."""
        if not ids:
            return {}
        rows = await self._db.all(select(*_PERSON_COLUMNS).where(P.subject_id.in_(list(set(ids)))))
        return {row[0]: _person(row) for row in rows}

    async def encrypted_resident_id(self, person_id: int) -> tuple[int, bytes] | None:
        """A person's resident ID as (data-key version, AES-GCM blob), for callers allowed it."""
        row = await self._db.first(
            select(P.resident_id_key_version, P.resident_id_encrypted).where(
                P.subject_id == person_id
            )
        )
        return (int(row[0]), bytes(row[1])) if row else None
