"""The Relay ``Node`` interface and page information shared by every connection."""

from __future__ import annotations

import strawberry


@strawberry.interface(description="An object with an opaque global ID, fetchable with `node(id:)`.")
class Node:
    """Relay's Node: the ID is sealed, so it cannot be decoded or enumerated."""

    id: strawberry.ID = strawberry.field(
        description="Opaque, stable global ID. Pass it to `node(id:)` to fetch the object again."
    )


@strawberry.type(description="Where a page ends and whether another follows it.")
class PageInfo:
    """Relay's PageInfo, forward paging only."""

    has_next_page: bool = strawberry.field(description="Whether rows follow this page.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last row of this page; pass it as `after` for the next page."
    )
