"""Queries run without a transaction on PostgreSQL; mutations keep theirs; audits still land."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db import migrate
from api.db.engine import create_engine, session_factory
from api.graphql.trusted import id_of
from api.http.app import create_app
from api.settings import Settings
from tests.conftest import (
    TEST_MASTER_KEY,
    create_scratch_database,
    drop_scratch_database,
    postgres_url,
)
from tests.factories import Factory


@pytest.fixture
async def pg_engine() -> AsyncIterator[AsyncEngine]:
    """A migrated scratch PostgreSQL database (the app commits for real here)."""
    admin = postgres_url()
    url = await create_scratch_database(admin)
    engine = create_engine(url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()
    await drop_scratch_database(admin, url)


async def test_queries_open_no_transaction_and_their_audit_rows_land(
    pg_engine: AsyncEngine, keys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    sessions = session_factory(pg_engine)
    async with sessions() as session:
        factory = Factory(session, keys)
        _, resident_id = await factory.person()
        office = await create_partner(
            session, partner_type=PartnerType.CREDIT_OFFICE, name="Office"
        )
        app_partner = await create_partner(
            session, partner_type=PartnerType.CITIZEN_APP, name="App"
        )
        await session.commit()
    settings = Settings(
        DATABASE_URL=pg_engine.url.render_as_string(hide_password=False),
        data_dir=tmp_path,
        secret_key=TEST_MASTER_KEY,
    )
    app = create_app(settings, engine=pg_engine)
    started: list[bool] = []
    original = asyncpg.Connection.transaction

    def counting(self: asyncpg.Connection, *args: Any, **kwargs: Any) -> Any:
        started.append(True)
        return original(self, *args, **kwargs)

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:

        async def token(issued: Any) -> str:
            response = await client.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(issued.client_id, issued.client_secret),
            )
            return str(response.json()["access_token"])

        office_token, app_token = await token(office), await token(app_partner)
        monkeypatch.setattr(asyncpg.Connection, "transaction", counting)
        query = (
            "query($r: ResidentId!) { person(purpose: CREDIT_SUPERVISION, residentId: $r)"
            " { person { district } denial { reason } } }"
        )
        read = await client.post(
            "/graphql",
            json={"query": query, "variables": {"r": resident_id}},
            headers={"authorization": f"Bearer {office_token}"},
        )
        assert read.json()["data"]["person"]["denial"] is None
        assert started == []  # no BEGIN for a query
        # The city app runs its trusted document (it may send nothing else).
        issued = await client.post(
            "/graphql",
            json={
                "documentId": id_of("IssueIntegrityCode"),
                "variables": {"residentId": resident_id, "purpose": "PAY_AFTER_TREATMENT"},
            },
            headers={"authorization": f"Bearer {app_token}"},
        )
        assert issued.json()["data"]["issueIntegrityCode"]["errors"] == []
        assert started, "a mutation runs in a transaction"
    async with pg_engine.connect() as connection:
        rows = (await connection.execute(text("SELECT outcome FROM audit_log"))).scalars().all()
        codes = (
            await connection.execute(text("SELECT count(*) FROM integrity_codes"))
        ).scalar_one()
    assert rows == ["ALLOWED"]
    assert codes == 1
