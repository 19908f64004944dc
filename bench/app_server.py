"""The app as benchmarked: ``api.http.app:create_app_from_env``, with a benchmark signing key.

``/graphql`` wants a bearer access token (an ES256 JWT) whose signing key the OAuth trust store
loads from the database, creating one there on first start. A benchmark must not write to the
city-scale database it measures, and has no partner client there to get a token from. So the
only thing this factory changes is where the trust store gets its keys: one fixed in-memory
key pair (``bench_signing_key``), no deny-list entries, no database access. Every request still
goes through the app's own bearer middleware, JWT validation and scope checks, then GraphQL.
The runner mints one token with the app's own ``TokenIssuer`` (``bench_token``) and sends it
with every request, to both targets.

If the app has no OAuth layer (older revisions), this is exactly ``create_app_from_env``.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette

#: Issuer and token lifetime the benchmark runs with (set in the server's environment too).
BENCH_ISSUER = "http://127.0.0.1"
BENCH_TOKEN_LIFETIME_SECONDS = 86_400
#: A bucket size and restore rate no bench run can exhaust.
UNMETERED = 10**12

BENCH_ENV = {
    "CREDIT_OAUTH_ISSUER": BENCH_ISSUER,
    "CREDIT_OAUTH_TOKEN_LIFETIME_SECONDS": str(BENCH_TOKEN_LIFETIME_SECONDS),
    # The bench measures the app's speed, not a partner's quota: buckets too big to run dry.
    "CREDIT_QUOTA_BUCKET": f"{UNMETERED}/{UNMETERED}",
    "CREDIT_QUOTA_BUCKETS_BY_TYPE": ",".join(
        f"{kind}={UNMETERED}/{UNMETERED}"
        for kind in ("bank", "regulator", "tax_bureau", "credit_office")
    ),
}


def has_oauth() -> bool:
    """Whether this revision of the app protects /graphql with access tokens."""
    import importlib.util

    try:
        return all(importlib.util.find_spec(m) for m in ("api.auth.tokens", "api.auth.trust"))
    except ModuleNotFoundError:
        return False


def bench_signing_key() -> Any:
    """A fixed P-256 key pair (derived from a constant: benchmark use only), as a joserfc ECKey."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from joserfc.jwk import ECKey

    from api.auth.signing_keys import ALGORITHM

    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    secret = int.from_bytes(hashlib.sha256(b"credit-platform benchmark key").digest(), "big")
    private = ec.derive_private_key(secret % (order - 1) + 1, ec.SECP256R1())
    kid = ECKey.import_key(private.public_key()).thumbprint()
    return ECKey.import_key(private, {"kid": kid, "alg": ALGORITHM, "use": "sig"})


def install_bench_trust() -> None:
    """Make every ``TrustStore`` serve the benchmark key instead of loading keys from the DB."""
    from api.auth.tokens import DenyList
    from api.auth.trust import TrustSnapshot, TrustStore

    key = bench_signing_key()
    public = key.as_dict(private=False)

    async def _load(self: TrustStore) -> TrustSnapshot:
        from joserfc.jwk import ECKey

        verifying = ECKey.import_key(dict(public))
        return TrustSnapshot(
            signing_key=key,
            verification_keys={key.kid: verifying},
            jwks=(dict(public),),
            deny=DenyList(),
            loaded_at=time.monotonic(),
        )

    TrustStore._load = _load  # type: ignore[method-assign]  # keys in memory, for the bench only


def bench_token() -> str | None:
    """A bank partner's token with enterprise:read and credit_record:read; None without OAuth."""
    if not has_oauth():
        return None
    from datetime import timedelta

    from api.auth.config import AuthConfig
    from api.auth.scopes import PartnerType, Scope
    from api.auth.tokens import TokenIssuer
    from api.settings import Settings

    defaults = Settings()
    config = AuthConfig(
        issuer=BENCH_ISSUER,
        audience=defaults.oauth_audience,
        token_lifetime=timedelta(seconds=BENCH_TOKEN_LIFETIME_SECONDS),
        secret_overlap=timedelta(seconds=defaults.oauth_secret_overlap_seconds),
        refresh_seconds=defaults.oauth_refresh_seconds,
        leeway=timedelta(seconds=defaults.oauth_clock_leeway_seconds),
    )
    token, _claims = TokenIssuer(config).issue(
        bench_signing_key(),
        client_id="bench-client",
        partner_id=1,
        partner_type=PartnerType.BANK,
        scopes=frozenset({Scope.ENTERPRISE_READ, Scope.CREDIT_RECORD_READ}),
        now=datetime.now(UTC),
    )
    return str(token)


def create_app_from_env() -> Starlette:
    """uvicorn factory: the app from the environment, trusting the benchmark key."""
    from api.http.app import create_app_from_env as create

    if has_oauth():
        install_bench_trust()
    return create()
