"""``credit-platform worker`` and ``jobs run`` killed with SIGKILL mid-work, then restarted.

The webhook worker is killed while a receiver holds its POST open: after the restart the event
is delivered again with the same event id (at least once; receivers de-duplicate by it). The
daily jobs are killed while a page of expiries waits on a subject: the rerun expires each
record once and evaluates each subject once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.key_store import ensure_signing_key
from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.engine import session_factory
from api.db.repositories import Repositories
from api.domain.banking.model import BorrowerEvent, EventType
from api.domain.clock import city_today
from api.domain.records.model import RecordCategory, Severity
from api.webhooks.signing import EVENT_ID_HEADER
from tests.conftest import TEST_MASTER_KEY
from tests.db.credit_batch_helpers import KEYS
from tests.e2e.test_demo_server import free_port
from tests.factories import Factory
from tests.faults.conftest import Knife

BIN = Path(sys.executable).parent


@dataclass
class HoldingReceiver:
    """A bank's webhook endpoint that holds the first POST open until released."""

    received: list[str] = field(default_factory=list)
    first_arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None

    def start(self, port: int) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append(self.headers[EVENT_ID_HEADER])
                if len(receiver.received) == 1:
                    receiver.first_arrived.set()
                    receiver.release.wait(30)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                return  # the killed worker's socket is gone when the held POST answers

        self.server = QuietServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[HoldingReceiver]:
    """The holding receiver, stopped after the test."""
    found = HoldingReceiver()
    yield found
    found.stop()


def command_env(url: str, data_dir: Path) -> dict[str, str]:
    """The environment of a ``credit-platform`` command on ``url``."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CREDIT_DATA_DIR": str(data_dir),
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_WEBHOOK_ALLOW_LOOPBACK_HTTP": "true",
        "CREDIT_WEBHOOK_LEASE_SECONDS": "10",
        "CREDIT_WEBHOOK_TIMEOUT_SECONDS": "20",
    }


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start ``credit-platform args`` as a process of its own."""
    return subprocess.Popen(
        [str(BIN / "credit-platform"), *args],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def sigkill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL ``process`` (no clean-up of any kind) and reap it."""
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL


async def enqueue_event(seed_engine: AsyncEngine, hook: str) -> str:
    """A bank with a webhook at ``hook`` following an enterprise, one committed event; its id."""
    async with session_factory(seed_engine)() as session:
        await ensure_signing_key(session, KEYS.signing_key_encryption, now=datetime.now(UTC))
        enterprise_id, uscc = await Factory(session, KEYS).enterprise()
        bank = await create_partner(session, partner_type=PartnerType.BANK, name="Hook bank")
        repos = Repositories(session)
        now = datetime.now(UTC)
        await repos.webhooks.set_endpoint(bank.partner_id, hook, now)
        subscription = await repos.webhooks.subscribe(bank.partner_id, enterprise_id, now)
        event_id = await repos.webhooks.enqueue(
            bank.partner_id,
            BorrowerEvent(EventType.GRADE_WORSENED, {"grade": "C"}),
            subscription_id=subscription,
            subject={"uscc": uscc},
            now=now,
        )
        await session.commit()
    return event_id


async def test_a_worker_killed_mid_delivery_delivers_the_same_event_after_restart(
    pg_url: str, seed_engine: AsyncEngine, knife: Knife, receiver: HoldingReceiver, tmp_path: Path
) -> None:
    port = free_port()
    receiver.start(port)
    event_id = await enqueue_event(seed_engine, f"http://127.0.0.1:{port}/hook")
    env = command_env(pg_url, tmp_path)
    worker = start(["worker", "--interval", "0.2"], env, tmp_path / "worker-1.log")
    try:
        arrived = await asyncio.to_thread(receiver.first_arrived.wait, 60)
        assert arrived, (tmp_path / "worker-1.log").read_text()
        sigkill(worker)  # mid-delivery: the POST was sent, its outcome never recorded
    finally:
        if worker.poll() is None:
            worker.kill()
    receiver.release.set()
    undelivered = "SELECT count(*) FROM webhook_deliveries WHERE delivered_at IS NULL"
    assert await knife.count(undelivered) == 1
    claimed = time.monotonic()
    restarted = start(["worker", "--interval", "0.5"], env, tmp_path / "worker-2.log")
    try:
        deadline = time.monotonic() + 60
        while await knife.count(undelivered) != 0:
            assert restarted.poll() is None, (tmp_path / "worker-2.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "worker-2.log").read_text()
            await asyncio.sleep(0.3)
    finally:
        restarted.terminate()
        restarted.wait(timeout=20)
    # Delivered again only once the first claim's lease ran out, with the same event id.
    assert time.monotonic() - claimed >= 5
    assert receiver.received == [event_id, event_id]
    assert await knife.count("SELECT count(*) FROM webhook_deliveries") == 1


async def test_daily_jobs_killed_mid_page_expire_and_evaluate_each_once_on_rerun(
    pg_url: str, seed_engine: AsyncEngine, knife: Knife, tmp_path: Path
) -> None:
    ended = city_today(datetime.now(UTC)) - timedelta(days=2)
    async with session_factory(seed_engine)() as session:
        factory = Factory(session, KEYS)
        persons = sorted([(await factory.person())[0] for _ in range(3)])
        for person in persons:
            await factory.record(
                person,
                category=RecordCategory.PENALTY,
                severity=Severity.MINOR,
                occurred_at=datetime.now(UTC) - timedelta(days=400),
                publicity_until=ended,
            )
        await session.commit()
    env = command_env(pg_url, tmp_path)
    expired_history = (
        "SELECT subject_id, count(*) AS n FROM evaluations WHERE cause = 'records_expired'"
        " GROUP BY subject_id"
    )
    transaction = knife.locker.transaction()
    await transaction.start()
    try:
        # The page re-evaluates its subjects in order; the second one is held.
        await knife.locker.execute("SELECT id FROM subjects WHERE id = $1 FOR UPDATE", persons[1])
        jobs = start(["jobs", "run"], env, tmp_path / "jobs-1.log")
        try:
            await knife.waiting_backend()
            sigkill(jobs)
        finally:
            if jobs.poll() is None:
                jobs.kill()
    finally:
        await transaction.rollback()
    active = "SELECT count(*) FROM credit_records WHERE status = 'active'"
    assert await knife.count(active) == 3
    assert await knife.admin.fetch(expired_history) == []

    for attempt in (2, 3):  # the rerun completes; one more run changes nothing
        log = tmp_path / f"jobs-{attempt}.log"
        rerun = start(["jobs", "run"], env, log)
        assert await asyncio.to_thread(rerun.wait, 120) == 0, log.read_text()
        assert await knife.count(active) == 0
        history = await knife.admin.fetch(expired_history)
        assert {r["subject_id"]: r["n"] for r in history} == dict.fromkeys(persons, 1)
