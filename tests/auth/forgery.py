"""Build tokens the server must refuse: re-signed with our key, or not signed by it at all."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from joserfc import jws
from joserfc.jwk import ECKey
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.signing_keys import key_window, open_private_key
from api.crypto import Keys
from api.db.repositories.partners import SigningKeyRepository


def b64(raw: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def header_of(token: str) -> dict[str, Any]:
    """The (unverified) JOSE header of a token."""
    header = json.loads(_unb64(token.split(".")[0]))
    assert isinstance(header, dict)
    return header


def claims_of(token: str) -> dict[str, Any]:
    """The (unverified) claims of a token."""
    claims = json.loads(_unb64(token.split(".")[1]))
    assert isinstance(claims, dict)
    return claims


async def signing_key(session: AsyncSession, keys: Keys) -> ECKey:
    """The server's current private signing key, read and unsealed from the database."""
    records = await SigningKeyRepository(session).all()
    window = key_window(records, datetime.now(UTC), timedelta(0))
    assert window.signing is not None, "get a token first: the server creates its key on use"
    return open_private_key(keys.signing_key_encryption, window.signing)


def sign(key: ECKey, header: dict[str, Any], claims: dict[str, Any]) -> str:
    """A compact JWS of ``claims`` with exactly ``header``, signed ES256 with ``key``."""
    payload = json.dumps(claims).encode()
    return jws.serialize_compact(header, payload, key, algorithms=["ES256"])


def unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    """An ``alg: none`` token."""
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}."


def hmac_signed(secret: bytes, header: dict[str, Any], claims: dict[str, Any]) -> str:
    """An HS256 token keyed with ``secret`` (the algorithm-confusion attack)."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"
