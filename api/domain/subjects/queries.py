"""How partners may filter and sort subjects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import District, GreenActivityClass, SizeClass, TaxGrade

_INDUSTRY_PREFIX = re.compile(r"^[A-T][0-9]{0,4}$")
_DIGITS = "0123456789"


class EnterpriseOrder(StrEnum):
    """Sort orders offered on the enterprise list; each is backed by an index."""

    ID = "id"
    NAME = "name"
    REGISTERED_ON = "registered_on"


@dataclass(frozen=True, slots=True)
class EnterpriseFilter:
    """Filters on the enterprise list; every one is backed by an index."""

    districts: tuple[District, ...] = ()
    industry_prefix: str | None = None
    size_classes: tuple[SizeClass, ...] = ()
    tax_grades: tuple[TaxGrade, ...] = ()
    green_classes: tuple[GreenActivityClass, ...] = ()

    def __post_init__(self) -> None:
        if self.industry_prefix is not None and not _INDUSTRY_PREFIX.match(self.industry_prefix):
            raise InvalidArgumentError(
                "industryPrefix is a GB/T 4754 code prefix: a section letter A to T and up to "
                f"four digits (for example C or C26), not {self.industry_prefix!r}"
            )


def industry_prefix_range(prefix: str) -> tuple[str, str | None]:
    """The half-open range [low, high) of industry codes that start with ``prefix``.

    A range (not LIKE) so that any collation's B-tree index answers it: codes are capital
    letters and digits only, which sort the same way in every collation.
    """
    chars = list(prefix)
    while chars:
        last = chars.pop()
        if last == "9":
            continue
        if last.isdigit():
            return prefix, "".join(chars) + _DIGITS[_DIGITS.index(last) + 1]
        if last == "Z":
            continue
        return prefix, "".join(chars) + chr(ord(last) + 1)
    return prefix, None
