"""Lean plans (api/graphql/lean/plans.py) answer exactly as graphql-core's own completion.

A small schema of plain and context-only fields, executed twice from the same types: once
with a ``LeanExecutor`` (plans), once stock. Data and errors must be equal,
whatever is null, failing, or of the wrong type where; and the plain case must take a plan.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
import strawberry
from hypothesis import given, settings
from hypothesis import strategies as st

import api.graphql.lean.plans as plans
from api.graphql.lean.executor import lean_executor
from api.graphql.lean.fields import reads_context_only


class Colour(enum.Enum):
    GREEN = "green"
    RED = "red"


@dataclass
class PartRow:
    label: Any
    points: Any
    colour: Any = Colour.GREEN
    note: Any = None


@dataclass
class ItemRow:
    code: Any
    parts: Any = field(default_factory=list)
    best: Any = None


@dataclass
class Holder:
    items: Any
    title: Any = "holder"


@strawberry.type
class Part:
    label: str
    points: Decimal
    colour: Colour
    note: str | None


@strawberry.type
class Item:
    best: Part | None
    parts: list[Part]

    @strawberry.field
    @reads_context_only
    def code(root: strawberry.Parent[ItemRow], info: strawberry.Info) -> str:  # noqa: N805
        # Pure: reads the context, changes nothing.
        return f"{info.context['prefix']}{root.code}"

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, ItemRow)


@strawberry.type
class Page:
    title: str
    items: list[Item]
    maybe_items: list[Item | None] | None


def _holder_items(root: Holder) -> Any:
    return root.items


@strawberry.type
class Query:
    @strawberry.field
    def page(self, info: strawberry.Info) -> Page:
        holder: Holder = info.context["holder"]
        return Page(title=holder.title, items=holder.items, maybe_items=holder.items)

    @strawberry.field
    def items(self, info: strawberry.Info) -> list[Item]:
        return info.context["holder"].items  # type: ignore[no-any-return]  # the context is a dict


EXECUTOR = lean_executor()
LEAN = strawberry.Schema(query=Query, execution_context_class=EXECUTOR)
STOCK = strawberry.Schema(query=Query)
EXECUTOR.lean_config.bind(LEAN)

QUERY = """
query {
  page {
    __typename
    title
    items { code c2: code best { label points colour } ...P }
    maybeItems { __typename code parts { note } }
  }
  items { code parts @include(if: true) { label } skipped: parts @skip(if: true) { label } }
}
fragment P on Item { parts { label points colour note __typename } }
"""


def _run(schema: strawberry.Schema, holder: Holder) -> tuple[Any, list[Any]]:
    result = schema.execute_sync(QUERY, context_value={"holder": holder, "prefix": "#"})
    errors = [(e.message, e.path) for e in result.errors or []]
    return result.data, errors


@pytest.fixture
def plan_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The type names of the objects a plan completed (at the plan's top)."""
    runs: list[str] = []
    original_object = plans.PlanRunner.object
    original_objects = plans.PlanRunner.objects

    def counted_object(self: Any, plan: Any, *args: Any) -> Any:
        runs.append(plan.type_name)
        return original_object(self, plan, *args)

    def counted_objects(self: Any, plan: Any, *args: Any) -> Any:
        runs.append(f"[{plan.type_name}]")
        return original_objects(self, plan, *args)

    monkeypatch.setattr(plans.PlanRunner, "objects", counted_objects)
    monkeypatch.setattr(plans.PlanRunner, "object", counted_object)
    return runs


def _good() -> Holder:
    return Holder(
        items=[
            ItemRow(
                code="a1",
                parts=[PartRow("x", Decimal("1.5")), PartRow("y", Decimal(2), Colour.RED, "n")],
                best=PartRow("x", Decimal("1.5")),
            ),
            ItemRow(code="b2", parts=[]),
        ]
    )


def test_the_plain_case_takes_a_plan_and_answers_the_same(plan_runs: list[str]) -> None:
    lean = _run(LEAN, _good())
    assert lean == _run(STOCK, _good())
    assert lean[1] == []
    assert lean[0]["page"]["items"][0]["code"] == "#a1"
    assert lean[0]["page"]["items"][0]["parts"][1] == {
        "label": "y",
        "points": "2",
        "colour": "RED",
        "note": "n",
        "__typename": "Part",
    }
    assert "skipped" not in lean[0]["items"][0]
    # The page took a plan (its two lists of items completed inside it), the root list of
    # items another: every object of the answer was completed by a plan.
    assert plan_runs[0] == "Page"
    assert plan_runs.count("[Item]") == 3
    assert plan_runs.count("Item") == 6
    assert plan_runs.count("Part") == 7


@pytest.mark.parametrize(
    "holder",
    [
        # Null for a non-null leaf, deep inside.
        Holder(items=[ItemRow("a", parts=[PartRow(None, Decimal(1))])]),
        # Null item in a non-null list; null nested object is fine.
        Holder(items=[ItemRow("a"), None]),
        # A leaf that does not coerce.
        Holder(items=[ItemRow("a", parts=[PartRow("x", "not a number")])]),
        Holder(items=[ItemRow("a", parts=[PartRow("x", Decimal(1), "PURPLE")])]),
        # An exception as a value, and a list that is not one.
        Holder(items=[ItemRow("a", parts=[PartRow("x", ValueError("boom"))])]),
        Holder(items=[ItemRow("a", parts="not a list")]),
        # is_type_of says no.
        Holder(items=[PartRow("x", Decimal(1))]),
        # Wrong Python types that coerce (an int for a String) or do not.
        Holder(items=[ItemRow(7, parts=[PartRow(3, 4)])]),
        Holder(items=[ItemRow("a", parts=[PartRow("x", Decimal(1), note=b"bytes")])]),
    ],
)
def test_anything_but_the_plain_case_answers_as_graphql_core(holder: Holder) -> None:
    assert _run(LEAN, holder) == _run(STOCK, holder)


_leaf_values = st.one_of(
    st.none(),
    st.text(max_size=3),
    st.integers(min_value=-3, max_value=3),
    st.decimals(allow_nan=False, allow_infinity=False, places=1, max_value=10, min_value=-10),
    st.sampled_from(list(Colour)),
    st.sampled_from(["GREEN", "green", "PURPLE"]),
    st.booleans(),
)
_parts = st.builds(PartRow, _leaf_values, _leaf_values, _leaf_values, _leaf_values)
_items = st.builds(
    ItemRow,
    st.one_of(st.text(max_size=3), st.none(), st.integers()),
    st.one_of(st.lists(st.one_of(_parts, st.none()), max_size=3), st.none()),
    st.one_of(_parts, st.none()),
)
_holders = st.builds(
    Holder,
    st.lists(st.one_of(_items, _parts, st.none()), max_size=4),
    st.one_of(st.text(max_size=3), st.none()),
)


@settings(max_examples=300, deadline=None)
@given(_holders)
def test_any_data_answers_as_graphql_core(holder: Holder) -> None:
    assert _run(LEAN, holder) == _run(STOCK, holder)
