"""Webhooks end to end: the platform served by uvicorn publishes its keys, a real receiver on
127.0.0.1 verifies each signature with them, fails, goes away and de-duplicates; the outbox
delivers at least once, across a receiver outage and a deliverer that was not running."""

from __future__ import annotations

import contextlib
import json
import os
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

import httpx
import pytest
from joserfc.jwk import ECKey
from sqlalchemy import update

from api.auth.key_store import ensure_signing_key
from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db import migrate
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables import table_of
from api.db.tables.banking import WebhookDeliveryRow
from api.domain.banking.lending import BorrowerEvent, EventType
from api.webhooks.delivery import deliver_due_webhooks
from api.webhooks.settings import WebhookSettings
from api.webhooks.signing import EVENT_ID_HEADER, SIGNATURE_HEADER, verify_body
from tests.conftest import TEST_MASTER_KEY
from tests.e2e.test_demo_server import free_port
from tests.factories import Factory

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
KEYS = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))
SETTINGS = WebhookSettings(allow_loopback_http=True, timeout_seconds=5)


@dataclass
class Receiver:
    """A bank's webhook endpoint: verifies signatures, fails on demand, processes each id once."""

    jwks: dict[str, ECKey]
    fail_next: int = 0
    received: list[str] = field(default_factory=list)
    processed: list[str] = field(default_factory=list)
    bad_signatures: int = 0
    server: ThreadingHTTPServer | None = None

    def handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                event_id = self.headers[EVENT_ID_HEADER]
                signature = self.headers[SIGNATURE_HEADER]
                receiver.received.append(event_id)
                header = None
                for key in receiver.jwks.values():
                    header = header or verify_body(signature, body, key)
                if header is None or header.get("eid") != event_id:
                    receiver.bad_signatures += 1
                    self.send_response(401)
                elif receiver.fail_next > 0:
                    receiver.fail_next -= 1
                    self.send_response(503)
                else:
                    if event_id not in receiver.processed:  # de-duplicate by event id
                        receiver.processed.append(event_id)
                    assert json.loads(body)["id"] == event_id
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        return Handler

    def start(self, port: int) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self.handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A migrated SQLite platform with a signing key, served by uvicorn on 127.0.0.1."""
    import asyncio

    data_dir = tmp_path_factory.mktemp("webhooks-e2e")
    url = f"sqlite+aiosqlite:///{data_dir / 'platform.db'}"

    async def prepare() -> None:
        engine = create_engine(url)
        await migrate.upgrade(engine)
        async with session_factory(engine)() as session:
            await ensure_signing_key(session, KEYS.signing_key_encryption, now=datetime.now(UTC))
            await session.commit()
        await engine.dispose()

    asyncio.run(prepare())
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CREDIT_DATA_DIR": str(data_dir),
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_PORT": str(port),
        "CREDIT_WEBHOOK_ALLOW_LOOPBACK_HTTP": "true",
    }
    process = subprocess.Popen(
        [BIN / "credit-platform", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(data_dir / "server.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert process.poll() is None, (data_dir / "server.log").read_text()
        assert time.monotonic() < deadline, "server not ready"
        time.sleep(0.3)
    try:
        yield base, env
    finally:
        process.terminate()
        process.wait(timeout=20)


def published_keys(base: str) -> dict[str, ECKey]:
    """The platform's published verification keys, from its JWKS."""
    jwks = httpx.get(f"{base}/.well-known/jwks.json", timeout=5).json()
    return {jwk["kid"]: ECKey.import_key(jwk) for jwk in jwks["keys"]}


