"""What every connection resolves from, and the shared edge, node and page-info builders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.domain.paging import Page, SortKey
from api.graphql.context import Info
from api.graphql.types.node import PageInfo


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
