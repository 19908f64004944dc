"""What a partner may see of a person it is allowed to read: the least the purpose needs.

Identifiers are masked unless a scope allows more, and names are masked where the purpose
does not need them (domain.md, "Rules that bind the data"; PIPL art. 6, data minimisation).
"""

from __future__ import annotations

from api.domain.consent.model import Purpose

#: Purposes for which the partner needs the person's full name (a hospital bill, a loan file).
NAME_PURPOSES = frozenset(
    {
        Purpose.PAY_AFTER_TREATMENT,
        Purpose.CREDIT_LOAN,
        Purpose.TAX_CREDIT_LOAN,
        Purpose.POST_LOAN_MONITORING,
        Purpose.CREDIT_SUPERVISION,
        Purpose.SUBJECT_SELF_SERVICE,
    }
)


def purpose_needs_name(purpose: Purpose) -> bool:
    """Whether a read for ``purpose`` may show the full name (data minimisation)."""
    return purpose in NAME_PURPOSES


def mask_name(name: str) -> str:
    """Keep the surname's first character, hide the rest (``张三丰`` becomes ``张**``)."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else name
