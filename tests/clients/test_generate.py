"""What the generator makes of selections the platform's operations do not use yet."""

from __future__ import annotations

import pytest

from tests.clients.support import load_generator

SCHEMA = '''
"""A decimal"""
scalar Decimal

"""A colour"""
enum Colour { RED GREEN }

"""Something with an ID"""
interface Node { id: ID! }

"""A shop"""
type Shop implements Node { id: ID! name: String! colour: Colour owner: Person! }

"""A person"""
type Person implements Node { id: ID! name: String! income: Decimal }

"""Either"""
union Found = Shop | Person

"""Where to look"""
input Place { district: String! radius: Int! = 5 near: [String!] }

"""Queries"""
type Query {
  "Any node"
  node(id: ID!): Node
  "Search"
  search(place: Place!, limit: Int): [Found!]!
}

"""Mutations"""
type Mutation {
  "Rename"
  rename(id: ID!, name: String!): Shop
}
'''

SEARCH = """# Find shops and people around a place.
query Search($place: Place!, $limit: Int = 10, $withOwner: Boolean!) {
  hits: search(place: $place, limit: $limit) {
    __typename
    ... on Node { id }
    ...ShopParts
    ... on Person { fullName: name income }
  }
}

fragment ShopParts on Shop {
  name
  colour
  owner @include(if: $withOwner) { name }
}
"""

RENAME = """mutation Rename($id: ID!, $name: String!) {
  rename(id: $id, name: $name) { ...NodeId name }
}

fragment NodeId on Node { id }
"""


@pytest.fixture(scope="module")
def module_text() -> str:
    """The generated module for the small schema above."""
    generator = load_generator()
    return str(
        generator.formatted(
            generator.render(SCHEMA, {"Search": (SEARCH, ["a"]), "Rename": (RENAME, ["a", "b"])})
        )
    )


def _class_body(text: str, name: str) -> list[str]:
    """The annotated lines of one generated class."""
    start = text.index(f"class {name}(TypedDict):")
    body = text[start:].split("\n\n\n", 1)[0]
    return [line.strip() for line in body.splitlines()[1:] if ": " in line and '"""' not in line]


def test_aliases_fragments_and_type_conditions(module_text: str) -> None:
    """Aliases name keys; a field under a narrower type condition or @include is NotRequired."""
    assert _class_body(module_text, "SearchResultHits") == [
        '__typename: Literal["Person", "Shop"]',
        "id: str",
        "name: NotRequired[str]",
        "colour: NotRequired[Colour | None]",
        "owner: NotRequired[SearchResultHitsOwner]",
        "fullName: NotRequired[str]",
        "income: NotRequired[Decimal | None]",
    ]
    assert _class_body(module_text, "SearchResult") == ["hits: list[SearchResultHits]"]
    assert _class_body(module_text, "SearchResultHitsOwner") == ["name: str"]


def test_a_fragment_on_an_interface_the_type_implements_always_applies(module_text: str) -> None:
    """``...NodeId`` on a Shop is always there: ``id`` is required."""
    assert _class_body(module_text, "RenameResultRename") == ["id: str", "name: str"]


def test_variables_inputs_and_scalars(module_text: str) -> None:
    """Required vs optional variables and input fields; a defaulted variable is left out on None."""
    assert _class_body(module_text, "SearchVariables") == [
        "place: Place",
        "limit: NotRequired[int | None]",
        "withOwner: bool",
    ]
    assert _class_body(module_text, "Place") == [
        "district: str",
        "radius: NotRequired[int]",
        "near: NotRequired[list[str] | None]",
    ]
    assert 'Decimal = str\n"""A decimal"""' in module_text
    assert 'Colour = Literal["RED", "GREEN"]' in module_text
    assert '    if limit is not None:\n        variables["limit"] = limit\n' in module_text
    assert "place: Place, with_owner: bool, limit: int | None = None" in module_text
    assert '"Rename", mutation=True' in module_text
    assert '"Search", mutation=False' in module_text


def test_the_generated_module_runs(module_text: str) -> None:
    """The text is valid Python that defines a function per operation."""
    namespace: dict[str, object] = {}
    exec(compile(module_text, "generated.py", "exec"), namespace)  # noqa: S102 (our own output)
    assert callable(namespace["search"])
    assert callable(namespace["rename"])


def test_an_invalid_operation_is_refused() -> None:
    """A document the schema does not validate stops the generator with the reason."""
    generator = load_generator()
    with pytest.raises(SystemExit, match="Cannot query field 'nope'"):
        generator.render(SCHEMA, {"Bad": ("query Bad { nope }", ["a"])})
