"""Two workers draw from one bucket per partner in Redis, and their usage counts add up.

`credit-platform serve --workers 2` with `REDIS_URL` set, a key prefix of the test's own and a
60-point bucket for banks restored over a minute. A bank spends it in 3-point queries on fresh
connections, which the kernel hands to both workers (the access log shows which answered):
exactly 20 are served, not 20 per worker, and the rest get 429, `Retry-After` and
`THROTTLED`. Both workers flush what they counted; the credit office reads the bank's day.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from api.domain.clock import city_today
from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port
from tests.e2e.test_workers import CLI, cli

pytestmark = pytest.mark.e2e
REDIS = "redis://127.0.0.1:6379/0"
BUCKET = 60
QUERY = {"query": "{ enterprises(first: 1) { nodes { uscc } } }"}  # costs 3
SENT = 40
FLUSH_SECONDS = 0.5


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], Path]]:
    """`serve --workers 2` on SQLite, the buckets in Redis under a fresh prefix (deleted after)."""
    root = tmp_path_factory.mktemp("quota-workers")
    prefix = f"test-e2e-quota-{uuid.uuid4().hex}"
    port = free_port()
    env = {
        **os.environ,
        "CREDIT_DATA_DIR": str(root / "data"),
        "CREDIT_LOG_JSON": "true",
        "CREDIT_LOG_LEVEL": "INFO",
        "REDIS_URL": REDIS,
        "CREDIT_QUOTA_KEY_PREFIX": prefix,
        "CREDIT_OAUTH_THROTTLE_KEY_PREFIX": f"{prefix}-oauth",
        "CREDIT_QUOTA_BUCKETS_BY_TYPE": f"bank={BUCKET}/1,credit_office=4000/200",
        "CREDIT_USAGE_FLUSH_SECONDS": str(FLUSH_SECONDS),
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


def access_token(base: str, env: dict[str, str], kind: str, name: str) -> tuple[int, str]:
    """A new partner's id and an access token for it."""
    created = json.loads(cli(env, "partners", "create", "--type", kind, "--name", name, "--json"))
    answer = httpx.post(
        f"{base}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(created["client_id"], created["client_secret"]),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return int(created["partner_id"]), str(answer.json()["access_token"])


def post(base: str, token: str, body: dict[str, Any]) -> httpx.Response:
    """One GraphQL request on a connection of its own (so either worker may take it)."""
    with httpx.Client(base_url=base, timeout=10) as client:
        return client.post(
            "/graphql",
            json=body,
            headers={"authorization": f"Bearer {token}", "connection": "close"},
        )


def graphql_pids(log: Path, status: int) -> set[int]:
    """The workers that answered POST /graphql with ``status``."""
    pids = set()
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if (
                entry.get("logger") == "api.access"
                and entry.get("path") == "/graphql"
                and entry.get("status") == status
            ):
                pids.add(int(entry["pid"]))
    return pids


def test_two_workers_share_one_bucket_and_add_up_usage(
    server: tuple[str, dict[str, str], Path],
) -> None:
    """20 of 40 three-point queries served across both workers; usage 40 / 60 / 20."""
    base, env, log = server
    bank_id, bank = access_token(base, env, "bank", "Spending Bank")
    # Eight at a time: a worker busy with one connection leaves the next to the other.
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: post(base, bank, QUERY), range(SENT)))
    statuses = [answer.status_code for answer in answers]
    assert statuses.count(200) == BUCKET // 3, statuses
    assert statuses.count(429) == SENT - BUCKET // 3, statuses
    for answer in answers:
        if answer.status_code == 429:
            assert 1 <= int(answer.headers["retry-after"]) <= BUCKET
            assert [e["extensions"]["code"] for e in answer.json()["errors"]] == ["THROTTLED"]
    served, refused = graphql_pids(log, 200), graphql_pids(log, 429)
    # Both workers served: with a bucket per worker, more than 20 would have been served.
    assert len(served) == 2, "one worker served every request"
    assert refused, "nothing was refused"

    time.sleep(FLUSH_SECONDS * 4)
    _, office = access_token(base, env, "credit_office", "Counting Office")
    today = city_today(datetime.now(UTC)).isoformat()
    usage = post(
        base,
        office,
        {
            "query": "query($d: Date!, $p: Int!) { partnerUsage(from: $d, to: $d, first: 5,"
            " partnerId: $p) { nodes { day requests cost throttled } } }",
            "variables": {"d": today, "p": bank_id},
        },
    )
    assert usage.status_code == 200, usage.text
    assert usage.json()["data"]["partnerUsage"]["nodes"] == [
        {"day": today, "requests": SENT, "cost": BUCKET, "throttled": SENT - BUCKET // 3}
    ]
