"""Python client of the credit platform partner API.

``CreditPlatformClient`` runs operations; ``operations`` holds one typed function per operation
the platform publishes; every failure is a ``CreditPlatformError`` (see ``errors``).
"""

from credit_platform_client.client import CreditPlatformClient
from credit_platform_client.errors import (
    AuthenticationError,
    CreditPlatformError,
    ForbiddenError,
    GraphQLError,
    RetryLaterError,
    ServiceUnavailableError,
    ThrottledError,
    TransportError,
)
from credit_platform_client.retries import RetryPolicy

__all__ = [
    "AuthenticationError",
    "CreditPlatformClient",
    "CreditPlatformError",
    "ForbiddenError",
    "GraphQLError",
    "RetryLaterError",
    "RetryPolicy",
    "ServiceUnavailableError",
    "ThrottledError",
    "TransportError",
]
