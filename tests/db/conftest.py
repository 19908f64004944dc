"""Fixtures of the storage and service tests: repositories and access crypto on the test keys."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.crypto import KeyedAccessCrypto, Keys
from api.db.repositories import Repositories


@pytest.fixture
def store(session: AsyncSession) -> Repositories:
    """The repositories on the test's session."""
    return Repositories(session)


@pytest.fixture
def crypto(keys: Keys) -> KeyedAccessCrypto:
    """Code sealing and subject hashing with the test keys."""
    return KeyedAccessCrypto(keys)
