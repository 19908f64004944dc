"""Several workers: a fresh shared folder, and one scrape sums what every process counted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.observability.metrics import MULTIPROC_ENV, MULTIPROC_FOLDER, prepare_for_workers

ROOT = Path(__file__).resolve().parents[2]
COUNT = """
from api.observability.metrics import count_token_refusal, observe_graphql
observe_graphql("GreenEnterprises", "bank", "ok", 0.01)
count_token_refusal("invalid_client")
"""
RENDER = """
import sys
from prometheus_client.registry import Collector
from api.observability.metrics import render

class Nothing(Collector):
    def collect(self):
        return []

sys.stdout.write(render(Nothing()).decode())
"""


def test_prepare_for_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One worker changes nothing; several get an emptied folder under the data folder."""
    monkeypatch.delenv(MULTIPROC_ENV, raising=False)
    prepare_for_workers(1, tmp_path)
    assert MULTIPROC_ENV not in os.environ
    stale = tmp_path / MULTIPROC_FOLDER / "counter_123.db"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    prepare_for_workers(3, tmp_path)
    assert os.environ[MULTIPROC_ENV] == str((tmp_path / MULTIPROC_FOLDER).resolve())
    assert list((tmp_path / MULTIPROC_FOLDER).iterdir()) == []


def test_a_scrape_sums_every_process(tmp_path: Path) -> None:
    """Two processes count into the shared folder; a third renders the sum."""
    env = {**os.environ, MULTIPROC_ENV: str(tmp_path), "PYTHONPATH": str(ROOT)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", COUNT], env=env, check=True, cwd=ROOT)
    shown = subprocess.run(
        [sys.executable, "-c", RENDER], env=env, check=True, cwd=ROOT, capture_output=True
    ).stdout.decode()
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(shown)
        for s in family.samples
    }
    graphql = (("operation", "GreenEnterprises"), ("outcome", "ok"), ("partner_type", "bank"))
    assert samples[("credit_graphql_requests_total", graphql)] == 2
    assert samples[("credit_graphql_request_duration_seconds_count", graphql)] == 2
    assert samples[("credit_oauth_token_refusals_total", (("reason", "invalid_client"),))] == 2
