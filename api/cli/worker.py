"""``credit-platform worker``: deliver the webhook outbox, as a long-running loop (or once)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Annotated

import httpx
import typer
from rich.console import Console

from api.bulk.runner import run_bulk_operations, runner_from_settings
from api.db.audit_seal import seal_audit_chain
from api.db.engine import create_engine, session_factory
from api.observability.metrics import serve_process_metrics
from api.settings import get_settings
from api.webhooks.delivery import DeliveryReport, deliver_due_webhooks
from api.webhooks.settings import get_webhook_settings

console = Console(stderr=True)
logger = logging.getLogger("api.audit.seal")


async def run_worker(*, once: bool, interval: float | None) -> DeliveryReport:
    """Deliver due events round after round (or one round); the last round's report."""
    settings = get_settings()
    config = get_webhook_settings()
    engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)
    cipher_key = settings.keys().signing_key_encryption
    sessions = session_factory(engine)
    pause = interval if interval is not None else config.poll_seconds
    horizon = timedelta(seconds=settings.audit_seal_horizon_seconds)
    # Bulk operations run beside deliveries (an export takes minutes; deliveries go on).
    bulk = runner_from_settings(settings, sessions, settings.keys())
    exports = asyncio.create_task(run_bulk_operations(bulk, once=once, pause=pause))
    try:
        async with httpx.AsyncClient(follow_redirects=False) as client:
            while True:
                report = await deliver_due_webhooks(
                    sessions, now=datetime.now(UTC), client=client, cipher_key=cipher_key
                )
                if report.claimed:
                    console.print(
                        f"webhooks: {report.delivered} delivered, {report.failed} to retry "
                        f"({report.seconds:.2f} s)"
                    )
                # One sealing round of the audit chain per poll (one indexed read when none due).
                # A seal that fails (a forged row in the way) is logged loudly and left for
                # `audit verify` to report; it does not stop webhook delivery.
                try:
                    sealed = await seal_audit_chain(sessions, datetime.now(UTC), horizon)
                except Exception:
                    logger.exception("sealing the audit chain failed; deliveries go on")
                else:
                    if sealed.sealed:
                        console.print(f"audit: sealed {sealed.sealed} row(s), {sealed.late} late")
                if once:
                    await exports
                    return report
                if report.claimed < config.batch_size:
                    await asyncio.sleep(pause)
    finally:
        exports.cancel()
        await engine.dispose()


def worker(
    once: Annotated[bool, typer.Option("--once", help="Deliver one round and exit.")] = False,
    interval: Annotated[
        float | None, typer.Option(help="Seconds to wait when nothing is due.")
    ] = None,
    metrics_port: Annotated[
        int | None,
        typer.Option(
            help="Serve this process's metrics (deliveries by outcome) on 127.0.0.1:PORT/metrics."
        ),
    ] = None,
) -> None:
    """Deliver due webhook events (signed, retried with backoff) and run bulk operations."""
    if metrics_port is not None:
        serve_process_metrics(metrics_port)
    try:
        report = asyncio.run(run_worker(once=once, interval=interval))
    except KeyboardInterrupt:
        return
    print(f"delivered {report.delivered}, retry later {report.failed}")


def match_index() -> None:
    """Rebuild green classifications and the matching index (after a seed or `evaluate --all`)."""
    from api.db.bank_batch import rebuild_matching

    async def run() -> tuple[int, int]:
        engine = create_engine(get_settings().resolved_database_url, pool_size=2, max_overflow=2)
        try:
            return await rebuild_matching(session_factory(engine), now=datetime.now(UTC))
        finally:
            await engine.dispose()

    classified, indexed = asyncio.run(run())
    print(f"classified {classified:,} green profiles, indexed {indexed:,} enterprises")
