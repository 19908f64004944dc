"""Access tokens as JWTs (RFC 9068): issuing them, and validating them with no database read.

Validation refuses, in this order: anything that is not a compact JWS of base64url parts;
header members other than ``alg``, ``typ`` and ``kid``; an algorithm outside the allow-list
(so no ``none`` and no HS/RS confusion); a ``typ`` other than ``at+jwt``; an unknown ``kid``;
a bad signature; then the claims (``iss``, ``aud``, ``exp``, ``iat``/``nbf`` with a small
leeway, the partner claims) and finally the deny-list. Error messages never quote the token.

A token that passed all of it is remembered (``TokenCache``: bounded, keyed by the SHA-256 of
the token, never a refusal), so its next use skips the parsing and the ES256 verification, and
only what can change between two uses is checked again, as a fresh validation would check it:
``exp``, ``iat``/``nbf`` against the clock with the same leeway, then the deny-list. A cached
token only counts while the very key object that verified it is still in the keys passed in
under its ``kid``, and the cache is dropped whenever another key mapping is passed (the trust
store builds a new one on every reload): a key that stops verifying takes its tokens with it.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from joserfc.jwk import ECKey

from api.auth.config import AuthConfig
from api.auth.principal import Principal
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope, format_scopes
from api.auth.signing_keys import ALGORITHM

ACCESS_TOKEN_TYPE = "at+jwt"  # noqa: S105 (a media type, not a password)
ALLOWED_ALGORITHMS = (ALGORITHM,)
MAX_TOKEN_CHARS = 4096
#: Validated tokens remembered per validator.
TOKEN_CACHE_SIZE = 10_000
_ACCEPTED_TYPES = ("at+jwt", "application/at+jwt")
_HEADER_MEMBERS = frozenset({"alg", "typ", "kid"})
_SCOPE_NAMES = frozenset(scope.value for scope in Scope)
_PARTNER_TYPE_NAMES = frozenset(partner_type.value for partner_type in PartnerType)
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


class InvalidTokenError(Exception):
    """A bearer token to refuse; the message says why and is safe to show to the caller."""


@dataclass(frozen=True, slots=True)
class AccessToken:
    """The checked claims of one access token."""

    token_id: str
    client_id: str
    partner_id: int
    partner_type: PartnerType
    scopes: frozenset[Scope]
    issued_at: int
    expires_at: int
    issuer: str
    audience: str

    def principal(self) -> Principal:
        """The principal this token stands for."""
        return Principal(
            partner_id=self.partner_id,
            partner_type=self.partner_type,
            client_id=self.client_id,
            scopes=self.scopes,
            token_id=self.token_id,
            expires_at=datetime.fromtimestamp(self.expires_at, UTC),
        )

    def introspection(self) -> dict[str, Any]:
        """The RFC 7662 introspection members of an active token."""
        return {
            "active": True,
            "token_type": "Bearer",
            "scope": format_scopes(self.scopes),
            "client_id": self.client_id,
            "sub": self.client_id,
            "aud": self.audience,
            "iss": self.issuer,
            "jti": self.token_id,
            "iat": self.issued_at,
            "exp": self.expires_at,
            "partner_id": self.partner_id,
            "partner_type": self.partner_type.value,
        }


@dataclass(frozen=True, slots=True)
class DenyList:
    """Revoked tokens, disabled partners, and per client the earliest issue time still accepted."""

    revoked_token_ids: frozenset[str] = frozenset()
    disabled_partner_ids: frozenset[int] = frozenset()
    clients_not_before: Mapping[str, datetime] = field(default_factory=dict)

    def refusal(self, token: AccessToken) -> str | None:
        """Why the deny-list refuses ``token``, or None."""
        if token.token_id in self.revoked_token_ids:
            return "the access token was revoked"
        if token.partner_id in self.disabled_partner_ids:
            return "the partner is disabled"
        not_before = self.clients_not_before.get(token.client_id)
        if not_before is not None and token.issued_at < not_before.timestamp():
            return "the client's tokens issued before its last secret reset were revoked"
        return None


class TokenIssuer:
    """Signs access tokens for authenticated clients."""

    def __init__(self, config: AuthConfig) -> None:
        self._config = config

    def issue(
        self,
        key: ECKey,
        *,
        client_id: str,
        partner_id: int,
        partner_type: PartnerType,
        scopes: frozenset[Scope],
        now: datetime,
    ) -> tuple[str, AccessToken]:
        """A signed JWT access token, and its claims."""
        issued_at = int(now.timestamp())
        token = AccessToken(
            token_id=secrets.token_urlsafe(18),
            client_id=client_id,
            partner_id=partner_id,
            partner_type=partner_type,
            scopes=scopes,
            issued_at=issued_at,
            expires_at=issued_at + int(self._config.token_lifetime.total_seconds()),
            issuer=self._config.issuer,
            audience=self._config.audience,
        )
        claims = {
            "iss": token.issuer,
            "aud": token.audience,
            "sub": client_id,
            "client_id": client_id,
            "scope": format_scopes(scopes),
            "jti": token.token_id,
            "iat": token.issued_at,
            "exp": token.expires_at,
            "partner_type": partner_type.value,
            "partner_id": partner_id,
        }
        header = {"typ": ACCESS_TOKEN_TYPE, "alg": ALGORITHM, "kid": key.kid}
        return jwt.encode(header, claims, key, algorithms=ALLOWED_ALGORITHMS), token


def _no_valid(claim: str) -> str:
    """The refusal for a claim that is missing or not of its type."""
    return f"the access token has no valid {claim!r} claim"


#: What a refused registered claim means, for the claims whose refusal says more than "invalid".
_CLAIM_REFUSALS = {
    "iss": "the access token comes from another issuer",
    "aud": "the access token is meant for another audience",
    "iat": "the access token is not valid yet",
    "nbf": "the access token is not valid yet",
}


def _number(claims: Mapping[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidTokenError(f"the access token has no valid {name!r} claim")
    return float(value)


def _text(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value or len(value) > 64:
        raise InvalidTokenError(f"the access token has no valid {name!r} claim")
    return value


@dataclass(frozen=True, slots=True)
class _Verified:
    """A token that passed validation: its claims, the key that verified it, its time claims."""

    access: AccessToken
    kid: str
    key: ECKey
    expires_at: float
    issued_at: float
    not_before: float | None


class TokenCache:
    """Validated tokens by the SHA-256 of the token, least recently used dropped first.

    Only valid for one key mapping: ``get`` and ``put`` drop everything when given another
    one. Thread-safe (the authorization server validates in worker threads).
    """

    def __init__(self, size: int = TOKEN_CACHE_SIZE) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[bytes, _Verified] = OrderedDict()
        self._keys: Mapping[str, ECKey] | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every token."""
        with self._lock:
            self._entries.clear()
            self._keys = None

    def get(self, digest: bytes, keys: Mapping[str, ECKey]) -> _Verified | None:
        """The entry of ``digest`` if its key still verifies under ``keys``."""
        with self._lock:
            if keys is not self._keys:
                self._entries.clear()
                self._keys = keys
                return None
            entry = self._entries.get(digest)
            if entry is None:
                return None
            if keys.get(entry.kid) is not entry.key:
                del self._entries[digest]
                return None
            self._entries.move_to_end(digest)
            return entry

    def put(self, digest: bytes, keys: Mapping[str, ECKey], entry: _Verified) -> None:
        """Remember a token that passed validation with ``keys``."""
        if self.size <= 0:
            return
        with self._lock:
            if keys is not self._keys:
                self._entries.clear()
                self._keys = keys
            self._entries[digest] = entry
            self._entries.move_to_end(digest)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


