"""No NUL character (U+0000) in any text a caller sends: PostgreSQL text cannot hold one.

A string literal of the document is refused by a validation rule (cached with the rest of
validation); a string among the variables, keys included, by the HTTP layer before anything
runs (``nul_path``). Either way the caller gets a request error naming where it was.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, StringValueNode
from graphql.language.visitor import VisitorAction
from graphql.validation import ASTValidationRule

NUL = "\x00"
MESSAGE = "text may not contain the NUL character (U+0000)"


class NoNulCharacter(ASTValidationRule):
    """Refuses a string literal holding U+0000."""

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> VisitorAction:
        """Report the literal if it holds a NUL."""
        if NUL in node.value:
            self.report_error(
                GraphQLError(
                    f"a string literal: {MESSAGE}",
                    node,
                    extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
                )
            )
        return None


def nul_path(value: object, path: str = "variables") -> str | None:
    """Where in a JSON value a string (or key) holds U+0000, as ``variables.a[2]``; else None."""
    stack: list[tuple[object, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return where
        elif isinstance(item, dict):
            for key, inner in item.items():
                if NUL in key:
                    return where
                stack.append((inner, f"{where}.{key}"))
        elif isinstance(item, list):
            stack.extend((inner, f"{where}[{index}]") for index, inner in enumerate(item))
    return None
