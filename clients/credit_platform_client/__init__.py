"""Python client of the credit platform partner API."""

from credit_platform_client.client import CreditPlatformClient, CreditPlatformError

__all__ = ["CreditPlatformClient", "CreditPlatformError"]
