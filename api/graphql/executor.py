"""Lean field resolution: plain fields and context-only resolvers without the per-field layers.

For every field, strawberry's resolver wrapper builds an ``Info``, converts the arguments
(renaming each one through the name converter), chains the field extensions with
``functools.reduce``, and only then reads an attribute or calls the resolver; graphql-core's
executor builds a resolve-info object and walks ``complete_value`` down to the leaf coercion.
On a page of 50 enterprises with their records (about 1,650 fields, 1,300 of them a column of
a row) those layers were most of the request's CPU.

``LeanExecutor`` is a graphql-core executor class, given to strawberry through its public
``execution_context_class`` parameter (``lean_executor()`` makes one per schema). It changes
nothing in the schema: from the schema it executes (``Executor.schema``) it derives, once, a
table of the fields for which the layers do nothing, and a direct resolve function for each:

- *plain* fields (strawberry's "basic field": no resolver, no extension, no argument): the
  value is read with the configured default resolver, as strawberry does;
- resolvers marked ``reads_context_only`` (they use nothing of ``info`` but ``info.context``,
  which graphql-core's resolve info has too), whose parameters are the parent (``root``,
  ``parent`` or, on ``Query``, ``self``: the root value), then optionally ``info``, then
  arguments of built-in scalar types or of the schema's scalar registry but ``GlobalID``
  (which strawberry passes through unconverted), and whose only field extension is the
  project's declared permission (``HasScope`` / ``IsAuthenticated``): the permission is
  checked first, exactly where strawberry's ``PermissionExtension`` checks it (inside the
  coroutine for async resolvers, so errors are collected in the same order), then the
  resolver is called.

Fields that do not fit are resolved by strawberry's own resolver. ``execute_field`` calls the
direct function instead of strawberry's; ``execute_fields`` completes plain and context-only
*leaf* fields (scalar or enum, no argument, no permission) inline, as
``Executor.complete_value`` does a leaf, sending any error through ``handle_field_error``;
``complete_object_value``/``complete_list_value`` complete whole selections by a plan
(``lean_objects``). Every value is read once; what is not the plain case is completed by
graphql-core's own methods with that value. When the executor meets a value it cannot complete
(``LeanExecutionError``) the request fails: the failure is counted
(``credit_graphql_fast_path_failures_total{reason}``), logged at error level on the
``api.graphql`` logger, and the response is an internal error; nothing is retried, nothing
falls back. With graphql-core middleware (an extension that wraps resolvers) the executor is
graphql-core's and strawberry's unchanged. ``tests/api/test_lean_execution.py`` compares every
persisted operation with strawberry's stock execution.

Tested with the strawberry-graphql and graphql-core versions pinned in ``pyproject.toml``: the
methods overridden here are graphql-core's executor's, whose signatures a new version may change.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar

import strawberry
from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    is_leaf_type,
    is_non_null_type,
)
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from graphql.pyutils.gather_with_cancel import gather_with_cancel
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.relay.types import GlobalID
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

from api.graphql.lean_objects import (
    FieldRef,
    Getter,
    LeafStep,
    LeanExecutionError,
    ObjectStep,
    Plan,
    PlanRunner,
    Step,
    TypenameStep,
    is_plannable,
    only_collecting_directives,
    unchanged_type,
    unwrap_object_list,
)
from api.observability.metrics import count_fast_path_failure

F = TypeVar("F", bound=Callable[..., Any])

logger = logging.getLogger("api.graphql")

_CONTEXT_ONLY = "__reads_context_only__"
_SCALARS = (int, str, bool, float)

#: (source, info or a stand-in with only ``context``) -> value
Reader = Callable[[Any, Any], Any]


def reads_context_only(resolver: F) -> F:
    """Mark a resolver that uses nothing of ``info`` but ``info.context`` and changes nothing.

    ``LeanExecutor`` may then call it without strawberry's per-field wrapper, with
    graphql-core's resolve info (or, for leaves, a stand-in carrying only ``context``); a lean
    plan (``lean_objects``) may call it again when it gives a value back to graphql-core, so
    it must be pure.
    """
    setattr(resolver, _CONTEXT_ONLY, True)
    return resolver


@dataclass(frozen=True, slots=True)
class Leaf:
    """How to read and complete one leaf field inline."""

    read: Reader
    leaf_type: GraphQLLeafType
    non_null: bool
    return_type: Any
    #: For strawberry enums whose every member has a GraphQL name: the Python enum, and the
    #: names (what the type's ``coerce_output_value`` finds for them).
    enum_class: type | None = None
    enum_names: dict[Any, str] | None = None


def _enum_names(leaf_type: GraphQLLeafType) -> dict[Any, str] | None:
    """Member -> name, as ``CustomGraphQLEnumType.coerce_output_value`` finds it (first match)."""
    if not isinstance(leaf_type, CustomGraphQLEnumType):
        return None
    names: dict[Any, str] = {}
    member: Any
    for member in leaf_type.wrapped_cls:
        for name, value in leaf_type.values.items():
            if member.value == value.value:
                names[member] = name
                break
        else:
            # A member without a name: every value goes through ``coerce_output_value``.
            return None
    return names


class ContextOnly:
    """What a ``reads_context_only`` leaf resolver receives as ``info``."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


