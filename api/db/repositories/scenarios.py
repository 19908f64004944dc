"""Person scenarios in the database: catalogue, deferred accounts, grants, coupons; never commits.

The invariants under concurrency rest on single statements the database runs atomically:
raising a deferred account's total is an ``UPDATE ... WHERE total + amount <= credit_limit``
(PostgreSQL re-checks the condition on the newest row version after waiting for a concurrent
writer); settling and marking overdue are ``UPDATE ... WHERE status = ...``; a grant, a charge
and a batch are ``INSERT ... ON CONFLICT DO NOTHING`` on their unique indexes; the daily limit is
an ``INSERT ... ON CONFLICT DO UPDATE SET uses = uses + 1 WHERE uses < limit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    cast,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)

from api.db.repositories.gate import SessionGate
from api.db.tables.consent import ConsentRow
from api.db.tables.scenarios import (
    BenefitDailyUseRow,
    BenefitGrantRow,
    BenefitMonthlyUseRow,
    CouponBatchRow,
    CouponRow,
    DeferredAccountRow,
    DeferredChargeRow,
    IncentiveCategoryRow,
    IncentiveColourValueRow,
    IncentiveScenarioRow,
)
from api.domain.consent.model import ConsentPermission, ConsentStatus, Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import (
    AccountStatus,
    Benefit,
    BenefitGrant,
    BenefitKind,
    Category,
    Coupon,
    CouponBatch,
    CouponStatus,
    DeferredAccount,
    DeferredCharge,
    GrantDraft,
    GrantSource,
    Scenario,
    ScenarioDraft,
    Statistics,
    StatisticsDimension,
    StatisticsFilter,
    StatisticsRow,
)
from api.domain.subjects.model import SubjectKind

CATEGORIES = IncentiveCategoryRow.__table__  # type: ignore[attr-defined]
SCENARIOS = IncentiveScenarioRow.__table__  # type: ignore[attr-defined]
COLOUR_VALUES = IncentiveColourValueRow.__table__  # type: ignore[attr-defined]
ACCOUNTS = DeferredAccountRow.__table__  # type: ignore[attr-defined]
CHARGES = DeferredChargeRow.__table__  # type: ignore[attr-defined]
GRANTS = BenefitGrantRow.__table__  # type: ignore[attr-defined]
DAILY = BenefitDailyUseRow.__table__  # type: ignore[attr-defined]
MONTHLY = BenefitMonthlyUseRow.__table__  # type: ignore[attr-defined]
BATCHES = CouponBatchRow.__table__  # type: ignore[attr-defined]
COUPONS = CouponRow.__table__  # type: ignore[attr-defined]
CONSENTS = ConsentRow.__table__  # type: ignore[attr-defined]
K = CATEGORIES.c
S = SCENARIOS.c
A = ACCOUNTS.c
H = CHARGES.c
G = GRANTS.c
U = DAILY.c
M = MONTHLY.c
B = BATCHES.c
Q = COUPONS.c
C = CONSENTS.c

_SCENARIO_COLUMNS = (
    S.id,
    S.code,
    K.code,
    S.name,
    S.name_zh,
    S.description,
    S.operator_type,
    S.purpose,
    S.lowest_colour,
    S.benefit_kind,
    S.benefit_value,
    S.benefit_cap,
    S.daily_limit,
    S.settle_within_days,
    S.valid_from,
    S.valid_until,
    S.active,
)
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
_GRANT_COLUMNS = (
    G.id,
    G.scenario_id,
    G.partner_id,
    G.person_id,
    G.source,
    G.order_reference,
    G.order_amount,
    G.benefit_amount,
    G.idempotency_key,
    G.fingerprint,
    G.granted_at,
    G.granted_on,
    G.coupon_id,
)
_BATCH_COLUMNS = (
    B.id,
    B.partner_id,
    B.scenario_id,
    B.idempotency_key,
    B.fingerprint,
    B.expires_at,
    B.issued_at,
    B.issued_count,
)
_COUPON_COLUMNS = (
    Q.id,
    Q.code,
    Q.batch_id,
    Q.scenario_id,
    Q.partner_id,
    Q.person_id,
    Q.colour,
    Q.face_value,
    Q.issued_at,
    Q.expires_at,
    Q.status,
    Q.redeemed_at,
    Q.redemption_key,
)


def _money(value: Any) -> Decimal:
    """A stored amount as an exact two-place Decimal (SQLite hands back binary floats)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _scenario(row: Sequence[Any], colour_values: Sequence[tuple[str, Any]]) -> Scenario:
    return Scenario(
        id=row[0],
        code=row[1],
        category_code=row[2],
        name=row[3],
        name_zh=row[4],
        description=row[5],
        operator_type=row[6],
        purpose=Purpose(row[7]),
        lowest_colour=IntegrityColour(row[8]),
        benefit=Benefit(
            kind=BenefitKind(row[9]),
            value=_money(row[10]),
            cap=_money(row[11]) if row[11] is not None else None,
        ),
        colour_values=tuple(
            sorted(
                ((IntegrityColour(c), _money(v)) for c, v in colour_values),
                key=lambda pair: list(IntegrityColour).index(pair[0]),
            )
        ),
        daily_limit=row[12],
        settle_within_days=row[13],
        valid_from=row[14],
        valid_until=row[15],
        active=bool(row[16]),
    )


