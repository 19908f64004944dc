"""Webhook settings (environment, prefix ``CREDIT_WEBHOOK_``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebhookSettings(BaseSettings):
    """How webhooks are registered and delivered."""

    model_config = SettingsConfigDict(env_prefix="CREDIT_WEBHOOK_", extra="ignore")

    allow_loopback_http: bool = Field(
        default=False,
        description="Accept http:// URLs on 127.0.0.1/localhost and loopback destinations "
        "(tests, local receivers); every other URL must be https to a public address.",
    )
    timeout_seconds: float = Field(default=10.0, gt=0, le=60, description="Per POST.")
    batch_size: int = Field(default=50, ge=1, le=1000, description="Events claimed per round.")
    lease_seconds: int = Field(
        default=120, ge=10, le=3600, description="How long a claimed event stays claimed."
    )
    poll_seconds: float = Field(default=2.0, gt=0, le=300, description="Worker idle sleep.")


@lru_cache(maxsize=1)
def get_webhook_settings() -> WebhookSettings:
    """The process-wide webhook settings, read once."""
    return WebhookSettings()
