"""Report numbers: ``CR-<issue date>-<16 random characters>-<check character>``.

The random part is 16 Crockford base32 characters (80 bits from ``secrets``), so numbers
cannot be guessed or enumerated; the date makes them readable; the check character
(ISO 7064 MOD 37,36 over everything before it) catches any one mistyped character, and
most swaps of two neighbours, before any lookup. Input is read case-insensitively,
ignoring spaces and hyphens, and a valid number has exactly one canonical form.
"""

from __future__ import annotations

import secrets
from datetime import date

PREFIX = "CR"
RANDOM_LENGTH = 16
#: Crockford's base32: digits and capitals without I, L, O and U (no look-alikes).
RANDOM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: The ISO 7064 MOD 37,36 alphabet of the check character (and of everything it covers).
_CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUE = {c: i for i, c in enumerate(_CHECK_ALPHABET)}
_DATE_LENGTH = 8
#: Characters of a number without separators: prefix, date, random part, check character.
COMPACT_LENGTH = len(PREFIX) + _DATE_LENGTH + RANDOM_LENGTH + 1
MAX_INPUT_LENGTH = 64


def check_character(body: str) -> str:
    """The ISO 7064 MOD 37,36 (hybrid) check character of ``body`` (digits and capitals)."""
    modulus = len(_CHECK_ALPHABET)
    product = modulus
    for char in body:
        total = (product + _VALUE[char]) % modulus or modulus
        product = (total * 2) % (modulus + 1)
    return _CHECK_ALPHABET[(modulus + 1 - product) % modulus]


def _format(compact: str) -> str:
    date_end = len(PREFIX) + _DATE_LENGTH
    random_end = date_end + RANDOM_LENGTH
    return "-".join(
        (compact[: len(PREFIX)], compact[len(PREFIX) : date_end], compact[date_end:random_end])
    ) + ("-" + compact[random_end:])


def new_report_number(issued_on: date) -> str:
    """A fresh report number for a report issued on ``issued_on`` (a city calendar day)."""
    random_part = "".join(secrets.choice(RANDOM_ALPHABET) for _ in range(RANDOM_LENGTH))
    body = f"{PREFIX}{issued_on:%Y%m%d}{random_part}"
    return _format(body + check_character(body))


def parse_report_number(text: str) -> str | None:
    """The canonical form of a report number, or None when it cannot be one (no lookup needed)."""
    if len(text) > MAX_INPUT_LENGTH:
        return None
    compact = "".join(text.split()).replace("-", "").upper()
    if len(compact) != COMPACT_LENGTH or not compact.startswith(PREFIX):
        return None
    digits = compact[len(PREFIX) : len(PREFIX) + _DATE_LENGTH]
    random_part = compact[len(PREFIX) + _DATE_LENGTH : -1]
    if not digits.isascii() or not digits.isdigit():
        return None
    if any(char not in RANDOM_ALPHABET for char in random_part):
        return None
    if compact[-1] not in _VALUE or check_character(compact[:-1]) != compact[-1]:
        return None
    return _format(compact)
