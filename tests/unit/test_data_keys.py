"""Versioned data keys of resident IDs: which versions a process reads, writes and refuses."""

from __future__ import annotations

import pickle

import pytest

from api.crypto import Keys, RetiredDataKeyError, decrypt_identifier, derive_key

MASTER = bytes(range(32))
RID = "330502198505170012"


def test_version_one_is_the_key_resident_ids_always_used() -> None:
    keys = Keys.from_master(MASTER)
    assert keys.identifier_encryption == derive_key(MASTER, "identifier-aes-gcm")
    assert keys.readable_data_key_versions == (1,)
    version, blob = keys.seal_identifier(RID)
    assert version == 1
    assert decrypt_identifier(derive_key(MASTER, "identifier-aes-gcm"), blob) == RID


def test_during_a_rotation_both_versions_open_and_the_new_one_writes() -> None:
    old = Keys.from_master(MASTER)
    rotating = Keys.from_master(MASTER, data_key_version=2)
    _, old_blob = old.seal_identifier(RID)
    version, new_blob = rotating.seal_identifier(RID)
    assert version == 2
    assert rotating.readable_data_key_versions == (1, 2)
    assert rotating.open_identifier(1, old_blob) == RID
    assert rotating.open_identifier(2, new_blob) == RID
    assert rotating.identifier_key(2) != old.identifier_key(1)
    with pytest.raises(RetiredDataKeyError, match="version 2 is not readable here"):
        old.open_identifier(2, new_blob)


def test_a_retired_version_is_not_derived() -> None:
    retired = Keys.from_master(MASTER, data_key_version=2, data_key_oldest=2)
    assert retired.readable_data_key_versions == (2,)
    with pytest.raises(RetiredDataKeyError, match=r"readable: \[2\]"):
        retired.identifier_key(1)


@pytest.mark.parametrize(("version", "oldest"), [(1, 2), (0, 0), (256, 1)])
def test_impossible_windows_are_refused(version: int, oldest: int) -> None:
    with pytest.raises(ValueError, match="version"):
        Keys.from_master(MASTER, data_key_version=version, data_key_oldest=oldest)


def test_keys_cross_to_worker_processes() -> None:
    keys = Keys.from_master(MASTER, data_key_version=3, data_key_oldest=2)
    assert pickle.loads(pickle.dumps(keys)) == keys  # noqa: S301 (our own bytes)
