"""Racing writers on the embedded SQLite file take turns instead of failing "database is locked".

Real uvicorn servers (``credit-platform serve``) on 127.0.0.1 share one SQLite file; partners
race each other through HTTP with real signed tokens, and other processes (a second server, the
test process itself, ``credit-platform records import``) write the same file meanwhile. Every
write waits for its turn: one record per idempotency key and a replay for every retry, every
penalty stored, no INTERNAL_SERVER_ERROR, and queries keep answering while writers queue.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db import migrate
from api.db.engine import create_engine, session_factory
from api.db.tables import metadata
from tests.conftest import TEST_MASTER_KEY
from tests.db.test_intake_concurrency import _record
from tests.e2e.test_demo_server import CLI, free_port
from tests.factories import Factory

pytestmark = pytest.mark.e2e

RECORDS = metadata.tables["credit_records"]
AUDIT = metadata.tables["audit_log"]
INTAKES = metadata.tables["record_intakes"]
PENALTY = """
mutation Penalty($input: PenaltyInput!) {
  recordPenalty(input: $input) {
    record { id } replayed evaluation { score } errors { code message }
  }
}
"""
READ = """
query Read($u: UnifiedSocialCreditCode!) {
  enterprise(uscc: $u) { name creditRecords(first: 20) { nodes { id category } } }
}
"""
#: A read the credit office may make without consent; it inserts an audit row as it reads.
AUDITED = """
query Audited($r: ResidentId!) {
  person(purpose: CREDIT_SUPERVISION, residentId: $r) { person { district } denial { reason } }
}
"""


@dataclass
class World:
    """A migrated SQLite file: a department, enterprises, a person, a regulator, an office."""

    url: str
    env: dict[str, str]
    subjects: list[tuple[int, str]]
    resident_id: str
    partner_id: int
    client_id: str
    secret: str
    office: tuple[str, str]


@pytest.fixture
async def world(tmp_path: Path, keys: Keys) -> World:
    """Twelve enterprises (no tax rating: they score from 700) and a regulator, committed."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        async with session_factory(engine)() as session:
            factory = Factory(session, keys)
            await factory.department("market")
            subjects = [await factory.enterprise(tax_grade=None) for _ in range(12)]
            _, resident_id = await factory.person()
            office = await create_partner(
                session, partner_type=PartnerType.CREDIT_OFFICE, name="City credit office"
            )
            regulator = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="Market regulator"
            )
            await session.commit()
    finally:
        await engine.dispose()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_DATA_DIR": str(tmp_path / "var"),
        "CREDIT_LOG_JSON": "true",
    }
    return World(
        url,
        env,
        subjects,
        resident_id,
        regulator.partner_id,
        regulator.client_id,
        regulator.client_secret,
        (office.client_id, office.client_secret),
    )


@contextmanager
def _server(world: World, log: Path) -> Iterator[str]:
    """``credit-platform serve`` on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=world.env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, f"the server exited: {log.read_text()}"
                try:
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server was not ready in 60 s"
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


async def _token(client: httpx.AsyncClient, client_id: str, secret: str) -> str:
    """An access token from the server's token endpoint (client_secret_basic)."""
    response = await client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@asynccontextmanager
async def _client(base: str, world: World) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """An HTTP client on one server and a regulator's token from its token endpoint."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        yield client, await _token(client, world.client_id, world.secret)


def _penalty(uscc: str, key: str, summary: str = "未按规定公示年度报告") -> dict[str, Any]:
    """A general penalty's input, dated yesterday."""
    return {
        "input": {
            "subject": {"uscc": uscc},
            "department": "market",
            "severity": "GENERAL",
            "occurredAt": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
            "summary": summary,
            "idempotencyKey": key,
        }
    }


