"""Keys derived from the master key, and the primitives built on them.

One master key; HKDF derives a separate key per purpose so that no two features share one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
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


#: The highest data-key version a ciphertext can name (the column is a small integer).
MAX_DATA_KEY_VERSION = 255


def data_key(master: bytes, version: int) -> bytes:
    """The AES-GCM key of one data-key version (1 is the key resident IDs always used)."""
    if not 1 <= version <= MAX_DATA_KEY_VERSION:
        raise ValueError(f"a data-key version is 1 to {MAX_DATA_KEY_VERSION}, not {version}")
    return derive_key(
        master, "identifier-aes-gcm" if version == 1 else f"identifier-aes-gcm/v{version}"
    )


class RetiredDataKeyError(LookupError):
    """A ciphertext names a data-key version this process no longer (or not yet) reads."""


@dataclass(frozen=True, slots=True)
class Keys:
    """The derived keys the platform uses, one per purpose.

    Resident IDs are encrypted under versioned data keys: ``identifier_encryption`` is the
    key of ``identifier_key_version``, the one new ciphertexts use; ``identifier_keys`` holds
    every version still readable (from the oldest kept to the current), so a rotation can
    re-encrypt rows while both old and new ciphertexts are served.
    """

    global_id: bytes
    cursor: bytes
    identifier_index: bytes
    identifier_encryption: bytes
    signing_key_encryption: bytes
    integrity_code: bytes
    bulk_link: bytes
    merchant_scan: bytes
    identifier_key_version: int = 1
    identifier_keys: tuple[tuple[int, bytes], ...] = ()

    @classmethod
    def from_master(
        cls, master: bytes, *, data_key_version: int = 1, data_key_oldest: int = 1
    ) -> Keys:
        """Derive every purpose key from the master key, data keys ``oldest..version``."""
        if not 1 <= data_key_oldest <= data_key_version:
            raise ValueError(
                f"the oldest data-key version ({data_key_oldest}) must be 1 to the current "
                f"one ({data_key_version})"
            )
        readable = {
            version: data_key(master, version)
            for version in range(data_key_oldest, data_key_version + 1)
        }
        return cls(
            global_id=derive_key(master, "relay-global-id", 64),
            cursor=derive_key(master, "connection-cursor", 64),
            identifier_index=derive_key(master, "identifier-blind-index"),
            identifier_encryption=readable[data_key_version],
            signing_key_encryption=derive_key(master, "signing-key-aes-gcm"),
            integrity_code=derive_key(master, "integrity-code-aes-siv", 64),
            bulk_link=derive_key(master, "bulk-operation-link-hmac"),
            merchant_scan=derive_key(master, "merchant-scan-link"),
            identifier_key_version=data_key_version,
            identifier_keys=tuple(readable.items()),
        )

    def identifier_key(self, version: int) -> bytes:
        """The data key of ``version``; raises ``RetiredDataKeyError`` if it is not kept."""
        if version == self.identifier_key_version:
            return self.identifier_encryption
        for readable, key in self.identifier_keys:
            if readable == version:
                return key
        raise RetiredDataKeyError(
            f"data-key version {version} is not readable here (readable: "
            f"{list(self.readable_data_key_versions)})"
        )

    @property
    def readable_data_key_versions(self) -> tuple[int, ...]:
        """The data-key versions this process can decrypt, oldest first."""
        return tuple(v for v, _ in self.identifier_keys) or (self.identifier_key_version,)

    def open_identifier(self, version: int, blob: bytes) -> str:
        """Decrypt a resident-ID ciphertext under the data-key version stored beside it."""
        return decrypt_identifier(self.identifier_key(version), blob)

    def seal_identifier(self, value: str) -> tuple[int, bytes]:
        """Encrypt a resident ID under the current data key: (version, ciphertext)."""
        return self.identifier_key_version, encrypt_identifier(self.identifier_encryption, value)


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


#: Bytes of an integrity code's random id, and of the text a QR code carries.
INTEGRITY_CODE_ID_BYTES = 16
INTEGRITY_CODE_LENGTH = 52


class KeyedAccessCrypto:
    """Integrity-code sealing and subject hashing (implements the domain's ``AccessCrypto``).

    An integrity code is its random 16-byte id sealed with AES-SIV (16-byte tag, no nonce)
    and written in unpadded RFC 4648 base32: 52 characters from QR's alphanumeric set, which
    reveal nothing about the person and cannot be forged or altered without the key.
    Subjects are hashed with the resident-ID blind index key (HMAC-SHA256), so a person's
    audit rows match ``persons.resident_id_hash`` and an enterprise's the HMAC of its USCC.
    """

    def __init__(self, keys: Keys) -> None:
        self._codes = Sealer(keys.integrity_code, b"integrity-code/v1")
        self._index_key = keys.identifier_index

    def seal_code(self, code_id: str) -> str:
        """The code text of a code id (32 hex digits)."""
        sealed = self._codes.seal(bytes.fromhex(code_id))
        return base64.b32encode(sealed).decode().rstrip("=")

    def open_code(self, code: str) -> str | None:
        """The code id sealed in a code text, or None if it is not a code this platform made."""
        text = "".join(code.split()).upper()
        if len(text) != INTEGRITY_CODE_LENGTH:
            return None
        try:
            sealed = base64.b32decode(text + "=" * (-len(text) % 8))
            # The last character carries one bit; its four spare bits must be zero, so that
            # one code has exactly one text.
            if base64.b32encode(sealed).decode().rstrip("=") != text:
                return None
            raw = self._codes.open(sealed)
        except (InvalidTag, binascii.Error, ValueError):
            return None
        return raw.hex() if len(raw) == INTEGRITY_CODE_ID_BYTES else None

    def resident_id_hash(self, resident_id: str) -> bytes:
        """The blind index of a (validated) resident ID."""
        return blind_index(self._index_key, resident_id)

    def uscc_hash(self, uscc: str) -> bytes:
        """The HMAC of a (validated) unified social credit code under the same key."""
        return blind_index(self._index_key, uscc)
