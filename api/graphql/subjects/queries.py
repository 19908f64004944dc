"""Subject queries: lookups by identifier, the enterprise list, and Relay's node."""

from __future__ import annotations

import hashlib
from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.subjects.queries import EnterpriseFilter, EnterpriseOrder
from api.graphql.context import Info
from api.graphql.ids import NodeType
from api.graphql.lean.fields import reads_context_only
from api.graphql.permissions import check_scopes, query_field
from api.graphql.relay import ConnectionRoot, Node, page_request
from api.graphql.scalars import UnifiedSocialCreditCode
from api.graphql.subjects.types import (
    DistrictEnum,
    EnterpriseConnection,
    EnterpriseType,
    GreenActivityClassEnum,
    HouseholdType,
    MerchantType,
    SizeClassEnum,
    TaxGradeEnum,
)

EnterpriseOrderEnum = strawberry.enum(
    EnterpriseOrder,
    name="EnterpriseOrder",
    description="Orders of the enterprise list: ID (platform registration), NAME, REGISTERED_ON.",
)


@strawberry.input(
    name="EnterpriseFilter", description="Filters of the enterprise list; all must hold."
)
class EnterpriseFilterInput:
    """Every filter is backed by an index."""

    districts: list[DistrictEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Any of these districts."
    )
    industry_prefix: str | None = strawberry.field(
        default=None, description="GB/T 4754 code prefix: a section letter and up to 4 digits."
    )
    size_classes: list[SizeClassEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Any of these size classes."
    )
    tax_grades: list[TaxGradeEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Any of these latest tax grades."
    )
    green_classes: list[GreenActivityClassEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Any of these green activity classes."
    )

    def to_domain(self) -> EnterpriseFilter:
        """The domain filter (validates the industry prefix)."""
        return EnterpriseFilter(
            districts=tuple(self.districts or ()),
            industry_prefix=self.industry_prefix,
            size_classes=tuple(self.size_classes or ()),
            tax_grades=tuple(self.tax_grades or ()),
            green_classes=tuple(self.green_classes or ()),
        )


#: The scope each kind of node needs, declared once (``node(id:)`` applies it).
NODE_SCOPES: dict[NodeType, frozenset[Scope]] = {
    NodeType.ENTERPRISE: frozenset({Scope.ENTERPRISE_READ}),
    NodeType.MERCHANT: frozenset({Scope.MERCHANT_READ}),
    NodeType.HOUSEHOLD: frozenset({Scope.HOUSEHOLD_READ}),
    NodeType.CREDIT_RECORD: frozenset({Scope.CREDIT_RECORD_READ}),
    NodeType.DEPARTMENT: frozenset(),
    NodeType.REPAIR_CASE: frozenset({Scope.CREDIT_REPAIR_DECIDE}),
}


USCC_ARG = "Unified social credit code, 18 characters."


def _listing(spec: EnterpriseFilter, order: EnterpriseOrder) -> str:
    """Cursor namespace of one filter and order: a cursor only continues the list it came from."""
    digest = hashlib.blake2s(repr((spec, order)).encode(), digest_size=8).hexdigest()
    return f"enterprises:{digest}"


@query_field(
    description="Fetch any object by its global ID; null if it does not exist. The scope "
    "needed is that of the object's type (e.g. `enterprise:read` for an Enterprise)."
)
@reads_context_only
async def node(
    root: object,
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="A global ID.")],
) -> Node | None:
    """Any object by its global ID, with the scope its type needs."""
    node_type, object_id = info.context.ids.decode(id)
    check_scopes(info.context.principal, NODE_SCOPES[node_type])
    loaders = info.context.loaders
    if node_type is NodeType.ENTERPRISE:
        return cast(Node | None, await loaders.enterprise.load(object_id))
    if node_type is NodeType.MERCHANT:
        return cast(Node | None, await loaders.merchant.load(object_id))
    if node_type is NodeType.HOUSEHOLD:
        return cast(Node | None, await loaders.household.load(object_id))
    if node_type is NodeType.REPAIR_CASE:
        return cast(Node | None, await info.context.repos.repairs.get(object_id))
    if node_type is NodeType.CREDIT_RECORD:
        return cast(Node | None, await loaders.credit_record.load(object_id))
    return cast(Node | None, await loaders.department.load(object_id))


@query_field(Scope.ENTERPRISE_READ, description="One enterprise by its unified social credit code.")
@reads_context_only
async def enterprise(
    root: object,
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC_ARG)],
) -> EnterpriseType | None:
    """One enterprise by its code."""
    return cast(EnterpriseType | None, await info.context.repos.enterprises.by_uscc(uscc))


@query_field(
    Scope.ENTERPRISE_READ, description="Enterprises matching a filter, paged by keyset cursors."
)
async def enterprises(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100 (required).")],
    after: Annotated[
        str | None,
        strawberry.argument(description="Cursor of the last enterprise already seen."),
    ] = None,
    filter: Annotated[
        EnterpriseFilterInput | None, strawberry.argument(description="Filters; all must hold.")
    ] = None,
    order_by: Annotated[
        EnterpriseOrderEnum,  # type: ignore[valid-type]  # strawberry enum used as a type
        strawberry.argument(description="Sort order."),
    ] = EnterpriseOrder.ID,
) -> EnterpriseConnection:
    """A page of enterprises matching the filter, in the asked order."""
    spec = filter.to_domain() if filter else EnterpriseFilter()
    order = EnterpriseOrder(order_by)
    listing = _listing(spec, order)
    request = page_request(info, listing, first, after)
    page = await info.context.repos.enterprises.page(spec, order, request)
    return cast(EnterpriseConnection, ConnectionRoot(page=page, listing=listing))


@query_field(Scope.MERCHANT_READ, description="One merchant by its unified social credit code.")
@reads_context_only
async def merchant(
    root: object,
    info: Info,
    uscc: Annotated[UnifiedSocialCreditCode, strawberry.argument(description=USCC_ARG)],
) -> MerchantType | None:
    """One merchant by its code."""
    return cast(MerchantType | None, await info.context.repos.merchants.by_uscc(uscc))


@query_field(Scope.HOUSEHOLD_READ, description="One household by its village and household number.")
async def household(
    info: Info,
    village: Annotated[str, strawberry.argument(description="Village name.")],
    household_number: Annotated[str, strawberry.argument(description="Number within the village.")],
) -> HouseholdType | None:
    """One household by village and number."""
    return cast(
        HouseholdType | None,
        await info.context.repos.households.by_number(village, household_number),
    )