def _account(row: Sequence[Any]) -> DeferredAccount:
    return DeferredAccount(
        id=row[0],
        scenario_id=row[1],
        partner_id=row[2],
        person_id=row[3],
        visit_number=row[4],
        colour=IntegrityColour(row[5]),
        credit_limit=_money(row[6]),
        total=_money(row[7]),
        charge_count=row[8],
        status=AccountStatus(row[9]),
        opened_at=row[10],
        due_on=row[11],
        settled_at=row[12],
        settled_amount=_money(row[13]) if row[13] is not None else None,
        settlement_key=row[14],
        overdue_on=row[15],
        overdue_record_id=row[16],
    )


def _charge(row: Sequence[Any]) -> DeferredCharge:
    return DeferredCharge(
        id=row[0],
        account_id=row[1],
        amount=_money(row[2]),
        item=row[3],
        department=row[4],
        charged_at=row[5],
        idempotency_key=row[6],
        fingerprint=row[7],
    )


def _grant(row: Sequence[Any], scenario_code: str) -> BenefitGrant:
    return BenefitGrant(
        id=row[0],
        scenario_id=row[1],
        scenario_code=scenario_code,
        partner_id=row[2],
        person_id=row[3],
        source=GrantSource(row[4]),
        order_reference=row[5],
        order_amount=_money(row[6]),
        benefit_amount=_money(row[7]),
        idempotency_key=row[8],
        fingerprint=row[9],
        granted_at=row[10],
        granted_on=row[11],
        coupon_id=row[12],
    )


def _batch(row: Sequence[Any]) -> CouponBatch:
    return CouponBatch(
        id=row[0],
        partner_id=row[1],
        scenario_id=row[2],
        idempotency_key=row[3],
        fingerprint=row[4],
        expires_at=row[5],
        issued_at=row[6],
        issued_count=row[7],
    )


def _coupon(row: Sequence[Any]) -> Coupon:
    return Coupon(
        id=row[0],
        code=row[1],
        batch_id=row[2],
        scenario_id=row[3],
        partner_id=row[4],
        person_id=row[5],
        colour=IntegrityColour(row[6]),
        face_value=_money(row[7]),
        issued_at=row[8],
        expires_at=row[9],
        status=CouponStatus(row[10]),
        redeemed_at=row[11],
        redemption_key=row[12],
    )


