"""The committed ``operations.py`` is what ``clients/generate.py`` makes of ``schema/`` today."""

from __future__ import annotations

import difflib

from tests.clients.support import load_generator


def test_committed_operations_module_is_fresh() -> None:
    """Regenerate in memory; any difference means someone forgot `python clients/generate.py`."""
    generator = load_generator()
    committed = generator.TARGET.read_text(encoding="utf-8")
    fresh = generator.formatted()
    diff = "".join(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            fresh.splitlines(keepends=True),
            "committed",
            "generated",
            n=1,
        )
    )
    assert committed == fresh, (
        "clients/credit_platform_client/operations.py is stale: run "
        f"`python clients/generate.py`\n{diff[:4000]}"
    )
