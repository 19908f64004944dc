"""The table modules import no cycle: each context's tables import the shared base, nothing else.

No database: grimp (which import-linter ships) reads the imports of ``api`` from the source. A
foreign key names its table as a string, so no table module needs another; the package's
``__init__`` imports them all and no table module may import it back.
"""

from __future__ import annotations

from itertools import combinations

import grimp
import pytest

TABLES = "api.db.tables"
BASE = f"{TABLES}.base"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """The import graph of ``api``, built without a cache on disk."""
    return grimp.build_graph("api", cache_dir=None)


def table_modules(graph: grimp.ImportGraph) -> list[str]:
    """The package ``api.db.tables`` and every module in it."""
    return sorted(m for m in graph.modules if m == TABLES or m.startswith(f"{TABLES}."))


def test_the_table_modules_import_each_other_in_no_cycle(graph: grimp.ImportGraph) -> None:
    """No two table modules reach each other both ways, directly or through any other module."""
    modules = table_modules(graph)
    assert len(modules) == 15
    cycles = [
        (graph.find_shortest_chain(a, b), graph.find_shortest_chain(b, a))
        for a, b in combinations(modules, 2)
        if graph.find_shortest_chain(a, b) is not None
        and graph.find_shortest_chain(b, a) is not None
    ]
    assert cycles == []


def test_each_context_module_imports_only_the_base(graph: grimp.ImportGraph) -> None:
    """Of the table package, a context's module imports ``base`` alone; ``base`` imports none."""
    contexts = [m for m in table_modules(graph) if m not in (TABLES, BASE)]
    assert len(contexts) == 13
    for module in [*contexts, BASE]:
        imported = graph.find_modules_directly_imported_by(module)
        inside = {m for m in imported if m == TABLES or m.startswith(f"{TABLES}.")}
        assert inside == (set() if module == BASE else {BASE}), module