class IncentiveCatalogueRepository:
    """Categories and scenarios (implements ``IncentiveCatalogue``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def categories(self) -> list[Category]:
        """Every category, in catalogue order."""
        rows = await self._db.all(
            select(K.id, K.code, K.name, K.name_zh, K.description).order_by(K.id)
        )
        return [Category(*row) for row in rows]

    async def save_category(
        self, *, code: str, name: str, name_zh: str, description: str
    ) -> Category:
        """Add a category or change the one with this code."""
        texts = {"name": name, "name_zh": name_zh, "description": description}
        row = await self._db.first(
            self._db.insert(CATEGORIES)
            .values(code=code, **texts)
            .on_conflict_do_update(index_elements=["code"], set_=texts)
            .returning(K.id, K.code, K.name, K.name_zh, K.description)
        )
        return Category(*row)

    async def _load(self, where: ColumnElement[bool] | None) -> list[Scenario]:
        statement = select(*_SCENARIO_COLUMNS).select_from(
            SCENARIOS.join(CATEGORIES, K.id == S.category_id)
        )
        if where is not None:
            statement = statement.where(where)
        rows = await self._db.all(statement.order_by(S.code))
        if not rows:
            return []
        values = await self._db.all(
            select(
                COLOUR_VALUES.c.scenario_id, COLOUR_VALUES.c.colour, COLOUR_VALUES.c.value
            ).where(COLOUR_VALUES.c.scenario_id.in_([row[0] for row in rows]))
        )
        by_scenario: dict[int, list[tuple[str, Any]]] = {}
        for scenario_id, colour, value in values:
            by_scenario.setdefault(scenario_id, []).append((colour, value))
        return [_scenario(row, by_scenario.get(row[0], [])) for row in rows]

    async def scenarios(
        self, *, category_code: str | None = None, operator_type: str | None = None
    ) -> list[Scenario]:
        """Scenarios by code, optionally of one category or operator type."""
        conditions: list[ColumnElement[bool]] = []
        if category_code is not None:
            conditions.append(K.code == category_code)
        if operator_type is not None:
            conditions.append(S.operator_type == operator_type)
        where = None
        for condition in conditions:
            where = condition if where is None else where & condition
        return await self._load(where)

    async def scenario(self, code: str) -> Scenario | None:
        """The scenario with this code, active or retired."""
        found = await self._load(S.code == code)
        return found[0] if found else None

    async def scenario_by_id(self, scenario_id: int) -> Scenario | None:
        """The scenario with this id."""
        found = await self._load(S.id == scenario_id)
        return found[0] if found else None

    async def save_scenario(self, draft: ScenarioDraft, now: datetime) -> Scenario | None:
        """Add a scenario or change the one with this code; None when its category is unknown."""
        category = await self._db.first(select(K.id).where(K.code == draft.category_code))
        if category is None:
            return None
        values = {
            "category_id": category[0],
            "name": draft.name.strip(),
            "name_zh": draft.name_zh.strip(),
            "description": draft.description.strip(),
            "operator_type": draft.operator_type,
            "purpose": draft.purpose.value,
            "lowest_colour": draft.lowest_colour.value,
            "benefit_kind": draft.benefit.kind.value,
            "benefit_value": draft.benefit.value,
            "benefit_cap": draft.benefit.cap,
            "daily_limit": draft.daily_limit,
            "settle_within_days": draft.settle_within_days,
            "valid_from": draft.valid_from,
            "valid_until": draft.valid_until,
            "active": draft.active,
            "updated_at": now,
        }
        row = await self._db.first(
            self._db.insert(SCENARIOS)
            .values(code=draft.code, created_at=now, **values)
            .on_conflict_do_update(index_elements=["code"], set_=values)
            .returning(S.id)
        )
        scenario_id = row[0]
        await self._db.execute(
            delete(COLOUR_VALUES).where(COLOUR_VALUES.c.scenario_id == scenario_id)
        )
        if draft.colour_values:
            await self._db.execute(
                insert(COLOUR_VALUES),
                [
                    {"scenario_id": scenario_id, "colour": colour.value, "value": value}
                    for colour, value in draft.colour_values
                ],
            )
        return await self.scenario_by_id(scenario_id)


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


class BenefitRepository:
    """Benefits granted and daily use counters (implements ``BenefitLedger``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def _code(self, scenario_id: int) -> str:
        row = await self._db.first(select(S.code).where(S.id == scenario_id))
        return str(row[0]) if row else ""

    async def add_grant(self, draft: GrantDraft) -> BenefitGrant | None:
        """Store a grant; None when its key, order, coupon or account was granted already."""
        scenario = draft.scenario
        category = await self._db.first(select(K.id).where(K.code == scenario.category_code))
        row = await self._db.first(
            self._db.insert(GRANTS)
            .values(
                scenario_id=scenario.id,
                category_id=category[0],
                partner_id=draft.partner_id,
                operator_type=draft.operator_type,
                person_id=draft.person_id,
                district=draft.district,
                source=draft.source.value,
                order_reference=draft.order_reference,
                order_amount=draft.order_amount,
                benefit_amount=draft.benefit_amount,
                idempotency_key=draft.idempotency_key,
                fingerprint=draft.fingerprint,
                granted_at=draft.granted_at,
                granted_on=draft.granted_on,
                coupon_id=draft.coupon_id,
                account_id=draft.account_id,
            )
            .on_conflict_do_nothing()
            .returning(*_GRANT_COLUMNS)
        )
        if row is None:
            return None
        await self._count_monthly(draft, category[0])
        return _grant(row, scenario.code)

    async def _count_monthly(self, draft: GrantDraft, category_id: int) -> None:
        """Add a new grant to the statistics' monthly rollup (one atomic upsert)."""
        statement = self._db.insert(MONTHLY).values(
            person_id=draft.person_id,
            scenario_id=draft.scenario.id,
            partner_id=draft.partner_id,
            month=draft.granted_on.replace(day=1),
            district=draft.district or "",
            category_id=category_id,
            operator_type=draft.operator_type,
            uses=1,
            benefit=draft.benefit_amount,
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["person_id", "scenario_id", "partner_id", "month", "district"],
                set_={"uses": M.uses + 1, "benefit": M.benefit + statement.excluded.benefit},
            )
        )

    async def _one(self, *conditions: ColumnElement[bool]) -> BenefitGrant | None:
        row = await self._db.first(
            select(*_GRANT_COLUMNS, S.code)
            .select_from(GRANTS.join(SCENARIOS, S.id == G.scenario_id))
            .where(*conditions)
        )
        return _grant(row, row[-1]) if row else None

    async def grant_by_key(self, partner_id: int, key: str) -> BenefitGrant | None:
        """The grant an idempotency key produced."""
        return await self._one(G.partner_id == partner_id, G.idempotency_key == key)

    async def grant_for_order(
        self, partner_id: int, scenario_id: int, order_reference: str
    ) -> BenefitGrant | None:
        """The grant of a scenario on one of the partner's orders."""
        return await self._one(
            G.partner_id == partner_id,
            G.scenario_id == scenario_id,
            G.order_reference == order_reference,
        )

    async def uses_on(self, scenario_id: int, person_id: int, day: date) -> int:
        """How many times the person used the scenario on a city day."""
        row = await self._db.first(
            select(U.uses).where(
                U.scenario_id == scenario_id, U.person_id == person_id, U.day == day
            )
        )
        return int(row[0]) if row else 0

    async def take_daily_use(self, scenario_id: int, person_id: int, day: date, limit: int) -> bool:
        """Count one more use unless the limit is reached (atomic); False when it is."""
        statement = self._db.insert(DAILY).values(
            scenario_id=scenario_id, person_id=person_id, day=day, uses=1
        )
        row = await self._db.first(
            statement.on_conflict_do_update(
                index_elements=["scenario_id", "person_id", "day"],
                set_={"uses": U.uses + 1},
                where=U.uses < limit,
            ).returning(U.uses)
        )
        return row is not None

    def _month_of(self, day: ColumnElement[Any]) -> ColumnElement[Any]:
        """The first day of a grant's month."""
        if self._db.postgresql:
            return cast(func.date_trunc("month", day), Date)
        first: ColumnElement[Any] = func.date(day, "start of month")
        return first

    def _keys(self, dimension: StatisticsDimension, *, rollup: bool) -> ColumnElement[Any]:
        """A group's key column (ids, codes, days) in the rollup or the grants."""
        table = M if rollup else G
        key: ColumnElement[Any]
        if dimension is StatisticsDimension.SCENARIO:
            key = table.scenario_id
        elif dimension is StatisticsDimension.CATEGORY:
            key = table.category_id
        elif dimension is StatisticsDimension.OPERATOR_TYPE:
            key = table.operator_type
        elif dimension is StatisticsDimension.PARTNER:
            key = table.partner_id
        elif dimension is StatisticsDimension.DISTRICT:
            key = M.district if rollup else func.coalesce(G.district, "")
        elif dimension is StatisticsDimension.MONTH:
            key = M.month if rollup else self._month_of(G.granted_on)
        else:
            key = G.granted_on  # DAY: the grants only
        return key

    async def _aggregate(
        self,
        spec: StatisticsFilter,
        dimensions: tuple[StatisticsDimension, ...],
        codes: tuple[dict[str, int], dict[str, int]],
    ) -> list[Any]:
        """(keys..., beneficiaries, uses, benefit) per group of ``dimensions``, one statement.

        Whole months inside the filter's days are read from the monthly rollup (about a
        third of the grants' rows, narrow), the days at either end, and any grouping by day,
        from the grants. Both yield (keys, person, uses, benefit) with ids and days as keys
        (cheap to sort: the labels are looked up afterwards); beneficiaries are
        ``COUNT(DISTINCT person)`` over the union, so a person counts once per group
        whichever months, operators and grants they had.
        """
        months = None if StatisticsDimension.DAY in dimensions else _whole_months(spec)
        names = [f"k{i}" for i in range(len(dimensions))]
        branches: list[Select[Any]] = []
        if months is not None:
            first, last = months
            kept = _common_conditions(spec, codes, rollup=True)
            if first is not None:
                kept.append(M.month >= first)
            if last is not None:
                kept.append(M.month <= last)
            keys = [
                self._keys(d, rollup=True).label(n) for d, n in zip(dimensions, names, strict=True)
            ]
            branches.append(
                select(*keys, M.person_id.label("person_id"), M.uses.label("uses"),
                       M.benefit.label("benefit")).where(*kept)
            )  # fmt: skip
            edges = _edge_days(spec, first, last)
            days = or_(*edges) if edges else None
        else:
            days = _day_range(spec)
        if months is None or days is not None:
            raw = _common_conditions(spec, codes, rollup=False)
            if days is not None:
                raw.append(days)
            keys = [
                self._keys(d, rollup=False).label(n) for d, n in zip(dimensions, names, strict=True)
            ]
            branches.append(
                select(*keys, G.person_id.label("person_id"), literal(1).label("uses"),
                       G.benefit_amount.label("benefit")).where(*raw)
            )  # fmt: skip
        rows = (branches[0] if len(branches) == 1 else union_all(*branches)).subquery("rows")
        grouped = [rows.c[n] for n in names]
        statement = select(
            *grouped,
            func.count(rows.c.person_id.distinct()),
            func.coalesce(func.sum(rows.c.uses), 0),
            func.sum(rows.c.benefit),
        )
        if grouped:
            statement = statement.group_by(*grouped)
        return list(await self._db.all(statement))

    async def _codes(self) -> tuple[dict[str, int], dict[str, int]]:
        scenarios = await self._db.all(select(S.code, S.id))
        categories = await self._db.all(select(K.code, K.id))
        return dict(scenarios), dict(categories)

    async def statistics(self, spec: StatisticsFilter) -> Statistics:
        """Beneficiaries, uses and benefit over the grants the filter selects, grouped."""
        codes = await self._codes()
        names = (
            {i: c for c, i in codes[0].items()},
            {i: c for c, i in codes[1].items()},
        )
        found = await self._aggregate(spec, (), codes)
        total_row = found[0]
        total = StatisticsRow((), int(total_row[0]), int(total_row[1]), _sum(total_row[2]))
        groups: list[StatisticsRow] = []
        if spec.group_by:
            width = len(spec.group_by)
            for row in await self._aggregate(spec, spec.group_by, codes):
                keys = tuple(
                    (dimension, _group_label(dimension, value, names))
                    for dimension, value in zip(spec.group_by, row[:width], strict=True)
                )
                groups.append(
                    StatisticsRow(keys, int(row[width]), int(row[width + 1]), _sum(row[width + 2]))
                )
            groups.sort(key=lambda group: tuple(value for _, value in group.keys))
        return Statistics(total=total, groups=tuple(groups))


