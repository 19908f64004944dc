"""Signed, expiring download links of completed bulk operations (the signature is the right).

A link names the operation and its expiry (Unix seconds) and carries an HMAC-SHA256 of both
under ``Keys.bulk_link``, a key derived from the master key for this purpose only.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlencode

#: The path a link points at; the operation id and ``.jsonl`` follow.
DOWNLOAD_PATH = "/bulk-operations/"


class LinkCheck(StrEnum):
    """What checking a link found."""

    VALID = "VALID"
    FORGED = "FORGED"
    EXPIRED = "EXPIRED"


def _signature(key: bytes, operation_id: str, expires: int) -> str:
    """The link's HMAC over the operation id and expiry."""
    message = f"bulk-operation:{operation_id}:{expires}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class BulkLinks:
    """Makes and checks download links: the key, the site's base URL, the links' lifetime."""

    key: bytes
    base_url: str
    seconds: int

    def url(self, operation_id: str, now: datetime) -> str:
        """A link to the operation's file, valid ``seconds`` from ``now``."""
        expires = int(now.timestamp()) + self.seconds
        query = urlencode(
            {"expires": expires, "signature": _signature(self.key, operation_id, expires)}
        )
        return f"{self.base_url.rstrip('/')}{DOWNLOAD_PATH}{operation_id}.jsonl?{query}"

    def check(self, operation_id: str, expires: str, signature: str, now: datetime) -> LinkCheck:
        """FORGED unless the signature is ours for this id and expiry; then EXPIRED or VALID."""
        if not expires.isdigit() or len(expires) > 12:
            return LinkCheck.FORGED
        expected = _signature(self.key, operation_id, int(expires))
        if not hmac.compare_digest(expected, signature):
            return LinkCheck.FORGED
        if int(expires) <= now.timestamp():
            return LinkCheck.EXPIRED
        return LinkCheck.VALID
