"""Bulk operations over GraphQL: start, follow, cancel; every refusal typed; one per partner.

Runs on SQLite and PostgreSQL. The race of concurrent starts commits for real (a scratch
database); the worker's side is in tests/db/test_bulk_export.py.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.partners import create_partner
from api.auth.principal import Principal
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope
from api.crypto import KeyedAccessCrypto, Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.bulk import services
from api.domain.bulk.errors import AlreadyRunningError
from api.domain.bulk.model import BulkOperation, BulkRequester
from api.graphql.context import Context
from api.graphql.ids import Cursors, GlobalIds
from api.graphql.loaders import Loaders
from api.graphql.schema import schema
from api.graphql.trusted import id_of
from api.http.app import create_app
from api.settings import Settings
from tests.auth.helpers import create_partner_client, get_token
from tests.conftest import TEST_MASTER_KEY
from tests.gql import error_codes, gql

RUN = """
mutation Run($query: String, $documentId: String) {
  bulkOperationRunQuery(query: $query, documentId: $documentId) {
    bulkOperation { id status rootField objectCount fileSize url query }
    errors { field message errorCode }
  }
}
"""
CANCEL = """
mutation Cancel($id: ID!) {
  bulkOperationCancel(id: $id) {
    bulkOperation { id status cancelRequested }
    errors { field message errorCode }
  }
}
"""
ONE = "query One($id: ID!) { bulkOperation(id: $id) { id status objectCount } }"
CURRENT = "{ currentBulkOperation { id status rootField } }"
EXPORT = "{ enterprises { edges { node { id name creditRecords { nodes { category } } } } } }"


async def _token(
    client: httpx.AsyncClient,
    session: AsyncSession,
    partner_type: PartnerType = PartnerType.REGULATOR,
    scope: list[Scope] | None = None,
) -> str:
    client_id, secret = await create_partner_client(session, partner_type)
    return await get_token(client, client_id, secret, scope=scope)


async def _run(client: httpx.AsyncClient, token: str, **variables: Any) -> dict[str, Any]:
    body = await gql(client, RUN, variables, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["bulkOperationRunQuery"]
    return payload


async def test_a_regulator_starts_follows_and_cancels_an_export(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    token = await _token(client, session)
    started = await _run(client, token, query=EXPORT)
    assert started["errors"] == []
    operation = started["bulkOperation"]
    assert operation["status"] == "CREATED"
    assert operation["rootField"] == "enterprises"
    assert (operation["objectCount"], operation["fileSize"], operation["url"]) == (0, "0", None)
    assert operation["query"] == EXPORT

    current = await gql(client, CURRENT, token=token)
    assert current["data"]["currentBulkOperation"] == {
        "id": operation["id"],
        "status": "CREATED",
        "rootField": "enterprises",
    }
    one = await gql(client, ONE, {"id": operation["id"]}, token=token)
    assert one["data"]["bulkOperation"] == {
        "id": operation["id"],
        "status": "CREATED",
        "objectCount": 0,
    }

    again = await _run(client, token, query=EXPORT)
    assert again["bulkOperation"] is None
    assert [e["errorCode"] for e in again["errors"]] == ["ALREADY_RUNNING"]

    cancelled = await gql(client, CANCEL, {"id": operation["id"]}, token=token)
    payload = cancelled["data"]["bulkOperationCancel"]
    assert payload["errors"] == []
    assert payload["bulkOperation"] == {
        "id": operation["id"],
        "status": "CANCELED",
        "cancelRequested": False,
    }
    twice = await gql(client, CANCEL, {"id": operation["id"]}, token=token)
    assert [e["errorCode"] for e in twice["data"]["bulkOperationCancel"]["errors"]] == [
        "NOT_RUNNING"
    ]
    unknown = await gql(client, CANCEL, {"id": "0" * 32}, token=token)
    assert [
        (e["field"], e["errorCode"]) for e in unknown["data"]["bulkOperationCancel"]["errors"]
    ] == [("id", "NOT_FOUND")]

    # The slot is free again once the first has ended.
    second = await _run(client, token, query=EXPORT)
    assert second["bulkOperation"]["status"] == "CREATED"

    events = await Repositories(session).bulk_operations.events(operation["id"])
    assert [event for event, _ in events] == ["STARTED", "CANCELED"]
    assert {partner for _, partner in events} == {operation_partner(events)}


def operation_partner(events: list[tuple[str, int | None]]) -> int | None:
    """The partner the audit rows name (all the same)."""
    return events[0][1]


async def test_another_partners_operation_is_not_seen_or_cancelled(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await _token(client, session)
    other = await _token(client, session, PartnerType.CREDIT_OFFICE)
    operation = (await _run(client, owner, query=EXPORT))["bulkOperation"]
    seen = await gql(client, ONE, {"id": operation["id"]}, token=other)
    assert seen["data"]["bulkOperation"] is None
    assert (await gql(client, CURRENT, token=other))["data"]["currentBulkOperation"] is None
    refused = await gql(client, CANCEL, {"id": operation["id"]}, token=other)
    assert [e["errorCode"] for e in refused["data"]["bulkOperationCancel"]["errors"]] == [
        "NOT_FOUND"
    ]
    # Each partner has its own slot.
    assert (await _run(client, other, query=EXPORT))["bulkOperation"]["status"] == "CREATED"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ enterprises { nodes { name } ", "INVALID_QUERY"),
        ("mutation { bulkOperationCancel(id: 1) { errors { message } } }", "INVALID_QUERY"),
        ("query($f: Int!) { enterprises(first: $f) { nodes { name } } }", "INVALID_QUERY"),
        ("{ enterprises { nodes { nosuchfield } } }", "INVALID_QUERY"),
        (
            "{ enterprises { nodes { creditRecords { nodes { department { name } "
            "subject { __typename } } } } } }",
            "INVALID_QUERY",
        ),
        ('{ enterprise(uscc: "91330500MA2B3C4D5E") { name } }', "NO_CONNECTION"),
        ("{ a: enterprises { nodes { name } } b: enterprises { nodes { id } } }", "NO_CONNECTION"),
        ("{ enterprises { pageInfo { hasNextPage } } }", "NO_CONNECTION"),
        ("{ auditLog { nodes { purpose } } }", "PERSONAL_DATA"),
        ("{ creditRepairs { nodes { id } } }", "PERSONAL_DATA"),
    ],
)
async def test_a_query_that_cannot_be_exported_is_refused_with_its_code(
    client: httpx.AsyncClient, session: AsyncSession, query: str, code: str
) -> None:
    token = await _token(client, session, PartnerType.CREDIT_OFFICE)
    refused = await _run(client, token, query=query)
    assert refused["bulkOperation"] is None
    assert [e["errorCode"] for e in refused["errors"]] == [code], refused
    assert (await gql(client, CURRENT, token=token))["data"]["currentBulkOperation"] is None


async def test_every_selected_field_is_checked_against_the_tokens_scopes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    narrow = await _token(client, session, scope=[Scope.BULK_RUN, Scope.ENTERPRISE_READ])
    refused = await _run(client, narrow, query=EXPORT)
    [error] = refused["errors"]
    assert (error["errorCode"], error["field"]) == ("FORBIDDEN_FIELD", "query")
    assert "Enterprise.creditRecords" in error["message"]
    assert "credit_record:read" in error["message"]
    allowed = await _run(client, narrow, query="{ enterprises { nodes { id name } } }")
    assert allowed["bulkOperation"]["status"] == "CREATED"


async def test_only_partners_holding_bulk_run_may_start(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    bank = await _token(client, session, PartnerType.BANK)
    body = await gql(client, RUN, {"query": EXPORT}, token=bank)
    assert error_codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["requiredScopes"] == ["bulk:run"]
    without = await _token(client, session, scope=[Scope.ENTERPRISE_READ])
    body = await gql(client, CURRENT, token=without)
    assert error_codes(body) == ["FORBIDDEN"]
    del client.headers["authorization"]
    anonymous = await client.post("/graphql", json={"query": CURRENT})
    assert anonymous.status_code == 401


async def test_a_trusted_document_is_run_by_its_id(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    token = await _token(client, session)
    document = id_of("EnterprisesForBulkExport")
    started = await _run(client, token, documentId=document)
    assert started["errors"] == []
    assert started["bulkOperation"]["rootField"] == "enterprises"
    assert "EnterprisesForBulkExport" in started["bulkOperation"]["query"]

    office = await _token(client, session, PartnerType.CREDIT_OFFICE)
    not_theirs = await _run(client, office, documentId=document)
    assert [(e["field"], e["errorCode"]) for e in not_theirs["errors"]] == [
        ("documentId", "INVALID_QUERY")
    ]
    both = await _run(client, office, query=EXPORT, documentId=document)
    assert [e["errorCode"] for e in both["errors"]] == ["INVALID_QUERY"]
    neither = await _run(client, office)
    assert [e["errorCode"] for e in neither["errors"]] == ["INVALID_QUERY"]


@pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)
async def test_of_concurrent_starts_by_one_partner_exactly_one_is_created(
    scratch_url: str, keys: Keys
) -> None:
    engine = create_engine(scratch_url)
    try:
        async with session_factory(engine)() as session:
            created = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="Race regulator"
            )
            await session.commit()
    finally:
        await engine.dispose()
    requester = BulkRequester(
        partner_id=created.partner_id,
        partner_type="regulator",
        client_id="race",
        token_id="race",
        scopes=("bulk:run", "enterprise:read"),
        request_id="race",
    )
    start = asyncio.Event()

    async def attempt() -> BulkOperation | str:
        own = create_engine(scratch_url)
        try:
            async with UnitOfWork(session_factory(own)) as uow:
                await start.wait()
                try:
                    operation = await services.start_bulk_operation(
                        uow.repos,
                        requester=requester,
                        query=EXPORT,
                        root_field="enterprises",
                        document_id=None,
                        now=datetime.now(UTC),
                    )
                except AlreadyRunningError as error:
                    return error.code.value
                await uow.commit()
                return operation
        finally:
            await own.dispose()

    tasks = [asyncio.ensure_future(attempt()) for _ in range(6)]
    await asyncio.sleep(0.3)  # every starter is connected and waiting
    start.set()
    outcomes = await asyncio.gather(*tasks)
    won = [o for o in outcomes if isinstance(o, BulkOperation)]
    assert len(won) == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["ALREADY_RUNNING"] * 5

    engine = create_engine(scratch_url)
    try:
        async with session_factory(engine)() as session:
            current = await Repositories(session).bulk_operations.current(created.partner_id)
    finally:
        await engine.dispose()
    assert current is not None
    assert current.id == won[0].id


async def test_a_trusted_only_type_exports_only_its_trusted_documents(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    strict = settings.model_copy(update={"trusted_only_types": "regulator"})
    app = create_app(strict, engine=engine, sessions=sessions)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        token = await _token(client, session)
        adhoc = await gql(
            client,
            'mutation { bulkOperationRunQuery(query: "{ enterprises { nodes { id } } }") '
            "{ bulkOperation { id } errors { field errorCode } } }",
            token=token,
        )
        # The ad-hoc mutation itself is refused before it runs (the trusted-only policy).
        assert error_codes(adhoc) == ["TRUSTED_DOCUMENT_REQUIRED"]
        trusted = await client.post(
            "/graphql",
            json={"documentId": id_of("BulkExportStart")},
            headers={"authorization": f"Bearer {token}"},
        )
        assert trusted.status_code == 200, trusted.text
        started = trusted.json()["data"]["bulkOperationRunQuery"]
        assert started["errors"] == []
        assert started["bulkOperation"]["status"] == "CREATED"
    # Through the schema, as a trusted document with the query in a variable would send it.
    context = await _context(sessions, session)
    try:
        direct = await schema.execute(RUN, variable_values={"query": EXPORT}, context_value=context)
    finally:
        await context.uow.__aexit__(None, None, None)
    assert direct.errors is None, direct.errors
    refusal = direct.data["bulkOperationRunQuery"]  # type: ignore[index]  # data is a dict here
    assert [(e["field"], e["errorCode"]) for e in refusal["errors"]] == [
        ("query", "TRUSTED_DOCUMENT_REQUIRED")
    ]


async def _context(sessions: async_sessionmaker[AsyncSession], session: AsyncSession) -> Context:
    """A trusted-only regulator's request context, as the endpoint builds it."""
    created = await create_partner(
        session, partner_type=PartnerType.REGULATOR, name="Strict regulator"
    )
    keys = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))
    uow = UnitOfWork(sessions)
    await uow.__aenter__()
    now = datetime.now(UTC)
    return Context(
        uow=uow,
        repos=uow.repos,
        loaders=Loaders(uow.repos, now.date()),
        ids=GlobalIds(keys.global_id),
        cursors=Cursors(keys.cursor),
        today=now.date(),
        request_id="strict",
        principal=Principal(
            partner_id=created.partner_id,
            partner_type=PartnerType.REGULATOR,
            client_id=created.client_id,
            scopes=SCOPES_BY_TYPE[PartnerType.REGULATOR],
            token_id="strict",
            expires_at=now + timedelta(minutes=5),
        ),
        keys=keys,
        crypto=KeyedAccessCrypto(keys),
        now=now,
        trusted_only=True,
    )
