"""Hot statements: prebuilt reads sent straight to asyncpg, with the SQL SQLAlchemy would send.

A request's statements are few, but SQLAlchemy's execution path (session, compiled-cache key,
execution context, expanding IN lists rendered anew each time, result metadata) cost more
CPU than PostgreSQL spent answering them. A ``HotStatement`` is compiled once per dialect and
per length of its expanding list, with SQLAlchemy's own compiler and
``construct_expanded_state`` (what SQLAlchemy does at execution), into a SQL text and a list
of argument slots, each with the bind processor SQLAlchemy would apply. Rows come back through
the result processors of the selected columns' types (for the column types the driver
reports), so repositories see the same values either way.

Where the driver is not asyncpg (SQLite), or the connection is neither in autocommit nor
already inside a transaction (the driver connection would otherwise run the statement before
SQLAlchemy has begun one), the gate executes ``statement`` through the session as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Select
from sqlalchemy.sql.compiler import SQLCompiler

#: A row as repositories read it: indexable like a tuple.
Row = Sequence[Any]

_CONSTANT, _PARAM, _EXPANDED = 0, 1, 2


class _Slot:
    """A placeholder value, recognised by identity when the expanded parameters are laid out."""

    __slots__ = ("index", "name")

    def __init__(self, name: str, index: int = -1) -> None:
        self.name = name
        self.index = index


@dataclass(slots=True)
class Plan:
    """The SQL text of one statement shape and how to fill its positional arguments."""

    sql: str
    slots: tuple[tuple[int, Any, Callable[[Any], Any] | None], ...]
    column_types: tuple[Any, ...]
    dialect: Dialect
    #: Result processors per column, once the driver has told the column types (OIDs).
    result_processors: tuple[Callable[[Any], Any] | None, ...] | None = None

    def arguments(self, params: Mapping[str, Any], expanded: Sequence[Any]) -> list[Any]:
        """The positional arguments for one execution, through SQLAlchemy's bind processors."""
        args: list[Any] = []
        append = args.append
        for kind, key, processor in self.slots:
            if kind == _CONSTANT:
                append(key)
                continue
            value = expanded[key] if kind == _EXPANDED else params[key]
            append(processor(value) if processor is not None and value is not None else value)
        return args

    def set_result_oids(self, oids: Sequence[int]) -> None:
        """Result processors for the column types the driver reported."""
        if len(oids) != len(self.column_types):
            raise RuntimeError(f"{len(oids)} columns came back, {len(self.column_types)} expected")
        self.result_processors = tuple(
            type_.dialect_impl(self.dialect).result_processor(self.dialect, oid)
            for type_, oid in zip(self.column_types, oids, strict=True)
        )

    def rows(self, records: Sequence[Row]) -> Sequence[Row]:
        """The driver's rows with result processors applied (as they are where none apply)."""
        processors = self.result_processors
        if processors is None:
            raise RuntimeError("the result types of this statement are not known yet")
        active = [(i, p) for i, p in enumerate(processors) if p is not None]
        if not active:
            return records
        out: list[Row] = []
        for record in records:
            values = list(record)
            for i, processor in active:
                value = values[i]
                if value is not None:
                    values[i] = processor(value)
            out.append(values)
        return out


class HotStatement:
    """A select built once with bind parameters; its SQL is compiled once per shape."""

    def __init__(self, statement: Select[Any], *, expanding: str | None = None) -> None:
        self.statement = statement
        #: The name of the one expanding bind parameter filled per call (an IN list), if any.
        self.expanding = expanding
        self._plans: dict[tuple[int, int], Plan] = {}

    def plan(self, dialect: Dialect, count: int = 0) -> Plan:
        """The plan for ``dialect`` with ``count`` values in the expanding list."""
        key = (id(dialect), count)
        plan = self._plans.get(key)
        if plan is None or plan.dialect is not dialect:
            plan = self._plans[key] = self._compile(dialect, count)
        return plan

    def _compile(self, dialect: Dialect, count: int) -> Plan:
        compiled = self.statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        placeholders: dict[str, Any] = {}
        for name, bind in compiled.binds.items():
            if name == self.expanding:
                if count < 1:
                    raise ValueError("an expanding list needs at least one value")
                placeholders[name] = [_Slot(name, i) for i in range(count)]
            elif bind.required:
                placeholders[name] = _Slot(name)
        state = compiled.construct_expanded_state(placeholders)
        slots: list[tuple[int, Any, Callable[[Any], Any] | None]] = []
        for name in state.positiontup or ():
            value = state.parameters[name]
            processor = state.processors.get(name)
            if isinstance(value, _Slot):
                if value.index >= 0:
                    slots.append((_EXPANDED, value.index, processor))
                else:
                    slots.append((_PARAM, value.name, processor))
            else:
                constant = (
                    processor(value) if processor is not None and value is not None else value
                )
                slots.append((_CONSTANT, constant, None))
        wanted = sum(len(v) if isinstance(v, list) else 1 for v in placeholders.values())
        if len({(kind, key) for kind, key, _p in slots if kind != _CONSTANT}) != wanted:
            # A parameter rendered as a literal (post-compile) would change the text per call.
            raise ValueError("a per-call parameter is rendered into the SQL text")
        return Plan(
            sql=state.statement,
            slots=tuple(slots),
            column_types=tuple(c.type for c in self.statement.selected_columns),
            dialect=dialect,
        )
