"""Failed client authentications are limited per client id and per address; refusals look alike.

Every test runs with the counters in memory and in the Redis at 127.0.0.1:6379 (each test
under a key prefix of its own, removed afterwards), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import redis
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.auth.scopes import PartnerType
from api.db.engine import create_engine, session_factory
from api.http.app import create_app
from api.settings import Settings
from tests.auth.helpers import create_partner_client
from tests.conftest import TEST_MASTER_KEY, example_hosts
from tests.observability.test_metrics import delta, scrape

GRANT = {"grant_type": "client_credentials"}
REDIS = "redis://127.0.0.1:6379/0"
PER_CLIENT = 3
PER_ADDRESS = 5


@pytest.fixture(params=["memory", "redis"])
def storage(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The counters' settings: in memory, or in Redis under a fresh prefix (deleted after)."""
    if request.param == "memory":
        yield {"redis_url": ""}
        return
    prefix = f"test-throttle-{uuid.uuid4().hex}"
    yield {"redis_url": REDIS, "oauth_throttle_key_prefix": prefix}
    with redis.Redis.from_url(REDIS) as connection:
        for key in connection.scan_iter(f"{prefix}*"):
            connection.delete(key)


@pytest.fixture
def settings(settings: Settings, storage: dict[str, str]) -> Settings:
    """Small limits (3 per client, 5 per address) over the chosen storage."""
    return settings.model_copy(
        update={
            "oauth_max_failures_per_client": PER_CLIENT,
            "oauth_max_failures_per_address": PER_ADDRESS,
            **storage,
        }
    )


