"""Every README example marked ```sh example runs as written against a live demo server.

The demo is started as the README's first command starts it (`credit-platform demo`), in a data
folder of the test's own and on a free port: the only change made to an example's text is that
port in place of 8000. Each block runs in its own bash, from a folder whose `.venv` is this
suite's virtualenv, and must exit 0 with no GraphQL error in any JSON it prints.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.servers import wait_until_ready
from tests.e2e.test_demo_server import free_port

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).parent / "credit-platform")
FENCE = re.compile(r"^```sh example\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    """One runnable block of a markdown file."""

    source: str
    line: int
    script: str


def examples(path: Path) -> list[Example]:
    """The ```sh example blocks of a markdown file, with the line each starts on."""
    text = path.read_text(encoding="utf-8")
    return [
        Example(path.name, text.count("\n", 0, match.start()) + 1, match.group(1))
        for match in FENCE.finditer(text)
    ]


README_EXAMPLES = examples(ROOT / "README.md")


@dataclass(frozen=True)
class Demo:
    """A running demo: its address, its environment, and a folder to run examples from."""

    base: str
    env: dict[str, str]
    workdir: Path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """`credit-platform demo` on SQLite in a fresh data folder, until the module ends."""
    root = tmp_path_factory.mktemp("readme")
    workdir = root / "clone"
    workdir.mkdir()
    (workdir / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = {**os.environ, "CREDIT_DATA_DIR": str(root / "data"), "CREDIT_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    port = free_port()
    log = (root / "demo.log").open("w")
    process = subprocess.Popen(
        [CLI, "demo", "--port", str(port)],
        env=env,
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, process, root / "demo.log", 180)
        yield Demo(base, env, workdir)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def graphql_errors(value: Any, path: str = "$") -> list[str]:
    """Every non-empty `errors` list in a JSON answer (top level or a payload's), by path."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "errors" and isinstance(item, list) and item:
                found.append(f"{path}.errors: {json.dumps(item, ensure_ascii=False)}")
            else:
                found.extend(graphql_errors(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(graphql_errors(item, f"{path}[{index}]"))
    return found


def json_documents(output: str) -> list[Any]:
    """The JSON objects in a command's output (curl prints one after another, no newline)."""
    decoder = json.JSONDecoder()
    documents: list[Any] = []
    position = output.find("{")
    while position != -1:
        try:
            document, end = decoder.raw_decode(output, position)
        except json.JSONDecodeError:
            position = output.find("{", position + 1)
            continue
        documents.append(document)
        position = output.find("{", end)
    return documents


def run_example(example: Example, demo: Demo) -> list[Any]:
    """Run one block as written (on the demo's port); the JSON documents it printed."""
    script = example.script.replace("http://127.0.0.1:8000", demo.base)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env=demo.env,
        cwd=demo.workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    where = f"{example.source}:{example.line}"
    assert done.returncode == 0, f"{where} exited {done.returncode}: {done.stderr}{done.stdout}"
    documents = json_documents(done.stdout)
    assert documents, f"{where} printed no JSON: {done.stdout}"
    for document in documents:
        errors = graphql_errors(document)
        assert not errors, f"{where}: {errors}"
    return documents


def test_the_readme_has_examples() -> None:
    """The README keeps its runnable examples (an empty list would test nothing)."""
    assert len(README_EXAMPLES) >= 4


@pytest.mark.parametrize(
    "example", README_EXAMPLES, ids=[f"{e.source}:{e.line}" for e in README_EXAMPLES]
)
def test_readme_example_runs_as_written(example: Example, demo: Demo) -> None:
    """The block exits 0 and every JSON answer it prints carries no error."""
    documents = run_example(example, demo)
    answers = [document["data"] for document in documents if "data" in document]
    if "enterprises(first: 3" in example.script:
        nodes = answers[0]["enterprises"]["nodes"]
        assert len(nodes) == 3
        assert all(node["taxGrade"] in ("A", "B") for node in nodes)
    if "verifyCreditReport" in example.script:
        assert answers[-1]["verifyCreditReport"]["status"] == "VALID"
    if "recordDeferredCharge" in example.script:
        assert answers[-1]["recordDeferredCharge"]["account"]["total"] == "268.50"
