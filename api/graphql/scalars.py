"""Custom scalars: identifiers are validated where they enter, with a reason when they are wrong."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from api.domain.identifiers import validate_uscc

UnifiedSocialCreditCode = NewType("UnifiedSocialCreditCode", str)


def _parse_uscc(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a unified social credit code is a string of 18 characters")
    return validate_uscc(value)


SCALARS: dict[object, ScalarDefinition] = {
    UnifiedSocialCreditCode: strawberry.scalar(
        name="UnifiedSocialCreditCode",
        description=(
            "An 18-character unified social credit code (GB 32100-2015): digits and capital "
            "letters except I, O, S, V, Z, the last one a mod-31 check character. Invalid codes "
            "are refused with a reason: LENGTH, CHARACTER or CHECK_DIGIT."
        ),
        serialize=str,
        parse_value=_parse_uscc,
    )
}
