"""The platform's report signing keys, as the report services need them."""

from __future__ import annotations

from datetime import datetime, timedelta

from joserfc.jwk import ECKey

from api.auth.signing_keys import key_window, open_private_key, public_key
from api.db.repositories import Repositories
from api.graphql.context import Info


class PlatformReportKeys:
    """The platform's signing keys as reports use them (implements ``ReportKeys``).

    A report is signed with the key that signs access tokens now (so it is in the JWKS when
    issued) and verified with the key stored under its kid, even once that key no longer
    verifies tokens.
    """

    def __init__(self, repos: Repositories, cipher_key: bytes) -> None:
        self._repos = repos
        self._cipher_key = cipher_key

    async def signing_key(self, now: datetime) -> ECKey | None:
        """The private key that signs at ``now``, or None when none is active."""
        window = key_window(await self._repos.reports.signing_keys(), now, timedelta(0))
        if window.signing is None:
            return None
        return open_private_key(self._cipher_key, window.signing)

    async def public_key(self, kid: str) -> ECKey | None:
        """The public key stored under ``kid``, or None."""
        record = await self._repos.reports.signing_key(kid)
        return public_key(record) if record is not None else None


def report_keys(info: Info) -> PlatformReportKeys:
    """The platform's report keys on the request's repositories."""
    return PlatformReportKeys(info.context.repos, info.context.keys.signing_key_encryption)
