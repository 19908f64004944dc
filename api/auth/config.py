"""The authorization server's settings, read once from ``Settings`` and checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from authlib.common.security import is_secure_transport

from api.settings import Settings


@dataclass(frozen=True, slots=True)
class AuthConfig:
    """Issuer, audience, lifetimes and refresh interval of the OAuth side."""

    issuer: str
    audience: str
    token_lifetime: timedelta
    secret_overlap: timedelta
    refresh_seconds: float
    leeway: timedelta

    def __post_init__(self) -> None:
        if not is_secure_transport(self.issuer) or "?" in self.issuer or "#" in self.issuer:
            raise ValueError(
                f"the OAuth issuer {self.issuer!r} must be an https URL (http only on loopback)"
                " without query or fragment"
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthConfig:
        """The OAuth configuration in ``settings``."""
        return cls(
            issuer=settings.resolved_oauth_issuer.rstrip("/"),
            audience=settings.oauth_audience,
            token_lifetime=timedelta(seconds=settings.oauth_token_lifetime_seconds),
            secret_overlap=timedelta(seconds=settings.oauth_secret_overlap_seconds),
            refresh_seconds=settings.oauth_refresh_seconds,
            leeway=timedelta(seconds=settings.oauth_clock_leeway_seconds),
        )

    @property
    def key_retention(self) -> timedelta:
        """How long a superseded signing key still verifies: its last token's lifetime."""
        return self.token_lifetime + self.leeway

    @property
    def key_activation_delay(self) -> timedelta:
        """How long a new key is published before it signs: every process has loaded it by then."""
        return timedelta(seconds=2 * self.refresh_seconds)

    def url(self, path: str) -> str:
        """An absolute URL of this server."""
        return f"{self.issuer}{path}"
