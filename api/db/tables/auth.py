"""The tables of partner access: partners, their OAuth clients, signing keys, revoked tokens.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). The partner
types live in ``api.auth.scopes``, which this layer may not import, so their CHECK list is
spelled here and a test keeps the two equal.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, LargeBinary, Text
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import UTCDateTime

#: The values of ``api.auth.scopes.PartnerType`` (a test checks that they agree).
PARTNER_TYPE_VALUES = (
    "bank",
    "hospital",
    "mobility_operator",
    "commerce_district",
    "village_committee",
    "tax_bureau",
    "regulator",
    "credit_office",
    "citizen_app",
)


class PartnerStatus(StrEnum):
    """Whether a partner's clients may get and use tokens."""

    ACTIVE = "active"
    DISABLED = "disabled"


class SigningAlgorithm(StrEnum):
    """The JWS algorithms access tokens may be signed with."""

    ES256 = "ES256"


class PartnerRow(SQLModel, table=True):
    """An organisation that uses the platform, of one partner type."""

    __tablename__ = "partners"
    __table_args__ = (
        CheckConstraint(
            "type IN (" + ", ".join(f"'{value}'" for value in PARTNER_TYPE_VALUES) + ")",
            name="type",
        ),
        one_of("status", PartnerStatus),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    type: str = Field(max_length=32)
    status: str = Field(max_length=16)
    contact: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OAuthClientRow(SQLModel, table=True):
    """A partner's OAuth client: its secret only as a hash, and the scopes it holds."""

    __tablename__ = "oauth_clients"

    client_id: str = Field(max_length=64, primary_key=True)
    partner_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    secret_hash: str = Field(max_length=200)
    previous_secret_hash: str | None = Field(default=None, max_length=200)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    scopes: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    tokens_not_before: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SigningKeyRow(SQLModel, table=True):
    """A token signing key pair; the private half only AES-GCM encrypted."""

    __tablename__ = "signing_keys"
    __table_args__ = (one_of("algorithm", SigningAlgorithm),)

    kid: str = Field(max_length=64, primary_key=True)
    algorithm: str = Field(max_length=16)
    public_jwk: str = Field(sa_column=Column(Text, nullable=False))
    private_key_encrypted: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
    activates_at: datetime = Field(sa_type=UTCDateTime)


class RevokedTokenRow(SQLModel, table=True):
    """An access token revoked before it expired (kept until it expires)."""

    __tablename__ = "revoked_tokens"

    jti: str = Field(max_length=64, primary_key=True)
    client_id: str = Field(max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
    revoked_at: datetime = Field(sa_type=UTCDateTime)


__all__ = [
    "PARTNER_TYPE_VALUES",
    "OAuthClientRow",
    "PartnerRow",
    "PartnerStatus",
    "RevokedTokenRow",
    "SigningAlgorithm",
    "SigningKeyRow",
]
