"""Runs bulk operations: the document through the real schema, page after page, into a file.

One operation at a time per worker. Each page is one request-like unit of work on the
schema, with the partner's own principal (its scopes as they were at start), so every field's
permission, the consent gate and masking apply as they would to one request; audit rows a
page writes are committed with it. Each node becomes one JSON line; the nodes of a nested
connection get ``__parentId`` (Shopify's format). After each page the file is flushed and the
counts, the root cursor and a renewed lease are saved together, and a cancel is honoured.
A worker that dies leaves a RUNNING operation whose lease runs out; the next claim resumes
it: the file is cut back to the size last saved and the export goes on from that cursor.
Memory holds one page, whatever the export's size.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import orjson
import strawberry
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.principal import Principal
from api.auth.scopes import PartnerType, parse_scopes
from api.crypto import KeyedAccessCrypto, Keys
from api.db.bulk_jobs import (
    ClaimedOperation,
    Verdict,
    claim_bulk_operation,
    finish_bulk_operation,
    record_progress,
)
from api.db.uow import UnitOfWork
from api.domain.bulk.model import BulkFailure, BulkOperationStatus
from api.domain.clock import city_today
from api.domain.errors import DomainError
from api.graphql.bulk.documents import ID_KEY, PAGE_INFO_KEY, BulkPlan, NestedConnection
from api.graphql.bulk.plans import bulk_plan
from api.graphql.context import Context
from api.graphql.ids import Cursors, GlobalIds
from api.graphql.loaders import Loaders

logger = logging.getLogger("api.bulk")


class PageFailedError(RuntimeError):
    """A page answered with errors: the operation fails with QUERY_ERROR."""


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    """How one operation ended in this worker."""

    id: str
    status: BulkOperationStatus
    object_count: int
    file_size: int


class BulkRunner:
    """Claims and runs bulk operations into ``directory``; one page is ``page_size`` rows."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        keys: Keys,
        schema: strawberry.Schema,
        directory: Path,
        *,
        page_size: int = 100,
        lease: timedelta = timedelta(minutes=2),
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.sessions = sessions
        self._keys = keys
        self._crypto = KeyedAccessCrypto(keys)
        self._ids = GlobalIds(keys.global_id)
        self._cursors = Cursors(keys.cursor)
        self._schema = schema
        self._directory = directory
        self.page_size = page_size
        self.lease = lease
        self.clock = clock

    def path_of(self, operation_id: str) -> Path:
        """Where an operation's file is written."""
        return self._directory / f"{operation_id}.jsonl"

    async def run_next(self) -> BulkOutcome | None:
        """Claim one operation and run it to its end; None when none is waiting."""
        claimed = await claim_bulk_operation(self.sessions, now=self.clock(), lease=self.lease)
        if claimed is None:
            return None
        return await self.run(claimed)

    async def run(self, claimed: ClaimedOperation) -> BulkOutcome:
        """Run one claimed operation to COMPLETED, CANCELED or FAILED."""
        export = _Export(self, claimed)
        try:
            status = await export.run()
        except PageFailedError as error:
            return await export.end(BulkOperationStatus.FAILED, BulkFailure.QUERY_ERROR, str(error))
        except _LostLeaseError:
            logger.warning("bulk operation %s: another worker holds it now", claimed.id)
            return BulkOutcome(claimed.id, BulkOperationStatus.RUNNING, export.objects, export.size)
        except _DeniedError as error:
            return await export.end(
                BulkOperationStatus.FAILED, BulkFailure.ACCESS_DENIED, str(error)
            )
        except _LostFileError as error:
            return await export.end(BulkOperationStatus.FAILED, BulkFailure.WORKER_LOST, str(error))
        except DomainError as error:
            return await export.end(BulkOperationStatus.FAILED, BulkFailure.QUERY_ERROR, str(error))
        except Exception as error:
            logger.exception("bulk operation %s failed", claimed.id)
            return await export.end(
                BulkOperationStatus.FAILED, BulkFailure.INTERNAL_ERROR, type(error).__name__
            )
        return await export.end(status, None, None)

    async def execute(
        self, principal: Principal, document: str, variables: dict[str, Any]
    ) -> dict[str, Any]:
        """One page: the document through the schema in its own unit of work, committed."""
        async with UnitOfWork(self.sessions) as uow:
            repos = uow.repos
            now = self.clock()
            today = city_today(now)
            context = Context(
                uow=uow,
                repos=repos,
                loaders=Loaders(repos, today),
                ids=self._ids,
                cursors=self._cursors,
                today=today,
                request_id=f"bulk-{principal.token_id}"[:64],
                principal=principal,
                keys=self._keys,
                crypto=self._crypto,
                now=now,
            )
            try:
                result = await self._schema.execute(
                    document, variable_values=variables, context_value=context
                )
            finally:
                await repos.close()
            if result.errors or context.audit_failed or result.data is None:
                first = result.errors[0].message if result.errors else "no data"
                raise PageFailedError(f"a page answered with an error: {first}")
            await uow.commit()
            return result.data


