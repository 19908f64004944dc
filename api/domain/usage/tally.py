"""Usage counted in the process between two flushes to the database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from api.domain.usage.model import UsageCounts


class UsageTally:
    """Counts per (partner, day) since the last flush; ``drain`` hands them over and starts again.

    Only the event loop's thread touches it, so an add and a drain never interleave.
    """

    def __init__(self) -> None:
        self._counts: dict[tuple[int, date], UsageCounts] = {}

    def add(self, partner_id: int, day: date, counts: UsageCounts) -> None:
        """Count one request (or several) of a partner on a day."""
        key = (partner_id, day)
        self._counts[key] = self._counts.get(key, UsageCounts()) + counts

    def drain(self) -> dict[tuple[int, date], UsageCounts]:
        """What was counted since the last drain; the tally starts empty again."""
        drained, self._counts = self._counts, {}
        return drained

    def restore(self, drained: Mapping[tuple[int, date], UsageCounts]) -> None:
        """Put back counts a flush could not write, to be written by the next one."""
        for (partner_id, day), counts in drained.items():
            self.add(partner_id, day, counts)

    def __len__(self) -> int:
        return len(self._counts)
