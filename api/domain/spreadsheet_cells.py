"""Text that a spreadsheet would run as a formula (CSV injection), refused or neutralised.

A cell starting with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel, LibreOffice and
WPS, and so is one starting with a tab or a carriage return followed by one. The record
importer refuses such values line by line; every CSV the platform writes passes its cells
through ``neutralise_cell``, which prefixes a single quote (shown as text, never run).
"""

from __future__ import annotations

#: The first characters that make a spreadsheet cell a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(value: str) -> bool:
    """Whether a spreadsheet would treat ``value`` as a formula."""
    return value.startswith(FORMULA_PREFIXES)


def neutralise_cell(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet runs: a leading quote before a formula start."""
    return "'" + value if starts_formula(value) else value
