"""Waiting for a server the tests started: one loop instead of a copy per test module."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx


def wait_until_ready(
    base: str, process: subprocess.Popen[bytes] | subprocess.Popen[str], log: Path, seconds: float
) -> None:
    """Poll ``base``/readyz until 200; fail with the server's log if it exits or stalls."""
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, f"the server exited: {log.read_text()}"
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"{base} was not ready in {seconds:.0f} s"
        time.sleep(0.3)
