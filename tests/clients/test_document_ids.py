"""Generated operations send their trusted document's id, never their text."""

from __future__ import annotations

import json

import httpx
from credit_platform_client import operations as ops

from api.graphql.trusted import OPERATIONS_DIR, document_id
from tests.clients.test_retries import Platform, Sleeps, _client


async def test_a_generated_operation_sends_its_document_id() -> None:
    """PatientEligibility is sent as {documentId, variables, operationName}: no query text."""
    answer = httpx.Response(200, json={"data": {"person": {"person": None, "denial": None}}})
    platform = Platform(answer)
    async with _client(platform, Sleeps()) as client:
        await ops.patient_eligibility(client, code="c-1")
    [request] = platform.graphql_calls
    sent = json.loads(request.content)
    path = OPERATIONS_DIR / "hospital" / "PatientEligibility.graphql"
    assert sent == {
        "documentId": document_id(path.read_bytes()),
        "variables": {"code": "c-1"},
        "operationName": "PatientEligibility",
    }


async def test_execute_without_an_id_sends_the_text() -> None:
    """An ad-hoc document (no ``document_id``) still travels as ``query``."""
    platform = Platform(httpx.Response(200, json={"data": {"ping": "pong"}}))
    async with _client(platform, Sleeps()) as client:
        await client.execute("{ ping }")
    [request] = platform.graphql_calls
    assert json.loads(request.content) == {"variables": {}, "query": "{ ping }"}
