"""Custom scalars: identifiers and numbers are validated where they enter, with a reason when
they are wrong.

``Decimal`` takes a number in one written form, finite, within a general limit. Where a
Decimal argument (or input field) is stored, its declaration names the column's limit once,
with ``decimal_field`` or ``decimal_argument``; the field that takes it carries
``DecimalLimits``, which checks every Decimal of its arguments against its limit before the
resolver runs (and refuses to build a schema in which a Decimal it would see has none).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import Any, NewType

import strawberry
from graphql import FloatValueNode, IntValueNode, StringValueNode, ValueNode, print_ast
from strawberry.extensions import FieldExtension
from strawberry.schema.name_converter import NameConverter
from strawberry.types import Info
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.scalar import ScalarDefinition

from api.domain.identifiers import validate_resident_id, validate_uscc
from api.domain.numbers import (
    FLOAT_EXACT_DIGITS,
    GENERAL_LIMIT,
    NumberError,
    NumberProblem,
    NumericLimit,
    check_decimal,
    parse_decimal,
    parse_float,
)

UnifiedSocialCreditCode = NewType("UnifiedSocialCreditCode", str)
ResidentId = NewType("ResidentId", str)


def _parse_uscc(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a unified social credit code is a string of 18 characters")
    return validate_uscc(value)


def _parse_aware_datetime(value: object) -> datetime:
    """A DateTime variable or literal: ISO 8601 with a UTC offset (a naive time is ambiguous)."""
    if not isinstance(value, str):
        raise ValueError("a DateTime is an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset: add one (+08:00 or Z)")
    return parsed


def _parse_resident_id(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a resident ID is a string of 18 characters")
    return validate_resident_id(value)


def _parse_decimal(value: object) -> Decimal:
    """A Decimal variable: a string, or a JSON number that lost no digit."""
    if isinstance(value, str):
        return parse_decimal(value)
    if isinstance(value, bool):
        raise NumberError(NumberProblem.NOT_A_NUMBER, f"{str(value).lower()} is not a number")
    if isinstance(value, int):
        return check_decimal(Decimal(value), GENERAL_LIMIT)
    if isinstance(value, float):
        return parse_float(value)
    raise NumberError(NumberProblem.NOT_A_NUMBER, "a Decimal is a string or a number")


def _parse_decimal_literal(node: ValueNode, _variables: dict[str, Any] | None = None) -> Decimal:
    """A Decimal written in the query: read from the literal's own digits, never a float."""
    # The literal's own digits, never a float made of them.
    if isinstance(node, IntValueNode | FloatValueNode | StringValueNode):
        return parse_decimal(node.value)
    raise NumberError(NumberProblem.NOT_A_NUMBER, f"{print_ast(node)[:40]} is not a number")


#: Where a declaration keeps its limit (the field's or argument's ``metadata``).
NUMERIC_LIMIT = "numeric_limit"


def _limit_said(description: str, limit: NumericLimit) -> str:
    """The description, then the limit in a sentence."""
    said = limit.describe()
    return f"{description} {said[0].upper()}{said[1:]}."


def decimal_field(description: str, limit: NumericLimit, **kwargs: Any) -> Any:
    """An input field holding a Decimal stored in a ``Numeric(limit)`` column."""
    return strawberry.field(
        description=_limit_said(description, limit), metadata={NUMERIC_LIMIT: limit}, **kwargs
    )


def decimal_argument(description: str, limit: NumericLimit) -> Any:
    """An argument holding a Decimal stored in a ``Numeric(limit)`` column."""
    return strawberry.argument(
        description=_limit_said(description, limit), metadata={NUMERIC_LIMIT: limit}
    )


def _declared_limit(metadata: Any) -> NumericLimit | None:
    """The limit a field or argument declares in its metadata, if any."""
    limit = (metadata or {}).get(NUMERIC_LIMIT)
    return limit if isinstance(limit, NumericLimit) else None


def _unwrapped(type_: Any) -> Any:
    """The named type inside optionals and lists."""
    while isinstance(type_, StrawberryOptional | StrawberryList):
        type_ = type_.of_type
    return type_


