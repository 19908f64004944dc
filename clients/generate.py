"""Generate ``credit_platform_client/operations.py`` from ``schema/``: typed inputs and one
function per persisted operation. Run ``python clients/generate.py``; a test fails when stale."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeNode,
    build_schema,
    parse,
)
from graphql.language import ListTypeNode, NamedTypeNode, NonNullTypeNode

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "clients" / "credit_platform_client" / "operations.py"
SCALARS = {"String": "str", "ID": "str", "Int": "int", "Float": "float", "Boolean": "bool"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _python_type(graphql_type: object) -> str:
    if isinstance(graphql_type, GraphQLNonNull):
        return _python_type(graphql_type.of_type).removesuffix(" | None")
    if isinstance(graphql_type, GraphQLList):
        return f"list[{_python_type(graphql_type.of_type)}] | None"
    if isinstance(graphql_type, GraphQLEnumType | GraphQLInputObjectType):
        return f"{graphql_type.name} | None"
    if isinstance(graphql_type, GraphQLScalarType):
        return f"{SCALARS.get(graphql_type.name, 'str')} | None"
    raise TypeError(graphql_type)


def _variable_type(node: TypeNode, schema: GraphQLSchema) -> str:
    if isinstance(node, NonNullTypeNode):
        return _variable_type(node.type, schema).removesuffix(" | None")
    if isinstance(node, ListTypeNode):
        return f"list[{_variable_type(node.type, schema)}] | None"
    assert isinstance(node, NamedTypeNode)
    return _python_type(schema.get_type(node.name.value))


def render() -> str:
    """The module text."""
    schema = build_schema((ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8"))
    lines = [
        '"""Generated from schema/ by clients/generate.py: do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Any, Literal, TypedDict",
        "",
        "from credit_platform_client.client import CreditPlatformClient",
        "",
    ]
    for name, graphql_type in sorted(schema.type_map.items()):
        if isinstance(graphql_type, GraphQLEnumType) and not name.startswith("__"):
            values = ", ".join(f'"{v}"' for v in graphql_type.values)
            lines += [f"{name} = Literal[{values}]", ""]
    for name, graphql_type in sorted(schema.type_map.items()):
        if isinstance(graphql_type, GraphQLInputObjectType):
            lines += ["", f"class {name}(TypedDict, total=False):"]
            lines.append(f'    """{(graphql_type.description or name).splitlines()[0]}"""')
            lines.append("")
            for field_name, field in graphql_type.fields.items():
                lines.append(f"    {field_name}: {_python_type(field.type)}")
            lines.append("")
    documents: dict[str, tuple[str, list[str]]] = {}
    for path in sorted((ROOT / "schema" / "operations").glob("*/*.graphql")):
        text = path.read_text(encoding="utf-8")
        existing = documents.get(path.stem)
        if existing is not None and existing[0] != text:
            raise SystemExit(f"{path.stem} differs between partner folders")
        folders = [*(existing[1] if existing else []), path.parent.name]
        documents[path.stem] = (text, folders)
    for name, (text, folders) in documents.items():
        [operation] = [d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode)]
        params = []
        mapping = []
        for definition in operation.variable_definitions or ():
            variable = definition.variable.name.value
            python_type = _variable_type(definition.type, schema)
            default = " = None" if python_type.endswith("| None") else ""
            params.append(f"{_snake(variable)}: {python_type}{default}")
            mapping.append(f'"{variable}": {_snake(variable)}')
        constant = _snake(name).upper()
        lines += ["", f"{constant} = '''{text.strip()}'''", ""]
        lines += [
            "",
            f"async def {_snake(name)}(",
            "    client: CreditPlatformClient, *, " + ", ".join(params) + ""
            if params
            else "    client: CreditPlatformClient",
            ") -> dict[str, Any]:",
            f'    """Run {name} (used by: {", ".join(sorted(folders))})."""',
            "    return await client.execute(",
            f'        {constant}, {{{", ".join(mapping)}}}, operation_name="{name}"',
            "    )",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def formatted() -> str:
    """The module text as ruff formats it (the form committed)."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ruff"), "format", "--stdin-filename", str(TARGET), "-"],
        input=render(),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout


def main() -> None:
    """Write the module (or, with --check, fail when it is stale)."""
    text = formatted()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.read_text(encoding="utf-8") == text else 1)
    TARGET.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
