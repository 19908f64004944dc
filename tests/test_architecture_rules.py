"""Rules of the house checked on the source: who may commit a transaction."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Resolvers, loaders and repositories: none of them ends a transaction. A mutation's
#: ``BaseMutation`` runs it in the request's unit of work (``api/db/uow.py``), which commits.
NO_COMMIT = [ROOT / "api" / "graphql", ROOT / "api" / "db" / "repositories"]


def commit_calls(source: str) -> list[int]:
    """The lines of ``source`` that call a method named ``commit`` (``await x.commit()``)."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    )


def test_the_scan_finds_a_commit() -> None:
    """The scan sees a commit however it is spelled (so the rule below cannot pass vacuously)."""
    source = "async def f(info):\n    await info.context.repos.session.commit()\n    s.commit()\n"
    assert commit_calls(source) == [2, 3]
    assert commit_calls("def f(uow):\n    uow.committed = True\n") == []


def test_no_resolver_loader_or_repository_commits() -> None:
    """Only the unit of work commits: no module under api/graphql or the repositories does."""
    modules = [path for folder in NO_COMMIT for path in sorted(folder.rglob("*.py"))]
    assert len(modules) > 30
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in modules
        for line in commit_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
