"""The repository explains itself: nothing points outside it, it has a licence and its docs.

No database: these tests read the files of the working tree. The files are those git knows
(tracked, plus new files not ignored, so a new document is checked before its commit);
without git, the tree is walked, skipping what `.gitignore` keeps out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Paths into the workspace next to the repository. Built from parts so that this file does
#: not contain them itself.
OUTSIDE_REFERENCES = tuple(
    "/".join(parts) for parts in (("..", "shared"), ("shared", "docs"), ("shared", "seeds"))
)

#: Folders never part of the repository's own text (virtualenv, caches, local data).
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".venv",
        "var",
        "build",
        "dist",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
        "node_modules",
    }
)

#: The documents docs/ must hold, each linked from docs/README.md.
DOCUMENTS = ("domain.md", "architecture.md", "operations.md", "partner-guide.md")


def git_files(root: Path) -> list[Path] | None:
    """The files git lists (tracked and untracked-but-not-ignored), or None without git."""
    git = shutil.which("git")
    if git is None:
        return None
    result = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        return None
    names = sorted({name for name in result.stdout.decode("utf-8").split("\0") if name})
    return [root / name for name in names]


def walked_files(root: Path) -> list[Path]:
    """Every file under ``root``, skipping tool and data folders (used when git is absent)."""
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in SKIPPED_DIRS or part.endswith(".egg-info") for part in relative.parts):
            continue
        if path.is_file():
            found.append(path)
    return found


def repository_files(root: Path) -> list[Path]:
    """The repository's files: git's list when git answers, else a walk of the tree."""
    listed = git_files(root)
    return walked_files(root) if listed is None else listed


def text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of a UTF-8 text file; nothing for a binary, missing or non-UTF-8 file."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return
    if b"\0" in data:
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    yield from enumerate(text.splitlines(), start=1)


def references_in(root: Path, path: Path) -> list[str]:
    """The lines of one file that mention a path outside the repository, as ``file:line: text``."""
    return [
        f"{path.relative_to(root).as_posix()}:{number}: {line.strip()}"
        for number, line in text_lines(path)
        if any(reference in line for reference in OUTSIDE_REFERENCES)
    ]


def outside_references(root: Path) -> list[str]:
    """Every line of the repository that mentions a path outside it."""
    return [entry for path in repository_files(root) for entry in references_in(root, path)]


def linked_documents(index: str) -> set[str]:
    """The local files a Markdown text links to (``[text](target)``), without anchors."""
    targets = re.findall(r"\]\(([^)\s]+)\)", index)
    return {target.split("#", 1)[0].removeprefix("./") for target in targets}


def test_git_and_the_walk_list_the_same_kind_of_files() -> None:
    """Both ways of listing the repository find this test and no virtualenv file."""
    walked = walked_files(ROOT)
    assert Path(__file__).resolve() in walked
    assert not any(".venv" in path.relative_to(ROOT).parts for path in walked)
    listed = git_files(ROOT)
    if listed is not None:
        assert Path(__file__).resolve() in listed


def test_outside_references_are_found_with_file_and_line(tmp_path: Path) -> None:
    """The scan names the file and line of a reference, and ignores binaries and clean files."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text(
        "fine\nsee " + OUTSIDE_REFERENCES[1] + "/domain.md\n", encoding="utf-8"
    )
    (tmp_path / "blob.bin").write_bytes(b"\0" + OUTSIDE_REFERENCES[0].encode())
    (tmp_path / "clean.py").write_text("print('nothing here')\n", encoding="utf-8")
    assert walked_files(tmp_path) == [
        tmp_path / "blob.bin",
        tmp_path / "clean.py",
        tmp_path / "docs" / "notes.md",
    ]
    found = [entry for path in walked_files(tmp_path) for entry in references_in(tmp_path, path)]
    assert found == [f"docs/notes.md:2: see {OUTSIDE_REFERENCES[1]}/domain.md"]


def test_nothing_in_the_repository_points_outside_it() -> None:
    """No text file of the repository refers to the shared workspace next to it."""
    found = outside_references(ROOT)
    assert not found, "these lines point outside the repository:\n" + "\n".join(found)


def test_the_repository_has_a_licence() -> None:
    """A LICENSE file at the root, not empty."""
    licence = ROOT / "LICENSE"
    assert licence.is_file(), "LICENSE is missing"
    assert licence.read_text(encoding="utf-8").strip(), "LICENSE is empty"


def test_docs_hold_the_four_documents_each_linked_from_the_index() -> None:
    """docs/ has the domain, architecture, operations and partner guide, all in its index."""
    docs = ROOT / "docs"
    missing = [name for name in DOCUMENTS if not (docs / name).is_file()]
    assert not missing, f"docs/ lacks {', '.join(missing)}"
    index = docs / "README.md"
    assert index.is_file(), "docs/README.md (the index) is missing"
    unlinked = set(DOCUMENTS) - linked_documents(index.read_text(encoding="utf-8"))
    assert not unlinked, f"docs/README.md does not link {', '.join(sorted(unlinked))}"