class _LostFileError(RuntimeError):
    """A resumed operation's file is not as it was left."""


class _LostLeaseError(RuntimeError):
    """This worker's lease ran out and another worker resumed the operation."""


class _DeniedError(RuntimeError):
    """The operation's partner was disabled: it reads nothing more."""


class _Export:
    """One operation's run: its plan, its file and its counts."""

    def __init__(self, runner: BulkRunner, claimed: ClaimedOperation) -> None:
        self.runner = runner
        self.claimed = claimed
        self.objects = claimed.object_count if claimed.resumed else 0
        self.size = claimed.file_size if claimed.resumed else 0
        self.held = claimed.lease_until
        self.principal = Principal(
            partner_id=claimed.partner_id,
            partner_type=PartnerType(claimed.partner_type),
            client_id=claimed.client_id,
            scopes=parse_scopes(claimed.scopes),
            token_id=claimed.token_id,
            expires_at=datetime.max.replace(tzinfo=UTC),
        )

    async def run(self) -> BulkOperationStatus:
        """Write every page; the status it ends with (COMPLETED or CANCELED)."""
        plan = bulk_plan(self.claimed.query, frozenset(self.claimed.scopes.split()))
        path = self.runner.path_of(self.claimed.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        cursor = self.claimed.resume_cursor if self.claimed.resumed else None
        if self.claimed.resumed:
            if not path.exists() or path.stat().st_size < self.size:
                raise _LostFileError("the file of the resumed operation is missing or short")
            # A worker that lost its lease may still hold the old file open: the export goes
            # on in a new file holding the saved part, so nothing it writes can reach it.
            stale = path.with_suffix(".stale")
            os.replace(path, stale)
            handle: IO[bytes] = path.open("wb")
            with stale.open("rb") as kept:
                _copy_start(kept, handle, self.size)
            stale.unlink()
        else:
            handle = path.open("wb")
        with handle:
            # Before the first page too: a disabled partner's operation reads nothing.
            if await self._saved(cursor) is Verdict.STOP:
                return BulkOperationStatus.CANCELED
            while True:
                data = await self.runner.execute(
                    self.principal,
                    plan.page_document,
                    {"bulkFirst": self.runner.page_size, "bulkAfter": cursor},
                )
                connection = data[plan.root_key]
                for node in _nodes(connection, plan.shape):
                    await self._write_node(handle, plan, node)
                handle.flush()
                os.fsync(handle.fileno())
                page_info = connection[PAGE_INFO_KEY]
                cursor = page_info["endCursor"] or cursor
                if await self._saved(cursor) is Verdict.STOP:
                    return BulkOperationStatus.CANCELED
                if not page_info["hasNextPage"]:
                    return BulkOperationStatus.COMPLETED

    async def _saved(self, cursor: str | None) -> Verdict:
        """Save the progress (and renew the lease); DENIED raises, STOP is returned."""
        verdict, self.held = await record_progress(
            self.runner.sessions,
            self.claimed.id,
            object_count=self.objects,
            file_size=self.size,
            cursor=cursor,
            now=self.runner.clock(),
            lease=self.runner.lease,
            held=self.held,
        )
        if verdict is Verdict.LOST:
            raise _LostLeaseError(self.claimed.id)
        if verdict is Verdict.DENIED:
            raise _DeniedError("the partner was disabled")
        return verdict

    async def _write_node(self, handle: IO[bytes], plan: BulkPlan, node: dict[str, Any]) -> None:
        """One root node's line, then its nested connections' nodes, each with __parentId."""
        nested = {n.key: node.pop(n.key) for n in plan.nested}
        parent_id = node.pop(ID_KEY, None)
        if plan.adds_id and "id" not in node:
            node = {"id": parent_id, **node}
        self._line(handle, node)
        for connection in plan.nested:
            await self._write_nested(handle, connection, nested[connection.key], parent_id)

    async def _write_nested(
        self,
        handle: IO[bytes],
        connection: NestedConnection,
        page: dict[str, Any] | None,
        parent_id: str | None,
    ) -> None:
        """Every node of one nested connection, following its cursor through ``node(id:)``."""
        while page is not None:
            for child in _nodes(page, connection.shape):
                self._line(handle, {**child, "__parentId": parent_id})
            info = page[PAGE_INFO_KEY]
            if not info["hasNextPage"]:
                return
            data = await self.runner.execute(
                self.principal,
                connection.follow,
                {"bulkId": parent_id, "bulkAfter": info["endCursor"]},
            )
            parent = data.get("node") or {}
            page = parent.get(connection.key)

    def _line(self, handle: IO[bytes], value: dict[str, Any]) -> None:
        line = orjson.dumps(value) + b"\n"
        handle.write(line)
        self.objects += 1
        self.size += len(line)

    async def end(
        self, status: BulkOperationStatus, failure: BulkFailure | None, detail: str | None
    ) -> BulkOutcome:
        """Record the ending (the counts as last written), unless another worker holds it."""
        ended = await finish_bulk_operation(
            self.runner.sessions,
            self.claimed.id,
            status=status,
            now=self.runner.clock(),
            object_count=self.objects,
            file_size=self.size,
            held=self.held,
            failure=failure,
            detail=detail,
        )
        if not ended:
            logger.warning("bulk operation %s: another worker holds it now", self.claimed.id)
            status = BulkOperationStatus.RUNNING
        return BulkOutcome(self.claimed.id, status, self.objects, self.size)


def _copy_start(source: IO[bytes], target: IO[bytes], size: int) -> None:
    """Copy the first ``size`` bytes of ``source`` to ``target``, a megabyte at a time."""
    left = size
    while left > 0:
        chunk = source.read(min(left, 1 << 20))
        if not chunk:
            raise _LostFileError("the file of the resumed operation is short")
        target.write(chunk)
        left -= len(chunk)


def _nodes(connection: dict[str, Any], shape: str) -> list[dict[str, Any]]:
    """The nodes of one connection page, as selected (edges' nodes or nodes)."""
    if shape == "edges":
        return [edge["node"] for edge in connection["edges"]]
    return list(connection["nodes"])


def runner_from_settings(
    settings: Any, sessions: async_sessionmaker[AsyncSession], keys: Keys
) -> BulkRunner:
    """The runner as ``credit-platform worker`` builds it (directory, page, lease, limits)."""
    from api.graphql.schema import build_schema

    schema = build_schema(max_depth=settings.max_query_depth, max_tokens=settings.max_query_tokens)
    return BulkRunner(
        sessions,
        keys,
        schema,
        settings.resolved_bulk_export_dir,
        page_size=settings.bulk_page_size,
        lease=timedelta(seconds=settings.bulk_lease_seconds),
    )


async def run_bulk_operations(runner: BulkRunner, *, once: bool, pause: float) -> int:
    """Run operations as they come (until none waits, with ``once``); how many ended here."""
    ended = 0
    while True:
        outcome = await runner.run_next()
        if outcome is not None:
            ended += 1
            logger.info(
                "bulk operation %s %s: %d objects, %d bytes",
                outcome.id,
                outcome.status.value,
                outcome.object_count,
                outcome.file_size,
            )
            continue
        if once:
            return ended
        await asyncio.sleep(pause)
