"""The validated-token cache: a hit answers exactly what a fresh validation would."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from joserfc import jws
from joserfc.jwk import ECKey

from api.auth.config import AuthConfig
from api.auth.scopes import PartnerType, Scope
from api.auth.signing_keys import new_signing_key, open_private_key, public_key
from api.auth.tokens import AccessToken, DenyList, InvalidTokenError, TokenIssuer, TokenValidator
from api.settings import Settings

_CIPHER = os.urandom(32)
_NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
_CONFIG = AuthConfig.from_settings(Settings())
_RECORD = new_signing_key(_CIPHER, now=_NOW, activates_at=_NOW)
_OTHER = new_signing_key(_CIPHER, now=_NOW, activates_at=_NOW)


def _issue(now: datetime = _NOW) -> tuple[str, AccessToken]:
    return TokenIssuer(_CONFIG).issue(
        open_private_key(_CIPHER, _RECORD),
        client_id="bank-client",
        partner_id=7,
        partner_type=PartnerType.BANK,
        scopes=frozenset({Scope.ENTERPRISE_READ, Scope.CREDIT_RECORD_READ}),
        now=now,
    )


def _keys() -> dict[str, ECKey]:
    return {_RECORD.kid: public_key(_RECORD)}


def _outcome(
    validator: TokenValidator,
    token: str,
    keys: Mapping[str, ECKey],
    deny: DenyList,
    now: datetime,
) -> AccessToken | str:
    try:
        return validator.validate(token, keys, deny, now)
    except InvalidTokenError as error:
        return f"refused: {error}"


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many signatures were verified."""
    calls: list[int] = []
    original = jws.validate_compact

    def counting(*args: Any, **kwargs: Any) -> bool:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(jws, "validate_compact", counting)
    return calls


def test_a_hit_returns_the_same_token_and_principal_without_verifying(
    verifications: list[int],
) -> None:
    token, issued = _issue()
    validator = TokenValidator(_CONFIG)
    keys = _keys()
    first = validator.validate(token, keys, DenyList(), _NOW)
    second = validator.validate(token, keys, DenyList(), _NOW + timedelta(seconds=5))
    assert first == second == issued
    assert second.principal() == first.principal()
    assert (
        second.principal()
        == TokenValidator(_CONFIG).validate(token, keys, DenyList(), _NOW).principal()
    )
    assert len(verifications) == 2  # the first use, and the fresh validator's
    assert len(validator.cache) == 1


def _deny_lists(access: AccessToken) -> list[DenyList]:
    return [
        DenyList(revoked_token_ids=frozenset({access.token_id})),
        DenyList(disabled_partner_ids=frozenset({access.partner_id})),
        DenyList(
            clients_not_before={access.client_id: datetime.fromtimestamp(access.issued_at + 1, UTC)}
        ),
    ]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["revoked", "disabled", "secret-reset"])
def test_a_cached_token_is_refused_once_the_deny_list_refuses_it(which: int) -> None:
    token, issued = _issue()
    validator = TokenValidator(_CONFIG)
    keys = _keys()
    validator.validate(token, keys, DenyList(), _NOW)
    deny = _deny_lists(issued)[which]
    cached = _outcome(validator, token, keys, deny, _NOW)
    assert isinstance(cached, str)
    assert cached == _outcome(TokenValidator(_CONFIG), token, keys, deny, _NOW)


def test_a_cached_token_expires_as_a_fresh_one_does() -> None:
    token, issued = _issue()
    validator = TokenValidator(_CONFIG)
    keys = _keys()
    validator.validate(token, keys, DenyList(), _NOW)
    for offset in (-1, 0, 1, 60):
        at = datetime.fromtimestamp(issued.expires_at + offset, UTC)
        cached = _outcome(validator, token, keys, DenyList(), at)
        assert cached == _outcome(TokenValidator(_CONFIG), token, keys, DenyList(), at)
        assert (cached == "refused: the access token expired") is (offset >= 0)


def test_a_cached_token_is_not_valid_before_its_issue_time_less_the_leeway() -> None:
    token, _ = _issue()
    validator = TokenValidator(_CONFIG)
    keys = _keys()
    validator.validate(token, keys, DenyList(), _NOW)
    leeway = _CONFIG.leeway
    for at in (_NOW - leeway - timedelta(seconds=1), _NOW - leeway, _NOW):
        cached = _outcome(validator, token, keys, DenyList(), at)
        assert cached == _outcome(TokenValidator(_CONFIG), token, keys, DenyList(), at)
    early = _outcome(validator, token, keys, DenyList(), _NOW - leeway - timedelta(seconds=1))
    assert early == "refused: the access token is not valid yet"


def test_a_token_whose_key_no_longer_verifies_is_refused() -> None:
    token, _ = _issue()
    validator = TokenValidator(_CONFIG)
    keys = _keys()
    validator.validate(token, keys, DenyList(), _NOW)
    # The next snapshot no longer has the key (retired after its retention window).
    rotated = {_OTHER.kid: public_key(_OTHER)}
    assert _outcome(validator, token, rotated, DenyList(), _NOW) == (
        "refused: the access token was signed by an unknown key"
    )
    assert len(validator.cache) == 0


def test_the_same_mapping_changed_in_place_is_noticed() -> None:
    token, _ = _issue()
    validator = TokenValidator(_CONFIG)
    keys = _keys()
    validator.validate(token, keys, DenyList(), _NOW)
    keys[_RECORD.kid] = public_key(_OTHER)  # another key under the same kid
    assert _outcome(validator, token, keys, DenyList(), _NOW) == (
        "refused: the access token signature is invalid"
    )
    del keys[_RECORD.kid]
    assert _outcome(validator, token, keys, DenyList(), _NOW) == (
        "refused: the access token was signed by an unknown key"
    )


def test_a_reloaded_key_set_starts_a_new_cache(verifications: list[int]) -> None:
    token, _ = _issue()
    validator = TokenValidator(_CONFIG)
    validator.validate(token, _keys(), DenyList(), _NOW)
    validator.validate(token, _keys(), DenyList(), _NOW)  # a new mapping: verified again
    assert len(verifications) == 2


def test_refusals_are_not_cached(verifications: list[int]) -> None:
    token, issued = _issue()
    validator = TokenValidator(_CONFIG)
    keys = _keys()
    revoked = DenyList(revoked_token_ids=frozenset({issued.token_id}))
    assert isinstance(_outcome(validator, token, keys, revoked, _NOW), str)
    late = datetime.fromtimestamp(issued.expires_at, UTC)
    assert isinstance(_outcome(validator, token, keys, DenyList(), late), str)
    assert len(validator.cache) == 0
    assert validator.validate(token, keys, DenyList(), _NOW) == issued
    assert len(verifications) == 3


def test_a_forged_token_with_a_cached_tokens_claims_is_verified() -> None:
    token, _ = _issue()
    validator = TokenValidator(_CONFIG)
    keys = _keys()
    validator.validate(token, keys, DenyList(), _NOW)
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    assert _outcome(validator, forged, keys, DenyList(), _NOW) == (
        "refused: the access token signature is invalid"
    )


def test_the_cache_is_bounded() -> None:
    validator = TokenValidator(_CONFIG, cache_size=2)
    keys = _keys()
    tokens = [_issue()[0] for _ in range(3)]
    for token in tokens:
        validator.validate(token, keys, DenyList(), _NOW)
    assert len(validator.cache) == 2
