"""End to end: `credit-platform demo` migrates, seeds and serves through uvicorn on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import create_scratch_database, drop_scratch_database, postgres_url

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).parent / "credit-platform")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["sqlite", "postgresql"])
async def demo_env(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    """Environment for a demo server on a fresh database of one backend."""
    env = {
        **os.environ,
        "CREDIT_DATA_DIR": str(tmp_path / "var"),
        "CREDIT_LOG_JSON": "true",
        "CREDIT_LOG_LEVEL": "INFO",
    }
    env.pop("DATABASE_URL", None)
    if request.param == "sqlite":
        yield env
        return
    admin = postgres_url()
    url = await create_scratch_database(admin)
    env["DATABASE_URL"] = url
    yield env
    await drop_scratch_database(admin, url)


async def test_demo_command_serves_a_seeded_platform(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    log = (tmp_path / "demo.log").open("w+")
    process = subprocess.Popen(  # noqa: ASYNC220 (started once; the test then awaits HTTP)
        [CLI, "demo", "--port", str(port)],
        env=demo_env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=5) as client:
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, f"demo exited: {(tmp_path / 'demo.log').read_text()}"
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "demo did not become ready in 120 s"
                await asyncio.sleep(0.5)
            assert process.stdout is not None
            banner = ""
            while '"u":"' not in banner:
                line = process.stdout.readline()
                assert line, f"demo stopped printing: {banner}"
                banner += line
            assert f"{base}/graphql" in banner
            match = re.search(r'"u":"([0-9A-Z]{18})"', banner)
            assert match, banner
            query = (
                "query($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) { name "
                "creditRecords(first: 3) { nodes { category department { name } } } } "
                "enterprises(first: 5) { nodes { uscc } pageInfo { hasNextPage } } }"
            )
            bank = re.search(r"-u '([^:']+):([^']+)'", banner)
            assert bank, banner
            assert all(t in banner for t in ("bank", "hospital", "credit_office", "citizen_app"))
            token = await client.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(bank.group(1), bank.group(2)),
            )
            assert token.status_code == 200, token.text
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": {"u": match.group(1)}},
                headers={"authorization": f"Bearer {token.json()['access_token']}"},
            )
            assert response.status_code == 200
            body = response.json()
            assert "errors" not in body, body
            assert len(body["data"]["enterprise"]["creditRecords"]["nodes"]) == 3
            assert len(body["data"]["enterprises"]["nodes"]) == 5
            assert body["data"]["enterprises"]["pageInfo"]["hasNextPage"] is True
            while "Codes last an hour" not in banner:
                line = process.stdout.readline()
                assert line, f"demo stopped printing: {banner}"
                banner += line
            candidates = _run_lines(
                banner, "  Try (as the bank):", "  Then the bank's green-loan candidates"
            )["data"]["loanCandidates"]
            assert candidates["errors"] == [], candidates
            ranked = candidates["candidates"]["nodes"]
            assert ranked, "the demo's green loan matches no enterprise"
            assert all(check["met"] for check in ranked[0]["checks"])
            for story, field in (
                ("hospital", "payAfterTreatmentEligibility"),
                ("mobility operator", "mobilityDiscountEligibility"),
            ):
                answer = _run_printed_example(banner, story)
                assert answer["data"][field]["eligible"] is True, answer
                assert answer["data"][field]["colour"] in ("BLUE", "GREEN"), answer
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
    lines = (tmp_path / "demo.log").read_text().splitlines()
    assert any('"logger":"api.access"' in line and '"path":"/graphql"' in line for line in lines)
    assert match.group(1) not in "\n".join(lines), "an identifier reached the logs"
    assert bank.group(2) not in "\n".join(lines), "a client secret reached the logs"


def _run_lines(
    banner: str, token_after: str, query_after: str, query_offset: int = 1
) -> dict[str, Any]:
    """Run the shell line printed after one heading (a token) and a later one (the query)."""
    lines = banner.splitlines()
    token = next(i for i, line in enumerate(lines) if line.startswith(token_after)) + 1
    query = next(i for i, line in enumerate(lines) if line.startswith(query_after)) + query_offset
    script = f"{lines[token].strip()}\n{lines[query].strip()}"
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def _run_printed_example(banner: str, story: str) -> dict[str, Any]:
    """Run the two shell lines the demo printed under "Try (as the <story>": token, then query."""
    heading = f"  Try (as the {story}:"
    return _run_lines(banner, heading, heading, query_offset=2)


def test_seed_refuses_an_unknown_profile(tmp_path: Path) -> None:
    env = {**os.environ, "CREDIT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [CLI, "seed", "--profile", "town"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "unknown profile" in result.stderr
