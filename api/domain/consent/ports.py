"""What the consent use cases need from storage and from the platform's keys.

``api.db.repositories.Repositories`` satisfies ``AccessStore``; ``api.crypto.KeyedAccessCrypto``
satisfies ``AccessCrypto``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from api.domain.audit.ports import AuditLog
from api.domain.consent.model import Consent, ConsentStatus, IntegrityCode, Person, SubjectRef
from api.domain.paging import Page, PageRequest
from api.domain.subjects.model import Enterprise


class PersonDirectory(Protocol):
    """Persons, found by the blind index of their resident ID or by subject id."""

    async def by_resident_id_hash(self, resident_id_hash: bytes) -> Person | None:
        """The person whose resident ID has this blind index, if any."""
        ...

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Person]:
        """Persons by subject id; missing ids are absent."""
        ...


class EnterpriseDirectory(Protocol):
    """Enterprises by subject id and by unified social credit code."""

    async def by_uscc(self, uscc: str) -> Enterprise | None:
        """The enterprise with this code, if any."""
        ...

    async def by_ids(self, ids: Sequence[int]) -> dict[int, Enterprise]:
        """Enterprises by subject id; missing ids are absent."""
        ...


class IntegrityCodeStore(Protocol):
    """Issued integrity codes (the code text itself is never stored)."""

    async def add(self, code: IntegrityCode) -> None:
        """Record a newly issued code."""
        ...

    async def get(self, code_id: str) -> IntegrityCode | None:
        """The code with this id, if any."""
        ...

    async def revoke(self, code_id: str, now: datetime) -> bool:
        """Mark a code revoked at ``now``; False when it was already revoked or is unknown."""
        ...


class ConsentStore(Protocol):
    """Standing consents."""

    async def add(self, consent: Consent) -> None:
        """Record a new consent."""
        ...

    async def get(self, consent_id: str) -> Consent | None:
        """The consent with this id (status as stored), if any."""
        ...

    async def change_status(
        self, consent_id: str, *, expected: ConsentStatus, new: ConsentStatus, now: datetime
    ) -> bool:
        """Move a consent from ``expected`` to ``new``; False when it was no longer ``expected``."""
        ...

    async def page_for_subject(self, subject: SubjectRef, request: PageRequest) -> Page[Consent]:
        """One keyset page of a subject's consents, newest first."""
        ...


class AccessStore(Protocol):
    """The repositories of one unit of work that consent, codes and audit use."""

    @property
    def persons(self) -> PersonDirectory:
        """Persons."""
        ...

    @property
    def enterprises(self) -> EnterpriseDirectory:
        """Enterprises."""
        ...

    @property
    def integrity_codes(self) -> IntegrityCodeStore:
        """Integrity codes."""
        ...

    @property
    def consents(self) -> ConsentStore:
        """Consents."""
        ...

    @property
    def audit(self) -> AuditLog:
        """The audit log."""
        ...


class AccessCrypto(Protocol):
    """Sealing of integrity codes and keyed hashes of subject identifiers."""

    def seal_code(self, code_id: str) -> str:
        """The opaque, compact text of a code id (what the QR code carries)."""
        ...

    def open_code(self, code: str) -> str | None:
        """The code id in a code text, or None when the text was not sealed by the platform."""
        ...

    def resident_id_hash(self, resident_id: str) -> bytes:
        """The blind index of a validated resident ID (as stored on the person)."""
        ...

    def uscc_hash(self, uscc: str) -> bytes:
        """The keyed hash of a validated unified social credit code."""
        ...