async def _post(
    client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    """POST one operation; HTTP 200 and no top-level error (an internal one above all)."""
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


async def _count(url: str, statement: Any) -> int:
    """One count on the file, read by a connection of its own."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(statement) or 0)
    finally:
        await engine.dispose()


async def _stored(url: str, subject_ids: list[int]) -> tuple[int, int]:
    """How many credit records the file holds about these subjects, and intake keys in all."""
    records = select(func.count()).where(RECORDS.c.subject_id.in_(subject_ids))
    return await _count(url, records), await _count(url, select(func.count()).select_from(INTAKES))


def _replays_of_one(answers: list[dict[str, Any]]) -> None:
    """All answers carry one record and one score; exactly one stored it, the rest replayed."""
    payloads = [a["data"]["recordPenalty"] for a in answers]
    assert all(p["errors"] == [] for p in payloads), payloads
    assert len({p["record"]["id"] for p in payloads}) == 1, payloads
    assert [p["replayed"] for p in payloads].count(False) == 1, payloads
    assert {p["evaluation"]["score"] for p in payloads} == {620}, payloads


async def test_twelve_racing_retries_of_one_key_store_one_record(
    world: World, tmp_path: Path
) -> None:
    """Twelve retries of one key at once: one record, eleven replays of the same answer."""
    subject_id, uscc = world.subjects[0]
    with _server(world, tmp_path / "server.log") as base:
        async with _client(base, world) as (client, token):
            variables = _penalty(uscc, str(uuid.uuid4()))
            answers = await asyncio.gather(
                *(_post(client, token, PENALTY, variables) for _ in range(12))
            )
    _replays_of_one(answers)
    assert await _stored(world.url, [subject_id]) == (1, 1)


async def test_six_concurrent_penalties_on_six_subjects_all_land_while_queries_answer(
    world: World, tmp_path: Path
) -> None:
    """Six penalties on six subjects at once are six records; reads (audited too) answer."""
    subjects = world.subjects[:6]
    with _server(world, tmp_path / "server.log") as base:
        async with _client(base, world) as (client, token):
            office = await _token(client, *world.office)
            writes = [
                _post(client, token, PENALTY, _penalty(uscc, str(uuid.uuid4())))
                for _, uscc in subjects
            ]
            reads = [_post(client, token, READ, {"u": uscc}) for _, uscc in subjects]
            audited = [_post(client, office, AUDITED, {"r": world.resident_id}) for _ in range(6)]
            answers = await asyncio.gather(*writes, *reads, *audited)
    penalties = [a["data"]["recordPenalty"] for a in answers[:6]]
    assert all(p["errors"] == [] and not p["replayed"] for p in penalties), penalties
    assert {p["evaluation"]["score"] for p in penalties} == {620}
    assert all(a["data"]["enterprise"]["name"] for a in answers[6:12])
    assert all(a["data"]["person"]["denial"] is None for a in answers[12:]), answers[12:]
    assert await _stored(world.url, [s for s, _ in subjects]) == (6, 6)
    assert await _count(world.url, select(func.count()).select_from(AUDIT)) == 6


async def test_two_servers_and_another_process_write_one_file(world: World, tmp_path: Path) -> None:
    """Two servers and the test process write one file at once: the same outcomes as one."""
    first, second, third = world.subjects[0], world.subjects[1:7], world.subjects[7]
    retry = _penalty(first[1], str(uuid.uuid4()))
    with (
        _server(world, tmp_path / "one.log") as one,
        _server(world, tmp_path / "two.log") as two,
    ):
        async with _client(one, world) as (a, token_a), _client(two, world) as (b, token_b):
            clients = [(a, token_a), (b, token_b)]
            retries = [_post(*clients[n % 2], PENALTY, retry) for n in range(12)]
            penalties = [
                _post(*clients[n % 2], PENALTY, _penalty(uscc, str(uuid.uuid4())))
                for n, (_, uscc) in enumerate(second)
            ]
            here = [
                _record(world.url, third[0], world.partner_id, str(uuid.uuid4()), f"fact {n}")
                for n in range(3)
            ]
            answers = await asyncio.gather(*retries, *penalties, *here)
    _replays_of_one(answers[:12])
    stored = [a["data"]["recordPenalty"] for a in answers[12:18]]
    assert all(p["errors"] == [] and not p["replayed"] for p in stored), stored
    assert all(outcome is not None and not outcome.replayed for outcome in answers[18:])
    assert await _stored(world.url, [s for s, _ in world.subjects[:8]]) == (10, 10)


async def test_a_records_import_runs_while_a_server_takes_penalties(
    world: World, tmp_path: Path
) -> None:
    """``records import`` in its own process and a server's penalties share the file."""
    imported, served = world.subjects[6:], world.subjects[:6]
    day = (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
    rows = [
        f",{uscc},,,market,penalty,general,{day},,导入的处罚 {n} {m},"
        for m in range(20)
        for n, (_, uscc) in enumerate(imported)
    ]
    csv = tmp_path / "records.csv"
    header = "resident_id,uscc,village,household_number,department,category,severity,"
    header += "occurred_at,publicity_until,summary,matter_code"
    csv.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    output = tmp_path / "import.out"
    with _server(world, tmp_path / "server.log") as base, output.open("w") as out:
        async with _client(base, world) as (client, token):
            importer = await asyncio.create_subprocess_exec(
                *(CLI, "records", "import", str(csv), "--batch-size", "10"),
                env=world.env,
                stdout=out,
                stderr=asyncio.subprocess.DEVNULL,
            )
            answers: list[dict[str, Any]] = []
            while importer.returncode is None or len(answers) < 18:  # penalties all along
                fresh = [_penalty(uscc, str(uuid.uuid4()), f"{len(answers)}") for _, uscc in served]
                answers += await asyncio.gather(*(_post(client, token, PENALTY, v) for v in fresh))
            await importer.wait()
    assert importer.returncode == 0, output.read_text()
    assert f"{len(rows):,} imported" in output.read_text(), output.read_text()
    penalties = [a["data"]["recordPenalty"] for a in answers]
    assert all(p["errors"] == [] and not p["replayed"] for p in penalties), penalties
    stored = len(rows) + len(penalties)
    assert await _stored(world.url, [s for s, _ in world.subjects]) == (stored, stored)
