"""End to end through uvicorn on 127.0.0.1: a CLI-made client gets a token and calls /graphql."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.db import migrate
from api.db.engine import create_engine
from tests.conftest import TEST_MASTER_KEY

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture
def server_env(tmp_path: Path) -> dict[str, str]:
    """The environment of the server and the CLI: a fresh, migrated scratch SQLite file."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}"
    asyncio.run(_migrate(url))
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
        "CREDIT_DATA_DIR": str(tmp_path / "var"),
        "CREDIT_LOG_LEVEL": "DEBUG",
    }


@pytest.fixture
def server(server_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """The real server under uvicorn; its base URL."""
    port = free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(BIN / "python"),
                "-m",
                "uvicorn",
                "--factory",
                "api.http.app:create_app_from_env",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"server exited: {log_path.read_text()}"
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_cli_client_gets_a_token_and_queries_graphql(
    server: str, server_env: dict[str, str], tmp_path: Path
) -> None:
    created = subprocess.run(
        [
            str(BIN / "credit-platform"),
            "partners",
            "create",
            "--type",
            "bank",
            "--name",
            "X",
            "--json",
        ],
        env=server_env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    credentials = json.loads(created.stdout)
    with httpx.Client(base_url=server, timeout=10) as client:
        issued = client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(credentials["client_id"], credentials["client_secret"]),
        )
        assert issued.status_code == 200, issued.text
        assert issued.headers["cache-control"] == "no-store"
        token = issued.json()["access_token"]

        query = {"query": "{ __typename }"}
        answer = client.post("/graphql", json=query, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"] == {"__typename": "Query"}
        refused = client.post("/graphql", json=query, headers={"Authorization": "Bearer x.y.z"})
        assert refused.status_code == 401
        assert 'error="invalid_token"' in refused.headers["www-authenticate"]

        jwks = client.get("/.well-known/jwks.json").json()
        assert jwks["keys"]
        assert all("d" not in key for key in jwks["keys"])
        metadata = client.get("/.well-known/oauth-authorization-server").json()
        assert metadata["grant_types_supported"] == ["client_credentials"]

    server_log = (tmp_path / "server.log").read_text()
    assert "access token issued" in server_log
    assert credentials["client_secret"] not in server_log
    assert token not in server_log
