"""Settings from the environment (pydantic-settings); a SQLite file by default."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.crypto import MAX_DATA_KEY_VERSION, Keys


def default_data_dir() -> Path:
    """The per-user data folder: ``$XDG_DATA_HOME/credit-platform``, else ``~/.local/share/...``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "credit-platform"


class Settings(BaseSettings):
    """Everything the platform reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="CREDIT_", extra="ignore")

    database_url: str = Field(
        default="",
        validation_alias=AliasChoices("DATABASE_URL", "CREDIT_DATABASE_URL"),
        description="SQLAlchemy async URL; empty means a SQLite file in data_dir.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the embedded default keeps its files (made absolute when read).",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Master key (hex, 32 bytes or more); derived keys protect IDs and identifiers.",
    )
    data_key_version: int = Field(
        default=1,
        ge=1,
        le=MAX_DATA_KEY_VERSION,
        description="Data-key version new resident-ID ciphertexts use (raise it to rotate).",
    )
    data_key_oldest: int = Field(
        default=1,
        ge=1,
        le=MAX_DATA_KEY_VERSION,
        description="Oldest data-key version still read; raise it to retire older keys.",
    )
    pool_size: int = Field(default=10, ge=1, le=200)
    pool_max_overflow: int = Field(default=10, ge=0, le=200)
    graceful_shutdown_seconds: int = Field(
        default=30,
        ge=1,
        le=3600,
        description="On SIGTERM, how long `serve` lets requests in flight finish before it "
        "closes their connections (new connections are refused at once).",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = "INFO"
    log_json: bool = True
    graphiql: bool = True
    max_query_depth: int = Field(default=10, ge=2, le=50)
    max_query_tokens: int = Field(default=2000, ge=100, le=100_000)
    max_request_bytes: int = Field(default=64 * 1024, ge=1024)
    trusted_only_types: str = Field(
        default="hospital,mobility_operator,commerce_district,village_committee,citizen_app",
        description="Comma-separated partner types that may run only their trusted documents.",
    )
    max_query_cost: int = Field(
        default=1000, ge=1, description="The most an operation may cost; dearer ones are refused."
    )
    quota_bucket: str = Field(
        default="1000/50",
        description="Each partner's bucket of cost points as size/restore-per-second.",
    )
    quota_buckets_by_type: str = Field(
        default="bank=2000/100,regulator=2000/100,tax_bureau=2000/100,credit_office=4000/200",
        description="Per partner type buckets, type=size/rate comma-separated (else the default).",
    )
    quota_key_prefix: str = Field(
        default="credit:query-cost",
        min_length=1,
        description="Prefix of the buckets' Redis keys (one per deployment).",
    )
    oauth_issuer: str = Field(
        default="",
        description="Issuer identifier (https, or http on loopback); empty means http://host:port.",
    )
    oauth_audience: str = Field(
        default="urn:credit-platform:partner-api",
        description="This API's identifier: the `aud` of every access token.",
    )
    oauth_token_lifetime_seconds: int = Field(default=900, ge=1, le=86_400)
    oauth_secret_overlap_seconds: int = Field(
        default=86_400, ge=0, description="How long a rotated-out client secret stays valid."
    )
    oauth_refresh_seconds: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description="Longest age of the in-memory signing keys and deny-list before a reload.",
    )
    oauth_clock_leeway_seconds: int = Field(default=10, ge=0, le=300)
    oauth_max_failures_per_client: int = Field(
        default=10,
        ge=1,
        le=10_000,
        description="Failed client authentications per client id per window before 429.",
    )
    oauth_max_failures_per_address: int = Field(
        default=30,
        ge=1,
        le=100_000,
        description="Failed client authentications per source address per window before 429.",
    )
    oauth_failure_window_seconds: int = Field(
        default=900, ge=1, le=86_400, description="The moving window those failures count in."
    )
    oauth_throttle_key_prefix: str = Field(
        default="credit:oauth-auth-failures",
        min_length=1,
        description="Prefix of the failure counters' Redis keys (one per deployment).",
    )
    redis_url: str = Field(
        default="",
        validation_alias=AliasChoices("REDIS_URL", "CREDIT_REDIS_URL"),
        description="redis:// URL of the counters every worker shares; empty keeps them in memory.",
    )
    rate_limit_store_timeout_seconds: float = Field(
        default=1.0,
        gt=0,
        le=30,
        description="How long a Redis command of the rate limiters may take before it fails.",
    )
    rate_limit_store_retry_seconds: float = Field(
        default=2.0,
        gt=0,
        le=300,
        description="After Redis failed, how long the limiters decide without it before retrying.",
    )
    quota_override_refresh_seconds: float = Field(
        default=5.0,
        ge=0,
        le=3600,
        description="How old each worker's copy of the quota overrides may be (0: every request).",
    )
    usage_flush_seconds: float = Field(
        default=5.0,
        gt=0,
        le=3600,
        description="How often each worker adds the usage it counted to the database.",
    )
    cors_origins: str = Field(
        default="",
        description="Comma-separated exact origins allowed cross-origin; empty allows none.",
    )
    public_introspection: bool = Field(
        default=False,
        description="Let callers without a token introspect the schema (the demo's GraphiQL).",
    )
    audit_seal_horizon_seconds: int = Field(
        default=60,
        ge=1,
        le=86_400,
        description="Audit rows are chained once this old: longer than any audited transaction.",
    )
    bulk_export_dir: Path | None = Field(
        default=None,
        description="Where bulk operations write their JSON Lines files; unset: data_dir/exports.",
    )
    bulk_link_seconds: int = Field(
        default=3600,
        ge=60,
        le=7 * 86_400,
        description="How long a completed bulk operation's signed download link works.",
    )
    bulk_page_size: int = Field(
        default=100, ge=1, le=100, description="Rows the bulk worker asks per page of a connection."
    )
    bulk_lease_seconds: int = Field(
        default=120,
        ge=5,
        le=3600,
        description="A running bulk operation's lease; a worker silent this long is replaced.",
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer secret GET /metrics requires; unset means loopback clients only.",
    )
    otel_exporter_otlp_endpoint: str = Field(
        default="",
        validation_alias=AliasChoices("OTEL_EXPORTER_OTLP_ENDPOINT"),
        description="OTLP/HTTP collector base URL; set, traces are exported there, else none.",
    )

    @field_validator("data_dir")
    @classmethod
    def absolute_data_dir(cls, value: Path) -> Path:
        """The data folder is resolved once, so no command depends on where it is run from."""
        return value.expanduser().resolve()

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file of the embedded default, or None when another database is set."""
        url = self.resolved_database_url
        prefix = "sqlite+aiosqlite:///"
        if not url.startswith(prefix):
            return None
        return Path(url.removeprefix(prefix).split("?", 1)[0])

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'credit-platform.db').as_posix()}"

    @property
    def resolved_bulk_export_dir(self) -> Path:
        """Where bulk operation files are written (``data_dir/exports`` unless set)."""
        return (self.bulk_export_dir or self.data_dir / "exports").expanduser().resolve()

    @property
    def resolved_oauth_issuer(self) -> str:
        """The OAuth issuer identifier, defaulting to this server's own address."""
        return self.oauth_issuer or f"http://{self.host}:{self.port}"

    @property
    def is_sqlite(self) -> bool:
        """Whether the configured database is the embedded SQLite file."""
        return self.resolved_database_url.startswith("sqlite")

    def keys(self) -> Keys:
        """The derived keys, with the data-key versions this process reads and writes."""
        return Keys.from_master(
            self.master_key(),
            data_key_version=self.data_key_version,
            data_key_oldest=self.data_key_oldest,
        )

    def master_key(self) -> bytes:
        """The master key: from settings, else from ``data_dir/secret.key`` (made on first use)."""
        if self.secret_key is not None:
            return bytes.fromhex(self.secret_key.get_secret_value())
        path = self.data_dir / "secret.key"
        if path.exists():
            return bytes.fromhex(path.read_text().strip())
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key + "\n")
        return bytes.fromhex(key)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