async def _enqueue(url: str, hook: str, count: int) -> list[str]:
    """A bank with a webhook at ``hook`` following a borrower, and ``count`` committed events."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            enterprise_id, uscc = await Factory(session, KEYS).enterprise()
            bank = await create_partner(session, partner_type=PartnerType.BANK, name="Hook bank")
            repos = Repositories(session)
            now = datetime.now(UTC)
            await repos.webhooks.set_endpoint(bank.partner_id, hook, now)
            subscription = await repos.webhooks.subscribe(bank.partner_id, enterprise_id, now)
            ids = [
                await repos.webhooks.enqueue(
                    bank.partner_id,
                    BorrowerEvent(EventType.GRADE_WORSENED, {"grade": "C", "n": n}),
                    subscription_id=subscription,
                    subject={"uscc": uscc},
                    now=now,
                )
                for n in range(count)
            ]
            await session.commit()
            return ids
    finally:
        await engine.dispose()


async def _round(url: str, now: datetime) -> tuple[int, int, int]:
    engine = create_engine(url)
    try:
        async with httpx.AsyncClient() as client:
            report = await deliver_due_webhooks(
                engine,
                now=now,
                client=client,
                cipher_key=KEYS.signing_key_encryption,
                settings=SETTINGS,
                jitter=lambda: 0.5,
            )
        return report.claimed, report.delivered, report.failed
    finally:
        await engine.dispose()


async def _forget_delivery(url: str, event_id: str) -> None:
    """As if the deliverer stopped after the POST and before recording it."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            table = table_of(WebhookDeliveryRow)
            await session.execute(
                update(table)
                .where(table.c.event_id == event_id)
                .values(delivered_at=None, next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
            )
            await session.commit()
    finally:
        await engine.dispose()


async def test_signed_delivery_retry_dedup_and_resume(
    platform: tuple[str, dict[str, str]],
) -> None:
    base, env = platform
    url = env["DATABASE_URL"]
    receiver = Receiver(jwks=published_keys(base), fail_next=1)
    port = free_port()
    hook = f"http://127.0.0.1:{port}/credit-hook"
    receiver.start(port)
    try:
        [first] = await _enqueue(url, hook, 1)
        start = datetime.now(UTC)
        # The receiver fails: the event is kept and retried after the backoff, not before.
        assert await _round(url, start) == (1, 0, 1)
        assert await _round(url, start + timedelta(seconds=5)) == (0, 0, 0)
        assert await _round(url, start + timedelta(seconds=31)) == (1, 1, 0)
        assert receiver.received == [first, first]
        assert receiver.processed == [first]
        assert receiver.bad_signatures == 0
        # Delivered again after a lost acknowledgement: the receiver processes it once.
        await _forget_delivery(url, first)
        assert await _round(url, datetime.now(UTC)) == (1, 1, 0)
        assert receiver.received.count(first) == 3
        assert receiver.processed == [first]
        # The receiver goes away: delivery resumes once it is back.
        receiver.stop()
        [second] = await _enqueue(url, hook, 1)
        later = datetime.now(UTC)
        assert await _round(url, later) == (1, 0, 1)
        receiver.start(port)
        assert await _round(url, later + timedelta(minutes=2)) == (1, 1, 0)
        assert receiver.processed == [first, second]
        # Committed while no deliverer ran: the worker started afterwards delivers it.
        [third] = await _enqueue(url, hook, 1)
        worker = subprocess.run(  # noqa: ASYNC221 (the worker is a separate process on purpose)
            [BIN / "credit-platform", "worker", "--once"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert worker.returncode == 0, worker.stderr
        assert receiver.processed == [first, second, third]
        assert receiver.bad_signatures == 0
    finally:
        if receiver.server is not None:
            with contextlib.suppress(OSError):
                receiver.stop()


def test_a_wrong_key_or_body_does_not_verify(platform: tuple[str, dict[str, str]]) -> None:
    from api.webhooks.signing import sign_body

    stranger = ECKey.generate_key("P-256", {"kid": "stranger"})
    signature = sign_body(b"{}", stranger, event_id="e", timestamp=1)
    for key in published_keys(platform[0]).values():
        assert verify_body(signature, b"{}", key) is None
    assert verify_body(signature, b"{}", stranger) is not None
    assert verify_body(signature, b"{ }", stranger) is None
