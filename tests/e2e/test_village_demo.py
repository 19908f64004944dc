"""End to end: the demo's village committee runs 余村 over real HTTP with real signed tokens,
through its trusted documents only; the public reads the model households without a token."""

from __future__ import annotations

import asyncio
import subprocess
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.domain.clock import city_today
from api.graphql.trusted import id_of
from tests.e2e.test_demo_server import CLI, demo_env, free_port  # noqa: F401 - the fixture

pytestmark = pytest.mark.e2e


def _credentials(env_file: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in env_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            values[name] = value.strip("'")
    return values


async def _token(client: httpx.AsyncClient, client_id: str, secret: str) -> str:
    response = await client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


async def _run(
    client: httpx.AsyncClient, document: str, variables: dict[str, Any], token: str | None
) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql",
        json={"documentId": id_of(document), "variables": variables},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_the_demo_committee_runs_its_village(
    demo_env: dict[str, str],  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    port = free_port()
    log = (tmp_path / "demo.log").open("w+")
    process = subprocess.Popen(  # noqa: ASYNC220 (started once; the test then awaits HTTP)
        [CLI, "demo", "--port", str(port)], env=demo_env, stdout=subprocess.DEVNULL, stderr=log
    )
    year = city_today(datetime.now(UTC)).year
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
            committee = await _token(
                client,
                found["VILLAGE_COMMITTEE_CLIENT_ID"],
                found["VILLAGE_COMMITTEE_CLIENT_SECRET"],
            )
            village = await _run(
                client,
                "VillageHouseholds",
                {"village": "余村", "first": 3, "year": year},
                committee,
            )
            households = village["village"]["households"]["nodes"]
            assert len(households) == 3
            assert {r["code"] for r in village["village"]["rules"]} >= {"GY-01", "WZ-01"}
            first = households[0]
            recorded = await _run(
                client,
                "RecordCivilityEntry",
                {
                    "civilityEntry": {
                        "householdId": first["householdId"],
                        "ruleCode": "MD-01",
                        "kind": "DISPUTE_SETTLEMENT",
                        "occurredOn": city_today(datetime.now(UTC)).isoformat(),
                        "recordedBy": "余村调解委员会",
                        "note": "邻里宅基地纠纷当日调处",
                        "idempotencyKey": str(uuid.uuid4()),
                    }
                },
                committee,
            )
            outcome = recorded["recordCivilityEntry"]
            if outcome["errors"]:  # the seeded year may have used the rule's cap already
                assert outcome["errors"][0]["errorCode"] == "RULE_CAP_REACHED", outcome
            else:
                assert outcome["entry"]["kind"] == "DISPUTE_SETTLEMENT"
                assert outcome["file"]["points"] == first["points"] + outcome["entry"]["points"]
            # A village committee runs its trusted documents only.
            ad_hoc = await client.post(
                "/graphql",
                json={"query": '{ village(name: "余村") { name } }'},
                headers={"authorization": f"Bearer {committee}"},
            )
            assert "TRUSTED_DOCUMENT_REQUIRED" in ad_hoc.text
            public = await _run(client, "ModelHouseholds", {"year": year}, None)
            assert public["modelHouseholds"], public
            assert all("*" in m["maskedHeadName"] for m in public["modelHouseholds"])
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
