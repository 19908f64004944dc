"""Values a fuzzer sends: valid identifiers, IDs and decimals from the data, and hostile ones.

Valid values reach the resolvers (check characters computed by ``api.domain.identifiers``,
global IDs sealed with the server's key); hostile ones test every refusal on the way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from api.crypto import Keys
from api.domain.identifiers import make_resident_id, make_uscc
from api.domain.subjects.model import District
from api.graphql.banking.types import BankObject, seal_id
from api.graphql.ids import GlobalIds, NodeType

#: Characters a unified social credit code may use (GB 32100: no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Row ids a fuzzer names: the first rows, and ones no column can hold.
ROW_IDS = st.one_of(st.integers(1, 60), st.sampled_from([0, 2**31, 2**63 - 1, 2**63, 2**64 - 1]))
HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "null",
        "'; DROP TABLE persons; --",
        "=cmd|' /C calc'!A0",
        "\U0001d54f" * 40,
        "9" * 400,
        "\u202e330502",
        "%s%n",
    ]
)


def resident_ids(known: list[str]) -> st.SearchStrategy[str]:
    """Resident IDs of the data, valid new ones, near misses and junk."""
    valid = st.builds(
        make_resident_id,
        st.sampled_from([d.value for d in District]),
        st.dates(date(1900, 1, 1), date(2026, 12, 31)),
        st.integers(0, 999),
    )
    near = valid.map(lambda rid: rid[:17] + ("0" if rid[17] != "0" else "1"))
    return st.one_of(st.sampled_from(known), valid, near, HOSTILE_TEXT, st.text(max_size=20))


def usccs(known: list[str]) -> st.SearchStrategy[str]:
    """Unified social credit codes of the data, valid new ones, near misses and junk."""
    chars = st.text(USCC_ALPHABET, min_size=9, max_size=9)
    valid = st.builds(
        make_uscc,
        st.sampled_from(["91", "92", "93", "12", "52", "Y1"]),
        st.sampled_from([d.value for d in District]),
        chars,
    )
    near = valid.map(lambda code: code[:17] + ("0" if code[17] != "0" else "1"))
    return st.one_of(st.sampled_from(known), valid, near, HOSTILE_TEXT, st.text(max_size=20))


def global_ids(keys: Keys) -> st.SearchStrategy[str]:
    """Global IDs sealed with the server's key (real rows and impossible ones), and forgeries."""
    ids = GlobalIds(keys.global_id)
    nodes = st.builds(ids.encode, st.sampled_from(list(NodeType)), ROW_IDS)
    bank = st.builds(
        lambda kind, row: seal_id(keys.global_id, kind, row),
        st.sampled_from(list(BankObject)),
        ROW_IDS,
    )
    return st.one_of(nodes, bank, HOSTILE_TEXT, st.text(max_size=40))


def decimals() -> st.SearchStrategy[Any]:
    """Decimals as partners write them, and every hostile form: NaN, infinities, 400 digits."""
    valid = st.decimals(
        min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=2
    ).map(str)
    hostile = st.sampled_from(
        ["NaN", "-Infinity", "Infinity", "1e999999", "-0", "0e-999999", "1" * 400, "1,5", "0x10"]
    )
    numbers = st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False))
    return st.one_of(valid, hostile, numbers)


def dates() -> st.SearchStrategy[str]:
    """ISO dates, far ones and impossible ones."""
    real = st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat)
    return st.one_of(real, st.sampled_from(["2026-02-30", "2026-13-01", "0000-00-00", "today"]))


def date_times() -> st.SearchStrategy[str]:
    """ISO date-times with and without an offset, extreme ones, and junk."""
    real = st.datetimes().map(lambda moment: moment.isoformat())
    zoned = st.sampled_from(
        ["2026-03-01T09:30:00+08:00", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00"]
    )
    return st.one_of(real, zoned, st.sampled_from(["2026-03-01T25:00:00Z", "yesterday", ""]))


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON document, small."""
    leaves = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=10,
    )


def scalar_values(keys: Keys, resident: list[str], usccs_known: list[str]) -> dict[str, Any]:
    """A strategy of plain values per scalar name of the schema."""
    return {
        "ResidentId": resident_ids(resident),
        "UnifiedSocialCreditCode": usccs(usccs_known),
        "ID": global_ids(keys),
        "Decimal": decimals(),
        "Date": dates(),
        "DateTime": date_times(),
        "JSON": json_values(),
        "String": st.one_of(st.text(max_size=60), HOSTILE_TEXT),
        "Int": st.one_of(st.integers(-5, 200), st.integers(-(2**31), 2**31 - 1)),
        "Float": st.floats(allow_nan=False, allow_infinity=False),
        "Boolean": st.booleans(),
    }
