"""Generate ``credit_platform_client/operations.py`` from ``schema/``.

For every operation under ``schema/operations/`` it writes the document, a ``TypedDict`` of its
variables, ``TypedDict`` s of its result (one per selection, nested as selected, aliases and
fragments included) and one typed ``async`` function. Enums become ``Literal`` s, input types
``TypedDict`` s, custom scalars aliases of what travels in JSON (``Decimal``, ``Date`` and
``DateTime`` are strings: exact decimals and ISO 8601). Run ``python clients/generate.py``;
``--check`` exits 1 when the committed module is stale, as does a test.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    TypeNode,
    Undefined,
    build_schema,
    get_named_type,
    is_abstract_type,
    parse,
    validate,
)
from graphql.language import ListTypeNode, NamedTypeNode, NonNullTypeNode

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "clients" / "credit_platform_client" / "operations.py"
BUILT_IN = {"String": "str", "ID": "str", "Int": "int", "Float": "float", "Boolean": "bool"}
# What each custom scalar is in JSON; the alias keeps the schema's name in signatures.
CUSTOM = {"JSON": "Any"}


def _snake(name: str) -> str:
    """``householdNumber`` -> ``household_number``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _pascal(name: str) -> str:
    """``greenProfile`` -> ``GreenProfile``; ``page_info`` -> ``PageInfo``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def _first_line(text: str | None, fallback: str) -> str:
    """The first line of a description, safe inside a docstring."""
    line = (text or fallback).strip().splitlines()[0].strip()
    sentence = re.match(r"(.+?[.!?])\s", line + " ")
    line = sentence.group(1) if sentence else line
    return line.replace("\\", "\\\\").replace('"""', "'''").rstrip('"')


def _has_default(input_field: GraphQLInputField) -> bool:
    """Whether the schema gives an input field a default (graphql-core keeps it in two places)."""
    return input_field.default_value is not Undefined or input_field.default is not None


def _scalar(graphql_type: GraphQLScalarType) -> str:
    """The Python name of a scalar: a built-in type or the schema's alias."""
    return BUILT_IN.get(graphql_type.name, graphql_type.name)


def _input_type(graphql_type: object) -> str:
    """The annotation of an input (variable or input field) type."""
    if isinstance(graphql_type, GraphQLNonNull):
        return _input_type(graphql_type.of_type).removesuffix(" | None")
    if isinstance(graphql_type, GraphQLList):
        return f"list[{_input_type(graphql_type.of_type)}] | None"
    if isinstance(graphql_type, GraphQLEnumType | GraphQLInputObjectType):
        return f"{graphql_type.name} | None"
    if isinstance(graphql_type, GraphQLScalarType):
        return f"{_scalar(graphql_type)} | None"
    raise TypeError(graphql_type)


def _variable_type(node: TypeNode, schema: GraphQLSchema) -> str:
    """The annotation of an operation variable, from its type in the document."""
    if isinstance(node, NonNullTypeNode):
        return _variable_type(node.type, schema).removesuffix(" | None")
    if isinstance(node, ListTypeNode):
        return f"list[{_variable_type(node.type, schema)}] | None"
    assert isinstance(node, NamedTypeNode)
    return _input_type(schema.get_type(node.name.value))


def _output_type(graphql_type: GraphQLOutputType, composite: str) -> str:
    """The annotation of a result field; ``composite`` names the class of its selection."""
    if isinstance(graphql_type, GraphQLNonNull):
        return _output_type(graphql_type.of_type, composite).removesuffix(" | None")
    if isinstance(graphql_type, GraphQLList):
        return f"list[{_output_type(graphql_type.of_type, composite)}] | None"
    if isinstance(graphql_type, GraphQLEnumType):
        return f"{graphql_type.name} | None"
    if isinstance(graphql_type, GraphQLScalarType):
        return f"{_scalar(graphql_type)} | None"
    return f"{composite} | None"


@dataclass
class _Selected:
    """One response key of a selection set, merged over every place it is selected."""

    name: str
    definition: GraphQLField | None  # None for __typename
    always: bool = False  # in every answer, not only under a type condition or @include/@skip
    selections: list[tuple[SelectionSetNode, GraphQLCompositeType]] = field(default_factory=list)
    typenames: set[str] = field(default_factory=set)


