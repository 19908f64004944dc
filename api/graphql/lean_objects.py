"""Completing a whole lean selection in one loop: objects whose every selected field reads plainly.

graphql-core completes an object by collecting its subfields, then, per field, building a
``Path``, calling ``execute_field``/``complete_value`` and, per list item, another
``complete_value``; the lean executor already completes leaves inline, but every nested object
and list item still costs that walk. A page of 50 loan candidates, each with its enterprise,
about seven criterion checks, five score parts and some lifts, is about 710 such objects.

A *plan* is what a selection on one object type comes to when every selected field is

- ``__typename``;
- a streamlined leaf (``executor.Leaf``: a plain field or a context-only resolver, no argument,
  no permission, not async); or
- an object or a list of objects of a concrete object type, read the same way, whose own
  selection has a plan.

Plans are compiled once per request and selection (graphql-core memoizes the subfield
collection on the same key). Running one reads every value, coerces every leaf and builds
the dictionaries directly. It neither records errors nor builds paths: the first thing that is
not the plain success case (an exception, null for a non-null field, a value that is
awaitable, an ``is_type_of`` that says no, a leaf that does not coerce) abandons the run, and
graphql-core's own completion starts over for that value, reporting exactly what it would
have. That is sound because what a plan reads has no side effects: plain attributes, and
resolvers marked ``reads_context_only``, which must be pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
)
from graphql.pyutils import Undefined

#: source -> value (the request's ``info`` stand-in bound in when the field needs it)
Getter = Callable[[Any], Any]

#: Directives that only decide whether a field is collected (applied before a plan is made).
_COLLECTING_DIRECTIVES = frozenset({"include", "skip"})

#: Leaf types whose output coercion returns a value of this Python type unchanged.
_UNCHANGED: dict[Any, type] = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}


class Abandon(Exception):  # noqa: N818 - a signal, not an error anybody sees
    """The plain success case does not hold: complete this value graphql-core's way."""


@dataclass(frozen=True, slots=True)
class LeafStep:
    """Read one leaf field and coerce it."""

    name: str
    get: Getter
    coerce: Callable[[Any], Any]
    non_null: bool
    #: The Python type the coercion returns unchanged, if any (str for String and ID...).
    unchanged: type | None
    #: For strawberry enums: the Python enum, and its members' GraphQL names (every member:
    #: a member without one is not completed by a plan).
    enum_class: type | None
    enum_names: Mapping[Any, str] | None


@dataclass(frozen=True, slots=True)
class ObjectStep:
    """Read one object (or list of objects) field and complete it by its own plan."""

    name: str
    get: Getter
    non_null: bool
    is_list: bool
    item_non_null: bool
    plan: Plan


@dataclass(frozen=True, slots=True)
class TypenameStep:
    """``__typename``: the object type's name."""

    name: str
    type_name: str


Step = LeafStep | ObjectStep | TypenameStep


@dataclass(frozen=True, slots=True)
class Plan:
    """How to complete a selection on one object type without graphql-core's walk."""

    type_name: str
    is_type_of: Callable[[Any, Any], Any] | None
    steps: tuple[Step, ...]


def unwrap_object_list(type_: GraphQLOutputType) -> tuple[bool, bool, bool, Any]:
    """(non-null, is a list, items non-null, named type) of an object or list-of-object type."""
    non_null = isinstance(type_, GraphQLNonNull)
    inner: Any = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if not isinstance(inner, GraphQLList):
        return non_null, False, False, inner
    item: Any = inner.of_type
    item_non_null = isinstance(item, GraphQLNonNull)
    if item_non_null:
        item = item.of_type
    return non_null, True, item_non_null, item


def only_collecting_directives(field_details_list: Any) -> bool:
    """Whether every node of the field carries only ``@include``/``@skip`` (or nothing)."""
    for details in field_details_list:
        if details.defer_usage is not None:
            return False
        directives = details.node.directives
        if directives and any(d.name.value not in _COLLECTING_DIRECTIVES for d in directives):
            return False
    return True


def unchanged_type(leaf_type: Any) -> type | None:
    """The Python type a leaf type's output coercion returns unchanged, if there is one."""
    return _UNCHANGED.get(leaf_type)


class PlanRunner:
    """Runs plans; ``info`` is what an ``is_type_of`` receives (the field's resolve info)."""

    __slots__ = ("info",)

    def __init__(self, info: Any) -> None:
        self.info = info

    def object(self, plan: Plan, source: Any) -> dict[str, Any]:
        """The completed dictionary of ``source``; raises ``Abandon`` (or anything) otherwise."""
        is_type_of = plan.is_type_of
        if is_type_of is not None and is_type_of(source, self.info) is not True:
            raise Abandon
        result: dict[str, Any] = {}
        for step in plan.steps:
            if type(step) is LeafStep:
                value = step.get(source)
                kind = type(value)
                if kind is step.unchanged:
                    result[step.name] = value
                elif kind is step.enum_class:
                    result[step.name] = step.enum_names[value]  # type: ignore[index]
                else:
                    result[step.name] = self.leaf(step, value)
            elif type(step) is ObjectStep:
                result[step.name] = self.nested(step, step.get(source))
            else:
                result[step.name] = step.type_name  # type: ignore[union-attr]
        return result

    def objects(self, plan: Plan, items: Any, item_non_null: bool) -> list[Any]:
        """The completed list of ``items`` (a list or tuple of objects)."""
        if type(items) is not list and type(items) is not tuple:
            raise Abandon
        completed: list[Any] = []
        append = completed.append
        for item in items:
            if item is None:
                if item_non_null:
                    raise Abandon
                append(None)
            else:
                append(self.object(plan, item))
        return completed

    def nested(self, step: ObjectStep, value: Any) -> Any:
        """One object or list-of-objects field of an object."""
        if value is None:
            if step.non_null:
                raise Abandon
            return None
        if step.is_list:
            return self.objects(step.plan, value, step.item_non_null)
        return self.object(step.plan, value)

    @staticmethod
    def leaf(step: LeafStep, value: Any) -> Any:
        """What ``complete_value`` makes of a leaf value it completes without error."""
        if value is None:
            if step.non_null:
                raise Abandon
            return None
        enum_class = step.enum_class
        if enum_class is not None and isinstance(value, enum_class):
            name = step.enum_names.get(value) if step.enum_names else None
            if name is not None:
                return name
        if value is Undefined or isinstance(value, Exception):
            raise Abandon
        coerced = step.coerce(value)
        if coerced is None or coerced is Undefined:
            raise Abandon
        return coerced


def is_plannable(named: Any) -> bool:
    """Whether objects of this named type can have a plan (a concrete object type)."""
    return isinstance(named, GraphQLObjectType) and not named.name.startswith("__")
