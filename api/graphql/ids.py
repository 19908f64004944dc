"""Opaque global IDs and cursors: AES-SIV sealed, so they can be neither decoded nor forged."""

from __future__ import annotations

import base64
import json
import struct
from enum import IntEnum
from json.encoder import encode_basestring_ascii

from cryptography.exceptions import InvalidTag

from api.crypto import Sealer
from api.domain.errors import InvalidArgumentError
from api.domain.paging import SortKey


class NodeType(IntEnum):
    """The kinds of object reachable through ``node(id:)``; the number is sealed into the ID."""

    ENTERPRISE = 1
    MERCHANT = 2
    HOUSEHOLD = 3
    CREDIT_RECORD = 4
    DEPARTMENT = 5
    REPAIR_CASE = 6


_ID = struct.Struct(">BQ")
#: The largest row id a column holds (a signed 64-bit integer); a sealed id above it names no row.
MAX_ROW_ID = 2**63 - 1

#: What ``json.dumps(..., separators=(",", ":"))`` uses, made once instead of per cursor.
_CURSOR_JSON = json.JSONEncoder(separators=(",", ":"))


def _cursor_json(values: list[str | int]) -> str:
    """``json.dumps(values, separators=(",", ":"))``, without building an encoder per call.

    Strings and integers (what sort keys hold) are written as the JSON encoder writes them
    (``encode_basestring_ascii``, ``int.__repr__``); anything else goes to the encoder.
    """
    parts: list[str] = []
    for value in values:
        if type(value) is str:
            parts.append(encode_basestring_ascii(value))
        elif type(value) is int:
            parts.append(int.__repr__(value))
        else:
            return _CURSOR_JSON.encode(values)
    return "[" + ",".join(parts) + "]"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if len(text) > 512:
        raise ValueError("too long")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


#: Node types whose table keys are narrower than ``MAX_ROW_ID`` (departments: a 32-bit id).
_MAX_ID = {NodeType.DEPARTMENT: 2**31 - 1}


def max_id(node_type: NodeType) -> int:
    """The largest row id a node type's table can hold (a larger one names no row)."""
    return _MAX_ID.get(node_type, MAX_ROW_ID)


class GlobalIds:
    """Seals ``(type, id)`` into an opaque string and opens it again."""

    def __init__(self, key: bytes) -> None:
        self._sealer = Sealer(key, b"relay-global-id")

    def encode(self, node_type: NodeType, object_id: int) -> str:
        """The global ID of one object."""
        return _b64(self._sealer.seal(_ID.pack(node_type, object_id)))

    def decode(self, global_id: str) -> tuple[NodeType, int]:
        """The type and id sealed in a global ID; InvalidArgumentError if it is not ours."""
        try:
            node_type, object_id = _ID.unpack(self._sealer.open(_unb64(global_id)))
            kind = NodeType(node_type)
            if object_id > max_id(kind):
                raise ValueError("no row has this id")
            return kind, object_id
        except (InvalidTag, ValueError, struct.error) as error:
            raise InvalidArgumentError(f"{global_id!r} is not a valid ID") from error


class Cursors:
    """Seals a keyset position (and the listing it belongs to) into an opaque cursor."""

    def __init__(self, key: bytes) -> None:
        self._sealer = Sealer(key, b"connection-cursor")

    def encode(self, listing: str, key: SortKey) -> str:
        """The cursor of the row at ``key`` in ``listing``."""
        payload = _cursor_json([listing, *key]).encode()
        return _b64(self._sealer.seal(payload))

    def decode(self, listing: str, cursor: str) -> SortKey:
        """The position in a cursor; InvalidArgumentError if it is forged or from another list."""
        try:
            payload = json.loads(self._sealer.open(_unb64(cursor)))
        except (InvalidTag, ValueError) as error:
            raise InvalidArgumentError("the cursor is not valid") from error
        if not isinstance(payload, list) or not payload or payload[0] != listing:
            raise InvalidArgumentError("the cursor belongs to another list or ordering")
        return tuple(payload[1:])
