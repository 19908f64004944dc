"""Progress reporting and phase timing of a seed."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

logger = logging.getLogger("api.seeding")


class SeedProgress(Protocol):
    """Receives progress: the CLI passes a rich-progress adapter; tests pass a no-op."""

    def start(self, task: str, total: int) -> None:
        """A task begins with ``total`` units of work."""

    def advance(self, task: str, amount: int) -> None:
        """``amount`` more units of ``task`` are done."""


class Progress:
    """Forwards progress to an optional sink and times the phases of a seed."""

    def __init__(self, sink: SeedProgress | None) -> None:
        self._sink = sink
        self.phases: dict[str, float] = {}

    def start(self, task: str, total: int) -> None:
        """A task begins with ``total`` units of work."""
        if self._sink is not None:
            self._sink.start(task, total)

    def advance(self, task: str, amount: int) -> None:
        """``amount`` more units of ``task`` are done."""
        if self._sink is not None:
            self._sink.advance(task, amount)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time a phase (logged at INFO and kept in ``phases``)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - started
            self.phases[name] = self.phases.get(name, 0.0) + seconds
            logger.info("seed phase %s took %.1f s", name, seconds)
