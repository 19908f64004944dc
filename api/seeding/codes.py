"""Unique, valid unified social credit codes from an index (GB 32100-2015, GB 11714-1997)."""

from __future__ import annotations

from api.domain.identifiers import USCC_ALPHABET, make_uscc

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
#: Registration authority and entity type: 9 = market regulation; 1 = enterprise,
#: 2 = individual business (个体工商户).
ENTERPRISE_TYPE = "91"
INDIVIDUAL_BUSINESS_TYPE = "92"


def organisation_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def organisation_code(index: int, new_style: bool, scramble: tuple[int, int, int, int]) -> str:
    """A 9-character organisation code, distinct for distinct ``index`` of the same style.

    Codes issued since late 2015 start with ``MA``; older ones are 8 digits. Either way the
    body is an affine bijection of ``index`` (its multiplier is a unit of the modulus).
    """
    mult6, add6, mult8, add8 = scramble
    if new_style:
        value = (index * mult6 + add6) % 31**6
        chars = []
        for _ in range(6):
            value, digit = divmod(value, 31)
            chars.append(USCC_ALPHABET[digit])
        body = "MA" + "".join(reversed(chars))
    else:
        body = f"{(index * mult8 + add8) % 10**8:08d}"
    return body + organisation_check_char(body)


def uscc_for(
    entity_type: str,
    region: str,
    index: int,
    new_style: bool,
    scramble: tuple[int, int, int, int],
) -> str:
    """A valid unified social credit code for the ``index``-th market entity."""
    return make_uscc(entity_type, region, organisation_code(index, new_style, scramble))