def undeclared_decimals(
    type_: Any, limit: NumericLimit | None, where: str, seen: frozenset[object] = frozenset()
) -> list[str]:
    """Where a value of ``type_`` can hold a Decimal with no declared limit."""
    named = _unwrapped(type_)
    if named is Decimal:
        return [] if limit is not None else [where]
    definition = get_object_definition(named)
    if definition is None or not definition.is_input or named in seen:
        return []
    missing: list[str] = []
    for field in definition.fields:
        missing += undeclared_decimals(
            field.type,
            _declared_limit(field.metadata),
            f"{where}.{field.python_name}",
            seen | {named},
        )
    return missing


def _checked(value: Any, limit: NumericLimit | None, path: str, names: NameConverter) -> Any:
    """``value`` with each Decimal in it checked against its limit (and in plain form)."""
    if isinstance(value, Decimal):
        if limit is None:
            raise RuntimeError(f"{path} has no declared limit")  # DecimalLimits.apply refuses
        try:
            return check_decimal(value, limit)
        except NumberError as error:
            raise error.at(path) from None
    if isinstance(value, list):
        return [_checked(item, limit, f"{path}[{i}]", names) for i, item in enumerate(value)]
    definition = get_object_definition(value)
    if definition is not None and definition.is_input:
        for field in definition.fields:
            inner = getattr(value, field.python_name)
            if inner is not None:
                checked = _checked(
                    inner,
                    _declared_limit(field.metadata),
                    f"{path}.{names.from_field(field)}",
                    names,
                )
                setattr(value, field.python_name, checked)
    return value


class DecimalLimits(FieldExtension):
    """Checks every Decimal in the field's arguments against its declared limit, then resolves.

    A refusal is a ``NumberError`` naming the argument (``input.amountMin``): the field's
    answer is ``BAD_USER_INPUT`` with the problem, and the resolver does not run.
    """

    arguments: tuple[StrawberryArgument, ...] = ()

    def apply(self, field: StrawberryField) -> None:
        """Keep the field's arguments; refuse them if one can hold a Decimal without a limit."""
        missing = [
            where
            for argument in field.arguments
            for where in undeclared_decimals(
                argument.type,
                _declared_limit(argument.metadata),
                f"{field.python_name}({argument.python_name})",
            )
        ]
        if missing:
            raise TypeError(
                "Decimal arguments need a limit (decimal_field / decimal_argument): "
                + ", ".join(missing)
            )
        self.arguments = tuple(field.arguments)

    def _check(self, info: Info, kwargs: dict[str, Any]) -> None:
        """Check (and put in plain form) every Decimal of the arguments, in place."""
        names = info.schema.config.name_converter
        for argument in self.arguments:
            value = kwargs.get(argument.python_name)
            if value is not None:
                kwargs[argument.python_name] = _checked(
                    value,
                    _declared_limit(argument.metadata),
                    names.from_argument(argument),
                    names,
                )

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        """Check, then resolve."""
        self._check(info, kwargs)
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        """Check, then resolve."""
        self._check(info, kwargs)
        return await next_(source, info, **kwargs)


DECIMAL_DESCRIPTION = (
    'A decimal number (fixed point), best sent as a string: "1234.56". Written as JSON '
    "writes a number: an optional '-', ASCII digits, an optional '.' and digits, an optional "
    "exponent (1.5e3); no blanks, '+', underscores, other digits, NaN or infinities. "
    f"At most {GENERAL_LIMIT.integer_digits} digits before the decimal point and "
    f"{GENERAL_LIMIT.scale} after, or what the argument's description says (the column it "
    f"is stored in). A JSON number is taken only if it has at most {FLOAT_EXACT_DIGITS} "
    "significant digits (a float keeps no more). Refused with "
    "BAD_USER_INPUT and a reason in `extensions.problem`: NOT_A_NUMBER, NOT_FINITE, FORMAT, "
    "TOO_LARGE or TOO_MANY_DECIMALS."
)

SCALARS: dict[object, ScalarDefinition] = {
    datetime: strawberry.scalar(
        name="DateTime",
        description="Date with time (isoformat), with a UTC offset (+08:00 or Z) when sent.",
        serialize=datetime.isoformat,
        parse_value=_parse_aware_datetime,
    ),
    Decimal: strawberry.scalar(
        name="Decimal",
        description=DECIMAL_DESCRIPTION,
        serialize=str,
        parse_value=_parse_decimal,
        parse_literal=_parse_decimal_literal,
    ),
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
