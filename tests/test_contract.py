"""The schema is a contract: the committed SDL is the code's, and every part of it is described."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from api.graphql.schema import schema

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_is_the_exported_one() -> None:
    committed = (ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", (
        "schema/schema.graphql is stale: run `credit-platform export-schema` and commit it"
    )


def test_every_type_field_and_argument_has_a_description() -> None:
    missing: list[str] = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing += [
                    f"{name}.{field_name}({arg})"
                    for arg, argument in field.args.items()
                    if not argument.description
                ]
        if isinstance(graphql_type, GraphQLInputObjectType):
            missing += [
                f"{name}.{field_name}"
                for field_name, field in graphql_type.fields.items()
                if not field.description
            ]
        if isinstance(graphql_type, GraphQLEnumType):
            continue
    assert missing == []


def test_import_layers_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_client_operations_are_fresh() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "clients" / "generate.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, "clients/ is stale: run `python clients/generate.py`"


def test_readme_scope_table_is_the_code_s() -> None:
    from api.auth.scopes import scope_table_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- scope-table")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- /scope-table -->")
    assert readme[start:end].strip() == scope_table_markdown().strip()


def test_readme_purpose_table_is_the_code_s() -> None:
    from api.auth.purposes import purpose_table_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n", readme.index("<!-- purpose-table")) + 1
    end = readme.index("<!-- /purpose-table -->")
    assert readme[start:end].strip() == purpose_table_markdown().strip()
