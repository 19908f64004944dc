"""End to end with what partners install: the Python client against uvicorn on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from credit_platform_client import (
    AuthenticationError,
    CreditPlatformClient,
    CreditPlatformError,
    ForbiddenError,
)
from credit_platform_client import operations as ops

from tests.e2e.test_demo_server import free_port

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A seeded platform on SQLite served by uvicorn, with 2-second access tokens."""
    data_dir = tmp_path_factory.mktemp("client-e2e")
    port = free_port()
    env = {
        **os.environ,
        "CREDIT_DATA_DIR": str(data_dir),
        "CREDIT_PORT": str(port),
        "CREDIT_OAUTH_TOKEN_LIFETIME_SECONDS": "2",
        "CREDIT_OAUTH_CLOCK_LEEWAY_SECONDS": "0",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [BIN / "credit-platform", "seed", "--profile", "demo"],
        env=env,
        check=True,
        capture_output=True,
    )
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


def _credentials(env: dict[str, str], partner_type: str) -> tuple[str, str]:
    """A new partner client of this type, made with the CLI: (client_id, client_secret)."""
    result = subprocess.run(
        [
            BIN / "credit-platform",
            "partners",
            "create",
            "--type",
            partner_type,
            "--name",
            f"E2E {partner_type}",
            "--json",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    issued = json.loads(result.stdout)
    return issued["client_id"], issued["client_secret"]


async def test_bank_runs_its_operations_and_renews_its_token(
    server: tuple[str, dict[str, str]],
) -> None:
    """Typed operations as a bank; an expired token is replaced by the client itself."""
    base, env = server
    client_id, secret = _credentials(env, "bank")
    async with CreditPlatformClient(base, client_id, secret) as bank:
        page = await ops.green_enterprises(
            bank, first=5, filter={"greenClasses": ["CLEAN_ENERGY", "ENERGY_SAVING"]}
        )
        edges = page["enterprises"]["edges"]
        assert edges
        assert all(e["node"]["greenClass"] in {"CLEAN_ENERGY", "ENERGY_SAVING"} for e in edges)
        uscc = edges[0]["node"]["uscc"]
        first_token = bank.access_token
        await asyncio.sleep(2.5)  # the token has expired: the client must fetch a new one by itself
        profile = await ops.enterprise_credit_profile(bank, uscc=uscc)
        assert profile["enterprise"] is not None
        assert profile["enterprise"]["uscc"] == uscc
        assert bank.access_token != first_token
        found = await ops.fetch_node(bank, id=profile["enterprise"]["id"])
        assert found["node"] is not None
        assert found["node"].get("uscc") == uscc


async def test_a_scope_the_client_lacks_is_a_forbidden_error(
    server: tuple[str, dict[str, str]],
) -> None:
    """Banks do not hold household:read: ForbiddenError names the scope (a CreditPlatformError)."""
    base, env = server
    client_id, secret = _credentials(env, "bank")
    async with CreditPlatformClient(base, client_id, secret) as bank:
        with pytest.raises(ForbiddenError) as refused:
            await ops.household_credit_records(bank, village="余村", household_number="1")
    assert isinstance(refused.value, CreditPlatformError)
    assert refused.value.codes == ["FORBIDDEN"]
    assert refused.value.required_scopes == ["household:read"]
    assert refused.value.data == {"household": None}


async def test_wrong_secret_is_an_authentication_error(
    server: tuple[str, dict[str, str]],
) -> None:
    """A wrong secret: AuthenticationError invalid_client (401), never an Authlib or httpx one."""
    base, env = server
    client_id, _secret = _credentials(env, "regulator")
    with pytest.raises(AuthenticationError) as refused:
        async with CreditPlatformClient(base, client_id, "not-the-secret"):
            pass
    assert refused.value.error == "invalid_client"
    assert refused.value.status_code == 401


async def test_asking_for_a_scope_outside_the_client_is_an_authentication_error(
    server: tuple[str, dict[str, str]],
) -> None:
    """A token asked for a scope the partner type lacks: AuthenticationError invalid_scope."""
    base, env = server
    client_id, secret = _credentials(env, "bank")
    client = CreditPlatformClient(base, client_id, secret, scopes=["household:read"])
    with pytest.raises(AuthenticationError) as refused:
        await client.authenticate()
    await client.aclose()
    assert refused.value.error == "invalid_scope"
    assert refused.value.status_code == 400
