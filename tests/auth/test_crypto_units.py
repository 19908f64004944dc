"""Client secret hashing, signing keys at rest, and which keys sign and verify when."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.exceptions import InvalidTag

from api.auth.client_secrets import hash_secret, new_client_id, new_client_secret, verify_secret
from api.auth.signing_keys import key_window, new_signing_key, open_private_key, public_jwk

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def test_secrets_are_salted_slow_hashes() -> None:
    secret = new_client_secret()
    first, second = hash_secret(secret), hash_secret(secret)
    assert first != second
    assert first.startswith("scrypt$14$8$1$")
    assert secret not in first
    assert verify_secret(secret, first)
    assert verify_secret(secret, second)
    assert not verify_secret(secret + "x", first)
    assert not verify_secret("", first)
    assert not verify_secret("x" * 10_000, first)


@pytest.mark.parametrize(
    "stored", ["", "plain", "scrypt$99$8$1$aa$bb", "bcrypt$14$8$1$aa$bb", "scrypt$x$8$1$aa$bb"]
)
def test_malformed_hashes_never_match(stored: str) -> None:
    assert not verify_secret("anything", stored)


def test_ids_and_secrets_are_random() -> None:
    assert len({new_client_id() for _ in range(50)}) == 50
    assert len(new_client_secret()) >= 43


def test_private_key_is_sealed_at_rest() -> None:
    cipher = os.urandom(32)
    record = new_signing_key(cipher, now=T0, activates_at=T0)
    private = open_private_key(cipher, record)
    d = private.as_dict(private=True)["d"]
    assert isinstance(d, str)
    assert d.encode() not in record.private_key_encrypted
    assert "d" not in json.loads(record.public_jwk)
    assert "d" not in public_jwk(record)
    with pytest.raises(InvalidTag):
        open_private_key(os.urandom(32), record)
    moved = replace(record, kid="another-kid")
    with pytest.raises(InvalidTag):
        open_private_key(cipher, moved)


def test_key_window_through_a_rotation() -> None:
    cipher = os.urandom(32)
    retention = timedelta(minutes=15)
    first = new_signing_key(cipher, now=T0, activates_at=T0)
    second = new_signing_key(
        cipher, now=T0 + timedelta(hours=1), activates_at=T0 + timedelta(hours=1, seconds=10)
    )
    keys = [first, second]

    def state(at: datetime) -> tuple[str | None, set[str]]:
        window = key_window(keys, at, retention)
        signing = window.signing.kid if window.signing else None
        return signing, {record.kid for record in window.verifying}

    assert key_window([], T0, retention).signing is None
    # Published but not yet signing.
    assert state(T0 + timedelta(hours=1, seconds=5)) == (first.kid, {first.kid, second.kid})
    # Signing; the previous key still verifies the tokens it signed...
    assert state(T0 + timedelta(hours=1, minutes=10)) == (second.kid, {first.kid, second.kid})
    # ...until they have all expired.
    assert state(T0 + timedelta(hours=1, minutes=16)) == (second.kid, {second.kid})
