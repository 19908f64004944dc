"""Signed scan-to-check links of merchants: what a merchant's QR code encodes.

A link names the merchant by its id sealed with AES-SIV (not a number anyone can guess or
count through), carries the last day it is valid, and an HMAC-SHA256 over both, keyed by a key
derived from the master key (``Keys.merchant_scan``). Anyone can open it; only the platform can
make one. A link whose MAC does not verify is forged; a genuine link past its day is expired.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cryptography.exceptions import InvalidTag

from api.crypto import Sealer, derive_key

#: The path under which the platform serves the public page of a link.
SCAN_PREFIX = "/scan/merchant"
#: How long a printed code stays valid.
LINK_DAYS = 366
_MAC_BYTES = 16


class LinkVerdict(StrEnum):
    """What opening a link finds."""

    VALID = "valid"
    FORGED = "forged"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class OpenedLink:
    """A link opened: its verdict and, when genuine, the merchant and the last valid day."""

    verdict: LinkVerdict
    merchant_id: int | None = None
    valid_until: date | None = None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class ScanLinks:
    """Makes and opens the signed paths ``/scan/merchant/<ref>/<yyyymmdd>/<mac>``."""

    def __init__(self, key: bytes) -> None:
        self._sealer = Sealer(derive_key(key, "merchant-ref-aes-siv", 64), b"merchant-scan")
        self._mac_key = derive_key(key, "merchant-link-hmac")

    def _mac(self, ref: str, until: str) -> str:
        digest = hmac.new(self._mac_key, f"{ref}/{until}".encode(), hashlib.sha256).digest()
        return _b64(digest[:_MAC_BYTES])

    def path(self, merchant_id: int, valid_until: date) -> str:
        """The signed path of a merchant's public page, valid through ``valid_until``."""
        ref = _b64(self._sealer.seal(merchant_id.to_bytes(8, "big")))
        until = valid_until.strftime("%Y%m%d")
        return f"{SCAN_PREFIX}/{ref}/{until}/{self._mac(ref, until)}"

    def open(self, ref: str, until: str, mac: str, today: date) -> OpenedLink:
        """Check a link's parts: forged unless the MAC verifies; expired after its day."""
        if not hmac.compare_digest(self._mac(ref, until).encode(), mac.encode()):
            return OpenedLink(LinkVerdict.FORGED)
        try:
            merchant_id = int.from_bytes(self._sealer.open(_unb64(ref)), "big")
            valid_until = date(int(until[:4]), int(until[4:6]), int(until[6:]))
        except (InvalidTag, ValueError, binascii.Error):
            return OpenedLink(LinkVerdict.FORGED)
        if today > valid_until:
            return OpenedLink(LinkVerdict.EXPIRED, merchant_id, valid_until)
        return OpenedLink(LinkVerdict.VALID, merchant_id, valid_until)
