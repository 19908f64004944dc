"""`credit-platform serve --workers 2`: two uvicorn processes that behave as one server.

A revoked token, a disabled partner and a rotated signing key reach every worker within the
documented refresh interval (`CREDIT_OAUTH_REFRESH_SECONDS`, 1 s here): each check sends many
requests on fresh connections, and the access log shows that both workers answered.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).parent / "credit-platform")
REFRESH_SECONDS = 1.0
#: Generous against a busy machine: the refresh interval plus a reload's own time.
SETTLE_SECONDS = REFRESH_SECONDS + 2.0
QUERY = {"query": "{ enterprises(first: 1) { nodes { uscc } } }"}
ROUNDS = 24


@dataclass(frozen=True)
class Server:
    """Two workers serving one data folder."""

    base: str
    env: dict[str, str]
    log: Path


def cli(env: dict[str, str], *args: str) -> str:
    """Run the command line against the server's database; its standard output."""
    done = subprocess.run(
        [CLI, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`serve --workers 2` on a migrated SQLite database."""
    root = tmp_path_factory.mktemp("workers")
    port = free_port()
    env = {
        **os.environ,
        "CREDIT_DATA_DIR": str(root / "data"),
        "CREDIT_OAUTH_REFRESH_SECONDS": str(REFRESH_SECONDS),
        "CREDIT_LOG_JSON": "true",
        "CREDIT_LOG_LEVEL": "INFO",
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
        yield Server(base, env, log)
    finally:
        process.terminate()
        process.wait(timeout=30)


def partner(server: Server, name: str) -> dict[str, Any]:
    """A new bank partner's credentials."""
    created: dict[str, Any] = json.loads(
        cli(server.env, "partners", "create", "--type", "bank", "--name", name, "--json")
    )
    return created


def token(server: Server, credentials: dict[str, Any]) -> httpx.Response:
    """A client-credentials token request."""
    return httpx.post(
        f"{server.base}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["client_id"], credentials["client_secret"]),
        timeout=10,
    )


def statuses(server: Server, access_token: str) -> list[int]:
    """The status of ROUNDS GraphQL requests, each on a connection of its own."""
    found = []
    for _ in range(ROUNDS):
        with httpx.Client(base_url=server.base, timeout=10) as client:
            response = client.post(
                "/graphql",
                json=QUERY,
                headers={"authorization": f"Bearer {access_token}", "connection": "close"},
            )
        if response.status_code == 200:
            assert "errors" not in response.json(), response.text
        found.append(response.status_code)
    return found


def kid_of(access_token: str) -> str:
    """The ``kid`` in a JWT's protected header."""
    header = access_token.split(".")[0]
    decoded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))
    )
    return str(decoded["kid"])


def serving_pids(server: Server) -> set[int]:
    """The processes that logged a GraphQL request."""
    pids = set()
    for line in server.log.read_text().splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("logger") == "api.access" and entry.get("path") == "/graphql":
                pids.add(int(entry["pid"]))
    return pids


def test_the_issuer_is_the_address_served(server: Server) -> None:
    """`serve --port` names the address it serves as the token issuer, on every worker."""
    for _ in range(6):
        with httpx.Client(timeout=10) as client:
            metadata = client.get(f"{server.base}/.well-known/oauth-authorization-server")
        assert metadata.json()["issuer"] == server.base


def test_a_revoked_token_is_refused_by_every_worker(server: Server) -> None:
    """Accepted everywhere, revoked once, then refused everywhere within the refresh."""
    credentials = partner(server, "Revoking Bank")
    access = token(server, credentials).json()["access_token"]
    assert statuses(server, access) == [200] * ROUNDS
    revoked = httpx.post(
        f"{server.base}/oauth/revoke",
        data={"token": access},
        auth=(credentials["client_id"], credentials["client_secret"]),
        timeout=10,
    )
    assert revoked.status_code == 200, revoked.text
    time.sleep(SETTLE_SECONDS)
    assert statuses(server, access) == [401] * ROUNDS
    assert len(serving_pids(server)) == 2, "one worker served every request"


def test_a_disabled_partner_is_refused_by_every_worker(server: Server) -> None:
    """Disabling a partner stops its live tokens and its token requests on both workers."""
    credentials = partner(server, "Disabled Bank")
    access = token(server, credentials).json()["access_token"]
    assert statuses(server, access) == [200] * ROUNDS
    cli(server.env, "partners", "disable", str(credentials["partner_id"]))
    time.sleep(SETTLE_SECONDS)
    assert statuses(server, access) == [401] * ROUNDS
    assert all(token(server, credentials).status_code in (400, 401) for _ in range(6))


def test_a_rotated_key_signs_and_verifies_on_every_worker(server: Server) -> None:
    """After `keys rotate`, tokens from the new key are accepted by both workers."""
    credentials = partner(server, "Rotating Bank")
    before = token(server, credentials).json()["access_token"]
    rotated = json.loads(cli(server.env, "keys", "rotate", "--activate-in", "0", "--json"))
    time.sleep(SETTLE_SECONDS)
    kids = set()
    for _ in range(ROUNDS // 2):
        fresh = token(server, credentials)
        assert fresh.status_code == 200, fresh.text
        kids.add(kid_of(fresh.json()["access_token"]))
    assert kids == {rotated["kid"]}, "a worker still signs with the old key"
    after = fresh.json()["access_token"]
    assert kid_of(before) != rotated["kid"]
    assert statuses(server, after) == [200] * ROUNDS
    assert statuses(server, before) == [200] * ROUNDS, "the old key's tokens must stay valid"