def _group_label(
    dimension: StatisticsDimension, value: Any, names: tuple[dict[int, str], dict[int, str]]
) -> str:
    """A group key as the API shows it: codes for ids, YYYY-MM for a month, ISO days."""
    if dimension is StatisticsDimension.SCENARIO:
        return names[0].get(int(value), str(value))
    if dimension is StatisticsDimension.CATEGORY:
        return names[1].get(int(value), str(value))
    if dimension is StatisticsDimension.MONTH:
        return str(value)[:7]
    if dimension is StatisticsDimension.DAY:
        return str(value)[:10]
    return str(value)


def _common_conditions(
    spec: StatisticsFilter, codes: tuple[dict[str, int], dict[str, int]], *, rollup: bool
) -> list[ColumnElement[bool]]:
    """The filter's conditions but the days, on the rollup's or the grants' columns."""
    table = M if rollup else G
    conditions: list[ColumnElement[bool]] = []
    if spec.scenario_codes:
        ids = [codes[0][c] for c in spec.scenario_codes if c in codes[0]]
        conditions.append(table.scenario_id.in_(ids))
    if spec.category_codes:
        ids = [codes[1][c] for c in spec.category_codes if c in codes[1]]
        conditions.append(table.category_id.in_(ids))
    if spec.operator_types:
        conditions.append(table.operator_type.in_(spec.operator_types))
    if spec.districts:
        conditions.append(table.district.in_(spec.districts))
    if spec.partner_ids:
        conditions.append(table.partner_id.in_(spec.partner_ids))
    return conditions


