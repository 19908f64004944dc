"""Custom scalars: identifiers are validated where they enter, with a reason when they are wrong."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from api.domain.identifiers import validate_resident_id, validate_uscc

UnifiedSocialCreditCode = NewType("UnifiedSocialCreditCode", str)
ResidentId = NewType("ResidentId", str)


def _parse_uscc(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a unified social credit code is a string of 18 characters")
    return validate_uscc(value)


def _parse_resident_id(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a resident ID is a string of 18 characters")
    return validate_resident_id(value)


SCALARS: dict[object, ScalarDefinition] = {
    ResidentId: strawberry.scalar(
        name="ResidentId",
        description=(
            "An 18-character resident ID (GB 11643-1999): 17 digits with a real birth date, "
            "then a MOD 11-2 check digit or X. Refused with a reason (LENGTH, CHARACTER, DATE, "
            "CHECK_DIGIT) when wrong. Answers show it masked unless the caller holds "
            "`person:read_identifier`."
        ),
        serialize=str,
        parse_value=_parse_resident_id,
    ),
    UnifiedSocialCreditCode: strawberry.scalar(
        name="UnifiedSocialCreditCode",
        description=(
            "An 18-character unified social credit code (GB 32100-2015): digits and capital "
            "letters except I, O, S, V, Z, the last one a mod-31 check character. Invalid codes "
            "are refused with a reason: LENGTH, CHARACTER or CHECK_DIGIT."
        ),
        serialize=str,
        parse_value=_parse_uscc,
    ),
}
