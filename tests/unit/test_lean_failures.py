"""The lean executor never falls back: each value is read once, and what it cannot serve fails.

A small schema run lean (``lean_executor()``) and stock: a context-only resolver is called as
many times lean as stock, errors included (graphql-core completes the values the plan already
read); a value the executor cannot complete (an awaitable where every field is synchronous)
fails the request with ``LeanExecutionError``, a count in
``credit_graphql_fast_path_failures_total{reason}`` and an error on the ``api.graphql`` logger.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import pytest
import strawberry
from prometheus_client import REGISTRY

from api.graphql.lean.executor import lean_executor
from api.graphql.lean.fields import reads_context_only
from api.graphql.lean.plans import LeanExecutionError


@dataclass
class RowData:
    """A row as a repository returns it."""

    name: Any
    size: Any = 1


CALLS: list[str] = []


class NotYetRead:
    """An awaitable where a plain value belongs (what no repository of ours returns)."""

    def __await__(self) -> Generator[Any, None, str]:
        """Awaiting it gives a name."""
        yield None
        return "late"


@strawberry.type
class Row:
    """A row: a plain column, and a context-only resolver that counts its calls."""

    name: str
    size: int

    @strawberry.field
    @reads_context_only
    def label(root: strawberry.Parent[RowData], info: strawberry.Info) -> str:  # noqa: N805
        """The row's label; counts the call."""
        CALLS.append(str(root.name))
        return f"{info.context['prefix']}{root.name}"


@strawberry.type
class Query:
    """Rows from the context."""

    @strawberry.field
    def rows(self, info: strawberry.Info) -> list[Row]:
        """The context's rows."""
        return info.context["rows"]  # type: ignore[no-any-return]  # the test's rows


EXECUTOR = lean_executor()
LEAN = strawberry.Schema(query=Query, execution_context_class=EXECUTOR)
EXECUTOR.lean_config.bind(LEAN)
STOCK = strawberry.Schema(query=Query)
QUERY = "{ rows { label name size } }"


def _run(schema: strawberry.Schema, rows: list[Any]) -> tuple[Any, list[Any], list[str]]:
    CALLS.clear()
    result = schema.execute_sync(QUERY, context_value={"rows": rows, "prefix": "#"})
    return result.data, [(e.message, e.path) for e in result.errors or []], list(CALLS)


@pytest.mark.parametrize(
    "rows",
    [
        [RowData("a"), RowData("b", 2)],
        [RowData("a"), RowData(None), RowData("c")],  # null for a non-null column
        [RowData("a", "big"), RowData("b")],  # a column that does not coerce
        [RowData("a"), None],  # null item in a non-null list
    ],
)
def test_each_resolver_runs_as_often_lean_as_stock(rows: list[Any]) -> None:
    """Same data, same errors, and the same resolver calls: nothing is read twice."""
    lean = _run(LEAN, rows)
    assert lean == _run(STOCK, rows)
    assert lean[2] == [str(r.name) for r in rows if r is not None][: len(lean[2])]


def _failures(reason: str) -> float:
    value = REGISTRY.get_sample_value("credit_graphql_fast_path_failures_total", {"reason": reason})
    return value or 0.0


def test_a_value_it_cannot_complete_fails_the_request_loudly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An awaitable in a plain column: an error for the whole request, a metric, a log."""
    before = _failures("awaitable_value")
    with caplog.at_level(logging.ERROR, logger="api.graphql"):
        result = LEAN.execute_sync(
            QUERY, context_value={"rows": [RowData(NotYetRead())], "prefix": "#"}
        )
    assert result.data is None
    assert result.errors
    assert isinstance(result.errors[0].original_error, LeanExecutionError)
    assert _failures("awaitable_value") == before + 1
    assert any("lean executor could not serve" in r.getMessage() for r in caplog.records)
