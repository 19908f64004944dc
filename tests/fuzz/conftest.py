"""One real server for the fuzz tests: uvicorn on 127.0.0.1 over a demo-seeded PostgreSQL.

Every partner type gets a partner, a client and a token. Quotas are opened wide so that the
fuzzer meets the platform's answers, not its throttle.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from tests.conftest import (
    TEST_MASTER_KEY,
    create_scratch_database,
    drop_scratch_database,
    postgres_url,
)
from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port

CLI = str(Path(sys.executable).parent / "credit-platform")
WIDE_BUCKET = "1000000000/1000000"


@dataclass(frozen=True)
class FuzzServer:
    """The running server, a token per partner type, and identifiers found in its data."""

    base: str
    clients: dict[PartnerType, tuple[str, str]]
    tokens: dict[PartnerType, str]
    keys: Keys
    resident_ids: list[str]
    usccs: list[str]
    integrity_codes: list[str]
    log: Path

    def headers(self, partner_type: PartnerType) -> dict[str, str]:
        """The Authorization header of ``partner_type``'s token."""
        return {"authorization": f"Bearer {self.tokens[partner_type]}"}


async def _prepare(url: str) -> tuple[dict[PartnerType, tuple[str, str]], list[str], list[str]]:
    keys = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            clients = {}
            for partner_type in PartnerType:
                issued = await create_partner(
                    session, partner_type=partner_type, name=f"fuzz {partner_type.value}"
                )
                clients[partner_type] = (issued.client_id, issued.client_secret)
            await session.commit()
            persons = await session.execute(
                text(
                    "SELECT resident_id_key_version, resident_id_encrypted FROM persons "
                    "ORDER BY subject_id LIMIT 20"
                )
            )
            resident_ids = [keys.open_identifier(int(v), bytes(b)) for v, b in persons]
            usccs = await session.execute(
                text("SELECT uscc FROM enterprises ORDER BY subject_id LIMIT 20")
            )
            return clients, resident_ids, [str(row[0]) for row in usccs]
    finally:
        await engine.dispose()


OPERATIONS = Path(__file__).parents[2] / "schema" / "operations"


def _document_id(path: str) -> str:
    """The id of a trusted document, from the manifest."""
    manifest = json.loads((OPERATIONS / "manifest.json").read_text(encoding="utf-8"))
    [found] = [entry["id"] for entry in manifest["documents"] if path in entry["paths"]]
    return str(found)


def _integrity_codes(base: str, app_token: str, resident_ids: list[str]) -> list[str]:
    """Integrity codes of a few persons (the city app's trusted document), for two purposes."""
    issue = _document_id("citizen_app/IssueIntegrityCode.graphql")
    codes = []
    for rid in resident_ids:
        for purpose in ("PAY_AFTER_TREATMENT", "MOBILITY_DISCOUNT"):
            answer = httpx.post(
                f"{base}/graphql",
                json={"documentId": issue, "variables": {"residentId": rid, "purpose": purpose}},
                headers={"authorization": f"Bearer {app_token}"},
                timeout=10,
            )
            issued = answer.json()["data"]["issueIntegrityCode"]
            assert issued["errors"] == [], issued
            codes.append(issued["code"])
    return codes


@pytest.fixture(scope="session")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzServer]:
    """A demo-seeded PostgreSQL (``CREDIT_FUZZ_BACKEND=sqlite``: a SQLite file) served by
    uvicorn, with a token for every partner type."""
    tmp = tmp_path_factory.mktemp("fuzz")
    admin = None if os.environ.get("CREDIT_FUZZ_BACKEND") == "sqlite" else postgres_url()
    if admin is None:
        url = f"sqlite+aiosqlite:///{tmp / 'fuzz.db'}"
    else:
        url = asyncio.run(create_scratch_database(admin))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_DATA_DIR": str(tmp / "var"),
        "CREDIT_LOG_LEVEL": "WARNING",
        "CREDIT_QUOTA_BUCKET": WIDE_BUCKET,
        "CREDIT_QUOTA_BUCKETS_BY_TYPE": "",
        "CREDIT_OAUTH_MAX_FAILURES_PER_CLIENT": "10000",
        "CREDIT_OAUTH_MAX_FAILURES_PER_ADDRESS": "100000",
    }
    env.pop("REDIS_URL", None)
    env.pop("CREDIT_REDIS_URL", None)
    seeded = subprocess.run(
        [CLI, "seed", "--profile", "demo"], env=env, capture_output=True, text=True, check=False
    )
    assert seeded.returncode == 0, seeded.stderr
    clients, resident_ids, usccs = asyncio.run(_prepare(url))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp / "server.log"
    log = log_path.open("w")
    server = subprocess.Popen([CLI, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    try:
        wait_until_ready(base, server, log_path, 60)
        tokens = {}
        for partner_type, (client_id, secret) in clients.items():
            answer = httpx.post(
                f"{base}/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(client_id, secret),
                timeout=10,
            )
            assert answer.status_code == 200, answer.text
            tokens[partner_type] = answer.json()["access_token"]
        codes = _integrity_codes(base, tokens[PartnerType.CITIZEN_APP], resident_ids[:4])
        yield FuzzServer(
            base=base,
            clients=clients,
            tokens=tokens,
            keys=Keys.from_master(bytes.fromhex(TEST_MASTER_KEY)),
            resident_ids=resident_ids,
            usccs=usccs,
            integrity_codes=codes,
            log=log_path,
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
        if admin is not None:
            asyncio.run(drop_scratch_database(admin, url))
