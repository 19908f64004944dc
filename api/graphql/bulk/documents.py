"""What a bulk query may be, and how the worker runs it: checked once at start, planned once.

A bulk query is one query operation, without variables or named fragments, whose one root
field is a connection a bulk export may read (``EXPORTABLE``). Its ``first`` and ``after``
are the worker's: the plan replaces them with ``$bulkFirst`` and ``$bulkAfter`` and asks for
the page's end cursor. Connections nested in the root's nodes (one level, as Shopify allows
two) are asked 100 at a time; the rest of a nested connection that has more is read through
``node(id:)`` with its own cursor, so every nested node is written whatever its count.
Every field the document selects is checked against the scopes it declares
(``@requiresScopes``), exactly as a request would be; the worker then runs the document
through the real schema with the partner's scopes, so the consent gate and masking apply to
each read as they would one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    get_named_type,
    parse,
    print_ast,
    validate,
    visit,
)

from api.domain.bulk.errors import (
    ForbiddenFieldError,
    InvalidBulkQueryError,
    NoConnectionError,
    PersonalConnectionError,
)

#: Root connections a bulk operation may export: public registers, nothing read under consent.
EXPORTABLE = frozenset({"enterprises", "loanProducts"})
#: Root connections that list persons' consents, audit rows, repairs or needs: never in bulk.
#: A person is read one by one, for a purpose, under their code or consent.
PERSONAL = frozenset(
    {
        "myConsents",
        "myAccessLog",
        "auditLog",
        "creditRepairs",
        "myCreditRepairs",
        "financingNeeds",
        "myFinancingNeeds",
    }
)
#: Nested connections are read this many nodes at a time (the schema's largest page).
NESTED_PAGE = 100
#: Aliases the plan adds; a document may not use them itself.
PAGE_INFO_KEY = "bulkPageInfo"
ID_KEY = "bulkId"
_RESERVED = frozenset({PAGE_INFO_KEY, ID_KEY})


def _selection(text: str) -> FieldNode:
    """The first field of ``{ text }``."""
    operation = parse("{ " + text + " }").definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode)
    return field


_PAGE_INFO = _selection(f"{PAGE_INFO_KEY}: pageInfo {{ hasNextPage endCursor }}")
_ID = _selection(f"{ID_KEY}: id")


def _variable(name: str) -> VariableNode:
    return VariableNode(name=NameNode(value=name))


def _argument(name: str, value: Any) -> ArgumentNode:
    return ArgumentNode(name=NameNode(value=name), value=value)


@dataclass(frozen=True, slots=True)
class NestedConnection:
    """A connection inside each root node: where it is, and how to read the rest of it."""

    key: str
    shape: str
    follow: str


@dataclass(frozen=True, slots=True)
class BulkPlan:
    """A checked bulk query, and the documents the worker runs for it."""

    root_field: str
    root_key: str
    shape: str
    page_document: str
    nested: tuple[NestedConnection, ...]
    adds_id: bool


def _is_connection(schema_type: Any) -> bool:
    """Whether a type is a Relay connection of ours (page info, and edges or nodes)."""
    named = get_named_type(schema_type)
    return (
        isinstance(named, GraphQLObjectType)
        and "pageInfo" in named.fields
        and ("edges" in named.fields or "nodes" in named.fields)
    )


def _key(field: FieldNode) -> str:
    return field.alias.value if field.alias else field.name.value


class _Planner:
    """Rewrites one document's selections, collecting the nested connections."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.nested: list[NestedConnection] = []

    def connection(
        self, owner: GraphQLObjectType, field: FieldNode, first: Any, after: Any, depth: int
    ) -> tuple[FieldNode, str]:
        """``field`` (a connection) asking ``first`` after ``after``, with its page info."""
        definition = owner.fields[field.name.value]
        if "first" not in definition.args or "after" not in definition.args:
            raise NoConnectionError(f"{field.name.value} is not paged by first and after")
        connection = get_named_type(definition.type)
        assert isinstance(connection, GraphQLObjectType)
        arguments = [a for a in field.arguments or () if a.name.value not in ("first", "after")]
        arguments.append(_argument("first", first))
        if after is not None:
            arguments.append(_argument("after", after))
        shapes = []
        selections: list[Any] = []
        for selection in field.selection_set.selections if field.selection_set else ():
            if not isinstance(selection, FieldNode):
                raise InvalidBulkQueryError("select a connection's edges or nodes by name")
            name = selection.name.value
            if name == "edges":
                edge_type = get_named_type(connection.fields["edges"].type)
                assert isinstance(edge_type, GraphQLObjectType)
                inner = []
                for part in selection.selection_set.selections if selection.selection_set else ():
                    if isinstance(part, FieldNode) and part.name.value == "node":
                        node_type = get_named_type(edge_type.fields["node"].type)
                        part = self.node(node_type, part, depth)
                        shapes.append("edges")
                    inner.append(part)
                selection = replace(
                    selection, selection_set=SelectionSetNode(selections=tuple(inner))
                )
            elif name == "nodes":
                node_type = get_named_type(connection.fields["nodes"].type)
                selection = self.node(node_type, selection, depth)
                shapes.append("nodes")
            selections.append(selection)
        if len(shapes) != 1:
            raise NoConnectionError(
                f"select exactly one of edges {{ node }} and nodes of {field.name.value}"
            )
        selections.append(_PAGE_INFO)
        rewritten = replace(
            field,
            arguments=tuple(arguments),
            selection_set=SelectionSetNode(selections=tuple(selections)),
        )
        return rewritten, shapes[0]

    def node(self, node_type: Any, field: FieldNode, depth: int) -> FieldNode:
        """A node's selection, its nested connections rewritten (and its id asked if needed)."""
        if not isinstance(node_type, GraphQLObjectType) or field.selection_set is None:
            return field
        selections: list[Any] = []
        found = False
        for selection in field.selection_set.selections:
            if isinstance(selection, InlineFragmentNode):
                raise InvalidBulkQueryError("a bulk query's nodes take no fragments")
            if isinstance(selection, FieldNode) and _key(selection) in _RESERVED:
                raise InvalidBulkQueryError(f"{_key(selection)} is an alias bulk queries keep")
            definition = (
                node_type.fields.get(selection.name.value)
                if isinstance(selection, FieldNode)
                else None
            )
            if isinstance(selection, FieldNode) and definition and _is_connection(definition.type):
                if depth > 0:
                    raise InvalidBulkQueryError("a bulk query nests connections one level deep")
                first = IntValueNode(value=str(NESTED_PAGE))
                page, shape = self.connection(node_type, selection, first, None, depth + 1)
                follow_field, _ = self.connection(
                    node_type, selection, first, _variable("bulkAfter"), depth + 1
                )
                self.nested.append(
                    NestedConnection(_key(selection), shape, _follow(node_type, follow_field))
                )
                selection = page
                found = True
            selections.append(selection)
        if found:
            if "id" not in node_type.fields:
                raise NoConnectionError(f"{node_type.name} has no id to name nested nodes' parent")
            selections.append(_ID)
        return replace(field, selection_set=SelectionSetNode(selections=tuple(selections)))


