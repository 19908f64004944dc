"""What installing the client brings: no warning at import, and every import declared."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib

from tests.clients.support import CLIENTS

PACKAGE = CLIENTS / "credit_platform_client"


def test_import_raises_no_warning() -> None:
    """`python -W error -c "import credit_platform_client"` (and its operations) succeeds."""
    env = {**os.environ, "PYTHONPATH": str(CLIENTS)}
    env.pop("PYTHONWARNINGS", None)
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            "import credit_platform_client, credit_platform_client.operations",
        ],
        env=env,
        cwd=CLIENTS,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_every_third_party_import_is_a_declared_dependency() -> None:
    """The client's pyproject names each distribution its code imports (and only those)."""
    declared = {
        dependency.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower()
        for dependency in tomllib.loads((CLIENTS / "pyproject.toml").read_text())["project"][
            "dependencies"
        ]
    }
    imported: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"credit_platform_client"}
    assert third_party == declared
