"""Opaque IDs of village objects (entries, nominations), sealed like every global ID."""

from __future__ import annotations

import base64
from enum import IntEnum
from functools import lru_cache

from cryptography.exceptions import InvalidTag

from api.crypto import Sealer
from api.domain.errors import InvalidArgumentError, NotFoundError
from api.graphql.context import Info
from api.graphql.ids import NodeType


class VillageObject(IntEnum):
    """The kinds of village object named by opaque ID."""

    ENTRY = 1
    NOMINATION = 2


@lru_cache(maxsize=4)
def _sealer(key: bytes) -> Sealer:
    return Sealer(key, b"village-object-id")


def encode_id(info: Info, kind: VillageObject, object_id: int) -> str:
    """The opaque ID of an entry or a nomination."""
    raw = bytes([kind]) + object_id.to_bytes(8, "big")
    sealed = _sealer(info.context.keys.global_id).seal(raw)
    return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode()


def decode_id(info: Info, kind: VillageObject, text: str, field: str) -> int:
    """The id sealed in an opaque ID of this kind; NotFoundError (pointing at ``field``) if not."""
    try:
        if len(text) > 128:
            raise ValueError("too long")
        raw = _sealer(info.context.keys.global_id).open(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        )
    except (InvalidTag, ValueError) as error:
        raise NotFoundError(f"{text[:40]!r} is not a valid ID", field=field) from error
    if len(raw) != 9 or raw[0] != kind:
        raise NotFoundError(f"not a {kind.name.lower()} ID", field=field)
    return int.from_bytes(raw[1:], "big")


def household_id(info: Info, text: str, field: str = "householdId") -> int:
    """The household a global ID names (``Household.id``); NotFoundError otherwise."""
    try:
        node_type, object_id = info.context.ids.decode(text)
    except InvalidArgumentError as error:
        raise NotFoundError("no such household", field=field) from error
    if node_type is not NodeType.HOUSEHOLD:
        raise NotFoundError("the ID is not a household's", field=field)
    return object_id
