"""The planning half of the lean executor: its tables, plans and the failure rule."""

from __future__ import annotations

import logging
from operator import attrgetter
from typing import Any

from graphql import GraphQLObjectType
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.lean.config import LeanConfig, LeanTables
from api.graphql.lean.fields import AttributeReader, ContextOnly, Reader
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


class PlanningExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor completing whole selections by plans; a value it cannot complete
    fails the request (no fallback)."""

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
