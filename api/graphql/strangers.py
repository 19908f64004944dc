"""Less to learn for strangers: what the schema tells a caller without a token, and limits.

- **Introspection needs a token** (``IntrospectionNeedsToken``): an anonymous ``__schema`` or
  ``__type`` is refused with ``UNAUTHENTICATED`` (the endpoint answers 401 with a Bearer
  challenge, as for a protected field) unless ``CREDIT_PUBLIC_INTROSPECTION`` is on (the
  demo turns it on for GraphiQL). ``__typename`` stays open.
- **No suggestions for anonymous callers**: graphql-core's "Did you mean ...?" would spell out
  field, argument, type and enum value names. ``without_suggestions`` strips them from
  validation errors; variable coercion is run with graphql-core's ``hide_suggestions``.
- **At most ``MAX_DIRECTIVES`` directives** on one field, fragment spread, inline fragment,
  fragment or operation (``MaxDirectives``): directive overloading costs validation time.
- **At most ``MAX_OF_TYPE_DEPTH`` nested ``ofType``** in introspection (``MaxOfTypeDepth``):
  the standard introspection query (graphql-core's ``get_introspection_query()``, GraphiQL's)
  nests nine. The other introspection lists (``fields``, ``interfaces``, ``possibleTypes``,
  ``inputFields``) are bounded by ``MaxIntrospectionDepthRule``, one of graphql-core's
  ``specified_rules``.

Every refusal but the first is ``GRAPHQL_VALIDATION_FAILED``: a request error (400 with
``application/graphql-response+json``). Only graphql-core's public validation API is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.language import SKIP, DirectiveNode, VisitorAction
from graphql.validation import ASTValidationRule, ValidationRule

from api.graphql.text_rules import NoNulCharacter

#: Directives allowed on one field, fragment spread, inline fragment, fragment or operation.
MAX_DIRECTIVES = 5
#: ``ofType`` fields allowed on one path of an introspection selection (the standard query: 9).
MAX_OF_TYPE_DEPTH = 9

#: What a caller without a token is told when it asks for the schema.
INTROSPECTION_MESSAGE = (
    "Introspection needs an access token: send 'Authorization: Bearer <token>' "
    "(in GraphiQL, sign in with Authorize; the schema is then fetched again)."
)

#: graphql-core's suggestion suffix (``did_you_mean``): " Did you mean 'a', 'b', or 'c'?".
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


def is_anonymous(context: object) -> bool:
    """Whether the request's context has no signed-in partner (or is not ours at all)."""
    return getattr(context, "principal", None) is None


def without_suggestions(errors: list[GraphQLError]) -> list[GraphQLError]:
    """The errors with every "Did you mean ...?" removed from their messages."""
    stripped: list[GraphQLError] = []
    for error in errors:
        message = _SUGGESTION.sub("", error.message)
        if message == error.message:
            stripped.append(error)
            continue
        stripped.append(
            GraphQLError(
                message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                original_error=error.original_error,
                extensions=error.extensions,
            )
        )
    return stripped


class IntrospectionNeedsToken(ValidationRule):
    """Refuses ``__schema`` and ``__type`` (added to the rules of anonymous callers only)."""

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        """Report an introspection entry point."""
        if node.name.value in ("__schema", "__type"):
            self.report_error(
                GraphQLError(INTROSPECTION_MESSAGE, node, extensions={"code": "UNAUTHENTICATED"})
            )


class MaxDirectives(ValidationRule):
    """At most ``MAX_DIRECTIVES`` directives on any one location of an executable document."""

    def check(self, node: Any, what: str) -> None:
        """Report the node when it carries too many directives."""
        directives: tuple[DirectiveNode, ...] = tuple(node.directives or ())
        if len(directives) > MAX_DIRECTIVES:
            self.report_error(
                GraphQLError(
                    f"At most {MAX_DIRECTIVES} directives are allowed on one {what};"
                    f" this one has {len(directives)}.",
                    node,
                    extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
                )
            )

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        """Check a field's directives."""
        self.check(node, f"field ('{node.name.value}')")

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_args: Any) -> None:
        """Check a fragment spread's directives."""
        self.check(node, f"fragment spread ('...{node.name.value}')")

    def enter_inline_fragment(self, node: InlineFragmentNode, *_args: Any) -> None:
        """Check an inline fragment's directives."""
        self.check(node, "inline fragment")

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_args: Any) -> None:
        """Check a fragment definition's directives."""
        self.check(node, f"fragment ('{node.name.value}')")

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        """Check an operation's directives."""
        self.check(node, "operation")


class MaxOfTypeDepth(ValidationRule):
    """At most ``MAX_OF_TYPE_DEPTH`` ``ofType`` fields on one path below ``__schema``/``__type``.

    Fragment spreads are followed (each fragment at most once per entry depth, so a document
    that spreads fragments many times is walked in linear time; cycles are
    ``NoFragmentCyclesRule``'s). The walk uses an explicit stack: no recursion limit.
    """

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        #: For each fragment, the greatest ofType depth it was already walked from.
        self.walked: dict[str, int] = {}

    def too_deep(self, root: SelectionSetNode) -> bool:
        """Whether some path below ``root`` has more than ``MAX_OF_TYPE_DEPTH`` ``ofType``."""
        stack: list[tuple[Iterator[Any], int]] = [(iter(root.selections), 0)]
        while stack:
            selections, depth = stack[-1]
            node = next(selections, None)
            if node is None:
                stack.pop()
                continue
            if isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or self.walked.get(name, -1) >= depth:
                    continue
                self.walked[name] = depth
                stack.append((iter(fragment.selection_set.selections), depth))
                continue
            inner = depth
            if isinstance(node, FieldNode) and node.name.value == "ofType":
                inner += 1
                if inner > MAX_OF_TYPE_DEPTH:
                    return True
            if node.selection_set is not None:
                stack.append((iter(node.selection_set.selections), inner))
        return False

    def enter_field(self, node: FieldNode, *_args: Any) -> VisitorAction:
        """Walk the selection of an introspection entry point."""
        if node.name.value not in ("__schema", "__type") or node.selection_set is None:
            return None
        if self.too_deep(node.selection_set):
            self.report_error(
                GraphQLError(
                    f"Introspection may nest at most {MAX_OF_TYPE_DEPTH} 'ofType' fields"
                    " (as the standard introspection query does).",
                    node,
                    extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
                )
            )
            return SKIP
        return None


#: The rules every caller's documents are validated with (besides the depth and alias limits).
LIMIT_RULES: tuple[type[ASTValidationRule], ...] = (MaxDirectives, MaxOfTypeDepth, NoNulCharacter)
