"""``credit-platform serve`` on SIGTERM: the request in flight completes, then the process exits.

A personal read is held in flight (its audit row waits on a lock the test holds), the server
gets SIGTERM, new connections are not served (refused with one worker; with two, uvicorn's
supervisor keeps the listening socket open until its workers are gone, so they wait in the
backlog and are reset), the lock is released: the read answers 200 with its data and its
audit row, and the server exits 0 (``serve`` runs uvicorn through
``api.cli.serving.serve_draining``; plain uvicorn would end by re-raising SIGTERM).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.scopes import PartnerType
from api.domain.consent.model import Purpose
from tests.conftest import TEST_MASTER_KEY
from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port
from tests.faults.conftest import Knife
from tests.faults.test_db_faults import ELIGIBILITY, post, scene

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Server:
    """A server process the test started, its address, log and the status it should exit with."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path
    workers: int
    exit_status: int


@pytest.fixture(
    params=[1, 2],
    ids=["serve-one-worker", "serve-two-workers"],
)
def server(request: pytest.FixtureRequest, pg_url: str, tmp_path: Path) -> Iterator[Server]:
    """The API served on the scratch database; stopped after the test if still up."""
    workers = request.param
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "DATABASE_URL": pg_url,
        "CREDIT_DATA_DIR": str(tmp_path),
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_TRUSTED_ONLY_TYPES": "",
        "CREDIT_PORT": str(port),
    }
    args = [str(BIN / "credit-platform"), "serve", "--workers", str(workers)]
    process = subprocess.Popen(
        args,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, process, log, 120)
        yield Server(base, process, log, workers, 0)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


async def new_connection_fate(base: str, seconds: float = 10) -> str:
    """What becomes of a new connection once the server drains: ``refused`` or ``unserved``
    (accepted by the kernel into the backlog and never answered); ``served`` if one still is
    after ``seconds``."""
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=1) as fresh:
        while time.monotonic() < deadline:
            try:
                await fresh.get("/healthz", headers={"connection": "close"})
            except httpx.ConnectError:
                return "refused"
            except httpx.TimeoutException:
                return "unserved"
            except (httpx.RemoteProtocolError, httpx.ReadError):
                pass  # accepted as the listener closed, then closed unanswered: look again
            await asyncio.sleep(0.1)
    return "served"


async def test_sigterm_drains_the_request_in_flight_and_exits_zero(
    server: Server, seed_engine: AsyncEngine, knife: Knife
) -> None:
    base, process, log = server.base, server.process, server.log
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        code, token = await scene(
            seed_engine, client, PartnerType.HOSPITAL, Purpose.PAY_AFTER_TREATMENT
        )
        transaction = knife.locker.transaction()
        await transaction.start()
        try:
            await knife.locker.execute("LOCK TABLE audit_log IN SHARE MODE")
            in_flight = asyncio.ensure_future(post(client, ELIGIBILITY, {"code": code}, token))
            await knife.waiting_backend()
            process.send_signal(signal.SIGTERM)
            fate = await new_connection_fate(base)
            assert fate == ("refused" if server.workers == 1 else "unserved"), log.read_text()
            assert not in_flight.done()
        finally:
            await transaction.rollback()
        response = await asyncio.wait_for(in_flight, 30)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["payAfterTreatmentEligibility"]["eligible"] is True
    assert await asyncio.to_thread(process.wait, 30) == server.exit_status, log.read_text()
    assert (
        await knife.count(
            "SELECT count(*) FROM audit_log WHERE request_id = $1",
            response.headers["x-request-id"],
        )
        == 1
    )
