"""Finding a person by resident ID without the ID ever being stored or compared in clear."""

from __future__ import annotations

from api.domain.consent.model import Person
from api.domain.consent.ports import AccessCrypto, AccessStore
from api.domain.errors import NotFoundError
from api.domain.identifiers import validate_resident_id


async def find_person(store: AccessStore, crypto: AccessCrypto, resident_id: str) -> Person | None:
    """The person with this resident ID: validated (IdentifierError), then found by blind index."""
    valid = validate_resident_id(resident_id)
    return await store.persons.by_resident_id_hash(crypto.resident_id_hash(valid))


async def require_person(store: AccessStore, crypto: AccessCrypto, resident_id: str) -> Person:
    """Like ``find_person``, but NotFoundError when no person has this resident ID."""
    person = await find_person(store, crypto, resident_id)
    if person is None:
        raise NotFoundError("no person with this resident ID is registered")
    return person
