"""End to end: 信易批 out of the box in the demo, over real HTTP with real signed tokens,
through trusted documents only: the public catalogue, the regulator's due list, a verified
outcome, a window signing, and the figures."""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_demo_server import CLI, demo_env, free_port  # noqa: F401 - the fixture
from tests.e2e.test_village_demo import _credentials, _run, _token

pytestmark = pytest.mark.e2e


async def test_the_demo_runs_commitment_based_approval(
    demo_env: dict[str, str],  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    port = free_port()
    log = (tmp_path / "demo.log").open("w+")
    process = subprocess.Popen(  # noqa: ASYNC220 (started once; the test then awaits HTTP)
        [CLI, "demo", "--port", str(port)], env=demo_env, stdout=subprocess.DEVNULL, stderr=log
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, (tmp_path / "demo.log").read_text()
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "demo did not become ready in 120 s"
                await asyncio.sleep(0.5)
            found = _credentials(Path(demo_env["CREDIT_DATA_DIR"]) / "demo.env")
            assert found["DEMO_APPROVAL_PENDING_REFERENCE"].startswith("XYP-")
            matters = await _run(client, "ApprovalMatters", {}, None)
            assert len(matters["approvalMatters"]) == 14
            regulator = await _token(
                client, found["REGULATOR_CLIENT_ID"], found["REGULATOR_CLIENT_SECRET"]
            )
            due = await _run(
                client,
                "ApprovalCommitmentsDue",
                {"approvalDepartment": "market_supervision"},
                regulator,
            )
            pending = due["approvalCommitmentsDue"]
            assert [c["matter"]["code"] for c in pending] == ["SJ-DJ-003"]
            outcome = await _run(
                client,
                "RecordApprovalCommitmentOutcome",
                {
                    "approvalOutcome": {
                        "reference": pending[0]["reference"],
                        "department": "market_supervision",
                        "kept": True,
                        "summary": "住所使用情况核查属实",
                        "idempotencyKey": str(uuid.uuid4()),
                    }
                },
                regulator,
            )
            verified = outcome["recordApprovalCommitmentOutcome"]
            assert verified["errors"] == [], verified
            assert verified["commitment"]["status"] == "KEPT"
            assert verified["commitment"]["outcomeRecorded"] is True
            window = await _run(
                client,
                "SignApprovalCommitmentAtWindow",
                {
                    "windowCommitment": {
                        "matterCode": "SJ-XK-002",
                        "uscc": found["DEMO_ENTERPRISE_USCC_MANY_RECORDS"],
                        "idempotencyKey": str(uuid.uuid4()),
                    }
                },
                regulator,
            )
            signed = window["signApprovalCommitment"]
            assert signed["errors"] == [], signed
            assert signed["commitment"]["status"] in {"PENDING", "REFUSED"}
            assert signed["commitment"]["reasons"]
            figures = await _run(client, "ApprovalStatistics", {}, regulator)
            total = figures["approvalStatistics"]["total"]
            assert total["signed"] == 9
            assert total["kept"] == 2
            assert total["broken"] == 1
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