def _follow(node_type: GraphQLObjectType, field: FieldNode) -> str:
    """The query reading the rest of one node's nested connection after ``$bulkAfter``."""
    text = (
        "query BulkFollow($bulkId: ID!, $bulkAfter: String) { node(id: $bulkId) { "
        f"... on {node_type.name} {{ {print_ast(field)} }} }} }}"
    )
    return print_ast(parse(text))


def _declared_scopes(field_definition: Any) -> frozenset[str]:
    """The scopes a field declares (``@requiresScopes`` in the SDL), none if it declares none."""
    node = getattr(field_definition, "ast_node", None)
    for directive in (node.directives or ()) if node is not None else ():
        if directive.name.value == "requiresScopes":
            for argument in directive.arguments or ():
                values = getattr(argument.value, "values", ())
                return frozenset(getattr(v, "value", "") for v in values)
    return frozenset()


class _ScopeCheck(Visitor):
    """Finds the first selected field whose declared scopes the partner does not hold."""

    def __init__(self, type_info: TypeInfo, scopes: frozenset[str]) -> None:
        super().__init__()
        self.type_info = type_info
        self.scopes = scopes
        self.refused: tuple[str, frozenset[str]] | None = None

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        """Compare the field's declared scopes with the partner's."""
        definition = self.type_info.get_field_def()
        parent = self.type_info.get_parent_type()
        needed = _declared_scopes(definition) if definition else frozenset()
        if self.refused is None and not needed <= self.scopes:
            owner = parent.name if parent else "?"
            self.refused = (f"{owner}.{node.name.value}", needed - self.scopes)


