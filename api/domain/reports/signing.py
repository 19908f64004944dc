"""The signed report: a compact JWS (ES256) over the canonical payload, and its verification.

The platform signs with the key that signs its access tokens (published in its JWKS); the
header names the key (``kid``) and types the object ``credit-report+jws`` so that a report can
never pass for an access token (``at+jwt``) nor a token for a report (RFC 8725, 3.11).
Verification takes the public key the platform stored under that kid, so a report still
verifies after its key has been rotated out of token verification.
"""

from __future__ import annotations

import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from api.domain.reports.document import (
    CONTENT_MEMBER,
    HASH_MEMBER,
    content_hash,
    format_hash,
)
from api.domain.reports.model import StoredReport, VerificationStatus

ALGORITHM = "ES256"
REPORT_TYPE = "credit-report+jws"
#: The longest document accepted for verification (a report with hundreds of items fits).
MAX_DOCUMENT_CHARS = 256 * 1024
_HEADER_MEMBERS = frozenset({"alg", "kid", "typ"})
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class OpenedReport:
    """A document read without trusting it: the key it names and the content it carries."""

    key_id: str
    content: dict[str, Any]
    claimed_hash: str
    compact: jws.CompactSignature


def sign_report(payload: bytes, key: ECKey) -> str:
    """The compact JWS of a report's payload, signed with ``key`` (its kid in the header)."""
    header = {"alg": ALGORITHM, "kid": key.kid, "typ": REPORT_TYPE}
    return jws.serialize_compact(header, payload, key, algorithms=[ALGORITHM])


def open_report(document: str) -> OpenedReport | None:
    """Read a document's header and payload (no signature check yet); None if it is no report."""
    text = document.strip()
    if len(text) > MAX_DOCUMENT_CHARS or not _COMPACT_JWS.fullmatch(text):
        return None
    try:
        compact = jws.extract_compact(text.encode("ascii"))
        header = compact.headers()
        payload = json.loads(compact.payload)
    except (JoseError, ValueError, TypeError, RecursionError):
        return None
    if (
        set(header) != _HEADER_MEMBERS
        or header.get("alg") != ALGORITHM
        or header.get("typ") != REPORT_TYPE
        or not isinstance(header.get("kid"), str)
        or not isinstance(payload, dict)
        or set(payload) != {CONTENT_MEMBER, HASH_MEMBER}
        or not isinstance(payload[CONTENT_MEMBER], dict)
        or not isinstance(payload[HASH_MEMBER], str)
    ):
        return None
    return OpenedReport(
        key_id=header["kid"],
        content=payload[CONTENT_MEMBER],
        claimed_hash=payload[HASH_MEMBER],
        compact=compact,
    )


def signature_holds(opened: OpenedReport, key: ECKey) -> bool:
    """Whether the document's signature verifies under ``key`` (ES256 only)."""
    try:
        return bool(jws.validate_compact(opened.compact, key, algorithms=[ALGORITHM]))
    except JoseError:
        return False


def content_intact(opened: OpenedReport, expected_hash: bytes) -> bool:
    """Whether the content hashes to the hash it claims and to ``expected_hash`` (constant time).

    Both comparisons always run, so the time taken does not say which one failed.
    """
    digest = content_hash(opened.content)
    claimed = hmac.compare_digest(format_hash(digest).encode(), opened.claimed_hash.encode())
    stored = hmac.compare_digest(digest, expected_hash)
    return claimed & stored


def verification_status(
    stored: StoredReport | None, document: str, key: ECKey | None, now: datetime
) -> VerificationStatus:
    """Valid, altered, expired or unknown: the whole answer, never the content.

    UNKNOWN: no report has this number. ALTERED: it exists, but the document is not a report,
    names another key, fails its signature, or is not this number's content (its hash differs
    from the one stored at issue). EXPIRED: the genuine document, past its validity. VALID:
    the genuine document, within its validity.
    """
    if stored is None:
        return VerificationStatus.UNKNOWN
    opened = open_report(document)
    if (
        opened is None
        or key is None
        or not hmac.compare_digest(opened.key_id.encode(), stored.key_id.encode())
        or not signature_holds(opened, key)
        or not content_intact(opened, stored.content_hash)
        or opened.content.get("number") != stored.number
    ):
        return VerificationStatus.ALTERED
    if now >= stored.valid_until:
        return VerificationStatus.EXPIRED
    return VerificationStatus.VALID
