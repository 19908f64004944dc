"""The limiters' policy with Redis down, with a real fault: a Redis the test starts and kills.

A redis-server of the test's own on a free port; the app's buckets and failure counters live
in it. Killed mid-run: an ad-hoc query gets 503 ``SERVICE_UNAVAILABLE`` with ``Retry-After``,
a trusted document is served from the worker's own bucket, a token is still issued (the
worker's own failure counters), and ``/metrics`` says so. Started again on the same port: the
next request after the retry interval uses Redis again (its keys appear there).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import redis
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.domain.clock import city_today
from api.graphql.trusted import id_of
from api.http.app import create_app
from api.settings import Settings
from tests.auth.helpers import bearer, get_token
from tests.conftest import example_hosts
from tests.e2e.test_demo_server import free_port

ENTERPRISES = "query($n: Int!) { enterprises(first: $n) { nodes { id } } }"
RETRY_SECONDS = 0.3

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server")


class RedisServer:
    """A redis-server process of the test's own, which the test stops and starts again."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._folder = folder
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it and wait until it answers PING."""
        self._process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self._folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with redis.Redis.from_url(self.url) as connection:
                    if connection.ping():
                        return
            except redis.ConnectionError:
                pass
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no goodbye to its clients."""
        assert self._process is not None
        self._process.kill()
        self._process.wait(timeout=10)
        self._process = None

    def keys(self, prefix: str) -> list[bytes]:
        """The keys under ``prefix``."""
        with redis.Redis.from_url(self.url) as connection:
            return list(connection.scan_iter(f"{prefix}*"))


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A running redis-server of this test's own, stopped at the end."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server._process is not None:  # our own class
        server.kill()


def sample(name: str, **labels: str) -> float:
    """A sample of this process's metrics (0 when not yet counted)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_redis_down_then_back(
    redis_server: RedisServer,
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    """Up: served from Redis. Killed: ad-hoc 503, trusted served, tokens issued. Back: Redis."""
    prefix = f"test-redis-down-{uuid.uuid4().hex}"
    app = create_app(
        settings.model_copy(
            update={
                "redis_url": redis_server.url,
                "quota_key_prefix": prefix,
                "oauth_throttle_key_prefix": f"{prefix}-oauth",
                "rate_limit_store_retry_seconds": RETRY_SECONDS,
                "quota_buckets_by_type": "bank=100/10",
            }
        ),
        engine=engine,
        sessions=sessions,
        resolve_host=example_hosts,
    )
    issued = await create_partner(session, partner_type=PartnerType.BANK, name="Redis Bank")
    await session.commit()
    today = city_today(datetime.now(UTC)).isoformat()
    trusted = {"documentId": id_of("MyUsage"), "variables": {"fromDay": today, "toDay": today}}
    adhoc = {"query": ENTERPRISES, "variables": {"n": 3}}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        headers = bearer(await get_token(client, issued.client_id, issued.client_secret))
        up = await client.post("/graphql", json=adhoc, headers=headers)
        assert up.status_code == 200, up.text
        assert redis_server.keys(prefix), "the bucket was not kept in Redis"
        assert sample("credit_rate_limit_store_up", limiter="query_cost") == 1

        redis_server.kill()
        refused_before = sample(
            "credit_rate_limit_fallback_total", limiter="query_cost", outcome="refused"
        )
        local_before = sample(
            "credit_rate_limit_fallback_total", limiter="query_cost", outcome="local"
        )
        down = await client.post("/graphql", json=adhoc, headers=headers)
        assert down.status_code == 503, down.text
        assert down.headers["retry-after"] == "1"
        assert [e["extensions"]["code"] for e in down.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
        assert "data" not in down.json()
        served = await client.post("/graphql", json=trusted, headers=headers)
        assert served.status_code == 200, served.text
        assert served.json()["extensions"]["cost"]["throttleStatus"] == {
            "maximumAvailable": 100,
            "currentlyAvailable": 99,  # the worker's own bucket, fresh: MyUsage costs 1
            "restoreRate": 10,
        }
        assert sample("credit_rate_limit_store_up", limiter="query_cost") == 0
        assert (
            sample("credit_rate_limit_fallback_total", limiter="query_cost", outcome="refused")
            == refused_before + 1
        )
        assert (
            sample("credit_rate_limit_fallback_total", limiter="query_cost", outcome="local")
            == local_before + 1
        )
        fresh = await client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(issued.client_id, issued.client_secret),
        )
        assert fresh.status_code == 200, fresh.text
        metrics = (await client.get("/metrics")).text
        assert 'credit_rate_limit_store_up{limiter="query_cost"} 0.0' in metrics
        assert (
            'credit_rate_limit_policy{limiter="query_cost",request="other_document",'
            'without_store="refused"} 1.0' in metrics
        )

        redis_server.start()
        await asyncio.sleep(RETRY_SECONDS)
        back = await client.post("/graphql", json=adhoc, headers=headers)
        assert back.status_code == 200, back.text
        assert redis_server.keys(prefix), "the bucket did not return to Redis"
        assert sample("credit_rate_limit_store_up", limiter="query_cost") == 1
        # The bucket in Redis starts again from what Redis holds (nothing after the restart).
        assert back.json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 95


async def test_a_redis_that_hangs_costs_at_most_the_timeout(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    """A listener that accepts and never answers: 503 after the store timeout, not a hang."""

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # read until the client gives up; answer nothing
        writer.close()

    listener = await asyncio.start_server(swallow, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    try:
        app = create_app(
            settings.model_copy(
                update={
                    "redis_url": f"redis://127.0.0.1:{port}/0",
                    "rate_limit_store_timeout_seconds": 0.3,
                }
            ),
            engine=engine,
            sessions=sessions,
            resolve_host=example_hosts,
        )
        issued = await create_partner(session, partner_type=PartnerType.BANK, name="Hung Bank")
        await session.commit()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            token = await get_token(client, issued.client_id, issued.client_secret)
            started = time.monotonic()
            response = await client.post(
                "/graphql",
                json={"query": ENTERPRISES, "variables": {"n": 1}},
                headers=bearer(token),
            )
            took = time.monotonic() - started
        assert response.status_code == 503, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert took < 2.0, f"the request waited {took:.1f} s for a silent Redis"
    finally:
        listener.close()
        await listener.wait_closed()
