"""Client identifiers and secrets: made by the platform, shown once, stored as a scrypt hash.

The stored form is ``scrypt$<log2 n>$<r>$<p>$<salt>$<hash>`` (base64url), so the cost can be
raised later without invalidating the secrets already issued.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from functools import cache

_LOG2_N = 14
_R = 8
_P = 1
_LENGTH = 32
_MAX_SECRET_CHARS = 256
_MAX_LOG2_N = 20


def new_client_id() -> str:
    """A fresh client identifier (public, not a secret)."""
    return "cp_" + secrets.token_urlsafe(12)


def new_client_secret() -> str:
    """A fresh client secret: 256 random bits."""
    return secrets.token_urlsafe(32)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(secret: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    n = 1 << log2_n
    return hashlib.scrypt(
        secret.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + (1 << 20), dklen=_LENGTH
    )


def hash_secret(secret: str) -> str:
    """A salted scrypt hash of ``secret`` in the stored form."""
    salt = os.urandom(16)
    digest = _scrypt(secret, salt, _LOG2_N, _R, _P)
    return f"scrypt${_LOG2_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` matches the stored hash (constant time); malformed input never matches."""
    if not secret or len(secret) > _MAX_SECRET_CHARS:
        return False
    try:
        scheme, log2_n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or not 1 <= int(log2_n) <= _MAX_LOG2_N:
            return False
        candidate = _scrypt(secret, _unb64(salt), int(log2_n), int(r), int(p))
        return hmac.compare_digest(candidate, _unb64(digest))
    except ValueError:
        return False


@cache
def decoy_hash() -> str:
    """A hash of a random secret at today's cost, made once per process: it matches nothing."""
    return hash_secret(new_client_secret())


def verify_decoy(secret: str) -> bool:
    """Spend what checking a real secret costs, and refuse: for unknown and disabled clients.

    Without it, an unknown client id would be refused without a scrypt run, and the time of
    a refusal would tell whether a client id exists (a timing oracle).
    """
    verify_secret(secret, decoy_hash())
    return False
