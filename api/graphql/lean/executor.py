"""The lean executor class: direct resolvers, inline leaves and plans (no fallback)."""

from __future__ import annotations

import logging
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLObjectType,
)
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from graphql.pyutils.gather_with_cancel import gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.lean.config import LeanConfig, LeanTables
from api.graphql.lean.fields import AttributeReader, ContextOnly, Leaf, Reader
from api.graphql.lean.plans import (
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

logger = logging.getLogger("api.graphql")


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
