"""`keys rotate-data` re-encrypts resident IDs while a real server reads them, on both databases."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys, RetiredDataKeyError
from api.db.engine import create_engine, session_factory
from tests.conftest import TEST_MASTER_KEY
from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port
from tests.factories import Factory

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).parent / "credit-platform")
PERSONS = 120
READ = """
query($rid: ResidentId!) {
  person(purpose: CREDIT_SUPERVISION, residentId: $rid) { person { residentId } denial { reason } }
}
"""
MASTER = bytes.fromhex(TEST_MASTER_KEY)


async def _populate(url: str) -> tuple[list[str], str, str]:
    """PERSONS persons under data key 1 and a credit office client: (ids, client, secret)."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            factory = Factory(session, Keys.from_master(MASTER))
            resident_ids = [(await factory.person(sequence=i))[1] for i in range(1, PERSONS + 1)]
            issued = await create_partner(
                session, partner_type=PartnerType.CREDIT_OFFICE, name="rotation office"
            )
            await session.commit()
    finally:
        await engine.dispose()
    return resident_ids, issued.client_id, issued.client_secret


async def _rows(url: str) -> list[tuple[int, int, bytes, bytes]]:
    """(id, key version, ciphertext, blind index) of every person."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                text(
                    "SELECT subject_id, resident_id_key_version, resident_id_encrypted, "
                    "resident_id_hash FROM persons ORDER BY subject_id"
                )
            )
            return [(int(r[0]), int(r[1]), bytes(r[2]), bytes(r[3])) for r in result]
    finally:
        await engine.dispose()


def _rotate(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [CLI, "keys", "rotate-data", "--batch-size", "10", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


async def test_rotation_under_a_serving_server(scratch_url: str, tmp_path: Path) -> None:
    resident_ids, client_id, secret = await _populate(scratch_url)
    before = await _rows(scratch_url)
    assert {row[1] for row in before} == {1}
    env = {
        **os.environ,
        "DATABASE_URL": scratch_url,
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_DATA_DIR": str(tmp_path / "var"),
        "CREDIT_DATA_KEY_VERSION": "2",
        "CREDIT_LOG_LEVEL": "WARNING",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: ASYNC220 (started once; the test then awaits HTTP)
            [CLI, "serve", "--port", str(port)], env=env, stdout=log, stderr=log
        )
        try:
            wait_until_ready(base, server, log_path, 60)
            async with httpx.AsyncClient(base_url=base, timeout=20) as client:
                token = await client.post(
                    "/oauth/token",
                    data={"grant_type": "client_credentials"},
                    auth=(client_id, secret),
                )
                assert token.status_code == 200, token.text
                headers = {"authorization": f"Bearer {token.json()['access_token']}"}
                reads: list[bool] = []
                rotating = True

                async def reader() -> None:
                    index = 0
                    while rotating or index < len(resident_ids):
                        rid = resident_ids[index % len(resident_ids)]
                        answer = await client.post(
                            "/graphql",
                            json={"query": READ, "variables": {"rid": rid}},
                            headers=headers,
                        )
                        assert answer.status_code == 200, answer.text
                        body = answer.json()
                        assert "errors" not in body, body
                        assert body["data"]["person"]["person"]["residentId"] == rid, body
                        reads.append(True)
                        index += 1

                task = asyncio.create_task(reader())
                first = await asyncio.to_thread(_rotate, env)
                rotating = False
                await task
        finally:
            server.terminate()
            server.wait(timeout=20)
    assert first["re_encrypted"] == PERSONS, first
    assert first["rows_by_version"] == {"2": PERSONS}, first
    assert len(reads) >= PERSONS
    after = await _rows(scratch_url)
    assert [(r[0], r[3]) for r in after] == [(r[0], r[3]) for r in before], "blind index moved"
    assert all(new[2] != old[2] for new, old in zip(after, before, strict=True))
    # Version 1 can now be retired: the keys without it open every row.
    retired = Keys.from_master(MASTER, data_key_version=2, data_key_oldest=2)
    assert sorted(retired.open_identifier(r[1], r[2]) for r in after) == sorted(resident_ids)
    with pytest.raises(RetiredDataKeyError):
        retired.open_identifier(1, before[0][2])
    # A second run finds nothing to do.
    second = await asyncio.to_thread(_rotate, env)
    assert second == {
        "version": 2,
        "re_encrypted": 0,
        "batches": 0,
        "rows_by_version": {"2": PERSONS},
    }
    assert await _rows(scratch_url) == after
    versions = await asyncio.to_thread(
        subprocess.run,
        [CLI, "keys", "data-versions"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert versions.returncode == 0, versions.stderr
    assert versions.stdout.strip() == (
        f"resident IDs by data key: version 2: {PERSONS}; no row uses a version below 2: "
        "CREDIT_DATA_KEY_OLDEST=2 retires the older keys"
    )
    # Retired too early, the command refuses and changes nothing.
    refused = await asyncio.to_thread(
        subprocess.run,
        [CLI, "keys", "rotate-data"],
        env={**env, "CREDIT_DATA_KEY_VERSION": "3", "CREDIT_DATA_KEY_OLDEST": "3"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "data-key versions [2] cannot be read" in refused.stdout
    assert await _rows(scratch_url) == after
