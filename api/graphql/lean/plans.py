"""Lean plans: a selection whose every field reads plainly, completed in one loop."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import (
    GraphQLBoolean,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, Undefined

#: source -> value (the request's ``info`` stand-in bound in when the field needs it)
Getter = Callable[[Any], Any]


#: Directives that only decide whether a field is collected (applied before a plan is made).
_COLLECTING_DIRECTIVES = frozenset({"include", "skip"})


#: Leaf types whose output coercion returns a value of this Python type unchanged.
_UNCHANGED: dict[Any, type] = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}


class LeanExecutionError(Exception):
    """The lean executor met a value it cannot complete: the request fails, never silently."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"lean executor: {reason}: {detail}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class FieldRef:
    """What graphql-core needs to complete one field of a plan its own way."""

    definition: GraphQLField
    #: graphql-core's field details list for this response name (its nodes, for errors).
    details: Any
    return_type: GraphQLOutputType
    parent_type: GraphQLObjectType


@dataclass(frozen=True, slots=True)
class LeafStep:
    """Read one leaf field and coerce it."""

    name: str
    get: Getter
    coerce: Callable[[Any], Any]
    non_null: bool
    #: The Python type the coercion returns unchanged, if any (str for String and ID...).
    unchanged: type | None
    #: For strawberry enums whose every member has a GraphQL name: the Python enum and the
    #: names (what the type's ``coerce_output_value`` finds for them).
    enum_class: type | None
    enum_names: Mapping[Any, str] | None
    field: FieldRef


@dataclass(frozen=True, slots=True)
class ObjectStep:
    """Read one object (or list of objects) field and complete it by its own plan."""

    name: str
    get: Getter
    is_list: bool
    item_non_null: bool
    plan: Plan
    field: FieldRef


@dataclass(frozen=True, slots=True)
class TypenameStep:
    """``__typename``: the object type's name."""

    name: str
    type_name: str


Step = LeafStep | ObjectStep | TypenameStep


@dataclass(frozen=True, slots=True)
class Plan:
    """How to complete a selection on one object type without graphql-core's walk."""

    object_type: GraphQLObjectType
    is_type_of: Callable[[Any, Any], Any] | None
    steps: tuple[Step, ...]

    @property
    def type_name(self) -> str:
        """The object type's name."""
        return self.object_type.name