@dataclass(frozen=True, slots=True)
class AttributeReader:
    """Reads a plain field that strawberry reads with ``getattr`` (its default resolver)."""

    name: str

    def __call__(self, source: Any, _info: Any) -> Any:
        return getattr(source, self.name)


def _plain_reader(field: StrawberryField) -> Reader:
    resolve = field.default_resolver
    name = field.python_name
    if resolve is getattr:
        return AttributeReader(name)

    def read(source: Any, _info: Any) -> Any:
        return resolve(source, name)

    return read


def _permissions(field: StrawberryField) -> list[BasePermission] | None:
    """The declared permissions, if the field's only extensions are ours; None otherwise."""
    from api.graphql.permissions import HasScope, IsAuthenticated

    permissions: list[BasePermission] = []
    for extension in field.extensions:
        if type(extension) is not PermissionExtension or extension.fail_silently:
            return None
        for permission in extension.permissions:
            if type(permission) not in (HasScope, IsAuthenticated):
                return None
            permissions.append(permission)
    return permissions


def _is_scalar_argument(argument: Any, scalars: Mapping[object, Any]) -> bool:
    """Whether strawberry passes the argument's value through unconverted.

    Built-in scalars, and the scalars of the schema's registry (``ID``, the project's
    ``scalar_map``): ``convert_argument`` returns their value as graphql-core parsed it. Not
    ``GlobalID``, which it decodes.
    """
    type_ = argument.type
    if isinstance(type_, StrawberryOptional):
        type_ = type_.of_type
    if type_ in _SCALARS:
        return True
    return type_ is not GlobalID and isinstance(type_, Hashable) and type_ in scalars


def _direct_resolver(
    field: StrawberryField, names: Callable[[Any], str], scalars: Mapping[object, Any]
) -> tuple[Callable[..., Any], Reader | None] | None:
    """A resolve function doing what strawberry's wrapper does for this field, if it can.

    Also returns a reader for inline leaf completion when the field has no argument and no
    permission.
    """
    resolver = field.base_resolver
    if resolver is None:
        if not field.is_basic_field:
            return None
        read = _plain_reader(field)
        return read, read
    wrapped = resolver.wrapped_func
    if not callable(wrapped) or not getattr(wrapped, _CONTEXT_ONLY, False):
        return None
    function: Callable[..., Any] = wrapped
    permissions = _permissions(field)
    if permissions is None or not all(_is_scalar_argument(a, scalars) for a in field.arguments):
        return None
    if any(names(a) != a.python_name for a in field.arguments):
        return None
    parameters = list(inspect.signature(function).parameters.values())
    # The source comes first: as ``root``/``parent`` (strawberry passes it by name) or as
    # ``self`` (strawberry passes it positionally: the root value on ``Query``).
    # (``root: strawberry.Parent[...]`` is both the root and the parent parameter.)
    sources = {
        p.name
        for p in (resolver.self_parameter, resolver.root_parameter, resolver.parent_parameter)
        if p is not None
    }
    if len(sources) != 1 or not parameters or parameters[0].name not in sources:
        return None
    takes_info = len(parameters) > 1 and parameters[1] == resolver.info_parameter
    if resolver.info_parameter is not None and not takes_info:
        return None
    call: Callable[..., Any]
    if takes_info:
        call = function
    else:

        def call(source: Any, _info: Any, **kwargs: Any) -> Any:
            return function(source, **kwargs)

    if not permissions:
        if field.arguments or resolver.is_async:
            return call, None
        return call, call

    def check(source: Any, info: Any, kwargs: dict[str, Any]) -> None:
        for permission in permissions:
            # Our permissions return True or raise the precise error.
            if permission.has_permission(source, info, **kwargs) is not True:
                raise RuntimeError(f"{type(permission).__name__} did not allow or refuse")

    if resolver.is_async:

        async def resolve_async(source: Any, info: Any, **kwargs: Any) -> Any:
            check(source, info, kwargs)
            return await call(source, info, **kwargs)

        return resolve_async, None

    def resolve(source: Any, info: Any, **kwargs: Any) -> Any:
        check(source, info, kwargs)
        return call(source, info, **kwargs)

    return resolve, None


