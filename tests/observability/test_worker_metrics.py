"""`credit-platform worker --metrics-port`: the webhook worker serves its own metrics."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.test_demo_server import free_port

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).parent / "credit-platform")


def test_the_worker_serves_its_delivery_metrics(tmp_path: Path) -> None:
    """A running worker answers on loopback with its delivery counter's family."""
    env = {**os.environ, "CREDIT_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    subprocess.run([CLI, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    worker = subprocess.Popen(
        [CLI, "worker", "--interval", "0.2", "--metrics-port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert worker.poll() is None, "the worker exited"
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "no metrics from the worker in 60 s"
                time.sleep(0.3)
        assert answer.status_code == 200
        names = {family.name for family in text_string_to_metric_families(answer.text)}
        assert "credit_webhook_deliveries" in names, sorted(names)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
