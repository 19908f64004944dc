"""Test support for the person scenarios: catalogue, persons of a colour, codes, tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.crypto import KeyedAccessCrypto
from api.db.repositories import Repositories
from api.domain.consent.codes import issue_integrity_code
from api.domain.consent.model import Purpose
from api.domain.credit import services
from api.domain.credit.codes import IntegrityColour
from api.domain.credit.model import EvaluationCause
from api.domain.records.model import RecordCategory, Severity
from api.seeding.incentives import seed_incentive_catalogue
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory


async def seed_catalogue(session: AsyncSession) -> None:
    """The starting catalogue, in the test's transaction."""
    await seed_incentive_catalogue(await session.connection(), datetime.now(UTC))


async def person_of_colour(factory: Factory, colour: IntegrityColour) -> tuple[int, str]:
    """A person whose current evaluation has this colour (BLUE, GREEN or YELLOW)."""
    person_id, resident_id = await factory.person()
    recent = datetime.now(UTC) - timedelta(days=3)
    if colour is IntegrityColour.BLUE:
        for _ in range(5):  # five recent honours: 700 + ~200 -> BLUE (820+)
            await factory.record(person_id, category=RecordCategory.HONOUR, occurred_at=recent)
    elif colour is IntegrityColour.YELLOW:  # a recent general penalty: 700 - 80 -> YELLOW
        await factory.record(
            person_id,
            category=RecordCategory.PENALTY,
            severity=Severity.GENERAL,
            occurred_at=recent,
        )
    stored = await services.reevaluate(
        Repositories(factory.session),
        person_id,
        now=datetime.now(UTC),
        cause=EvaluationCause.SEED,
    )
    assert stored.evaluation.colour is colour, stored.evaluation
    return person_id, resident_id


async def code_for(
    factory: Factory,
    person_id: int,
    purpose: Purpose,
    *,
    issued_at: datetime | None = None,
) -> str:
    """A fresh integrity code of the person for one purpose (valid 5 minutes from issue)."""
    issued = await issue_integrity_code(
        Repositories(factory.session),
        KeyedAccessCrypto(factory.keys),
        person_id=person_id,
        purpose=purpose,
        issued_by_client_id=None,
        now=issued_at or datetime.now(UTC),
    )
    return issued.code


async def partner_token(
    client: httpx.AsyncClient, session: AsyncSession, partner_type: PartnerType
) -> str:
    """A token of a new partner of this type with every scope its type may hold."""
    client_id, secret = await create_partner_client(session, partner_type)
    return await get_token(client, client_id, secret)
