"""A regulator's bulk export end to end: the real server (uvicorn on 127.0.0.1), the real
``credit-platform worker`` process, and the signed link downloaded with httpx and no token.
Forged and expired links are refused with 403 and 410. A worker killed (SIGKILL) mid-export
leaves the operation to the next worker once its lease has run out, which completes it with no
line lost or written twice."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
import pytest

from api.auth.key_store import ensure_signing_key
from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db import migrate
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.graphql.bulk.links import BulkLinks
from api.graphql.trusted import id_of
from tests.conftest import TEST_MASTER_KEY
from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port
from tests.factories import Factory

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
KEYS = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))
RECORDS = (2, 0, 3, 1)


async def _prepare(url: str) -> tuple[str, str]:
    """Migrated, with a signing key, four enterprises and their records, and a regulator."""
    engine = create_engine(url)
    await migrate.upgrade(engine)
    try:
        async with session_factory(engine)() as session:
            await ensure_signing_key(session, KEYS.signing_key_encryption, now=datetime.now(UTC))
            factory = Factory(session, KEYS)
            for count in RECORDS:
                enterprise_id, _ = await factory.enterprise()
                for n in range(count):
                    await factory.record(enterprise_id, summary=f"record {n}")
            regulator = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="Huzhou market regulator"
            )
            await session.commit()
            return regulator.client_id, regulator.client_secret
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str], tuple[str, str]]]:
    """A SQLite platform served by uvicorn; its base URL, environment and the regulator."""
    data_dir = tmp_path_factory.mktemp("bulk-e2e")
    url = f"sqlite+aiosqlite:///{data_dir / 'platform.db'}"
    credentials = asyncio.run(_prepare(url))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CREDIT_DATA_DIR": str(data_dir),
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_PORT": str(port),
        "CREDIT_BULK_PAGE_SIZE": "3",
    }
    log = data_dir / "server.log"
    process = subprocess.Popen(
        [BIN / "credit-platform", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, process, log, 60)
        yield base, env, credentials
    finally:
        process.terminate()
        process.wait(timeout=20)


def _graphql(base: str, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def test_a_regulator_exports_every_enterprise_as_json_lines(
    platform: tuple[str, dict[str, str], tuple[str, str]],
) -> None:
    base, env, (client_id, secret) = platform
    token = httpx.post(
        f"{base}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
        timeout=10,
    ).json()["access_token"]
    started = _graphql(
        base,
        token,
        "mutation($d: String) { bulkOperationRunQuery(documentId: $d) "
        "{ bulkOperation { id status } errors { errorCode message } } }",
        {"d": id_of("EnterprisesForBulkExport")},
    )["bulkOperationRunQuery"]
    assert started["errors"] == []
    operation_id = started["bulkOperation"]["id"]

    worker = subprocess.run(  # the worker is a separate process on purpose
        [BIN / "credit-platform", "worker", "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr

    status = _graphql(
        base,
        token,
        "query($id: ID!) { bulkOperation(id: $id) { status objectCount fileSize errorCode url } }",
        {"id": operation_id},
    )["bulkOperation"]
    assert status["status"] == "COMPLETED", status
    assert status["errorCode"] is None
    url = status["url"]
    assert url.startswith(f"{base}/bulk-operations/{operation_id}.jsonl?")

    download = httpx.get(url, timeout=10)  # no token: the signature is the right
    assert download.status_code == 200, download.text
    lines = [orjson.loads(line) for line in download.content.splitlines()]
    roots = [line for line in lines if "__parentId" not in line]
    children = [line for line in lines if "__parentId" in line]
    assert len(roots) == len(RECORDS)
    assert len(children) == sum(RECORDS)
    assert status["objectCount"] == len(lines)
    assert int(status["fileSize"]) == len(download.content)
    assert {child["__parentId"] for child in children} <= {root["id"] for root in roots}
    assert all(child["department"]["name"] for child in children)

    query = parse_qs(urlsplit(url).query)
    expires = query["expires"][0]
    forged = f"{base}/bulk-operations/{operation_id}.jsonl?expires={expires}&signature={'0' * 64}"
    refused = httpx.get(forged, timeout=10)
    assert refused.status_code == 403
    assert refused.json()["error"] == "FORGED_LINK"
    other = httpx.get(url.replace(operation_id, "f" * 32), timeout=10)
    assert other.status_code == 403

    links = BulkLinks(KEYS.bulk_link, base, 3600)
    expired = links.url(operation_id, datetime.now(UTC) - timedelta(hours=2))
    gone = httpx.get(expired, timeout=10)
    assert gone.status_code == 410
    assert gone.json()["error"] == "EXPIRED_LINK"

    async def audited() -> list[str]:
        engine = create_engine(env["DATABASE_URL"])
        try:
            async with session_factory(engine)() as session:
                events = await Repositories(session).bulk_operations.events(operation_id)
                return [event for event, _ in events]
        finally:
            await engine.dispose()

    assert asyncio.run(audited()) == ["STARTED", "COMPLETED", "DOWNLOADED"]


async def _many(url: str, enterprises: int) -> tuple[str, int]:
    """A migrated database with ``enterprises`` enterprises of one record each, and a CREATED
    export of them by a regulator: the operation's id and the regulator's."""
    from api.domain.bulk import services
    from api.domain.bulk.model import BulkRequester

    engine = create_engine(url)
    await migrate.upgrade(engine)
    try:
        async with session_factory(engine)() as session:
            factory = Factory(session, KEYS)
            for _ in range(enterprises):
                enterprise_id, _uscc = await factory.enterprise()
                await factory.record(enterprise_id)
            regulator = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="Crash regulator"
            )
            operation = await services.start_bulk_operation(
                Repositories(session),
                requester=BulkRequester(
                    partner_id=regulator.partner_id,
                    partner_type="regulator",
                    client_id=regulator.client_id,
                    token_id="crash",
                    scopes=("bulk:run", "credit_record:read", "enterprise:read"),
                    request_id="crash",
                ),
                query="{ enterprises { nodes { id name creditRecords { nodes { id } } } } }",
                root_field="enterprises",
                document_id=None,
                now=datetime.now(UTC),
            )
            await session.commit()
            return operation.id, regulator.partner_id
    finally:
        await engine.dispose()


async def _state(url: str, operation_id: str, partner_id: int) -> tuple[str, int, int]:
    """The operation's status, objectCount and fileSize as the database has them."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            found = await Repositories(session).bulk_operations.get(operation_id, partner_id)
            assert found is not None
            return found.status.value, found.object_count, found.file_size
    finally:
        await engine.dispose()


