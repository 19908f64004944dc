"""Schemathesis over the OAuth endpoints, from schema/oauth.openapi.yaml: never a 5xx.

Each generated request goes out without credentials, with a real client's, or with a wrong
secret; a token field is now and then a real token of that client, so introspection and
revocation reach their real paths too.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok

from api.auth.scopes import PartnerType
from api.auth.well_known import (
    INTROSPECTION_PATH,
    JWKS_PATH,
    METADATA_PATH,
    REVOCATION_PATH,
    TOKEN_PATH,
)
from tests.fuzz.conftest import FuzzServer

pytestmark = pytest.mark.e2e
LOG = logging.getLogger(__name__)
OPENAPI = Path(__file__).parents[2] / "schema" / "oauth.openapi.yaml"
EXAMPLES = 60


def operations() -> list[Any]:
    """The operations of the OAuth description."""
    found = []
    for result in schemathesis.openapi.from_path(str(OPENAPI)).get_all_operations():
        assert isinstance(result, Ok), result.err()
        found.append(result.ok())
    return found


def test_the_description_names_exactly_the_oauth_routes() -> None:
    assert {operation.path for operation in operations()} == {
        TOKEN_PATH,
        INTROSPECTION_PATH,
        REVOCATION_PATH,
        JWKS_PATH,
        METADATA_PATH,
    }


def test_oauth_endpoints_never_answer_5xx(fuzz_server: FuzzServer) -> None:
    client_id, secret = fuzz_server.clients[PartnerType.REGULATOR]
    session = requests.Session()
    failures: dict[str, str] = {}
    for operation in operations():
        fuzz_operation(fuzz_server.base, operation, (client_id, secret), session, failures)
    assert failures == {}, "\n".join(f"{label}: {why}" for label, why in failures.items())


def fuzz_operation(
    base: str,
    operation: Any,
    credentials: tuple[str, str],
    session: requests.Session,
    failures: dict[str, str],
) -> None:
    """Send generated requests to one endpoint as nobody, the client, or an impostor."""
    client_id, secret = credentials

    positive = operation.as_strategy()

    @given(
        case=st.one_of(
            positive,
            positive,
            positive,
            operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
        ),
        who=st.sampled_from(["nobody", "basic", "post", "impostor"]),
        real_token=st.booleans(),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, who: str, real_token: bool) -> None:
        auth = None
        if isinstance(case.body, dict):
            if real_token and "token" in case.body:
                case.body["token"] = _token(base, client_id, secret)
            if who in ("basic", "impostor"):  # one authentication method at a time
                case.body.pop("client_id", None)
                case.body.pop("client_secret", None)
                auth = (client_id, secret if who == "basic" else secret + "x")
            elif who == "post":
                case.body |= {"client_id": client_id, "client_secret": secret}
        response = case.call(base_url=base, session=session, auth=auth, timeout=30)
        LOG.debug("%s %s %s", operation.label, response.status_code, response.text[:120])
        if response.status_code >= 500:
            failures.setdefault(
                operation.label,
                f"HTTP {response.status_code}: {response.text[:300]}\n  sent: {case.body!r}",
            )

    run()


def _token(base: str, client_id: str, secret: str) -> str:
    answer = httpx.post(
        f"{base}{TOKEN_PATH}",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token