class TokenValidator:
    """Checks access tokens against the in-memory keys and deny-list (no database read)."""

    def __init__(self, config: AuthConfig, *, cache_size: int = TOKEN_CACHE_SIZE) -> None:
        self._config = config
        self.cache = TokenCache(cache_size)

    def validate(
        self, token: str, keys: Mapping[str, ECKey], deny: DenyList, now: datetime
    ) -> AccessToken:
        """The token's claims if it is valid at ``now``; InvalidTokenError otherwise."""
        if len(token) > MAX_TOKEN_CHARS or not _COMPACT_JWS.fullmatch(token):
            raise InvalidTokenError("the access token is not a signed JWT")
        digest = hashlib.sha256(token.encode("ascii")).digest()
        timestamp = now.timestamp()
        entry = self.cache.get(digest, keys)
        if entry is not None:
            # What a fresh validation checks that can change from one use to the next.
            self._check_times(entry.expires_at, entry.issued_at, entry.not_before, timestamp)
            access = entry.access
        else:
            kid, key, claims = self._verified_claims(token, keys)
            access = self._checked(claims, timestamp)
            entry = _Verified(
                access=access,
                kid=kid,
                key=key,
                expires_at=_number(claims, "exp"),
                issued_at=_number(claims, "iat"),
                not_before=_number(claims, "nbf") if "nbf" in claims else None,
            )
        refusal = deny.refusal(access)
        if refusal is not None:
            raise InvalidTokenError(refusal)
        self.cache.put(digest, keys, entry)
        return access

    def _check_times(
        self, expires_at: float, issued_at: float, not_before: float | None, now: float
    ) -> None:
        leeway = self._config.leeway.total_seconds()
        if now >= expires_at:
            raise InvalidTokenError("the access token expired")
        if issued_at > now + leeway or (not_before is not None and not_before > now + leeway):
            raise InvalidTokenError("the access token is not valid yet")

    def _verified_claims(
        self, token: str, keys: Mapping[str, ECKey]
    ) -> tuple[str, ECKey, dict[str, Any]]:
        """The ``kid``, the key that verified the signature, and the claims."""
        try:
            compact = jws.extract_compact(token.encode("ascii"))
        except (JoseError, ValueError, TypeError, RecursionError):
            raise InvalidTokenError("the access token is not a signed JWT") from None
        header = compact.headers()
        if not set(header) <= _HEADER_MEMBERS:
            raise InvalidTokenError("the access token header has unexpected members")
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in ALLOWED_ALGORITHMS:
            raise InvalidTokenError("the access token's signing algorithm is not accepted")
        token_type = header.get("typ")
        if not isinstance(token_type, str) or token_type.lower() not in _ACCEPTED_TYPES:
            raise InvalidTokenError("the token is not an access token (typ must be at+jwt)")
        kid = header.get("kid")
        key = keys.get(kid) if isinstance(kid, str) else None
        if key is None or not isinstance(kid, str):
            raise InvalidTokenError("the access token was signed by an unknown key")
        try:
            verified = jws.validate_compact(compact, key, algorithms=[algorithm])
        except JoseError:
            verified = False
        if not verified:
            raise InvalidTokenError("the access token signature is invalid")
        try:
            claims = json.loads(compact.payload)
        except (ValueError, RecursionError):
            claims = None
        if not isinstance(claims, dict):
            raise InvalidTokenError("the access token has no claims")
        return kid, key, claims

    def _registered_claims(self, claims: Mapping[str, Any], now: float) -> None:
        """The registered claims (RFC 7519 4.1) through joserfc's claims registry.

        ``iss`` and ``aud`` must be ours; ``sub``, ``jti``, ``exp`` and ``iat`` present and
        well typed; ``iat``/``nbf`` not in the future beyond the leeway. Expiry is then checked
        exactly (``_check_times``): the platform is its own issuer, so no leeway is due there.
        """
        config = self._config
        registry = jwt.JWTClaimsRegistry(
            now=int(now),
            leeway=int(config.leeway.total_seconds()),
            iss={"essential": True, "value": config.issuer},
            aud={"essential": True, "value": config.audience},
            sub={"essential": True},
            jti={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
        )
        try:
            registry.validate(dict(claims))
        except ExpiredTokenError:
            raise InvalidTokenError("the access token expired") from None
        except ClaimError as error:
            raise InvalidTokenError(
                _CLAIM_REFUSALS.get(error.claim, _no_valid(error.claim))
            ) from None

    def _checked(self, claims: Mapping[str, Any], now: float) -> AccessToken:
        config = self._config
        self._registered_claims(claims, now)
        expires_at = _number(claims, "exp")
        issued_at = _number(claims, "iat")
        not_before = _number(claims, "nbf") if "nbf" in claims else None
        self._check_times(expires_at, issued_at, not_before, now)
        partner_id = claims.get("partner_id")
        if isinstance(partner_id, bool) or not isinstance(partner_id, int):
            raise InvalidTokenError("the access token has no valid 'partner_id' claim")
        partner_type_name = claims.get("partner_type")
        if not isinstance(partner_type_name, str) or partner_type_name not in _PARTNER_TYPE_NAMES:
            raise InvalidTokenError("the access token has no valid 'partner_type' claim")
        partner_type = PartnerType(partner_type_name)
        scope = claims.get("scope")
        if not isinstance(scope, str):
            raise InvalidTokenError("the access token has no valid 'scope' claim")
        known = frozenset(Scope(name) for name in scope.split() if name in _SCOPE_NAMES)
        _text(claims, "sub")
        return AccessToken(
            token_id=_text(claims, "jti"),
            client_id=_text(claims, "client_id"),
            partner_id=partner_id,
            partner_type=partner_type,
            scopes=known & SCOPES_BY_TYPE[partner_type],
            issued_at=int(issued_at),
            expires_at=int(expires_at),
            issuer=config.issuer,
            audience=config.audience,
        )
