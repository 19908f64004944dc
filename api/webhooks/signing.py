"""Webhook signatures: a detached JWS (RFC 7515 appendix F) over the exact body bytes.

``X-Credit-Signature: <protected header>..<signature>``, ES256, the header naming the platform
key (``kid``, in ``/.well-known/jwks.json``), typed ``credit-webhook+jws`` so it can pass for
neither an access token nor a report, and carrying the event id and the signing time, so both
are covered by the signature.
"""

from __future__ import annotations

from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey
from joserfc.util import urlsafe_b64encode

ALGORITHM = "ES256"
WEBHOOK_TYPE = "credit-webhook+jws"
SIGNATURE_HEADER = "X-Credit-Signature"
EVENT_ID_HEADER = "X-Credit-Event-Id"
TIMESTAMP_HEADER = "X-Credit-Timestamp"
#: Accepts the private header members ``eid`` (event id) and ``iat`` (signing time).
_REGISTRY = jws.JWSRegistry(strict_check_header=False, algorithms=[ALGORITHM])


def sign_body(body: bytes, key: ECKey, *, event_id: str, timestamp: int) -> str:
    """The detached compact JWS of ``body``: ``header..signature``."""
    header: dict[str, Any] = {
        "alg": ALGORITHM,
        "kid": key.kid,
        "typ": WEBHOOK_TYPE,
        "eid": event_id,
        "iat": timestamp,
    }
    compact = jws.serialize_compact(header, body, key, registry=_REGISTRY)
    protected, _payload, signature = compact.split(".")
    return f"{protected}..{signature}"


def verify_body(signature: str, body: bytes, key: ECKey) -> dict[str, Any] | None:
    """The protected header when ``signature`` signs ``body`` under ``key``; None otherwise."""
    parts = signature.split(".")
    if len(parts) != 3 or parts[1] != "":
        return None
    compact = f"{parts[0]}.{urlsafe_b64encode(body).decode()}.{parts[2]}"
    try:
        extracted = jws.deserialize_compact(compact, key, registry=_REGISTRY)
    except (JoseError, ValueError):
        return None
    header = dict(extracted.headers())
    return header if header.get("typ") == WEBHOOK_TYPE else None
