"""The lean executor: direct resolvers and inline leaves over the planning executor."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLField, GraphQLObjectType
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from graphql.pyutils.gather_with_cancel import gather_with_cancel

from api.graphql.lean.config import LeanConfig
from api.graphql.lean.fields import Leaf
from api.graphql.lean.planning import PlanningExecutor


def lean_executor() -> type[LeanExecutor]:
    """A ``LeanExecutor`` class for one schema: pass it as ``execution_context_class``, then
    call ``lean_config.bind(schema)`` on it."""
    return type("LeanExecutor", (LeanExecutor,), {"lean_config": LeanConfig()})


class LeanExecutor(PlanningExecutor):
    """Strawberry's executor, with direct resolvers, inline leaves and plans (no fallback)."""

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
