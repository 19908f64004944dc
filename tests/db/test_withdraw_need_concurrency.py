"""A withdrawal racing banks' claims: every claim that was granted is listed to the enterprise,
none lands after the withdrawal, and the need ends withdrawn (committed database)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables.banking import NeedClaimRow
from api.db.uow import UnitOfWork
from api.domain.banking import services
from api.domain.banking.errors import BankingError
from api.domain.banking.lending import NeedClaim, NeedStatus
from api.domain.taxcredit import needs
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

NOW = datetime.now(UTC)


async def test_a_withdrawal_racing_claims_lists_every_granted_claim(
    scratch_url: str, keys: Keys
) -> None:
    engine = create_engine(scratch_url, pool_size=12, max_overflow=4)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            enterprise_id, uscc = await Factory(session, keys).enterprise()
            banks = [
                (
                    await create_partner(session, partner_type=PartnerType.BANK, name=f"银行{n}")
                ).partner_id
                for n in range(5)
            ]
            need = await Repositories(session).financing.add_need(
                enterprise_id, Decimal(500_000), "扩建厂房", 36, NOW
            )
            await session.commit()
        start = asyncio.Event()

        async def claim(bank_id: int) -> NeedClaim | str:
            async with UnitOfWork(sessions) as uow:
                await start.wait()
                try:
                    won = await services.claim_need(
                        uow.repos, bank_id=bank_id, need_id=need.id, now=NOW
                    )
                except BankingError as error:
                    return error.bank_code.value
                await uow.commit()
                return won

        async def withdraw() -> needs.OwnNeed:
            async with UnitOfWork(sessions) as uow:
                await start.wait()
                own = await needs.withdraw_need(uow.repos.own_needs, need_id=need.id, uscc=uscc)
                await uow.commit()
                return own

        tasks: list[asyncio.Future[NeedClaim | str | needs.OwnNeed]] = [
            asyncio.ensure_future(claim(b)) for b in banks[:2]
        ]
        tasks.append(asyncio.ensure_future(withdraw()))
        tasks += [asyncio.ensure_future(claim(b)) for b in banks[2:]]
        await asyncio.sleep(0.2)
        start.set()
        outcomes = await asyncio.gather(*tasks)
        own = outcomes[2]
        assert isinstance(own, needs.OwnNeed)
        assert own.already_withdrawn is False
        won = {o.bank_id for o in outcomes if isinstance(o, NeedClaim)}
        refused = [o for o in outcomes if isinstance(o, str)]
        assert set(refused) <= {"NEED_NOT_OPEN", "CLAIMS_FULL"}
        assert len(won) + len(refused) == 5
        assert {c.bank_id for c in own.claims} <= won  # seen at withdrawal: granted before it
        async with sessions() as session:
            stored = await session.scalar(select(func.count()).select_from(NeedClaimRow))
            after = await Repositories(session).financing.get_need(need.id)
            listed = await needs.need_with_claims(
                Repositories(session).own_needs, need_id=need.id, uscc=uscc
            )
        assert after is not None
        assert after.status is NeedStatus.WITHDRAWN
        assert stored == after.claim_count == len(won)
        assert {c.bank_id for c in listed.claims} == won
        assert {c.bank_id for c in own.claims} == won  # none landed after the withdrawal
    finally:
        await engine.dispose()
