"""End to end: the GraphQL-over-HTTP audit of the ``graphql-http`` package, every audit ok.

The audit (pinned below) is installed with npm into the test's own folder and run by Node
against ``credit-platform serve`` (uvicorn on 127.0.0.1) with a bank's bearer token, on a
fresh SQLite and a fresh PostgreSQL database. Without npm the test is skipped, except under
``CI=true``, where a missing npm is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import create_scratch_database, drop_scratch_database, postgres_url
from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).parent / "credit-platform")
#: The audit package and how many audits its ``auditServer`` runs.
AUDIT_PACKAGE = "graphql-http@1.23.1"
AUDITS = 61

#: Runs every server audit with the bearer token added to each request; prints the results.
AUDIT_SCRIPT = """
import { auditServer } from 'graphql-http';

const token = process.env.AUDIT_TOKEN;
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url: process.env.AUDIT_URL, fetchFn });
const report = [];
for (const result of results) {
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') {
    entry.reason = result.reason;
    entry.httpStatus = result.response.status;
    entry.body = await result.response.text();
  }
  report.push(entry);
}
console.log(JSON.stringify(report));
"""


def _tool(name: str) -> str:
    """The path of ``name``; skipped when missing, a failure under CI=true."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {name} is missing: the GraphQL-over-HTTP audit needs it")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def audit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the pinned audit package installed by npm, and the script that runs it."""
    npm, _node = _tool("npm"), _tool("node")
    folder = tmp_path_factory.mktemp("graphql-http-audit")
    installed = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(folder),
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            AUDIT_PACKAGE,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert installed.returncode == 0, f"npm install failed:\n{installed.stderr}"
    (folder / "audit.mjs").write_text(AUDIT_SCRIPT, encoding="utf-8")
    return folder


@pytest.fixture(params=["sqlite", "postgresql"])
async def server_env(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[dict[str, str]]:
    """Environment for a server on a fresh database of one backend."""
    env = {**os.environ, "CREDIT_DATA_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    scratch = None
    if request.param == "postgresql":
        scratch = await create_scratch_database(postgres_url())
        env["DATABASE_URL"] = scratch
    yield env
    if scratch is not None:
        await drop_scratch_database(postgres_url(), scratch)


@pytest.fixture
def server(server_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """``credit-platform serve`` on a free port of 127.0.0.1, database migrated: its base URL."""
    subprocess.run([CLI, "migrate"], env=server_env, check=True, capture_output=True)
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [CLI, "serve", "--port", str(port)],
            env={**server_env, "CREDIT_PORT": str(port)},
            stdout=subprocess.DEVNULL,
            stderr=output,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(base, process, log, 60)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def _bank_token(base: str, env: dict[str, str]) -> str:
    """A new bank's access token: the partner made with the CLI, the token from /oauth/token."""
    created = subprocess.run(
        [CLI, "partners", "create", "--type", "bank", "--name", "Audit Bank", "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    issued = json.loads(created.stdout)
    response = httpx.post(
        f"{base}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(issued["client_id"], issued["client_secret"]),
        timeout=10,
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def test_the_graphql_over_http_audit_is_all_ok(
    audit_dir: Path, server: str, server_env: dict[str, str]
) -> None:
    """Every audit of graphql-http's auditServer is ok: no warning, no notice, no error."""
    token = _bank_token(server, server_env)
    ran = subprocess.run(
        [_tool("node"), str(audit_dir / "audit.mjs")],
        cwd=audit_dir,
        env={**os.environ, "AUDIT_URL": f"{server}/graphql", "AUDIT_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, f"the audit script failed:\n{ran.stderr}"
    results = json.loads(ran.stdout)
    assert len(results) == AUDITS, [r["id"] for r in results]
    failures = [
        f"{r['id']} {r['status']}: {r['name']}: {r['reason']} (HTTP {r['httpStatus']}: "
        f"{r['body'][:200]})"
        for r in results
        if r["status"] != "ok"
    ]
    assert not failures, "\n".join(failures)
