"""The operation names metrics and spans may carry are exactly the persisted operations."""

from __future__ import annotations

from pathlib import Path

from graphql import OperationDefinitionNode, parse

from api.observability.operations import ANONYMOUS, KNOWN_OPERATIONS, OTHER, operation_label

OPERATIONS = Path(__file__).resolve().parents[2] / "schema" / "operations"


def test_known_operations_match_the_persisted_set() -> None:
    """KNOWN_OPERATIONS lists every operation name under schema/operations/** and nothing else."""
    names = set()
    for path in OPERATIONS.rglob("*.graphql"):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name:
                names.add(definition.name.value)
    assert names, OPERATIONS
    assert set(KNOWN_OPERATIONS) == names


def test_labels_are_bounded() -> None:
    """A persisted name is itself; any other name is ``other``; no name is ``anonymous``."""
    assert operation_label("GreenEnterprises") == "GreenEnterprises"
    assert operation_label("Q330102199001011234") == OTHER
    assert operation_label(None) == ANONYMOUS
    assert operation_label("") == ANONYMOUS
