"""Commerce-district merchants in the schema: indicator categories, observations, the
four-colour assessment, district statistics and the printable scan-to-check code."""

from api.graphql.merchants.mutation import MerchantMutation
from api.graphql.merchants.query import MerchantQuery

__all__ = ["MerchantMutation", "MerchantQuery"]
