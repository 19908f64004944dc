"""The lean tables of one schema: direct resolvers, inline leaves and readers, derived once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLObjectType, GraphQLSchema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from api.graphql.lean.fields import Leaf, Reader, direct_resolver, leaf_of
from api.graphql.lean.plans import LeanExecutionError


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
                direct = direct_resolver(field, names, self.scalars)
                if direct is None:
                    continue
                resolve, read = direct
                resolvers.setdefault(named, {})[name] = resolve
                if read is None:
                    continue
                leaf = leaf_of(definition, read)
                if leaf is not None:
                    leaves.setdefault(named, {})[name] = leaf
                else:
                    readers.setdefault(named, {})[name] = read
        tables = LeanTables(resolvers, leaves, readers)
        self.tables_of[id(core)] = (core, tables)
        self.core = core
        return tables
