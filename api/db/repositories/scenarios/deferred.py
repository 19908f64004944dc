"""Pay-after-treatment accounts and their charges in the database. Never commits.

Raising an account's total is an ``UPDATE ... WHERE total + amount <= credit_limit``
(PostgreSQL re-checks the condition on the newest row version after waiting for a concurrent
writer); settling and marking overdue are ``UPDATE ... WHERE status = ...``; a charge is an
``INSERT ... ON CONFLICT DO NOTHING`` on its key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update

from api.db.repositories.gate import SessionGate
from api.db.repositories.scenarios.tables import ACCOUNTS, CHARGES, A, H, money
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import AccountStatus, DeferredAccount, DeferredCharge

_ACCOUNT_COLUMNS = (
    A.id,
    A.scenario_id,
    A.partner_id,
    A.person_id,
    A.visit_number,
    A.colour,
    A.credit_limit,
    A.total,
    A.charge_count,
    A.status,
    A.opened_at,
    A.due_on,
    A.settled_at,
    A.settled_amount,
    A.settlement_key,
    A.overdue_on,
    A.overdue_record_id,
)
_CHARGE_COLUMNS = (
    H.id,
    H.account_id,
    H.amount,
    H.item,
    H.department,
    H.charged_at,
    H.idempotency_key,
    H.fingerprint,
)


def _account(row: Sequence[Any]) -> DeferredAccount:
    return DeferredAccount(
        id=row[0],
        scenario_id=row[1],
        partner_id=row[2],
        person_id=row[3],
        visit_number=row[4],
        colour=IntegrityColour(row[5]),
        credit_limit=money(row[6]),
        total=money(row[7]),
        charge_count=row[8],
        status=AccountStatus(row[9]),
        opened_at=row[10],
        due_on=row[11],
        settled_at=row[12],
        settled_amount=money(row[13]) if row[13] is not None else None,
        settlement_key=row[14],
        overdue_on=row[15],
        overdue_record_id=row[16],
    )


def _charge(row: Sequence[Any]) -> DeferredCharge:
    return DeferredCharge(
        id=row[0],
        account_id=row[1],
        amount=money(row[2]),
        item=row[3],
        department=row[4],
        charged_at=row[5],
        idempotency_key=row[6],
        fingerprint=row[7],
    )


class DeferredAccountRepository:
    """Pay-after-treatment accounts and charges (implements ``DeferredAccounts``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def open(
        self,
        *,
        scenario_id: int,
        partner_id: int,
        person_id: int,
        visit_number: str,
        colour: IntegrityColour,
        credit_limit: Decimal,
        due_on: date,
        now: datetime,
    ) -> DeferredAccount | None:
        """Open an account; None when the partner has one for this visit number already."""
        row = await self._db.first(
            self._db.insert(ACCOUNTS)
            .values(
                scenario_id=scenario_id,
                partner_id=partner_id,
                person_id=person_id,
                visit_number=visit_number,
                colour=colour.value,
                credit_limit=credit_limit,
                total=Decimal("0.00"),
                charge_count=0,
                status=AccountStatus.OPEN.value,
                opened_at=now,
                due_on=due_on,
            )
            .on_conflict_do_nothing(index_elements=["partner_id", "visit_number"])
            .returning(*_ACCOUNT_COLUMNS)
        )
        return _account(row) if row else None

    async def by_visit(self, partner_id: int, visit_number: str) -> DeferredAccount | None:
        """The partner's account for a visit number."""
        row = await self._db.first(
            select(*_ACCOUNT_COLUMNS).where(
                A.partner_id == partner_id, A.visit_number == visit_number
            )
        )
        return _account(row) if row else None

    async def has_overdue(self, person_id: int) -> bool:
        """Whether the person has an overdue, unsettled account at any hospital."""
        row = await self._db.first(
            select(A.id)
            .where(A.person_id == person_id, A.status == AccountStatus.OVERDUE.value)
            .limit(1)
        )
        return row is not None

    async def claim_charge(
        self,
        account_id: int,
        *,
        amount: Decimal,
        item: str,
        department: str,
        idempotency_key: str,
        fingerprint: str,
        now: datetime,
    ) -> DeferredCharge | None:
        """Record a charge row for a key; None when the key was used on the account already."""
        row = await self._db.first(
            self._db.insert(CHARGES)
            .values(
                account_id=account_id,
                amount=amount,
                item=item,
                department=department,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                charged_at=now,
            )
            .on_conflict_do_nothing(index_elements=["account_id", "idempotency_key"])
            .returning(*_CHARGE_COLUMNS)
        )
        return _charge(row) if row else None

    async def charge_by_key(self, account_id: int, key: str) -> DeferredCharge | None:
        """The charge an idempotency key recorded."""
        row = await self._db.first(
            select(*_CHARGE_COLUMNS).where(H.account_id == account_id, H.idempotency_key == key)
        )
        return _charge(row) if row else None

    async def add_to_total(self, account_id: int, amount: Decimal) -> DeferredAccount | None:
        """Add to the running total if the account is open and stays within its limit (atomic).

        ``round(..., 2)`` keeps SQLite, which computes in binary floating point, exact to the fen.
        """
        raised = func.round(A.total + amount, 2)
        row = await self._db.first(
            update(ACCOUNTS)
            .where(
                A.id == account_id,
                A.status == AccountStatus.OPEN.value,
                raised <= A.credit_limit,
            )
            .values(total=raised, charge_count=A.charge_count + 1)
            .returning(*_ACCOUNT_COLUMNS)
        )
        return _account(row) if row else None

    async def charges(self, account_id: int) -> list[DeferredCharge]:
        """The account's charges, oldest first."""
        rows = await self._db.all(
            select(*_CHARGE_COLUMNS).where(H.account_id == account_id).order_by(H.id)
        )
        return [_charge(row) for row in rows]

    async def settle(self, account_id: int, key: str, now: datetime) -> DeferredAccount | None:
        """Settle the whole total once (atomic); None when it is settled already."""
        row = await self._db.first(
            update(ACCOUNTS)
            .where(
                A.id == account_id,
                A.status.in_([AccountStatus.OPEN.value, AccountStatus.OVERDUE.value]),
            )
            .values(
                status=AccountStatus.SETTLED.value,
                settled_at=now,
                settled_amount=A.total,
                settlement_key=key,
            )
            .returning(*_ACCOUNT_COLUMNS)
        )
        return _account(row) if row else None

    async def due_for_overdue(self, today: date, limit: int) -> list[DeferredAccount]:
        """Open accounts whose last day to settle is before ``today``."""
        rows = await self._db.all(
            select(*_ACCOUNT_COLUMNS)
            .where(A.status == AccountStatus.OPEN.value, A.due_on < today)
            .order_by(A.due_on, A.id)
            .limit(limit)
        )
        return [_account(row) for row in rows]

    async def mark_overdue(self, account_id: int, today: date) -> bool:
        """Move an open account to OVERDUE (atomic); False when it was no longer open."""
        row = await self._db.first(
            update(ACCOUNTS)
            .where(A.id == account_id, A.status == AccountStatus.OPEN.value)
            .values(status=AccountStatus.OVERDUE.value, overdue_on=today)
            .returning(A.id)
        )
        return row is not None

    async def attach_overdue_record(self, account_id: int, record_id: int) -> None:
        """Name the credit record the overdue account produced."""
        await self._db.execute(
            update(ACCOUNTS).where(A.id == account_id).values(overdue_record_id=record_id)
        )
