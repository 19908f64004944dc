"""Running uvicorn so that SIGTERM drains: requests in flight finish, then the process exits 0.

On SIGTERM uvicorn stops accepting connections, lets the requests in flight finish (for at
most ``timeout_graceful_shutdown`` seconds, here ``CREDIT_GRACEFUL_SHUTDOWN_SECONDS``), runs
the app's shutdown and returns; then it raises the signal again with the handler that was
installed before it started. With the default handler that ends the process as killed by
SIGTERM (status 143 in a shell) although it stopped cleanly, so ``serve_draining`` installs
one that exits 0. With ``workers`` > 1 the supervising process already exits 0 after it has
stopped its workers.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

import uvicorn

from api.settings import get_settings


def _exit_cleanly(_signum: int, _frame: FrameType | None) -> None:
    """A SIGTERM outside uvicorn's own handling (before it starts, or re-raised after it has
    drained): the server is stopped, so end with status 0."""
    raise SystemExit(0)


def serve_draining(app: str, **options: Any) -> None:
    """``uvicorn.run(app, **options)`` that drains on SIGTERM and then exits with status 0."""
    options.setdefault("timeout_graceful_shutdown", get_settings().graceful_shutdown_seconds)
    previous = signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        uvicorn.run(app, **options)
    finally:
        signal.signal(signal.SIGTERM, previous)
