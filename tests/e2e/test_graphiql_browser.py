"""GraphiQL renders in a real browser (Debian's headless Chromium) from our own assets."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_demo_server import free_port

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


def chromium() -> str:
    """Path of Debian's chromium; required under CI, else the test is skipped."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty platform on SQLite served by uvicorn."""
    data_dir = tmp_path_factory.mktemp("graphiql")
    port = free_port()
    env = {**os.environ, "CREDIT_DATA_DIR": str(data_dir), "CREDIT_PORT": str(port)}
    env.pop("DATABASE_URL", None)
    subprocess.run([BIN / "credit-platform", "migrate"], env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [BIN / "credit-platform", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "server not ready"
        time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_graphiql_renders_without_any_outside_network(server: str, tmp_path: Path) -> None:
    result = _chromium("--dump-dom", f"{server}/graphql", profile=tmp_path / "profile")
    dom = result.stdout
    assert "graphiql-container" in dom, result.stderr[-2000:]
    assert "GreenEnterprises" in dom  # the example operation is in the editor
    assert "Loading GraphiQL" not in dom
    assert "UNAUTHENTICATED" not in dom  # the schema (introspection) loads without a token
    shot = tmp_path / "graphiql.png"
    _chromium(
        f"--screenshot={shot}",
        "--window-size=1280,800",
        f"{server}/graphql",
        profile=tmp_path / "p2",
    )
    assert shot.exists()
    assert shot.stat().st_size > 10_000
