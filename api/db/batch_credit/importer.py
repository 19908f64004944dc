"""Bulk import of departments' record files (``credit-platform records import``).

Two passes. First every row is parsed and validated (the domain's ``check_intake``, the
identifier validators, subject, department and matter lookups) and each bad row is reported
with its line number and reason. Then the good rows are imported in batches, one transaction
each: every row goes through the same steps as ``api.domain.credit.services.record_fact``
(idempotency claim, exemption under a listed matter, repair case), and the subjects whose
records changed are evaluated once at the end of the batch (cause records_imported). A batch
that fails commits nothing and its rows are reported as rejected; the other batches stand.

Idempotency: a row's key is its ``idempotency_key`` column, or ``file:`` and the domain's
fingerprint of the row (the same row imported again is the same request). Keys are claimed in
the importing partner's ledger, so re-running a file imports nothing twice.

The steps live beside this module: reading rows (``record_rows``), validating them
(``record_validation``), writing batches (``record_batches``) and the file checks
(``file_checks``); their public names are importable from here as well.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.crypto import Keys
from api.db.batch_credit.file_checks import (
    MAX_IMPORT_BYTES,
    ImportRefusedError,
    Rejection,
    decode,
    read_bounded,
)
from api.db.batch_credit.record_batches import (
    DEFAULT_BATCH,
    BatchHook,
    ImportReport,
    import_batches,
    import_one,
)
from api.db.batch_credit.record_rows import COLUMNS, REQUIRED, FileRow, detect_format, read_rows
from api.db.batch_credit.record_validation import (
    DEPARTMENTS,
    ENTERPRISES,
    HOUSEHOLDS,
    LOOKUP_PAGE,
    MATTERS,
    MERCHANTS,
    PERSONS,
    ValidRow,
    validate,
)
from api.db.tables import metadata

__all__ = [
    "CLIENTS",
    "COLUMNS",
    "DEFAULT_BATCH",
    "DEPARTMENTS",
    "ENTERPRISES",
    "HOUSEHOLDS",
    "LOOKUP_PAGE",
    "MATTERS",
    "MERCHANTS",
    "PARTNERS",
    "PERSONS",
    "REQUIRED",
    "BatchHook",
    "FileRow",
    "ImportReport",
    "ValidRow",
    "detect_format",
    "import_batches",
    "import_file",
    "import_one",
    "importing_partner",
    "read_rows",
    "validate",
]

PARTNERS = metadata.tables["partners"]
CLIENTS = metadata.tables["oauth_clients"]


async def import_file(
    sessions: async_sessionmaker[AsyncSession],
    path: Path,
    *,
    fmt: str | None,
    partner: str | None,
    keys: Keys,
    now: datetime,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = MAX_IMPORT_BYTES,
    on_start: Callable[[int], None] | None = None,
    advance: Callable[[int], None] | None = None,
    before_commit: BatchHook | None = None,
) -> ImportReport:
    """Validate and import a CSV or JSON Lines file of records; see the module docstring.

    A file over ``max_bytes`` is refused unread; a damaged one (not UTF-8, cut short) is
    refused whole with its bad lines (``api.db.batch_credit.file_checks``)."""
    started = time.perf_counter()
    file_format = detect_format(path, fmt)
    raw = await asyncio.to_thread(read_bounded, path, max_bytes)
    text = decode(raw, path.name, file_format)
    report = ImportReport()
    rows: list[FileRow] = []
    for item in read_rows(text, file_format):
        report.rows += 1
        if isinstance(item, Rejection):
            report.rejected.append(item)
        else:
            rows.append(item)
    async with sessions() as session:
        partner_id = await importing_partner(session, partner)
        good, rejected = await validate(session, rows, keys=keys, now=now)
    report.rejected.extend(rejected)
    if on_start is not None:
        on_start(len(good))
    await import_batches(
        sessions,
        good,
        report,
        partner_id=partner_id,
        now=now,
        batch_size=batch_size,
        advance=advance,
        before_commit=before_commit,
    )
    report.rejected.sort(key=lambda r: r.line)
    report.seconds = time.perf_counter() - started
    return report


async def importing_partner(session: AsyncSession, given: str | None) -> int:
    """The partner whose ledger holds the keys: by client id or name, else the credit office."""
    p = PARTNERS.c
    if given is not None:
        rows = list(
            await session.execute(
                select(p.id)
                .select_from(PARTNERS.outerjoin(CLIENTS, CLIENTS.c.partner_id == p.id))
                .where((CLIENTS.c.client_id == given) | (p.name == given))
                .distinct()
            )
        )
        if len(rows) != 1:
            raise ImportRefusedError(
                f"no partner with client id or name {given!r}"
                if not rows
                else f"several partners match {given!r}: give a client id"
            )
        return int(rows[0][0])
    rows = list(
        await session.execute(
            select(p.id).where(p.type == "credit_office", p.status == "active").order_by(p.id)
        )
    )
    if len(rows) != 1:
        raise ImportRefusedError(
            "no active credit office partner to import as: create one "
            "(credit-platform partners create --type credit_office) or pass --partner"
            if not rows
            else "several credit office partners: pass --partner CLIENT_ID_OR_NAME"
        )
    return int(rows[0][0])
