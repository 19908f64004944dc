"""Keys derived from the master key, and the primitives built on them.

One master key; HKDF derives a separate key per purpose so that no two features share one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derive_key(master: bytes, purpose: str, length: int = 32) -> bytes:
    """A key for one purpose, derived from the master key with HKDF-SHA256."""
    if len(master) < 32:
        raise ValueError("the master key must have at least 32 bytes")
    return HKDF(
        algorithm=hashes.SHA256(),
        length=length,
        salt=b"credit-platform/v1",
        info=purpose.encode(),
    ).derive(master)


@dataclass(frozen=True, slots=True)
class Keys:
    """The derived keys the platform uses, one per purpose."""

    global_id: bytes
    cursor: bytes
    identifier_index: bytes
    identifier_encryption: bytes
    signing_key_encryption: bytes

    @classmethod
    def from_master(cls, master: bytes) -> Keys:
        """Derive every purpose key from the master key."""
        return cls(
            global_id=derive_key(master, "relay-global-id", 64),
            cursor=derive_key(master, "connection-cursor", 64),
            identifier_index=derive_key(master, "identifier-blind-index"),
            identifier_encryption=derive_key(master, "identifier-aes-gcm"),
            signing_key_encryption=derive_key(master, "signing-key-aes-gcm"),
        )


class Sealer:
    """Deterministic authenticated encryption (AES-SIV) of short tokens: IDs and cursors."""

    def __init__(self, key: bytes, context: bytes) -> None:
        self._siv = AESSIV(key)
        self._context = [context]

    def seal(self, plaintext: bytes) -> bytes:
        """Encrypt and authenticate; the same input always gives the same output."""
        return self._siv.encrypt(plaintext, self._context)

    def open(self, sealed: bytes) -> bytes:
        """Decrypt; raises ``cryptography.exceptions.InvalidTag`` if it was not sealed by us."""
        return self._siv.decrypt(sealed, self._context)


def blind_index(key: bytes, value: str) -> bytes:
    """Keyed hash (HMAC-SHA256) of an identifier, for lookup without storing it in clear."""
    return hmac.new(key, value.encode(), hashlib.sha256).digest()


def encrypt_identifier(key: bytes, value: str, associated: bytes = b"resident-id") -> bytes:
    """AES-GCM encryption of an identifier at rest: 12-byte nonce followed by the ciphertext."""
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, value.encode(), associated)


def decrypt_identifier(key: bytes, blob: bytes, associated: bytes = b"resident-id") -> str:
    """Decrypt what ``encrypt_identifier`` produced."""
    return AESGCM(key).decrypt(blob[:12], blob[12:], associated).decode()