class _Generator:
    """Turns the schema and the operations into the lines of the module."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.lines: list[str] = []
        self.names: set[str] = set(schema.type_map)

    def claim(self, name: str) -> str:
        """Reserve a class name; two selections that would share one fail loudly."""
        if name in self.names:
            raise SystemExit(f"generated name {name} is taken twice; rename an alias")
        self.names.add(name)
        return name

    def possible(self, graphql_type: GraphQLCompositeType) -> list[str]:
        """The object types a value of this type can be."""
        if is_abstract_type(graphql_type):
            assert isinstance(graphql_type, GraphQLInterfaceType | GraphQLUnionType)
            return sorted(t.name for t in self.schema.get_possible_types(graphql_type))
        return [graphql_type.name]

    def applies(self, condition: GraphQLCompositeType, parent: GraphQLCompositeType) -> bool:
        """Whether a fragment on ``condition`` applies to every value of ``parent``."""
        return set(self.possible(parent)) <= set(self.possible(condition))

    def collect(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLCompositeType,
        fragments: dict[str, FragmentDefinitionNode],
        conditional: bool,
        into: dict[str, _Selected],
        outer: GraphQLCompositeType,
    ) -> None:
        """Merge a selection set's fields into ``into`` (response key -> what is selected)."""
        for selection in selection_set.selections:
            skippable = any(d.name.value in {"include", "skip"} for d in selection.directives or ())
            if isinstance(selection, FieldNode):
                name = selection.name.value
                key = selection.alias.value if selection.alias else name
                if name == "__typename":
                    entry = into.setdefault(key, _Selected(name, None))
                    entry.typenames.update(self.possible(parent))
                else:
                    assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType), parent
                    entry = into.setdefault(key, _Selected(name, parent.fields[name]))
                    if selection.selection_set is not None:
                        assert entry.definition is not None
                        child = get_named_type(entry.definition.type)
                        assert isinstance(child, GraphQLCompositeType)
                        entry.selections.append((selection.selection_set, child))
                entry.always |= not (conditional or skippable)
                continue
            if isinstance(selection, InlineFragmentNode):
                condition_name = selection.type_condition
                body = selection.selection_set
            else:
                assert isinstance(selection, FragmentSpreadNode)
                fragment = fragments[selection.name.value]
                condition_name = fragment.type_condition
                body = fragment.selection_set
            condition = parent
            if condition_name is not None:
                named = self.schema.get_type(condition_name.name.value)
                assert isinstance(named, GraphQLCompositeType)
                condition = named
            narrower = not self.applies(condition, outer)
            self.collect(
                body, condition, fragments, conditional or skippable or narrower, into, outer
            )

    def result_class(
        self,
        name: str,
        doc: str,
        selections: list[tuple[SelectionSetNode, GraphQLCompositeType]],
        fragments: dict[str, FragmentDefinitionNode],
    ) -> None:
        """Emit the TypedDicts of one selection (children first), named ``name``."""
        fields: dict[str, _Selected] = {}
        for selection_set, parent in selections:
            self.collect(selection_set, parent, fragments, False, fields, parent)
        body: list[str] = []
        for key, entry in fields.items():
            if entry.definition is None:
                values = ", ".join(f'"{v}"' for v in sorted(entry.typenames))
                annotation = f"Literal[{values}]"
            else:
                composite = ""
                if entry.selections:
                    composite = self.claim(f"{name}{_pascal(key)}")
                    child = get_named_type(entry.definition.type)
                    self.result_class(
                        composite,
                        _first_line(child.description, child.name),
                        entry.selections,
                        fragments,
                    )
                annotation = _output_type(entry.definition.type, composite)
            body.append(
                f"    {key}: {annotation if entry.always else f'NotRequired[{annotation}]'}"
            )
        self.lines += ["", f"class {name}(TypedDict):", f'    """{doc}"""', "", *body, ""]

    def operation(self, text: str, folders: list[str]) -> None:
        """Emit one operation: its document, variables, result types and function."""
        document = parse(text)
        problems = validate(self.schema, document)
        if problems:
            raise SystemExit(f"{folders}: {problems[0].message}")
        [operation] = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        assert operation.name is not None, "every persisted operation is named"
        name = operation.name.value
        root = self.schema.get_root_type(operation.operation)
        assert root is not None
        constant = _snake(name).upper()
        variables_class = self.claim(f"{name}Variables")
        result = self.claim(f"{name}Result")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.lines += [
            "",
            f"{constant} = '''{text.strip()}'''",
            f'{constant}_ID = "sha256:{digest}"',
            f'"""The trusted document id of {name}: the SHA-256 of its file\'s bytes."""',
            "",
        ]

        required: list[str] = []
        optional: list[str] = []
        fields: list[str] = []
        mapping: list[str] = []
        omitted: list[tuple[str, str]] = []
        for definition in operation.variable_definitions or ():
            variable = definition.variable.name.value
            python_type = _variable_type(definition.type, self.schema)
            parameter = _snake(variable)
            defaulted = definition.default_value is not None
            if python_type.endswith(" | None") or defaulted:
                annotation = python_type.removesuffix(" | None")
                optional.append(f"{parameter}: {annotation} | None = None")
                fields.append(f"    {variable}: NotRequired[{python_type}]")
            else:
                required.append(f"{parameter}: {python_type}")
                fields.append(f"    {variable}: {python_type}")
            if defaulted:  # None leaves the variable out, so the document's default applies
                omitted.append((variable, parameter))
            else:
                mapping.append(f'"{variable}": {parameter}')
        self.lines += [
            "",
            f"class {variables_class}(TypedDict):",
            f'    """The variables of {name}."""',
            "",
            *fields,
            "",
        ]
        self.result_class(
            result,
            f"What {name} answers: its ``data``.",
            [(operation.selection_set, root)],
            fragments,
        )

        comment = [
            line.lstrip("#").strip().replace("\\", "\\\\").replace('"""', "'''")
            for line in text.splitlines()
            if line.startswith("#")
        ]
        mutation = operation.operation is OperationType.MUTATION
        params = ", ".join(
            [
                "client: CreditPlatformClient",
                *(["*"] if required or optional else []),
                *required,
                *optional,
            ]
        )
        self.lines += [
            "",
            f"async def {_snake(name)}({params}) -> {result}:",
            f'    """Run {name} (used by: {", ".join(sorted(folders))}).',
            "",
            *(f"    {line}" if line else "" for line in comment),
            *([""] if comment else []),
            "    Raises ``CreditPlatformError`` (see ``credit_platform_client.errors``).",
            '    """',
            f"    variables: {variables_class} = {{{', '.join(mapping)}}}",
            *(
                line
                for variable, parameter in omitted
                for line in (
                    f"    if {parameter} is not None:",
                    f'        variables["{variable}"] = {parameter}',
                )
            ),
            "    data = await client.execute(",
            f'        {constant}, variables, "{name}", mutation={mutation}, '
            f"document_id={constant}_ID",
            "    )",
            f'    return cast("{result}", data)',
            "",
        ]

    def render(self, documents: dict[str, tuple[str, list[str]]]) -> str:
        """The module text (before formatting)."""
        self.lines = [
            '"""Generated from schema/ by clients/generate.py: do not edit.',
            "",
            "One typed function per operation the platform publishes, with the TypedDicts of its",
            "variables and of its result. Custom scalars travel as JSON strings: ``Decimal`` is an",
            "exact decimal (``decimal.Decimal(value)``), ``Date`` and ``DateTime`` are ISO 8601.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import Any, Literal, NotRequired, TypedDict, cast",
            "",
            "from credit_platform_client.client import CreditPlatformClient",
            "",
        ]
        for name, graphql_type in sorted(self.schema.type_map.items()):
            if isinstance(graphql_type, GraphQLScalarType) and name not in BUILT_IN:
                self.lines += [
                    f"{name} = {CUSTOM.get(name, 'str')}",
                    f'"""{_first_line(graphql_type.description, name)}"""',
                    "",
                ]
        for name, graphql_type in sorted(self.schema.type_map.items()):
            if isinstance(graphql_type, GraphQLEnumType) and not name.startswith("__"):
                values = ", ".join(f'"{v}"' for v in graphql_type.values)
                self.lines += [f"{name} = Literal[{values}]", ""]
        for name, graphql_type in sorted(self.schema.type_map.items()):
            if isinstance(graphql_type, GraphQLInputObjectType):
                self.lines += ["", f"class {name}(TypedDict):"]
                self.lines.append(f'    """{_first_line(graphql_type.description, name)}"""')
                self.lines.append("")
                for field_name, input_field in graphql_type.fields.items():
                    annotation = _input_type(input_field.type)
                    if annotation.endswith(" | None") or _has_default(input_field):
                        annotation = f"NotRequired[{annotation}]"
                    self.lines.append(f"    {field_name}: {annotation}")
                self.lines.append("")
        for _name, (text, folders) in sorted(documents.items()):
            self.operation(text, folders)
        return "\n".join(self.lines).rstrip() + "\n"


def operations() -> dict[str, tuple[str, list[str]]]:
    """Each operation's document and the partner folders that use it (the same text in each)."""
    documents: dict[str, tuple[str, list[str]]] = {}
    for path in sorted((ROOT / "schema" / "operations").glob("*/*.graphql")):
        text = path.read_text(encoding="utf-8")
        existing = documents.get(path.stem)
        if existing is not None and existing[0] != text:
            raise SystemExit(f"{path.stem} differs between partner folders")
        documents[path.stem] = (text, [*(existing[1] if existing else []), path.parent.name])
    return documents


def render(
    schema_text: str | None = None, documents: dict[str, tuple[str, list[str]]] | None = None
) -> str:
    """The module text for a schema and its operations (by default the repository's)."""
    if schema_text is None:
        schema_text = (ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8")
    return _Generator(build_schema(schema_text)).render(
        operations() if documents is None else documents
    )


def formatted(text: str | None = None) -> str:
    """The module text (by default the repository's) as ruff formats it: the form committed."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ruff"), "format", "--stdin-filename", str(TARGET), "-"],
        input=render() if text is None else text,
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
