"""Subject identifiers: resident IDs (GB 11643-1999) and unified social credit codes (GB 32100).

Both carry a check character over their first 17 characters; validation says exactly which
part is wrong (length, character, date, check character) so a partner can fix its input.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from api.domain.errors import DomainError, ErrorCode

RESIDENT_ID_LENGTH = 18
USCC_LENGTH = 18

# GB 11643-1999 / ISO 7064 MOD 11-2: weight of position i is 2**(17-i) mod 11.
_RESIDENT_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_RESIDENT_ID_CHECK = "10X98765432"

# GB 32100-2015: 31 characters (digits and capitals without I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class IdentifierProblem(StrEnum):
    """What is wrong with an identifier, most basic first."""

    LENGTH = "LENGTH"
    CHARACTER = "CHARACTER"
    DATE = "DATE"
    CHECK_DIGIT = "CHECK_DIGIT"


class IdentifierKind(StrEnum):
    """The kinds of identifier the platform validates."""

    RESIDENT_ID = "RESIDENT_ID"
    USCC = "USCC"


class IdentifierError(DomainError):
    """An identifier failed validation; ``problem`` says which rule it broke."""

    code = ErrorCode.INVALID_IDENTIFIER

    def __init__(self, kind: IdentifierKind, problem: IdentifierProblem, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.problem = problem


def resident_id_check_char(first17: str) -> str:
    """The MOD 11-2 check character of a resident ID's first 17 digits (GB 11643-1999, 5.2)."""
    total = sum(int(c) * w for c, w in zip(first17, _RESIDENT_ID_WEIGHTS, strict=True))
    return _RESIDENT_ID_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    """The mod-31 check character of a unified social credit code (GB 32100-2015, 4.2)."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True, slots=True)
class ResidentIdParts:
    """The readable parts of a valid resident ID."""

    region: str
    birth_date: date
    sequence: str
    is_male: bool


def validate_resident_id(value: str) -> str:
    """Return the normalised resident ID (upper-case X) or raise IdentifierError saying why."""
    kind = IdentifierKind.RESIDENT_ID
    candidate = value.strip().upper()
    if len(candidate) != RESIDENT_ID_LENGTH:
        raise IdentifierError(
            kind,
            IdentifierProblem.LENGTH,
            f"a resident ID has 18 characters, this one has {len(candidate)}",
        )
    for position, char in enumerate(candidate[:17], start=1):
        if not ("0" <= char <= "9"):
            raise IdentifierError(
                kind,
                IdentifierProblem.CHARACTER,
                f"character {position} of a resident ID must be a digit",
            )
    last = candidate[17]
    if not ("0" <= last <= "9" or last == "X"):
        raise IdentifierError(
            kind,
            IdentifierProblem.CHARACTER,
            "character 18 of a resident ID must be a digit or X",
        )
    year, month, day = int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14])
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(max(year, 1), month)[1]):
        raise IdentifierError(
            kind,
            IdentifierProblem.DATE,
            f"characters 7 to 14 of a resident ID must be a real date, not {candidate[6:14]}",
        )
    if year < 1900:
        raise IdentifierError(
            kind,
            IdentifierProblem.DATE,
            f"the birth year {year} of a resident ID is before 1900",
        )
    expected = resident_id_check_char(candidate[:17])
    if last != expected:
        raise IdentifierError(
            kind,
            IdentifierProblem.CHECK_DIGIT,
            "the check digit (character 18) of the resident ID does not match",
        )
    return candidate


def resident_id_parts(valid_id: str) -> ResidentIdParts:
    """Split an already validated resident ID into region, birth date, sequence and sex."""
    return ResidentIdParts(
        region=valid_id[:6],
        birth_date=date(int(valid_id[6:10]), int(valid_id[10:12]), int(valid_id[12:14])),
        sequence=valid_id[14:17],
        is_male=int(valid_id[16]) % 2 == 1,
    )


def mask_resident_id(valid_id: str) -> str:
    """Mask birth date and sequence: keep the region and the last four (``330502********1234``)."""
    return f"{valid_id[:6]}{'*' * 8}{valid_id[14:]}"


def validate_uscc(value: str) -> str:
    """Return the normalised unified social credit code or raise IdentifierError saying why."""
    kind = IdentifierKind.USCC
    candidate = value.strip().upper()
    if len(candidate) != USCC_LENGTH:
        raise IdentifierError(
            kind,
            IdentifierProblem.LENGTH,
            f"a unified social credit code has 18 characters, this one has {len(candidate)}",
        )
    for position, char in enumerate(candidate, start=1):
        if char not in _USCC_VALUE:
            raise IdentifierError(
                kind,
                IdentifierProblem.CHARACTER,
                f"character {position} of a unified social credit code must be a digit or a "
                "capital letter other than I, O, S, V and Z",
            )
    if candidate[17] != uscc_check_char(candidate[:17]):
        raise IdentifierError(
            kind,
            IdentifierProblem.CHECK_DIGIT,
            "the check character (character 18) of the unified social credit code does not match",
        )
    return candidate


def make_resident_id(region: str, birth_date: date, sequence: int) -> str:
    """Build a valid resident ID from a 6-digit region, a birth date and a 3-digit sequence."""
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


def make_uscc(authority_and_type: str, region: str, organisation_code: str) -> str:
    """Build a valid unified social credit code from its 2 + 6 + 9 leading characters."""
    first17 = f"{authority_and_type}{region}{organisation_code}"
    return first17 + uscc_check_char(first17)
