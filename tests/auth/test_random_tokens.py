"""Property: whatever arrives as a bearer token, the answer is 200 or 401/400, never a 500."""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.auth.config import AuthConfig
from api.auth.signing_keys import new_signing_key, public_key
from api.auth.tokens import DenyList, InvalidTokenError, TokenValidator
from api.settings import Settings

REFUSED = {400, 401}
_through_the_app = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
_NOW = datetime.now(UTC)
_KEY = new_signing_key(os.urandom(32), now=_NOW, activates_at=_NOW)


def _segment(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "alg": st.sampled_from(["ES256", "none", "HS256", "RS256", "EdDSA"]) | json_values,
        "typ": st.sampled_from(["at+jwt", "JWT", "application/at+jwt"]) | json_values,
        "kid": st.sampled_from([_KEY.kid, "other"]) | json_values,
        "crit": json_values,
        "b64": json_values,
    },
)
claims = st.dictionaries(
    st.sampled_from(["iss", "aud", "exp", "iat", "nbf", "scope", "jti", "partner_id"]), json_values
)
jwt_shaped = st.builds(
    lambda header, body, signature: ".".join(
        [
            _segment(json.dumps(header).encode()),
            _segment(json.dumps(body).encode()),
            _segment(signature),
        ]
    ),
    headers,
    claims,
    st.binary(max_size=80),
)


@_through_the_app
@given(raw=st.binary(min_size=1, max_size=300))
async def test_random_bytes_never_cause_a_server_error(
    client: httpx.AsyncClient, raw: bytes
) -> None:
    raw = raw.replace(b"\r", b"").replace(b"\n", b"").replace(b"\x00", b"")
    response = await client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers=[(b"authorization", b"Bearer " + raw)],
    )
    assert response.status_code in REFUSED


@_through_the_app
@given(token=st.text(max_size=300) | jwt_shaped)
async def test_random_tokens_are_refused(client: httpx.AsyncClient, token: str) -> None:
    value = ("Bearer " + token).encode("utf-8", "replace")
    value = value.replace(b"\r", b"").replace(b"\n", b"").replace(b"\x00", b"")
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers=[(b"authorization", value)]
    )
    assert response.status_code in REFUSED


@settings(max_examples=500, deadline=None)
@given(token=st.text(max_size=400) | jwt_shaped)
def test_the_validator_only_raises_invalid_token(token: str) -> None:
    validator = TokenValidator(AuthConfig.from_settings(Settings()))
    keys = {_KEY.kid: public_key(_KEY)}
    try:
        validator.validate(token, keys, DenyList(), datetime.now(UTC))
    except InvalidTokenError:
        return
    raise AssertionError("accepted a random token")