def _check_scopes(schema: GraphQLSchema, document: DocumentNode, scopes: frozenset[str]) -> None:
    """ForbiddenFieldError naming the first field the partner's scopes do not cover."""
    type_info = TypeInfo(schema)
    check = _ScopeCheck(type_info, scopes)
    visit(document, TypeInfoVisitor(type_info, check))
    if check.refused is not None:
        where, missing = check.refused
        raise ForbiddenFieldError(
            f"{where} needs the scope(s) {', '.join(sorted(missing))}", field="query"
        )


def _one_query(text: str) -> OperationDefinitionNode:
    """The document's one query operation (InvalidBulkQueryError otherwise)."""
    try:
        document = parse(text, max_tokens=5000)
    except GraphQLError as error:
        raise InvalidBulkQueryError(f"the query does not parse: {error.message}") from None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or len(document.definitions) != 1:
        raise InvalidBulkQueryError("a bulk query is one operation, without named fragments")
    operation = operations[0]
    if operation.operation is not OperationType.QUERY:
        raise InvalidBulkQueryError("a bulk operation runs a query, not a mutation")
    if operation.variable_definitions:
        raise InvalidBulkQueryError("a bulk query takes no variables: write the values in it")
    return operation


def plan_bulk_query(schema: GraphQLSchema, text: str, scopes: frozenset[str]) -> BulkPlan:
    """Check a bulk query for a partner holding ``scopes`` and plan how the worker runs it."""
    operation = _one_query(text)
    roots = [s for s in operation.selection_set.selections if not _is_typename(s)]
    if len(roots) != 1 or not isinstance(roots[0], FieldNode):
        raise NoConnectionError("a bulk query has exactly one root field, a connection")
    root = roots[0]
    query_type = schema.query_type
    assert query_type is not None
    name = root.name.value
    definition = query_type.fields.get(name)
    if definition is None:
        raise InvalidBulkQueryError(f"Query has no field {name}")
    if not _is_connection(definition.type):
        raise NoConnectionError(f"{name} is not a connection")
    if name in PERSONAL:
        raise PersonalConnectionError(
            f"{name} lists persons' data, which is read one person at a time under consent, "
            "never in bulk"
        )
    if name not in EXPORTABLE:
        raise NoConnectionError(
            f"{name} is not exported in bulk; exportable: {', '.join(sorted(EXPORTABLE))}"
        )
    planner = _Planner(schema)
    rewritten, shape = planner.connection(
        query_type, root, _variable("bulkFirst"), _variable("bulkAfter"), 0
    )
    variables = (
        VariableDefinitionNode(
            variable=_variable("bulkFirst"),
            type=NonNullTypeNode(type=NamedTypeNode(name=NameNode(value="Int"))),
        ),
        VariableDefinitionNode(
            variable=_variable("bulkAfter"), type=NamedTypeNode(name=NameNode(value="String"))
        ),
    )
    page = replace(
        operation,
        name=NameNode(value="BulkPage"),
        variable_definitions=variables,
        selection_set=SelectionSetNode(selections=(rewritten,)),
    )
    # Printed and parsed again: the rewritten nodes become an ordinary (hashable) document.
    document = parse(print_ast(DocumentNode(definitions=(page,))))
    problems = validate(schema, document)
    if problems:
        raise InvalidBulkQueryError(f"the query is not valid: {problems[0].message}")
    _check_scopes(schema, document, scopes)
    for nested in planner.nested:
        follow_problems = validate(schema, parse(nested.follow))
        if follow_problems:
            raise InvalidBulkQueryError(f"the query is not valid: {follow_problems[0].message}")
    return BulkPlan(
        root_field=name,
        root_key=_key(root),
        shape=shape,
        page_document=print_ast(document),
        nested=tuple(planner.nested),
        adds_id=bool(planner.nested),
    )


def _is_typename(selection: Any) -> bool:
    return isinstance(selection, FieldNode) and selection.name.value == "__typename"
