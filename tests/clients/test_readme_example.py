"""The README's examples run as written against `credit-platform demo` served by uvicorn."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.clients.support import CLIENTS
from tests.e2e import test_demo_server

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).parent / "credit-platform")
# The demo's fixture (a fresh SQLite database, or a scratch PostgreSQL one with TEST_DATABASE_URL).
demo_env = test_demo_server.demo_env


def _examples() -> list[str]:
    """The fenced blocks of clients/README.md marked ```python example."""
    readme = (CLIENTS / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python example\n(.*?)^```", readme, flags=re.DOTALL | re.MULTILINE)


def test_the_readme_has_an_example() -> None:
    """The marker is there (a renamed marker would silently skip the run below)."""
    assert _examples()


async def test_readme_examples_run_against_the_demo(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    """Start the demo, read the bank's credentials from its banner, run each example."""
    port = test_demo_server.free_port()
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
        async with httpx.AsyncClient(base_url=base, timeout=5) as http:
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, (tmp_path / "demo.log").read_text()
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "demo did not become ready in 120 s"
                await asyncio.sleep(0.5)
        assert process.stdout is not None
        banner = ""
        while "Try (as the bank)" not in banner:
            line = process.stdout.readline()
            assert line, f"demo stopped printing: {banner}"
            banner += line
        bank = re.search(r"^\s+bank\s+(\S+)\s+(\S+)\s*$", banner, re.MULTILINE)
        assert bank, banner
        env = {
            **os.environ,
            "PYTHONPATH": str(CLIENTS),
            "CREDIT_API_URL": base,
            "CREDIT_CLIENT_ID": bank.group(1),
            "CREDIT_CLIENT_SECRET": bank.group(2),
        }
        for number, example in enumerate(_examples()):
            script = tmp_path / f"example_{number}.py"
            script.write_text(example, encoding="utf-8")
            done = await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-W", "error", str(script)],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            assert done.stderr == ""
            assert "refused: ['FORBIDDEN'] needs ['household:read']" in done.stdout
            assert len(done.stdout.splitlines()) >= 3, done.stdout
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
