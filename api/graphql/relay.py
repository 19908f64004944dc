"""Relay's shapes: the Node interface, PageInfo, and keyset connections over domain pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

import strawberry

from api.domain.paging import Page, PageRequest, SortKey
from api.graphql.context import Info
from api.graphql.ids import NodeType
from api.graphql.lean.fields import reads_context_only


@strawberry.interface(description="An object with an opaque global ID, fetchable with `node(id:)`.")
class Node:
    """Relay's Node: the ID is sealed, so it cannot be decoded or enumerated."""

    id: strawberry.ID = strawberry.field(
        description="Opaque, stable global ID. Pass it to `node(id:)` to fetch the object again."
    )


class _Identified(Protocol):
    id: int


def global_id_field(node_type: NodeType) -> Any:
    """A Node's ``id``: its row id sealed as a global ID of ``node_type``."""

    @reads_context_only
    def resolve(root: strawberry.Parent[_Identified], info: Info) -> strawberry.ID:
        return strawberry.ID(info.context.ids.encode(node_type, root.id))

    return strawberry.field(resolver=resolve, description="Opaque global ID.")


def page_request(info: Info, listing: str, first: int, after: str | None) -> PageRequest:
    """The page a connection field asks for: ``first`` rows after the listing's cursor."""
    return PageRequest(
        first=first, after=info.context.cursors.decode(listing, after) if after else None
    )


@strawberry.type(description="Where a page ends and whether another follows it.")
class PageInfo:
    """Relay's PageInfo, forward paging only."""

    has_next_page: bool = strawberry.field(description="Whether rows follow this page.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last row of this page; pass it as `after` for the next page."
    )


@dataclass(frozen=True, slots=True)
class EdgeRoot:
    """What a connection edge resolves from: the row, its position and its listing."""

    node: Any
    key: SortKey
    listing: str


@dataclass(frozen=True, slots=True)
class ConnectionRoot:
    """What a connection resolves from: one page and the name of its listing."""

    page: Page[Any]
    listing: str


def edges_of(root: ConnectionRoot) -> list[EdgeRoot]:
    """The edges of a page; cursors are sealed only when a client asks for them."""
    return [EdgeRoot(node, key, root.listing) for node, key in root.page.items]


def nodes_of(root: ConnectionRoot) -> list[Any]:
    """The rows of a page."""
    return [node for node, _key in root.page.items]


def cursor_of(root: EdgeRoot, info: Info) -> str:
    """The sealed cursor of one edge."""
    return info.context.cursors.encode(root.listing, root.key)


def page_info_of(root: ConnectionRoot, info: Info) -> PageInfo:
    """Whether rows follow, and the cursor to continue from."""
    items = root.page.items
    end = info.context.cursors.encode(root.listing, items[-1][1]) if items else None
    return PageInfo(has_next_page=root.page.has_next, end_cursor=end)


T = TypeVar("T")


@strawberry.type(description="An item of a list and its cursor.")
class Edge(Generic[T]):
    """One edge of a connection (Relay); named after its item, e.g. ``EnterpriseEdge``."""

    node: T = strawberry.field(description="The item.")

    @strawberry.field(description="Opaque cursor of this item in this list and order.")
    @reads_context_only
    def cursor(root: strawberry.Parent[EdgeRoot], info: Info) -> str:
        return cursor_of(root, info)


@strawberry.type(description="A page of a list in keyset order, with where it ends.")
class Connection(Generic[T]):
    """A Relay connection; named after its item, e.g. ``EnterpriseConnection``."""

    @strawberry.field(description="The items with their cursors.")
    @reads_context_only
    def edges(root: strawberry.Parent[ConnectionRoot]) -> list[Edge[T]]:
        return cast("list[Edge[T]]", edges_of(root))

    @strawberry.field(description="The items, without cursors.")
    @reads_context_only
    def nodes(root: strawberry.Parent[ConnectionRoot]) -> list[T]:
        return nodes_of(root)

    @strawberry.field(description="Where this page ends and whether another follows.")
    @reads_context_only
    def page_info(root: strawberry.Parent[ConnectionRoot], info: Info) -> PageInfo:
        return page_info_of(root, info)
