"""Decimal numbers as partners send them: one written form, finite, and within the column.

A number is written as JSON writes one: an optional ``-``, ASCII digits, an optional
fraction (``.`` and digits) and an optional exponent (``e`` or ``E``, a sign, digits). No
blanks, no ``+`` in front, no underscores, no other digits (Arabic-Indic, fullwidth), no
``NaN`` or infinity. Its value must then fit where it is stored, a ``Numeric(precision,
scale)`` column: at most ``precision - scale`` digits before the point and ``scale`` after
(trailing zeros after the point are not digits it needs: ``1.500`` fits two places).

Each refusal names its problem, most basic first, so a partner can fix its input:
``NOT_A_NUMBER``, ``NOT_FINITE``, ``FORMAT``, ``TOO_LARGE``, ``TOO_MANY_DECIMALS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation
from enum import StrEnum

from api.domain.errors import DomainError, ErrorCode

#: The one written form: JSON's number, leading zeros allowed ("007.50" is 7.50).
NUMERAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
#: A float carries any decimal of at most this many significant digits exactly (DBL_DIG).
FLOAT_EXACT_DIGITS = 15


class NumberProblem(StrEnum):
    """What is wrong with a number, most basic first."""

    NOT_A_NUMBER = "NOT_A_NUMBER"
    NOT_FINITE = "NOT_FINITE"
    FORMAT = "FORMAT"
    TOO_LARGE = "TOO_LARGE"
    TOO_MANY_DECIMALS = "TOO_MANY_DECIMALS"


class NumberError(DomainError):
    """A number was refused; ``problem`` says which rule it broke, ``argument`` where."""

    code = ErrorCode.INVALID_ARGUMENT

    def __init__(self, problem: NumberProblem, message: str, argument: str | None = None) -> None:
        super().__init__(f"{argument}: {message}" if argument else message)
        self.problem = problem
        self.argument = argument

    def at(self, argument: str) -> NumberError:
        """The same refusal, naming the argument (``input.amount``) it was found in."""
        return NumberError(self.problem, self.message, argument)


@dataclass(frozen=True, slots=True)
class NumericLimit:
    """What a ``Numeric(precision, scale)`` column holds."""

    precision: int
    scale: int
    #: The bound of every Decimal, not one column's: said as such in refusals.
    general: bool = False

    def __post_init__(self) -> None:
        """A limit has at least one digit and no more places than digits."""
        if not 0 <= self.scale <= self.precision or self.precision < 1:
            raise ValueError(f"not a Numeric limit: ({self.precision}, {self.scale})")

    @property
    def integer_digits(self) -> int:
        """Digits allowed before the decimal point."""
        return self.precision - self.scale

    def describe(self) -> str:
        """The limit in words: "at most 14 digits before the decimal point and 2 after"."""
        if self.general:
            return (
                f"no Decimal takes more than {self.integer_digits} digits before the decimal "
                f"point or {self.scale} after"
            )
        places = f"{self.scale} after" if self.scale else "none after"
        return f"at most {self.integer_digits} digits before the decimal point and {places}"


#: What any Decimal argument holds unless its declaration says less.
GENERAL_LIMIT = NumericLimit(28, 8, general=True)


def parse_decimal(text: str, limit: NumericLimit = GENERAL_LIMIT) -> Decimal:
    """The value of a numeral that fits ``limit``, or NumberError saying what is wrong."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        if NUMERAL.fullmatch(text):
            # Well formed, but the exponent is beyond what a decimal holds at all.
            _, _, exponent = text.replace("E", "e").partition("e")
            problem = (
                NumberProblem.TOO_MANY_DECIMALS
                if exponent.startswith("-")
                else NumberProblem.TOO_LARGE
            )
            raise NumberError(
                problem, f"{_quote(text)} is out of range: {limit.describe()}"
            ) from None
        raise NumberError(
            NumberProblem.NOT_A_NUMBER, f"{_quote(text)} is not a decimal number"
        ) from None
    if value.is_nan():
        raise NumberError(NumberProblem.NOT_A_NUMBER, f"{_quote(text)} is not a number")
    if value.is_infinite():
        raise NumberError(NumberProblem.NOT_FINITE, f"{_quote(text)} is not a finite number")
    if not NUMERAL.fullmatch(text):
        raise NumberError(
            NumberProblem.FORMAT,
            f"{_quote(text)} is not written as a plain number: ASCII digits with an optional "
            "leading '-', '.' and exponent; no blanks, '+', underscores or other digits",
        )
    return check_decimal(value, limit)


def parse_float(value: float, limit: NumericLimit = GENERAL_LIMIT) -> Decimal:
    """A JSON number that arrived as a float: taken only when no digit of it was lost."""
    text = repr(value)
    if value != value:
        raise NumberError(NumberProblem.NOT_A_NUMBER, "NaN is not a number")
    if value in (float("inf"), float("-inf")):
        raise NumberError(NumberProblem.NOT_FINITE, f"{text} is not a finite number")
    parsed = parse_decimal(text, limit)
    digits = Decimal(text).as_tuple().digits
    if len(digits) - _trailing_zeros(digits) > FLOAT_EXACT_DIGITS:
        raise NumberError(
            NumberProblem.FORMAT,
            f"the JSON number {text} has more than {FLOAT_EXACT_DIGITS} significant digits, "
            "so some may have been lost: send it as a string",
        )
    return parsed


def check_decimal(value: Decimal, limit: NumericLimit) -> Decimal:
    """``value`` in plain form if it is finite and fits ``limit``; NumberError if not.

    The result equals ``value``; it has no exponent above 0, no more than ``limit.scale``
    places, and zero has no sign.
    """
    if value.is_nan():
        raise NumberError(NumberProblem.NOT_A_NUMBER, "NaN is not a number")
    if value.is_infinite():
        raise NumberError(NumberProblem.NOT_FINITE, f"{value} is not a finite number")
    exponent = _exponent(value)
    target = max(-limit.scale, min(0, exponent))
    if not value:
        return Decimal(0).scaleb(target)
    digits = value.as_tuple().digits
    zeros = _trailing_zeros(digits)
    lowest = exponent + zeros  # the power of ten of the last non-zero digit
    highest = exponent + len(digits) - 1  # the power of ten of the first digit
    if highest >= limit.integer_digits:
        raise NumberError(
            NumberProblem.TOO_LARGE, f"{_shown(value)} is too large: {limit.describe()}"
        )
    if lowest < -limit.scale:
        raise NumberError(
            NumberProblem.TOO_MANY_DECIMALS,
            f"{_shown(value)} has {-lowest} decimal places: {limit.describe()}",
        )
    if exponent == target:
        return value
    exact = Context(prec=limit.precision, traps=[Inexact, InvalidOperation])
    return value.quantize(Decimal(1).scaleb(target), context=exact)


def _exponent(value: Decimal) -> int:
    """The exponent of a finite decimal."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # 'n', 'N' or 'F': refused before this is reached
        raise ValueError(f"{value} has no exponent")
    return exponent


def _trailing_zeros(digits: tuple[int, ...]) -> int:
    """How many zeros end the coefficient."""
    count = 0
    for digit in reversed(digits):
        if digit:
            break
        count += 1
    return count


def _shown(value: Decimal) -> str:
    """A number as a refusal shows it (long ones cut)."""
    text = str(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _quote(text: str) -> str:
    """What the partner sent, quoted as a refusal shows it (long text cut)."""
    shown = text if len(text) <= 40 else f"{text[:37]}..."
    return repr(shown)