def _day_range(spec: StatisticsFilter) -> ColumnElement[bool] | None:
    """The filter's days on the grants (None: every day)."""
    parts: list[ColumnElement[bool]] = []
    if spec.granted_from is not None:
        parts.append(G.granted_on >= spec.granted_from)
    if spec.granted_until is not None:
        parts.append(G.granted_on <= spec.granted_until)
    if not parts:
        return None
    condition = parts[0]
    for part in parts[1:]:
        condition = condition & part
    return condition


def _month_after(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _whole_months(spec: StatisticsFilter) -> tuple[date | None, date | None] | None:
    """The first and last month (their first days; None: unbounded) lying wholly inside the
    filter's days, or None when no month does."""
    start, end = spec.granted_from, spec.granted_until
    first = None if start is None else (start if start.day == 1 else _month_after(start))
    if end is None:
        last = None
    elif _month_after(end) - timedelta(days=1) == end:
        last = end.replace(day=1)
    else:
        last = (end.replace(day=1) - timedelta(days=1)).replace(day=1)
    if first is not None and last is not None and first > last:
        return None
    return first, last


def _edge_days(
    spec: StatisticsFilter, first: date | None, last: date | None
) -> list[ColumnElement[bool]]:
    """The filter's days outside its whole months, on the grants."""
    edges: list[ColumnElement[bool]] = []
    if spec.granted_from is not None and first is not None and spec.granted_from < first:
        edges.append((G.granted_on >= spec.granted_from) & (G.granted_on < first))
    if spec.granted_until is not None and last is not None:
        after = _month_after(last)
        if spec.granted_until >= after:
            edges.append((G.granted_on >= after) & (G.granted_on <= spec.granted_until))
    return edges


def _sum(value: Any) -> Decimal:
    return _money(value) if value is not None else Decimal("0.00")


class CouponRepository:
    """Coupon batches and coupons (implements ``CouponStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def claim_batch(
        self,
        *,
        partner_id: int,
        scenario_id: int,
        idempotency_key: str,
        fingerprint: str,
        expires_at: datetime,
        now: datetime,
    ) -> CouponBatch | None:
        """Take the key for a new batch; None when the partner used it already."""
        row = await self._db.first(
            self._db.insert(BATCHES)
            .values(
                partner_id=partner_id,
                scenario_id=scenario_id,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                expires_at=expires_at,
                issued_at=now,
                issued_count=0,
            )
            .on_conflict_do_nothing(index_elements=["partner_id", "idempotency_key"])
            .returning(*_BATCH_COLUMNS)
        )
        return _batch(row) if row else None

    async def batch_by_key(self, partner_id: int, key: str) -> CouponBatch | None:
        """The batch a key produced."""
        row = await self._db.first(
            select(*_BATCH_COLUMNS).where(B.partner_id == partner_id, B.idempotency_key == key)
        )
        return _batch(row) if row else None

    async def consenting_persons(
        self,
        *,
        partner_id: int,
        scenario_id: int,
        purposes: frozenset[Purpose],
        now: datetime,
        limit: int,
    ) -> list[tuple[int, str, Purpose]]:
        """(person, consent id, purpose) of persons with an authorised, live consent for the
        partner that lets it read their integrity colour, holding no live coupon of the
        scenario from it; one (the newest) consent per person."""
        holds_coupon = exists().where(
            Q.partner_id == partner_id,
            Q.scenario_id == scenario_id,
            Q.person_id == C.subject_id,
            Q.status == CouponStatus.ISSUED.value,
            Q.expires_at > now,
        )
        rows = await self._db.all(
            select(C.subject_id, C.id, C.purpose)
            .where(
                C.partner_id == partner_id,
                C.subject_kind == SubjectKind.PERSON.value,
                C.status == ConsentStatus.AUTHORISED.value,
                C.expires_at > now,
                C.purpose.in_(sorted(p.value for p in purposes)),
                C.permissions.contains(ConsentPermission.READ_INTEGRITY_CODE.value),
                ~holds_coupon,
            )
            .order_by(C.subject_id, C.created_at.desc(), C.id)
        )
        chosen: dict[int, tuple[int, str, Purpose]] = {}
        for person_id, consent_id, purpose in rows:
            if person_id not in chosen:
                chosen[person_id] = (person_id, consent_id, Purpose(purpose))
                if len(chosen) >= limit:
                    break
        return list(chosen.values())

    async def add_coupons(
        self, batch: CouponBatch, coupons: Sequence[tuple[int, IntegrityColour, Decimal, str]]
    ) -> list[Coupon]:
        """Store (person, colour, face value, code) coupons of a batch and count them on it."""
        if not coupons:
            return []
        rows = await self._db.all(
            insert(COUPONS).returning(*_COUPON_COLUMNS, sort_by_parameter_order=True),
            [
                {
                    "code": code,
                    "batch_id": batch.id,
                    "scenario_id": batch.scenario_id,
                    "partner_id": batch.partner_id,
                    "person_id": person_id,
                    "colour": colour.value,
                    "face_value": face_value,
                    "issued_at": batch.issued_at,
                    "expires_at": batch.expires_at,
                    "status": CouponStatus.ISSUED.value,
                }
                for person_id, colour, face_value, code in coupons
            ],
        )
        await self._db.execute(
            update(BATCHES)
            .where(B.id == batch.id)
            .values(issued_count=B.issued_count + len(coupons))
        )
        return [_coupon(row) for row in rows]

    async def coupons_of_batch(self, batch_id: int) -> list[Coupon]:
        """A batch's coupons, in issue order."""
        rows = await self._db.all(
            select(*_COUPON_COLUMNS).where(Q.batch_id == batch_id).order_by(Q.id)
        )
        return [_coupon(row) for row in rows]

    async def by_code(self, code: str) -> Coupon | None:
        """The coupon with this code."""
        row = await self._db.first(select(*_COUPON_COLUMNS).where(Q.code == code))
        return _coupon(row) if row else None

    async def redeem(self, coupon_id: int, key: str, now: datetime) -> Coupon | None:
        """Mark an issued, unexpired coupon redeemed (atomic); None when it was not."""
        row = await self._db.first(
            update(COUPONS)
            .where(
                Q.id == coupon_id,
                Q.status == CouponStatus.ISSUED.value,
                Q.expires_at > now,
            )
            .values(status=CouponStatus.REDEEMED.value, redeemed_at=now, redemption_key=key)
            .returning(*_COUPON_COLUMNS)
        )
        return _coupon(row) if row else None


class SavepointRepository:
    """Savepoints on the unit of work's session (implements ``Savepoints``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    def savepoint(self) -> AbstractAsyncContextManager[object]:
        """A savepoint, released on success and rolled back when the block raises."""
        return self._db.session.begin_nested()

    async def begin_writing(self) -> None:
        """Take the write lock first where the database serialises writers (SQLite).

        SQLite lets one transaction write at a time; one that read first and then waits for
        the lock finds its snapshot stale and fails ("database is locked"). A write that
        changes nothing, as the transaction's first statement, makes it wait for its turn
        instead. PostgreSQL locks rows, so nothing is done there.
        """
        if not self._db.postgresql:
            await self._db.execute(update(CATEGORIES).where(false()).values(code=K.code))