@pytest.fixture
def app(
    settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> Starlette:
    """The ASGI app in the test's transaction (what the ``client`` fixture wraps)."""
    return create_app(settings, engine=engine, sessions=sessions, resolve_host=example_hosts)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A client at 127.0.0.1."""
    async with from_address(app, "127.0.0.1") as client:
        yield client


def from_address(app: Starlette, address: str) -> httpx.AsyncClient:
    """A client whose requests come from ``address``."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def token(client: httpx.AsyncClient, client_id: str, secret: str) -> httpx.Response:
    """A client-credentials token request with HTTP Basic authentication."""
    return await client.post("/oauth/token", data=GRANT, auth=(client_id, secret))


def assert_throttled(response: httpx.Response, window: int = 900) -> None:
    """429, ``Retry-After`` within the window, ``slow_down``, never cached."""
    assert response.status_code == 429, response.text
    assert 1 <= int(response.headers["retry-after"]) <= window
    body = response.json()
    assert body["error"] == "slow_down"
    assert "too many failed client authentications" in body["error_description"]
    assert response.headers["cache-control"] == "no-store"


async def test_guessing_stops_even_when_the_guess_is_right(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """After the client's maximum of wrong secrets, the right one gets 429 too."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    other_id, other_secret = await create_partner_client(session, PartnerType.BANK)
    for _ in range(PER_CLIENT):
        assert (await token(client, client_id, "wrong")).status_code == 401
    assert_throttled(await token(client, client_id, secret))
    assert_throttled(await token(client, client_id, "wrong"))
    assert (await token(client, other_id, other_secret)).status_code == 200


async def test_an_unknown_client_id_is_counted_like_a_known_one(
    client: httpx.AsyncClient,
) -> None:
    """Guessing under a client id that does not exist is throttled the same way."""
    for _ in range(PER_CLIENT):
        assert (await token(client, "cp_nobody", "guess")).status_code == 401
    assert_throttled(await token(client, "cp_nobody", "guess"))


async def test_failures_are_limited_per_address(app: Starlette, session: AsyncSession) -> None:
    """Wrong secrets for many client ids from one address stop that address, not another."""
    client_id, secret = await create_partner_client(session, PartnerType.HOSPITAL)
    async with (
        from_address(app, "203.0.113.7") as attacker,
        from_address(app, "198.51.100.20") as partner,
    ):
        for number in range(PER_ADDRESS):
            assert (await token(attacker, f"cp_guess{number}", "x")).status_code == 401
        assert_throttled(await token(attacker, client_id, secret))
        assert (await token(partner, client_id, secret)).status_code == 200


async def test_a_success_resets_neither_count(app: Starlette, session: AsyncSession) -> None:
    """Failures before a success still count for the client id and for the address."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    async with from_address(app, "192.0.2.1") as client:
        for _ in range(PER_CLIENT - 1):
            assert (await token(client, client_id, "wrong")).status_code == 401
        assert (await token(client, client_id, secret)).status_code == 200
        assert (await token(client, client_id, "wrong")).status_code == 401
        assert_throttled(await token(client, client_id, secret))
    async with from_address(app, "192.0.2.2") as client:
        for number in range(PER_ADDRESS - 1):
            assert (await token(client, f"cp_other{number}", "x")).status_code == 401
        other_id, other_secret = await create_partner_client(session, PartnerType.BANK)
        assert (await token(client, other_id, other_secret)).status_code == 200
        assert (await token(client, "cp_last", "x")).status_code == 401
        assert_throttled(await token(client, other_id, other_secret))


async def test_introspection_and_revocation_failures_count(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Both endpoints authenticate clients: their failures count, and they answer 429 too."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    for path in ("/oauth/introspect", "/oauth/revoke", "/oauth/introspect"):
        refused = await client.post(path, data={"token": "t"}, auth=(client_id, "wrong"))
        assert refused.status_code == 401, refused.text
    assert_throttled(await token(client, client_id, secret))
    for path in ("/oauth/introspect", "/oauth/revoke"):
        assert_throttled(await client.post(path, data={"token": "t"}, auth=(client_id, secret)))


async def test_guesses_sent_at_once_get_no_more_tries(
    scratch_url: str, tmp_path: Path, storage: dict[str, str]
) -> None:
    """Twenty guesses in parallel: only the client's maximum is checked, the rest get 429.

    Parallel requests need connections of their own, so this app has its own engine on a
    scratch database (the other tests share one connection, rolled back).
    """
    settings = Settings(
        DATABASE_URL=scratch_url,
        data_dir=tmp_path,
        secret_key=TEST_MASTER_KEY,
        oauth_max_failures_per_client=PER_CLIENT,
        oauth_max_failures_per_address=PER_ADDRESS * 10,
    ).model_copy(update=storage)
    engine = create_engine(scratch_url, pool_size=10, max_overflow=10)
    try:
        async with session_factory(engine)() as session:
            client_id, secret = await create_partner_client(session, PartnerType.BANK)
        app = create_app(settings, engine=engine, resolve_host=example_hosts)
        async with from_address(app, "127.0.0.1") as client:
            guesses = [token(client, client_id, f"guess{n}") for n in range(19)]
            answers = await asyncio.gather(*guesses, token(client, client_id, secret))
    finally:
        await engine.dispose()
    codes = [answer.status_code for answer in answers]
    assert sorted(codes) == [401] * PER_CLIENT + [429] * (20 - PER_CLIENT), codes


async def test_the_window_moves_on(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    """Once the failures age out of the window the right secret works again."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    short = settings.model_copy(update={"oauth_failure_window_seconds": 2})
    app = create_app(short, engine=engine, sessions=sessions, resolve_host=example_hosts)
    async with from_address(app, "192.0.2.9") as client:
        for _ in range(PER_CLIENT):
            assert (await token(client, client_id, "wrong")).status_code == 401
        refused = await token(client, client_id, secret)
        assert_throttled(refused, window=2)
        await asyncio.sleep(int(refused.headers["retry-after"]) + 0.2)
        assert (await token(client, client_id, secret)).status_code == 200


async def test_a_throttled_request_is_counted(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """/metrics counts a 429 at the token endpoint with the reason ``throttled``."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    before = await scrape(client)
    for _ in range(PER_CLIENT):
        await token(client, client_id, "wrong")
    assert_throttled(await token(client, client_id, secret))
    after = await scrape(client)
    refusals = "credit_oauth_token_refusals_total"
    assert delta(before, after, refusals, reason="invalid_client") == PER_CLIENT
    assert delta(before, after, refusals, reason="throttled") == 1


async def test_without_redis_the_counters_are_the_workers_own(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    """A configured Redis that does not answer: tokens are still issued, and guessing is still
    stopped, by counters in the worker's memory (never an unthrottled secret check)."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    dead = settings.model_copy(
        update={"redis_url": "redis://127.0.0.1:9/0", "oauth_max_failures_per_client": 3}
    )
    before = fallback_count("oauth", "local"), fallback_count("oauth", "throttled")
    app = create_app(dead, engine=engine, sessions=sessions, resolve_host=example_hosts)
    async with from_address(app, "127.0.0.1") as client:
        assert (await token(client, client_id, secret)).status_code == 200
        for attempt in range(3):
            assert (await token(client, client_id, f"wrong-{attempt}")).status_code == 401
        refused = await token(client, client_id, secret)
    assert refused.status_code == 429, refused.text
    assert refused.json()["error"] == "slow_down"
    assert fallback_count("oauth", "local") - before[0] == 4
    assert fallback_count("oauth", "throttled") - before[1] == 1
    assert REGISTRY.get_sample_value("credit_rate_limit_store_up", {"limiter": "oauth"}) == 0


def fallback_count(limiter: str, outcome: str) -> float:
    """How many decisions ``limiter`` took without its store with ``outcome`` (this process)."""
    found = REGISTRY.get_sample_value(
        "credit_rate_limit_fallback_total", {"limiter": limiter, "outcome": outcome}
    )
    return found or 0.0


def headers(response: httpx.Response) -> dict[str, str]:
    """The response's headers but the request id (which differs on purpose)."""
    return {name: value for name, value in response.headers.items() if name != "x-request-id"}


@pytest.mark.parametrize("method", ["basic", "post"])
async def test_an_unknown_client_and_a_wrong_secret_are_answered_alike(
    client: httpx.AsyncClient, session: AsyncSession, method: str
) -> None:
    """Same status, same body, same headers, whether the client id exists or not."""
    client_id, _secret = await create_partner_client(session, PartnerType.BANK)

    async def attempt(who: str) -> httpx.Response:
        """One wrong secret for ``who``."""
        if method == "basic":
            return await token(client, who, "wrong-secret")
        form = {**GRANT, "client_id": who, "client_secret": "wrong-secret"}
        return await client.post("/oauth/token", data=form)

    known, unknown = await attempt(client_id), await attempt("cp_" + "x" * 16)
    assert known.status_code == unknown.status_code == 401
    assert known.json() == unknown.json()
    assert known.json()["error"] == "invalid_client"
    assert headers(known) == headers(unknown)


@pytest.fixture
def roomy(settings: Settings) -> Settings:
    """Limits no timing test reaches."""
    return settings.model_copy(
        update={"oauth_max_failures_per_client": 1000, "oauth_max_failures_per_address": 1000}
    )


async def test_an_unknown_client_takes_as_long_as_a_wrong_secret(
    roomy: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    """Medians of 15 refusals each, unknown client id and wrong secret, within 30 %."""
    client_id, _secret = await create_partner_client(session, PartnerType.BANK)
    app = create_app(roomy, engine=engine, sessions=sessions, resolve_host=example_hosts)

    async def seconds(caller: httpx.AsyncClient, who: str) -> float:
        """How long one refusal of a wrong secret for ``who`` takes."""
        started = time.perf_counter()
        response = await token(caller, who, "not-the-secret")
        elapsed = time.perf_counter() - started
        assert response.status_code == 401
        return elapsed

    async with from_address(app, "127.0.0.1") as caller:
        await seconds(caller, client_id)
        await seconds(caller, "cp_warmup")
        known: list[float] = []
        unknown: list[float] = []
        for number in range(15):
            known.append(await seconds(caller, client_id))
            unknown.append(await seconds(caller, f"cp_unknown{number}"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 1 / 1.3 <= ratio <= 1.3, (statistics.median(known), statistics.median(unknown))
