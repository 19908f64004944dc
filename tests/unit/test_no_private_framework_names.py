"""No module under api/ uses a private name of strawberry or graphql-core.

An AST scan of every module: no import from a private module (``strawberry.schema._x``), no
imported name with a leading underscore from either library, no attribute chain on the
libraries' modules through a private name, and no access to the private members of the
classes the GraphQL layer builds on (strawberry's ``Schema`` and ``SchemaExtension``,
graphql-core's ``Executor`` and ``GraphQLSchema``; ``_schema`` is strawberry's graphql-core
schema). The versions these were checked against are pinned in ``pyproject.toml``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from graphql import GraphQLSchema
from graphql.execution import Executor
from strawberry import Schema
from strawberry.extensions import SchemaExtension

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = ("strawberry", "graphql")
#: Private members of the framework classes (and the instance attributes strawberry sets).
PRIVATE_MEMBERS = frozenset(
    name
    for cls in (Schema, SchemaExtension, Executor, GraphQLSchema)
    for name in dir(cls)
    if name.startswith("_") and not name.startswith("__")
) | {"_schema", "_strawberry_schema"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _library(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in LIBRARIES


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _on_self(node: ast.Attribute) -> bool:
    return isinstance(node.value, ast.Name) and node.value.id == "self"


def _own_attributes(tree: ast.Module) -> set[str]:
    """Attributes the module itself sets on ``self`` (its classes' own, whatever their name)."""
    own: set[str] = set()
    for node in ast.walk(tree):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        own |= {t.attr for t in targets if isinstance(t, ast.Attribute) and _on_self(t)}
    return own


def private_uses(source: str) -> list[str]:
    """Every private framework name the module's source uses, as ``line: what``."""
    tree = ast.parse(source)
    library_aliases = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _library(node.module):
            module = node.module or ""
            if any(_private(part) for part in module.split(".")):
                found.append(f"{node.lineno}: from {module} import ...")
            found += [
                f"{node.lineno}: from {module} import {alias.name}"
                for alias in node.names
                if _private(alias.name)
            ]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _library(alias.name):
                    library_aliases.add((alias.asname or alias.name).split(".")[0])
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append(f"{node.lineno}: import {alias.name}")
    own = _own_attributes(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in PRIVATE_MEMBERS and not (_on_self(node) and node.attr in own):
            found.append(f"{node.lineno}: .{node.attr}")
        elif _private(node.attr) and _root_name(node) in library_aliases:
            found.append(f"{node.lineno}: {_root_name(node)}...{node.attr}")
    return found


MODULES = sorted((ROOT / "api").rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=[str(m.relative_to(ROOT)) for m in MODULES])
def test_no_private_framework_name(module: Path) -> None:
    """The module imports and touches only public names of strawberry and graphql-core."""
    assert private_uses(module.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "from strawberry.schema._graphql_core import execute",
        "from strawberry.schema.schema import _coerce_error",
        "from graphql.execution.executor import _private_helper",
        "import strawberry.schema._graphql_core",
        "import strawberry\nstrawberry.schema._graphql_core.execute",
        "def f(schema):\n    return schema._schema",
        "def f(schema, c):\n    schema._create_execution_context(c)",
        "def f(schema, e, c):\n    schema._process_errors(e, c)",
        "def f(e):\n    return e._implements_resolve()",
        "class S:\n    def f(self):\n        return self._schema",
    ],
)
def test_the_scan_finds_private_names(source: str) -> None:
    """Each way of reaching a private name is reported."""
    assert private_uses(source)


def test_the_scan_lets_public_names_and_our_own_private_ones_through() -> None:
    """Public imports and the project's own underscore names are fine."""
    source = (
        "from strawberry.schema.schema import validate_document\n"
        "from graphql import GraphQLError\n"
        "import strawberry\n"
        "strawberry.Schema\n"
        "def f(self):\n    return self._lean_plans\n"
        "class E:\n    def __init__(self, s):\n        self._schema = s\n"
        "    def g(self):\n        return self._schema\n"
    )
    assert private_uses(source) == []