def test_a_worker_killed_mid_export_is_resumed_by_the_next_one(tmp_path: Path) -> None:
    enterprises = 300
    url = f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
    operation_id, partner_id = asyncio.run(_many(url, enterprises))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CREDIT_DATA_DIR": str(tmp_path),
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_BULK_PAGE_SIZE": "1",
        "CREDIT_BULK_LEASE_SECONDS": "5",
    }
    worker = subprocess.Popen(
        [BIN / "credit-platform", "worker"], env=env, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            status, objects, _size = asyncio.run(_state(url, operation_id, partner_id))
            if objects > 0:
                break
            assert worker.poll() is None
            assert time.monotonic() < deadline, "the worker wrote nothing"
            time.sleep(0.05)
    finally:
        worker.kill()  # SIGKILL: no cleanup, the lease is left to run out
        worker.wait(timeout=20)
    status, killed_at, _size = asyncio.run(_state(url, operation_id, partner_id))
    assert status == "RUNNING"
    assert 0 < killed_at < 2 * enterprises

    time.sleep(5.5)  # the dead worker's lease runs out
    resumed = subprocess.run(
        [BIN / "credit-platform", "worker", "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr
    status, objects, size = asyncio.run(_state(url, operation_id, partner_id))
    assert status == "COMPLETED"
    path = tmp_path / "exports" / f"{operation_id}.jsonl"
    content = path.read_bytes()
    lines = [orjson.loads(line) for line in content.splitlines()]
    assert (objects, size) == (len(lines), len(content)) == (2 * enterprises, size)
    roots = [line["id"] for line in lines if "__parentId" not in line]
    children = [line["id"] for line in lines if "__parentId" in line]
    assert len(set(roots)) == len(roots) == enterprises  # none lost, none twice
    assert len(set(children)) == len(children) == enterprises
