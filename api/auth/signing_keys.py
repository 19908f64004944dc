"""Token signing keys: ES256 key pairs, sealed at rest, and which of them sign and verify when.

The private half is stored only as AES-GCM ciphertext under a key derived from the master key,
bound to its ``kid`` (associated data), and is never served or logged.

Rotation publishes a new key before it signs (``activates_at``), so every process has loaded it
by the time tokens signed with it arrive. A key stops verifying once it has been superseded for
longer than a token lives: tokens signed by the previous key stay valid until they expire.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import load_der_private_key
from joserfc.jwk import ECKey, KeyParameters

from api.db.repositories.partners import SigningKeyRecord

#: The one algorithm tokens are signed with (and the only one accepted).
ALGORITHM = "ES256"
_CURVE = "P-256"


@dataclass(frozen=True, slots=True)
class KeyWindow:
    """At one moment: the key that signs new tokens, and every key that still verifies."""

    signing: SigningKeyRecord | None
    verifying: tuple[SigningKeyRecord, ...]


def _parameters(kid: str) -> KeyParameters:
    return {"kid": kid, "alg": ALGORITHM, "use": "sig"}


def _associated_data(kid: str) -> bytes:
    return b"credit-platform/signing-key/" + kid.encode()


def new_signing_key(
    cipher_key: bytes, *, now: datetime, activates_at: datetime
) -> SigningKeyRecord:
    """A fresh key pair; its kid is the RFC 7638 thumbprint, its private half sealed."""
    private = ec.generate_private_key(ec.SECP256R1())
    kid = ECKey.import_key(private.public_key()).thumbprint()
    key = ECKey.import_key(private, _parameters(kid))
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(cipher_key).encrypt(
        nonce, key.as_der(private=True), _associated_data(kid)
    )
    public = key.as_dict(private=False)
    return SigningKeyRecord(
        kid=kid,
        algorithm=ALGORITHM,
        public_jwk=json.dumps(dict(public), sort_keys=True),
        private_key_encrypted=sealed,
        created_at=now,
        activates_at=activates_at,
    )


def open_private_key(cipher_key: bytes, record: SigningKeyRecord) -> ECKey:
    """The private signing key of ``record`` (InvalidTag if it was not sealed with this key)."""
    blob = record.private_key_encrypted
    der = AESGCM(cipher_key).decrypt(blob[:12], blob[12:], _associated_data(record.kid))
    private = load_der_private_key(der, password=None)
    if not isinstance(private, ec.EllipticCurvePrivateKey):
        raise ValueError(f"signing key {record.kid} is not an EC key")
    return ECKey.import_key(private, _parameters(record.kid))


def public_key(record: SigningKeyRecord) -> ECKey:
    """The public key of ``record``, for verifying."""
    data = json.loads(record.public_jwk)
    data.pop("d", None)
    return ECKey.import_key(data, _parameters(record.kid))


def public_jwk(record: SigningKeyRecord) -> dict[str, Any]:
    """The JWK ``record`` publishes: public members only."""
    jwk = dict(public_key(record).as_dict(private=False))
    jwk.pop("d", None)
    return jwk


def key_window(
    records: Sequence[SigningKeyRecord], now: datetime, retention: timedelta
) -> KeyWindow:
    """Which key signs at ``now`` (the newest active one) and which keys verify.

    A key verifies while it is pending, current, or superseded for less than ``retention``.
    """
    ordered = sorted(records, key=lambda record: (record.activates_at, record.kid))
    active = [record for record in ordered if record.activates_at <= now]
    verifying: list[SigningKeyRecord] = []
    for record in ordered:
        successors = [
            other.activates_at
            for other in active
            if (other.activates_at, other.kid) > (record.activates_at, record.kid)
        ]
        if not successors or now < min(successors) + retention:
            verifying.append(record)
    return KeyWindow(signing=active[-1] if active else None, verifying=tuple(verifying))
