"""Trusted documents: the manifest is fresh, ids run, and trusted-only types run nothing else."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.scopes import PartnerType
from api.graphql.trusted import MANIFEST, OPERATIONS_DIR, document_id, main, scan, stale
from api.http.app import create_app
from api.settings import Settings
from tests.auth.helpers import bearer, create_partner_client, get_token
from tests.conftest import example_hosts

MODERN = "application/graphql-response+json"
MOBILITY = OPERATIONS_DIR / "mobility_operator" / "MobilityScenarios.graphql"
REGULATOR = OPERATIONS_DIR / "regulator" / "ExemptMatters.graphql"
AD_HOC = "query { incentiveScenarios(operatorType: MOBILITY_OPERATOR) { code } }"


@pytest.fixture
async def policed(
    settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with the default trusted-only policy (the suite's ``client`` turns it off)."""
    default = Settings.model_fields["trusted_only_types"].default
    app = create_app(
        settings.model_copy(update={"trusted_only_types": default}),
        engine=engine,
        sessions=sessions,
        resolve_host=example_hosts,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def _token(client: httpx.AsyncClient, session: AsyncSession, kind: PartnerType) -> str:
    client_id, secret = await create_partner_client(session, kind)
    return await get_token(client, client_id, secret)


def _id(path: Path) -> str:
    return document_id(path.read_bytes())


def test_the_manifest_and_the_packaged_set_are_fresh() -> None:
    """`python -m api.graphql.trusted --write` was run after the last operation changed."""
    assert stale() == [], "run: python -m api.graphql.trusted --write"
    assert main(["--check"]) == 0


def test_the_manifest_hashes_each_file_s_exact_bytes() -> None:
    """Every operation file is in the manifest under the SHA-256 of its bytes."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    by_path = {p: d["id"] for d in manifest["documents"] for p in d["paths"]}
    files = sorted(OPERATIONS_DIR.glob("*/*.graphql"))
    assert len(by_path) == len(files) > 40
    for path in files:
        assert by_path[path.relative_to(OPERATIONS_DIR).as_posix()] == _id(path)
    assert {d.id for d in scan()} == {d["id"] for d in manifest["documents"]}


async def test_a_trusted_only_type_runs_its_document_by_id_post_and_get(
    policed: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A mobility operator runs MobilityScenarios by documentId, in a POST body and over GET."""
    token = await _token(policed, session, PartnerType.MOBILITY_OPERATOR)
    body = {"documentId": _id(MOBILITY), "variables": {}}
    posted = await policed.post("/graphql", json=body, headers=bearer(token))
    assert posted.status_code == 200, posted.text
    assert "incentiveScenarios" in posted.json()["data"]
    query = urlencode({"documentId": _id(MOBILITY)})
    got = await policed.get(f"/graphql?{query}", headers={**bearer(token), "accept": MODERN})
    assert got.status_code == 200, got.text
    assert got.json()["data"] == posted.json()["data"]


async def test_a_trusted_only_type_may_send_the_exact_text_of_its_document(
    policed: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The exact bytes of a trusted document are that document; one changed byte is not."""
    token = await _token(policed, session, PartnerType.MOBILITY_OPERATOR)
    text = MOBILITY.read_text(encoding="utf-8")
    exact = await policed.post("/graphql", json={"query": text}, headers=bearer(token))
    assert exact.status_code == 200, exact.text
    assert "errors" not in exact.json(), exact.text
    changed = await policed.post(
        "/graphql", json={"query": text + " "}, headers={**bearer(token), "accept": MODERN}
    )
    assert changed.status_code == 400
    assert changed.json()["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"


@pytest.mark.parametrize(("accept", "status"), [(MODERN, 400), ("application/json", 200)])
async def test_an_ad_hoc_query_from_a_trusted_only_type_is_refused(
    policed: httpx.AsyncClient, session: AsyncSession, accept: str, status: int
) -> None:
    """TRUSTED_DOCUMENT_REQUIRED as a request error: 400 and no data (legacy: 200, null)."""
    token = await _token(policed, session, PartnerType.MOBILITY_OPERATOR)
    response = await policed.post(
        "/graphql", json={"query": AD_HOC}, headers={**bearer(token), "accept": accept}
    )
    assert response.status_code == status
    body = response.json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["TRUSTED_DOCUMENT_REQUIRED"]
    assert body.get("data") is None


async def test_a_trusted_only_type_may_not_run_another_type_s_document(
    policed: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A hospital sending a regulator's document id is refused as for an ad-hoc query."""
    token = await _token(policed, session, PartnerType.HOSPITAL)
    response = await policed.post(
        "/graphql",
        json={"documentId": _id(REGULATOR)},
        headers={**bearer(token), "accept": MODERN},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"


async def test_an_open_type_sends_ad_hoc_queries_and_ids(
    policed: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A regulator (open) runs an ad-hoc query and a trusted document by id."""
    token = await _token(policed, session, PartnerType.REGULATOR)
    ad_hoc = await policed.post(
        "/graphql", json={"query": "{ exemptMatters { code } }"}, headers=bearer(token)
    )
    assert ad_hoc.status_code == 200, ad_hoc.text
    assert "errors" not in ad_hoc.json(), ad_hoc.text
    by_id = await policed.post(
        "/graphql", json={"documentId": _id(REGULATOR)}, headers=bearer(token)
    )
    assert by_id.status_code == 200, by_id.text
    assert "errors" not in by_id.json(), by_id.text


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"documentId": "sha256:" + "0" * 64}, 400, "PERSISTED_QUERY_NOT_FOUND"),
        ({"documentId": 7}, 400, "BAD_REQUEST"),
        ({"documentId": "sha256:" + "0" * 64, "query": "{ __typename }"}, 400, "BAD_REQUEST"),
    ],
)
async def test_unknown_or_malformed_document_ids_are_refused(
    policed: httpx.AsyncClient, body: dict[str, Any], status: int, code: str
) -> None:
    """An unknown id is PERSISTED_QUERY_NOT_FOUND; a non-string id, or id and query, is 400."""
    response = await policed.post("/graphql", json=body, headers={"accept": MODERN})
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