class Completer(Protocol):
    """The executor methods a plan hands every non-plain value to (graphql-core's own)."""

    def is_awaitable(self, value: Any) -> bool:
        """Whether ``value`` must be awaited."""

    def build_resolve_info(
        self, field_def: GraphQLField, field_nodes: Any, parent_type: GraphQLObjectType, path: Path
    ) -> Any:
        """graphql-core's resolve info for one field."""

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: Any,
        info: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's ``complete_value``."""

    def handle_field_error(
        self,
        raw_error: Exception,
        return_type: GraphQLOutputType,
        field_details_list: Any,
        path: Path,
    ) -> None:
        """graphql-core's ``handle_field_error``: record, or raise for a non-null type."""

    def stock_object(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's own ``complete_object_value`` (no plan)."""

    def lean_failure(self, reason: str, detail: str) -> LeanExecutionError:
        """Record (metric, error log) and return the failure to raise."""


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


def item_type(type_: GraphQLOutputType) -> GraphQLOutputType:
    """The item type (maybe non-null) of a list type (maybe non-null)."""
    inner: Any = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    item: GraphQLOutputType = inner.of_type
    return item


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
    """Runs plans for one field of one request, handing non-plain values to graphql-core.

    ``info`` is the resolve info of the field whose value the plan completes (what an
    ``is_type_of`` receives, as for every object below it), ``details`` its field details.
    """

    __slots__ = ("details", "executor", "info", "position_context")

    def __init__(self, executor: Completer, info: Any, details: Any, position_context: Any) -> None:
        self.executor = executor
        self.info = info
        self.details = details
        self.position_context = position_context

    def object(self, plan: Plan, source: Any, path: Path, field: FieldRef | None) -> Any:
        """The completed dictionary of ``source`` at ``path`` (``field``: where it was read)."""
        is_type_of = plan.is_type_of
        if is_type_of is None:
            if self.executor.is_awaitable(source):
                raise self.executor.lean_failure("awaitable_object", plan.type_name)
        elif is_type_of(source, self.info) is not True:
            return self.stock_object(plan, source, path, field)
        result: dict[str, Any] = {}
        for step in plan.steps:
            if isinstance(step, LeafStep):
                try:
                    value = step.get(source)
                except Exception as error:
                    self.failed(step.name, step.field, error, path, plan)
                    result[step.name] = None
                    continue
                value_kind = type(value)
                if value_kind is step.unchanged:
                    result[step.name] = value
                elif value_kind is step.enum_class and step.enum_names is not None:
                    result[step.name] = step.enum_names[value]
                else:
                    result[step.name] = self.leaf(step, value, path, plan)
            elif isinstance(step, ObjectStep):
                try:
                    value = step.get(source)
                except Exception as error:
                    self.failed(step.name, step.field, error, path, plan)
                    result[step.name] = None
                    continue
                result[step.name] = self.nested(step, value, path, plan)
            else:
                result[step.name] = step.type_name
        return result

    def objects(
        self,
        plan: Plan,
        items: list[Any] | tuple[Any, ...],
        path: Path,
        list_item_type: GraphQLOutputType,
        field: FieldRef | None,
    ) -> list[Any]:
        """The completed list of ``items`` (objects or nulls), each item as graphql-core does."""
        completed: list[Any] = []
        append = completed.append
        executor = self.executor
        for index, item in enumerate(items):
            item_path = Path(path, index, None)
            try:
                if item is None:
                    append(self.complete(list_item_type, item, item_path, field))
                else:
                    append(self.object(plan, item, item_path, field))
            except Exception as error:
                executor.handle_field_error(
                    error, list_item_type, self.field_details(field), item_path
                )
                append(None)
        return completed

    def nested(self, step: ObjectStep, value: Any, path: Path, plan: Plan) -> Any:
        """One object or list-of-objects field of an object, as ``execute_field`` completes it."""
        field = step.field
        field_path = Path(path, step.name, plan.type_name)
        try:
            if value is None or (
                step.is_list and type(value) is not list and type(value) is not tuple
            ):
                return self.complete(field.return_type, value, field_path, field)
            if step.is_list:
                return self.objects(
                    step.plan, value, field_path, item_type(field.return_type), field
                )
            return self.object(step.plan, value, field_path, field)
        except Exception as error:
            self.executor.handle_field_error(error, field.return_type, field.details, field_path)
            return None

    def leaf(self, step: LeafStep, value: Any, path: Path, plan: Plan) -> Any:
        """A leaf value that is not already its output: coerced inline if that is plain."""
        if value is None:
            if not step.non_null:
                return None
        elif (
            value is not Undefined
            and not isinstance(value, Exception)
            and not self.executor.is_awaitable(value)
        ):
            try:
                coerced = step.coerce(value)
            except Exception:  # graphql-core reports it below, with its path
                coerced = None
            if coerced is not None and coerced is not Undefined:
                return coerced
        field = step.field
        field_path = Path(path, step.name, plan.type_name)
        try:
            return self.complete(field.return_type, value, field_path, field)
        except Exception as error:
            self.executor.handle_field_error(error, field.return_type, field.details, field_path)
            return None

    def failed(self, name: str, field: FieldRef, error: Exception, path: Path, plan: Plan) -> None:
        """A read that raised: the field's error, as ``execute_field`` reports a resolver's."""
        field_path = Path(path, name, plan.type_name)
        self.executor.handle_field_error(error, field.return_type, field.details, field_path)

    def complete(
        self, return_type: GraphQLOutputType, value: Any, path: Path, field: FieldRef | None
    ) -> Any:
        """``complete_value`` of a value already read (raises what graphql-core raises)."""
        executor = self.executor
        if executor.is_awaitable(value):
            raise executor.lean_failure("awaitable_value", str(path.as_list()))
        completed = executor.complete_value(
            return_type,
            self.field_details(field),
            self.info_for(field, path),
            path,
            value,
            self.position_context,
        )
        if executor.is_awaitable(completed):
            raise executor.lean_failure("awaitable_completion", str(path.as_list()))
        return completed

    def stock_object(self, plan: Plan, source: Any, path: Path, field: FieldRef | None) -> Any:
        """An object whose ``is_type_of`` did not say yes: graphql-core's completion, no plan."""
        executor = self.executor
        if executor.is_awaitable(source):
            raise executor.lean_failure("awaitable_object", plan.type_name)
        completed = executor.stock_object(
            plan.object_type,
            self.field_details(field),
            self.info_for(field, path),
            path,
            source,
            self.position_context,
        )
        if executor.is_awaitable(completed):
            raise executor.lean_failure("awaitable_completion", str(path.as_list()))
        return completed

    def field_details(self, field: FieldRef | None) -> Any:
        """The field details of the field being completed."""
        return self.details if field is None else field.details

    def info_for(self, field: FieldRef | None, path: Path) -> Any:
        """The resolve info graphql-core would hold here (built only when needed)."""
        if field is None:
            return self.info
        # graphql-core keeps the field's info (and its path) for the field's list items.
        while isinstance(path.key, int):
            path = path.prev  # type: ignore[assignment] # an item's path has its list's before it
        return self.executor.build_resolve_info(
            field.definition, to_nodes(field.details), field.parent_type, path
        )


def is_plannable(named: Any) -> bool:
    """Whether objects of this named type can have a plan (a concrete object type)."""
    return isinstance(named, GraphQLObjectType) and not named.name.startswith("__")
