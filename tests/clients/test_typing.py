"""mypy --strict accepts the generated module and the README's example, and catches misuse."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.clients.support import CLIENTS

GOOD = """
from credit_platform_client import CreditPlatformClient
from credit_platform_client import operations as ops


async def names(bank: CreditPlatformClient) -> list[str]:
    page = await ops.green_enterprises(bank, first=5, filter={"districts": ["ANJI"]})
    node = await ops.fetch_node(bank, id="x")
    found = node["node"]
    uscc = found.get("uscc") if found is not None else None
    return [edge["node"]["name"] for edge in page["enterprises"]["edges"]] + [uscc or ""]
"""

BAD = """
from credit_platform_client import CreditPlatformClient
from credit_platform_client import operations as ops


async def misuse(bank: CreditPlatformClient) -> None:
    page = await ops.green_enterprises(bank, first="5")  # BAD arg-type
    page["enterprises"]["edgez"]  # BAD typeddict-item
    await ops.green_enterprises(bank, first=5, filter={"districts": ["ATLANTIS"]})  # BAD arg-type
    grade: int = page["enterprises"]["edges"][0]["node"]["name"]  # BAD assignment
    profile = await ops.enterprise_credit_profile(bank, uscc="u")
    profile["enterprise"]["name"]  # BAD index
"""


def _readme_examples() -> list[str]:
    """The fenced blocks of clients/README.md marked ```python example."""
    readme = (CLIENTS / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python example\n(.*?)^```", readme, flags=re.DOTALL | re.MULTILINE)


def test_strict_mypy_checks_results_and_variables(tmp_path: Path) -> None:
    """Good use and the README pass; each line marked BAD is an error of the named kind."""
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "bad.py").write_text(BAD)
    for number, example in enumerate(_readme_examples()):
        (tmp_path / f"readme_{number}.py").write_text(example)
    env = {**os.environ, "MYPYPATH": str(CLIENTS)}
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "mypy"),
            "--strict",
            "--no-incremental",
            "--config-file",
            os.devnull,
            "--show-error-codes",
            str(CLIENTS / "credit_platform_client"),
            *sorted(str(path) for path in tmp_path.glob("*.py")),
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = {
        (Path(m.group(1)).name, int(m.group(2)), m.group(3))
        for m in re.finditer(r"^(.+?):(\d+): error: .*\[([a-z-]+)\]$", result.stdout, re.M)
    }
    expected = {
        ("bad.py", number, re.search(r"# BAD ([a-z-]+)", line).group(1))  # type: ignore[union-attr]  # only lines that match
        for number, line in enumerate(BAD.splitlines(), start=1)
        if "# BAD" in line
    }
    assert errors == expected, result.stdout