def _leaf(definition: GraphQLField, read: Reader) -> Leaf | None:
    return_type = definition.type
    leaf_type = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    if definition.args or not is_leaf_type(leaf_type):
        return None
    enum_names = _enum_names(leaf_type)
    return Leaf(
        read=read,
        leaf_type=leaf_type,
        non_null=is_non_null_type(return_type),
        return_type=return_type,
        enum_class=(
            leaf_type.wrapped_cls
            if enum_names is not None and isinstance(leaf_type, CustomGraphQLEnumType)
            else None
        ),
        enum_names=enum_names,
    )


@dataclass(frozen=True, slots=True)
class LeanTables:
    """What the executor knows of a schema's fields, by object type and field name."""

    #: Direct resolve functions (instead of strawberry's wrapper).
    resolvers: dict[GraphQLObjectType, dict[str, Callable[..., Any]]]
    #: Leaves completed inline.
    leaves: dict[GraphQLObjectType, dict[str, Leaf]]
    #: Object and list-of-object fields a plan may read.
    readers: dict[GraphQLObjectType, dict[str, Reader]]


class LeanConfig:
    """The strawberry schema's settings a ``LeanExecutor`` class needs, and its tables."""

    def __init__(self) -> None:
        self.names: Callable[[Any], str] | None = None
        self.scalars: Mapping[object, Any] = {}
        self.tables_of: dict[int, tuple[GraphQLSchema, LeanTables]] = {}
        #: The graphql-core schema strawberry executes with this class (``Executor.schema``),
        #: known once it ran an operation.
        self.core: GraphQLSchema | None = None

    def bind(self, schema: strawberry.Schema) -> None:
        """Take the name converter and scalar registry of the schema this executor serves."""
        if schema.exception_handlers:
            msg = "the lean executor completes errors as graphql-core does: no exception handlers"
            raise ValueError(msg)
        self.names = schema.config.name_converter.from_argument
        self.scalars = schema.schema_converter.scalar_registry

    def tables(self, core: GraphQLSchema) -> LeanTables:
        """The tables of ``core`` (the graphql-core schema being executed), made once."""
        known = self.tables_of.get(id(core))
        if known is not None and known[0] is core:
            return known[1]
        names = self.names
        if names is None:
            msg = "lean executor used before LeanConfig.bind(schema)"
            raise LeanExecutionError("unbound", msg)
        resolvers: dict[GraphQLObjectType, dict[str, Callable[..., Any]]] = {}
        leaves: dict[GraphQLObjectType, dict[str, Leaf]] = {}
        readers: dict[GraphQLObjectType, dict[str, Reader]] = {}
        for named in core.type_map.values():
            if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
                continue
            for name, definition in named.fields.items():
                field = (definition.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
                if not isinstance(field, StrawberryField):
                    continue
                direct = _direct_resolver(field, names, self.scalars)
                if direct is None:
                    continue
                resolve, read = direct
                resolvers.setdefault(named, {})[name] = resolve
                if read is None:
                    continue
                leaf = _leaf(definition, read)
                if leaf is not None:
                    leaves.setdefault(named, {})[name] = leaf
                else:
                    readers.setdefault(named, {})[name] = read
        tables = LeanTables(resolvers, leaves, readers)
        self.tables_of[id(core)] = (core, tables)
        self.core = core
        return tables


def lean_executor() -> type[LeanExecutor]:
    """A ``LeanExecutor`` class for one schema: pass it as ``execution_context_class``, then
    call ``lean_config.bind(schema)`` on it."""
    return type("LeanExecutor", (LeanExecutor,), {"lean_config": LeanConfig()})


class LeanExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with direct resolvers, inline leaves and plans (no fallback)."""

    lean_config: LeanConfig = LeanConfig()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        middleware = self.middleware_manager
        #: None when graphql-core middleware wraps resolvers: then nothing lean is done.
        self.lean_tables: LeanTables | None = (
            None
            if middleware is not None and middleware.middlewares
            else self.lean_config.tables(self.schema)
        )
        #: Argument values of this request, by (field, AST node, fragment variables).
        self.lean_args: dict[tuple[int, int, int], dict[str, Any]] = {}
        #: Plans of this request, by (object type, id of the field group), with the group kept
        #: alive (as graphql-core's subfield memo does) so that its id is not reused.
        self.lean_plans: dict[tuple[GraphQLObjectType, int], tuple[Any, Plan | None]] = {}
        #: What context-only resolvers get as ``info`` when read inline.
        self.lean_stub = ContextOnly(self.context_value)
        #: The first failure of this request, raised again when the response is built.
        self.lean_failed: LeanExecutionError | None = None

    def lean_failure(self, reason: str, detail: str) -> LeanExecutionError:
        """Count and log a value the executor cannot complete; the request will fail."""
        failure = LeanExecutionError(reason, detail)
        count_fast_path_failure(reason)
        logger.error("lean executor could not serve the request: %s", failure)
        if self.lean_failed is None:
            self.lean_failed = failure
        return failure

    def build_response(self, data: dict[str, Any] | None) -> Any:
        """graphql-core's response, unless the executor failed: then the failure is raised."""
        response = super().build_response(data)
        if self.lean_failed is not None:
            raise self.lean_failed
        return response

    def stock_object(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's ``complete_object_value``, without a plan."""
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """By the selection's plan if it has one; else graphql-core's."""
        plan = self.plan(return_type, field_details_list)
        if plan is None:
            return super().complete_object_value(
                return_type, field_details_list, info, path, result, position_context
            )
        runner = PlanRunner(self, info, field_details_list, position_context)
        completed: dict[str, Any] = runner.object(plan, result, path, None)
        return completed

    def complete_list_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        """A list (or tuple) of objects by their selection's plan, when it has one."""
        _non_null, _is_list, _item_non_null, named = unwrap_object_list(return_type)
        if is_plannable(named) and (type(result) is list or type(result) is tuple):
            plan = self.plan(named, field_details_list)
            if plan is not None:
                runner = PlanRunner(self, info, field_details_list, position_context)
                return runner.objects(plan, result, path, return_type.of_type, None)
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Plan | None:
        """The plan of this selection on this type (compiled once per request), if it has one."""
        key = (object_type, id(field_details_list))
        known = self.lean_plans.get(key)
        if known is not None:
            return known[1]
        plan = self.compile_plan(object_type, field_details_list)
        self.lean_plans[key] = (field_details_list, plan)
        return plan

    def compile_plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Plan | None:
        """A plan if every field of the selection is a lean leaf, a reader or ``__typename``."""
        tables = self.lean_tables
        if tables is None:
            return None
        leaves = tables.leaves.get(object_type, {})
        readers = tables.readers.get(object_type, {})
        if not leaves and not readers:
            return None
        if not only_collecting_directives(field_details_list):
            return None
        grouped_field_set, new_defer_usages, forbidden = self.collect_subfields(
            object_type, field_details_list
        )
        if new_defer_usages or forbidden:
            return None
        steps: list[Step] = []
        for response_name, details in grouped_field_set.items():
            if not only_collecting_directives(details):
                return None
            field_name = details[0].node.name.value
            if field_name == "__typename":
                steps.append(TypenameStep(response_name, object_type.name))
                continue
            definition = object_type.fields[field_name]
            field = FieldRef(definition, details, definition.type, object_type)
            leaf = leaves.get(field_name)
            if leaf is not None:
                steps.append(
                    LeafStep(
                        name=response_name,
                        get=self.getter(leaf.read),
                        coerce=leaf.leaf_type.coerce_output_value,
                        non_null=leaf.non_null,
                        unchanged=unchanged_type(leaf.leaf_type),
                        enum_class=leaf.enum_class,
                        enum_names=leaf.enum_names,
                        field=field,
                    )
                )
                continue
            read = readers.get(field_name)
            if read is None:
                return None
            _non_null, is_list, item_non_null, named = unwrap_object_list(definition.type)
            plan = self.plan(named, details) if is_plannable(named) else None
            if plan is None:
                return None
            steps.append(
                ObjectStep(response_name, self.getter(read), is_list, item_non_null, plan, field)
            )
        return Plan(object_type, object_type.is_type_of, tuple(steps))

    def getter(self, read: Reader) -> Getter:
        """A one-argument reader: ``getattr`` in C for plain fields, else with the stand-in."""
        if isinstance(read, AttributeReader):
            return attrgetter(read.name)
        stub = self.lean_stub

        def get(source: Any) -> Any:
            return read(source, stub)

        return get

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """graphql-core's ``execute_fields``, with lean leaves completed in place."""
        tables = self.lean_tables
        leaves = tables.leaves.get(parent_type) if tables is not None else None
        if leaves is None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        stub = self.lean_stub
        try:
            for response_name, field_details_list in grouped_field_set.items():
                field_name = field_details_list[0].node.name.value
                leaf = leaves.get(field_name)
                if leaf is None:
                    result = self.execute_field(
                        parent_type,
                        source_value,
                        field_details_list,
                        Path(path, response_name, parent_type.name),
                        position_context,
                    )
                else:
                    # ``execute_field`` of a lean leaf: read once, complete inline.
                    try:
                        value = leaf.read(source_value, stub)
                        if is_awaitable(value):
                            result = self.complete_awaited_leaf(
                                leaf,
                                parent_type,
                                field_details_list,
                                Path(path, response_name, parent_type.name),
                                value,
                                position_context,
                            )
                        else:
                            results[response_name] = self.complete_leaf(
                                leaf, parent_type, field_details_list, value
                            )
                            continue
                    except Exception as raw_error:
                        self.handle_field_error(
                            raw_error,
                            leaf.return_type,
                            field_details_list,
                            Path(path, response_name, parent_type.name),
                        )
                        results[response_name] = None
                        continue
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self.gather_fields(results, awaitable_fields)

    def complete_awaited_leaf(
        self,
        leaf: Leaf,
        parent_type: GraphQLObjectType,
        field_details_list: Any,
        path: Path,
        value: Any,
        position_context: Any,
    ) -> Any:
        """A lean leaf whose resolver returned an awaitable: graphql-core awaits it."""
        field_def = parent_type.fields[field_details_list[0].node.name.value]
        info = self.build_resolve_info(field_def, to_nodes(field_details_list), parent_type, path)
        return self.complete_awaitable_value(
            leaf.return_type, field_details_list, info, path, value, position_context
        )

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        """graphql-core's ``execute_field``, with the direct resolver and arguments coerced once.

        ``get_argument_values`` depends only on the field, its AST node and the operation's
        variables, which a request does not change: ``creditRecords(first: 3)`` on 50 rows
        coerced the same literal 50 times.
        """
        tables = self.lean_tables
        if tables is None:
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        first_field_details = field_details_list[0]
        first_field_node = first_field_details.node
        field_name = first_field_node.name.value
        field_def = self.schema.get_field(parent_type, field_name)
        if not field_def:
            return Undefined

        return_type = field_def.type
        direct = tables.resolvers.get(parent_type)
        resolve_fn = (
            (direct.get(field_name) if direct is not None else None)
            or field_def.resolve
            or self.field_resolver
        )

        info = self.build_resolve_info(field_def, to_nodes(field_details_list), parent_type, path)

        try:
            if field_def.args or first_field_node.arguments:
                args = self.argument_values(field_def, first_field_details)
            else:
                args = {}

            result = resolve_fn(source, info, **args)

            if self.is_awaitable(result):
                return self.complete_awaitable_value(
                    return_type, field_details_list, info, path, result, position_context
                )

            completed = self.complete_value(
                return_type, field_details_list, info, path, result, position_context
            )
            if self.is_awaitable(completed):
                return self.await_completed(completed, return_type, field_details_list, path)

        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

        return completed

    def argument_values(self, field_def: GraphQLField, field_details: Any) -> dict[str, Any]:
        """The field's argument values, coerced once per request and AST node."""
        fragment_values = field_details.fragment_variable_values
        key = (id(field_def), id(field_details.node), id(fragment_values))
        args = self.lean_args.get(key)
        if args is None:
            args = self.lean_args[key] = get_argument_values(
                field_def,
                field_details.node,
                self.variable_values,
                fragment_values,
                self.hide_suggestions,
            )
        return args

    async def await_completed(
        self, completed: Any, return_type: Any, field_details_list: Any, path: Path
    ) -> Any:
        """graphql-core's ``await_completed`` of ``execute_field``."""
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def complete_leaf(
        self, leaf: Leaf, parent_type: GraphQLObjectType, field_details_list: Any, value: Any
    ) -> Any:
        """What ``complete_value`` makes of a resolved leaf value."""
        if isinstance(value, Exception):
            raise value
        if value is None or value is Undefined:
            if leaf.non_null:
                field_name = field_details_list[0].node.name.value
                msg = f"Cannot return null for non-nullable field {parent_type}.{field_name}."
                raise TypeError(msg)
            return None
        enum_class = leaf.enum_class
        if enum_class is not None and type(value) is enum_class and leaf.enum_names is not None:
            return leaf.enum_names[value]
        return self.complete_leaf_value(leaf.leaf_type, value)

    @staticmethod
    async def gather_fields(results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
        """graphql-core's ``get_results``: await the pending fields, one or together."""
        if len(awaitable_fields) == 1:
            field = awaitable_fields[0]
            results[field] = await results[field]
        else:
            awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
        return results
