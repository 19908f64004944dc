"""Loan products in the database: drafts, versions, statuses and pages. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update

from api.db.hot import HotStatement
from api.db.repositories.banking.tables import PRODUCTS, P, decimal_or_none
from api.db.repositories.gate import SessionGate
from api.domain.banking.codec import criteria_from_json, criteria_to_json
from api.domain.banking.model import (
    LoanKind,
    LoanProduct,
    ProductDraft,
    ProductStatus,
    ProductTerms,
)
from api.domain.paging import Page, PageRequest

_PRODUCT_COLUMNS = (
    P.id,
    P.bank_id,
    P.name,
    P.kind,
    P.status,
    P.criteria,
    P.amount_min,
    P.amount_max,
    P.rate_min,
    P.rate_max,
    P.tax_multiple,
    P.valid_from,
    P.valid_until,
    P.version,
    P.created_at,
    P.updated_at,
)
_PRODUCT_BY_ID = HotStatement(select(*_PRODUCT_COLUMNS).where(P.id == bindparam("id")))


def product_from_row(row: Sequence[Any]) -> LoanProduct:
    """A product from ``_PRODUCT_COLUMNS``."""
    return LoanProduct(
        id=row[0],
        bank_id=row[1],
        name=row[2],
        kind=LoanKind(row[3]),
        status=ProductStatus(row[4]),
        criteria=criteria_from_json(row[5]),
        terms=ProductTerms(
            amount_min=Decimal(row[6]),
            amount_max=Decimal(row[7]),
            rate_min=Decimal(row[8]),
            rate_max=Decimal(row[9]),
            tax_multiple=decimal_or_none(row[10]),
            valid_from=row[11],
            valid_until=row[12],
        ),
        version=row[13],
        created_at=row[14],
        updated_at=row[15],
    )


class LoanProductRepository:
    """Loan products (implements ``LoanProductStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    @staticmethod
    def _values(draft: ProductDraft) -> dict[str, Any]:
        terms = draft.terms
        return {
            "name": draft.name,
            "kind": draft.kind.value,
            "criteria": criteria_to_json(draft.criteria),
            "amount_min": terms.amount_min,
            "amount_max": terms.amount_max,
            "rate_min": terms.rate_min,
            "rate_max": terms.rate_max,
            "tax_multiple": terms.tax_multiple,
            "valid_from": terms.valid_from,
            "valid_until": terms.valid_until,
        }

    async def add(self, bank_id: int, draft: ProductDraft, *, now: datetime) -> LoanProduct:
        """Store a new draft product."""
        row = await self._db.first(
            insert(PRODUCTS)
            .values(
                bank_id=bank_id,
                status=ProductStatus.DRAFT.value,
                version=1,
                created_at=now,
                updated_at=now,
                **self._values(draft),
            )
            .returning(*_PRODUCT_COLUMNS)
        )
        return product_from_row(row)

    async def get(self, product_id: int) -> LoanProduct | None:
        """One product by id."""
        row = await self._db.row(_PRODUCT_BY_ID, {"id": product_id})
        return product_from_row(row) if row else None

    async def by_ids(self, product_ids: Sequence[int]) -> dict[int, LoanProduct]:
        """Products by id (for loaders)."""
        if not product_ids:
            return {}
        rows = await self._db.all(select(*_PRODUCT_COLUMNS).where(P.id.in_(list(product_ids))))
        return {row[0]: product_from_row(row) for row in rows}

    async def _cas(self, product: LoanProduct, values: dict[str, Any]) -> LoanProduct | None:
        result = await self._db.execute(
            update(PRODUCTS)
            .where(P.id == product.id, P.version == product.version)
            .values(version=product.version + 1, **values)
        )
        if not getattr(result, "rowcount", 0):
            return None
        return await self.get(product.id)

    async def replace(
        self, product: LoanProduct, draft: ProductDraft, *, now: datetime
    ) -> LoanProduct | None:
        """Compare-and-set the product's content from its read version; None if it moved."""
        return await self._cas(product, {**self._values(draft), "updated_at": now})

    async def set_status(
        self, product: LoanProduct, status: ProductStatus, *, now: datetime
    ) -> LoanProduct | None:
        """Compare-and-set the status from the read version; None if it moved."""
        return await self._cas(product, {"status": status.value, "updated_at": now})

    async def open_products(self, day: date) -> list[LoanProduct]:
        """Every published product valid on ``day``."""
        rows = await self._db.all(
            select(*_PRODUCT_COLUMNS)
            .where(
                P.status == ProductStatus.PUBLISHED.value,
                P.valid_from <= day,
                or_(P.valid_until.is_(None), P.valid_until >= day),
            )
            .order_by(P.id)
        )
        return [product_from_row(row) for row in rows]

    async def page(
        self,
        request: PageRequest,
        *,
        bank_id: int | None,
        statuses: Sequence[ProductStatus] = (),
        viewer_bank_id: int | None = None,
    ) -> Page[LoanProduct]:
        """Products newest first: one bank's, or all; a viewer sees others' published only."""
        statement = select(*_PRODUCT_COLUMNS)
        if bank_id is not None:
            statement = statement.where(P.bank_id == bank_id)
        if statuses:
            statement = statement.where(P.status.in_([s.value for s in statuses]))
        if viewer_bank_id is not None:
            statement = statement.where(
                or_(P.bank_id == viewer_bank_id, P.status == ProductStatus.PUBLISHED.value)
            )
        if request.after is not None:
            statement = statement.where(P.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(P.id.desc()).limit(request.first + 1))
        return Page(
            items=[(product_from_row(row), (row[0],)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )
