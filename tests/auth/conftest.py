"""Fixtures of the partner-access tests: test settings with a short refresh interval."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import Settings
from tests.conftest import TEST_MASTER_KEY

#: Seconds between reloads of the in-memory keys and deny-list in these tests.
REFRESH_SECONDS = 0.2


@pytest.fixture
def settings(tmp_root: Path, database_url: str) -> Settings:
    """The suite's settings, with keys and deny-list reloaded every ``REFRESH_SECONDS``."""
    return Settings(
        DATABASE_URL=database_url,
        data_dir=tmp_root,
        secret_key=TEST_MASTER_KEY,
        log_json=True,
        oauth_refresh_seconds=REFRESH_SECONDS,
    )
