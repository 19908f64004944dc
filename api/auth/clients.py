"""A partner's OAuth client as Authlib's server sees it: secret check and scope rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from authlib.oauth2.rfc6749 import ClientMixin

from api.auth.client_secrets import verify_decoy, verify_secret
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope, UnknownScopeError, parse_scopes
from api.db.repositories.partners import ClientRecord
from api.db.tables.auth import PartnerStatus

#: The client authentication methods of every endpoint (RFC 6749 2.3.1).
AUTH_METHODS = ("client_secret_basic", "client_secret_post")
GRANT_TYPE = "client_credentials"


class ScopeRequestError(ValueError):
    """A token request asks for a scope it may not have; the message says which and why."""


@dataclass(frozen=True, slots=True, repr=False)
class PartnerClient(ClientMixin):  # type: ignore[misc]  # authlib ships no types
    """An active partner's client, checked against its stored secret hashes at ``now``."""

    record: ClientRecord
    partner_type: PartnerType
    scopes: frozenset[Scope]
    now: datetime

    @classmethod
    def from_record(cls, record: ClientRecord, now: datetime) -> PartnerClient | None:
        """The client, or None when its partner is disabled (it then cannot authenticate)."""
        if record.partner_status != PartnerStatus.ACTIVE:
            return None
        partner_type = PartnerType(record.partner_type)
        scopes = parse_scopes(record.scopes) & SCOPES_BY_TYPE[partner_type]
        return cls(record=record, partner_type=partner_type, scopes=scopes, now=now)

    def __repr__(self) -> str:
        return f"<PartnerClient {self.record.client_id}>"

    def get_client_id(self) -> str:
        """The client identifier."""
        return self.record.client_id

    def get_default_redirect_uri(self) -> None:
        """No redirects: the client credentials grant has none."""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """No redirect URI is ever valid."""
        return False

    def check_response_type(self, response_type: str) -> bool:
        """No authorization endpoint, so no response type."""
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        """Only the client credentials grant."""
        return grant_type == GRANT_TYPE

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """client_secret_basic or client_secret_post, at every endpoint."""
        return method in AUTH_METHODS

    def check_client_secret(self, client_secret: str) -> bool:
        """The current secret, or the previous one during its rotation overlap."""
        record = self.record
        if verify_secret(client_secret, record.secret_hash):
            return True
        if (
            record.previous_secret_hash is not None
            and record.previous_secret_expires_at is not None
            and self.now < record.previous_secret_expires_at
        ):
            return verify_secret(client_secret, record.previous_secret_hash)
        # A refusal always costs two hash checks, whether or not a rotation is under way.
        return verify_decoy(client_secret)

    def granted_scopes(self, requested: str | None) -> frozenset[Scope]:
        """The scopes a token gets: all of the client's, or the requested subset of them."""
        if not requested or not requested.strip():
            return self.scopes
        try:
            wanted = parse_scopes(requested)
        except UnknownScopeError:
            raise ScopeRequestError("the request names a scope that does not exist") from None
        outside_type = wanted - SCOPES_BY_TYPE[self.partner_type]
        if outside_type:
            names = " ".join(sorted(outside_type))
            raise ScopeRequestError(f"partner type {self.partner_type} may not hold: {names}")
        outside_client = wanted - self.scopes
        if outside_client:
            raise ScopeRequestError(f"the client does not hold: {' '.join(sorted(outside_client))}")
        return wanted

    def get_allowed_scope(self, scope: str | None) -> str:
        """Authlib's hook: the granted scopes, space-separated."""
        return " ".join(sorted(self.granted_scopes(scope)))


class UnknownClient(ClientMixin):  # type: ignore[misc]  # authlib ships no types
    """A client id that names no active client: refused exactly as a wrong secret is.

    Authlib refuses an unknown client before any secret check, with words of its own ("does
    not exist") and, for ``client_secret_post``, another status. Standing in for the missing
    client, this one spends the same two hash checks a wrong secret costs and then fails the
    same check, so neither the answer nor its time tells whether the client id exists.
    """

    def __init__(self, client_id: str) -> None:
        self._client_id = client_id

    def __repr__(self) -> str:
        return "<UnknownClient>"

    def get_client_id(self) -> str:
        """The client identifier as the request gave it."""
        return self._client_id

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """The methods a real client has, so the secret check is reached."""
        return method in AUTH_METHODS

    def check_client_secret(self, client_secret: str) -> bool:
        """Never: after the two hash checks a wrong secret for a real client costs."""
        verify_decoy(client_secret)
        return verify_decoy(client_secret)
