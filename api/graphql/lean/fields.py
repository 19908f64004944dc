"""Which fields the lean executor resolves directly, and the direct resolve functions."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    is_leaf_type,
    is_non_null_type,
)
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.relay.types import GlobalID
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

F = TypeVar("F", bound=Callable[..., Any])


CONTEXT_ONLY = "__reads_context_only__"


_SCALARS = (int, str, bool, float)


#: (source, info or a stand-in with only ``context``) -> value
Reader = Callable[[Any, Any], Any]


def reads_context_only(resolver: F) -> F:
    """Mark a resolver that uses nothing of ``info`` but ``info.context`` and changes nothing.

    ``LeanExecutor`` may then call it without strawberry's per-field wrapper, with
    graphql-core's resolve info (or, for leaves, a stand-in carrying only ``context``); a lean
    plan (``plans``) may call it again when it gives a value back to graphql-core, so
    it must be pure.
    """
    setattr(resolver, CONTEXT_ONLY, True)
    return resolver


@dataclass(frozen=True, slots=True)
class Leaf:
    """How to read and complete one leaf field inline."""

    read: Reader
    leaf_type: GraphQLLeafType
    non_null: bool
    return_type: Any
    #: For strawberry enums whose every member has a GraphQL name: the Python enum, and the
    #: names (what the type's ``coerce_output_value`` finds for them).
    enum_class: type | None = None
    enum_names: dict[Any, str] | None = None


def enum_names_of(leaf_type: GraphQLLeafType) -> dict[Any, str] | None:
    """Member -> name, as ``CustomGraphQLEnumType.coerce_output_value`` finds it (first match)."""
    if not isinstance(leaf_type, CustomGraphQLEnumType):
        return None
    names: dict[Any, str] = {}
    member: Any
    for member in leaf_type.wrapped_cls:
        for name, value in leaf_type.values.items():
            if member.value == value.value:
                names[member] = name
                break
        else:
            # A member without a name: every value goes through ``coerce_output_value``.
            return None
    return names


class ContextOnly:
    """What a ``reads_context_only`` leaf resolver receives as ``info``."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


@dataclass(frozen=True, slots=True)
class AttributeReader:
    """Reads a plain field that strawberry reads with ``getattr`` (its default resolver)."""

    name: str

    def __call__(self, source: Any, _info: Any) -> Any:
        return getattr(source, self.name)


def plain_reader(field: StrawberryField) -> Reader:
    """Read a plain field's value as strawberry's default resolver does."""
    resolve = field.default_resolver
    name = field.python_name
    if resolve is getattr:
        return AttributeReader(name)

    def read(source: Any, _info: Any) -> Any:
        return resolve(source, name)

    return read


def declared_permissions(field: StrawberryField) -> list[BasePermission] | None:
    """The declared permissions, if the field's only extensions are ours; None otherwise."""
    from api.graphql.permissions import HasScope, IsAuthenticated

    permissions: list[BasePermission] = []
    for extension in field.extensions:
        if type(extension) is not PermissionExtension or extension.fail_silently:
            return None
        for permission in extension.permissions:
            if type(permission) not in (HasScope, IsAuthenticated):
                return None
            permissions.append(permission)
    return permissions


def is_scalar_argument(argument: Any, scalars: Mapping[object, Any]) -> bool:
    """Whether strawberry passes the argument's value through unconverted.

    Built-in scalars, and the scalars of the schema's registry (``ID``, the project's
    ``scalar_map``): ``convert_argument`` returns their value as graphql-core parsed it. Not
    ``GlobalID``, which it decodes.
    """
    type_ = argument.type
    if isinstance(type_, StrawberryOptional):
        type_ = type_.of_type
    if type_ in _SCALARS:
        return True
    return type_ is not GlobalID and isinstance(type_, Hashable) and type_ in scalars


def direct_resolver(
    field: StrawberryField, names: Callable[[Any], str], scalars: Mapping[object, Any]
) -> tuple[Callable[..., Any], Reader | None] | None:
    """A resolve function doing what strawberry's wrapper does for this field, if it can.

    Also returns a reader for inline leaf completion when the field has no argument and no
    permission.
    """
    resolver = field.base_resolver
    if resolver is None:
        if not field.is_basic_field:
            return None
        read = plain_reader(field)
        return read, read
    wrapped = resolver.wrapped_func
    if not callable(wrapped) or not getattr(wrapped, CONTEXT_ONLY, False):
        return None
    function: Callable[..., Any] = wrapped
    permissions = declared_permissions(field)
    if permissions is None or not all(is_scalar_argument(a, scalars) for a in field.arguments):
        return None
    if any(names(a) != a.python_name for a in field.arguments):
        return None
    parameters = list(inspect.signature(function).parameters.values())
    # The source comes first: as ``root``/``parent`` (strawberry passes it by name) or as
    # ``self`` (strawberry passes it positionally: the root value on ``Query``).
    # (``root: strawberry.Parent[...]`` is both the root and the parent parameter.)
    sources = {
        p.name
        for p in (resolver.self_parameter, resolver.root_parameter, resolver.parent_parameter)
        if p is not None
    }
    if len(sources) != 1 or not parameters or parameters[0].name not in sources:
        return None
    takes_info = len(parameters) > 1 and parameters[1] == resolver.info_parameter
    if resolver.info_parameter is not None and not takes_info:
        return None
    call: Callable[..., Any]
    if takes_info:
        call = function
    else:

        def call(source: Any, _info: Any, **kwargs: Any) -> Any:
            return function(source, **kwargs)

    if not permissions:
        if field.arguments or resolver.is_async:
            return call, None
        return call, call

    def check(source: Any, info: Any, kwargs: dict[str, Any]) -> None:
        for permission in permissions:
            # Our permissions return True or raise the precise error.
            if permission.has_permission(source, info, **kwargs) is not True:
                raise RuntimeError(f"{type(permission).__name__} did not allow or refuse")

    if resolver.is_async:

        async def resolve_async(source: Any, info: Any, **kwargs: Any) -> Any:
            check(source, info, kwargs)
            return await call(source, info, **kwargs)

        return resolve_async, None

    def resolve(source: Any, info: Any, **kwargs: Any) -> Any:
        check(source, info, kwargs)
        return call(source, info, **kwargs)

    return resolve, None


def leaf_of(definition: GraphQLField, read: Reader) -> Leaf | None:
    """How to complete this field inline, if it is a leaf without arguments."""
    return_type = definition.type
    leaf_type = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    if definition.args or not is_leaf_type(leaf_type):
        return None
    enum_names = enum_names_of(leaf_type)
    return Leaf(
        read=read,
        leaf_type=leaf_type,
        non_null=is_non_null_type(return_type),
        return_type=return_type,
        enum_class=(
            leaf_type.wrapped_cls
            if enum_names is not None and isinstance(leaf_type, CustomGraphQLEnumType)
            else None
        ),
        enum_names=enum_names,
    )
