"""``credit-platform keys``: rotate and list the token signing keys (public parts only)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from api.auth.config import AuthConfig
from api.auth.key_store import list_signing_keys, rotate_signing_key
from api.auth.signing_keys import key_window
from api.cli.partners import run_in_session
from api.crypto import Keys
from api.settings import get_settings

app = typer.Typer(help="Token signing keys.", no_args_is_help=True)


@app.command()
def rotate(
    activate_in: Annotated[
        float | None,
        typer.Option(
            help="Seconds until the new key signs (default: twice the refresh interval, so "
            "every server has loaded it first)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Make a new signing key; tokens signed by the previous one stay valid until they expire."""
    settings = get_settings()
    config = AuthConfig.from_settings(settings)
    cipher_key = Keys.from_master(settings.master_key()).signing_key_encryption
    delay = config.key_activation_delay if activate_in is None else timedelta(seconds=activate_in)
    record = run_in_session(
        lambda session: rotate_signing_key(
            session, cipher_key, now=datetime.now(UTC), activation_delay=delay
        )
    )
    if as_json:
        print(json.dumps({"kid": record.kid, "activates_at": record.activates_at.isoformat()}))
        return
    print(f"new signing key {record.kid}, signing from {record.activates_at.isoformat()}")


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the signing keys and their state (signing, verifying, pending, retired)."""
    config = AuthConfig.from_settings(get_settings())
    records = run_in_session(list_signing_keys)
    now = datetime.now(UTC)
    window = key_window(records, now, config.key_retention)
    verifying = {record.kid for record in window.verifying}
    rows = []
    for record in records:
        if window.signing is not None and record.kid == window.signing.kid:
            state = "signing"
        elif record.activates_at > now:
            state = "pending"
        else:
            state = "verifying" if record.kid in verifying else "retired"
        rows.append(
            {
                "kid": record.kid,
                "algorithm": record.algorithm,
                "state": state,
                "created_at": record.created_at.isoformat(),
                "activates_at": record.activates_at.isoformat(),
            }
        )
    if as_json:
        print(json.dumps(rows))
        return
    for row in rows:
        print(f"{row['kid']}  {row['algorithm']}  {row['state']:<9}  from {row['activates_at']}")
