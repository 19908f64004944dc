"""Two workers share the failure counters through Redis: guessing stops across the workers.

`credit-platform serve --workers 2` with `REDIS_URL` set and a key prefix of the test's own.
Wrong secrets sent on fresh connections reach both workers (the access log shows it); once
their total reaches the client's maximum, the right secret gets 429 from both workers. With
counters in each worker's memory the right secret would still pass, as neither worker alone
would have seen the maximum.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port
from tests.e2e.test_workers import CLI, cli

pytestmark = pytest.mark.e2e
REDIS = "redis://127.0.0.1:6379/0"
PER_CLIENT = 20


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], Path]]:
    """`serve --workers 2` on SQLite, counters in Redis under a fresh prefix (deleted after)."""
    root = tmp_path_factory.mktemp("throttle-workers")
    prefix = f"test-e2e-throttle-{uuid.uuid4().hex}"
    port = free_port()
    env = {
        **os.environ,
        "CREDIT_DATA_DIR": str(root / "data"),
        "CREDIT_LOG_JSON": "true",
        "CREDIT_LOG_LEVEL": "INFO",
        "REDIS_URL": REDIS,
        "CREDIT_OAUTH_THROTTLE_KEY_PREFIX": prefix,
        "CREDIT_OAUTH_MAX_FAILURES_PER_CLIENT": str(PER_CLIENT),
        "CREDIT_OAUTH_MAX_FAILURES_PER_ADDRESS": "1000",
    }
    env.pop("DATABASE_URL", None)
    cli(env, "migrate")
    log = root / "server.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [CLI, "serve", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, process, log, 90)
        yield base, env, log
    finally:
        process.terminate()
        process.wait(timeout=30)
        with redis.Redis.from_url(REDIS) as connection:
            for key in connection.scan_iter(f"{prefix}*"):
                connection.delete(key)


def token(base: str, client_id: str, secret: str) -> httpx.Response:
    """A token request on a connection of its own (so either worker may take it)."""
    with httpx.Client(base_url=base, timeout=10) as client:
        return client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
            headers={"connection": "close"},
        )


def token_pids(log: Path, status: int) -> set[int]:
    """The workers that answered POST /oauth/token with ``status``."""
    pids = set()
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if (
                entry.get("logger") == "api.access"
                and entry.get("path") == "/oauth/token"
                and entry.get("status") == status
            ):
                pids.add(int(entry["pid"]))
    return pids


def test_guessing_stops_across_both_workers(
    server: tuple[str, dict[str, str], Path],
) -> None:
    """Failures counted by either worker add up; then both refuse even the right secret."""
    base, env, log = server
    credentials = json.loads(
        cli(env, "partners", "create", "--type", "bank", "--name", "Guessed Bank", "--json")
    )
    client_id, secret = credentials["client_id"], credentials["client_secret"]
    assert token(base, client_id, secret).status_code == 200
    for attempt in range(PER_CLIENT):
        assert token(base, client_id, f"wrong{attempt}").status_code == 401
    answers = [token(base, client_id, secret) for _ in range(16)]
    assert [answer.status_code for answer in answers] == [429] * 16, answers[0].text
    assert all(answer.json()["error"] == "slow_down" for answer in answers)
    assert all(int(answer.headers["retry-after"]) >= 1 for answer in answers)
    # The kernel may hand few connections to one worker; what proves the counters are shared
    # is a worker refusing (429) after failures that the other worker counted.
    failed, refused = token_pids(log, 401), token_pids(log, 429)
    assert len(failed | refused) == 2, "one worker answered every request"
    assert len(failed) == 2 or refused - failed, "no worker refused on failures it did not see"
