"""The IP pledge mutations, merged into the mutation root."""

from __future__ import annotations

import strawberry

from api.graphql.ippledge.mutations import register


@strawberry.type(description="Banks' intellectual-property pledges.")
class IpPledgeMutation:
    """A bank registers a pledge and its loan."""

    register_ip_pledge = register.register_ip_pledge
