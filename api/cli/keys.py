"""``credit-platform keys``: token signing keys, and the data keys of resident IDs."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from api.auth.config import AuthConfig
from api.auth.key_store import list_signing_keys, rotate_signing_key
from api.auth.signing_keys import key_window
from api.cli.partners import run_in_session
from api.crypto import RetiredDataKeyError
from api.db.data_keys import (
    DEFAULT_ROTATION_BATCH,
    RotationReport,
    rotate_data_key,
    rows_by_key_version,
)
from api.db.engine import create_engine, session_factory
from api.settings import get_settings

app = typer.Typer(help="Token signing keys and resident-ID data keys.", no_args_is_help=True)


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
    cipher_key = settings.keys().signing_key_encryption
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


@app.command("rotate-data")
def rotate_data(
    batch_size: Annotated[
        int, typer.Option(help="Rows re-encrypted per transaction.", min=1, max=10_000)
    ] = DEFAULT_ROTATION_BATCH,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Re-encrypt resident IDs under CREDIT_DATA_KEY_VERSION in batches; safe while serving.

    Interrupted, it resumes where it stopped; run again when done, it changes nothing. When
    no row is left under an older version, raise CREDIT_DATA_KEY_OLDEST to retire it.
    """
    settings = get_settings()
    keys = settings.keys()

    async def run() -> RotationReport:
        engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=1)
        done = 0

        def start(total: int) -> None:
            if not as_json:
                print(
                    f"{total:,} resident IDs to re-encrypt under data key "
                    f"{keys.identifier_key_version}"
                )

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if not as_json:
                print(f"  {done:,} re-encrypted", flush=True)

        try:
            return await rotate_data_key(
                session_factory(engine),
                keys,
                batch_size=batch_size,
                on_start=start,
                advance=advance,
            )
        finally:
            await engine.dispose()

    try:
        report = asyncio.run(run())
    except RetiredDataKeyError as error:
        print(f"refused: {error}")
        raise typer.Exit(2) from None
    if as_json:
        print(
            json.dumps(
                {
                    "version": report.version,
                    "re_encrypted": report.re_encrypted,
                    "batches": report.batches,
                    "rows_by_version": {str(v): n for v, n in sorted(report.by_version.items())},
                }
            )
        )
        return
    print(_versions_line(report.by_version, report.version))


@app.command("data-versions")
def data_versions(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How many resident IDs each data-key version encrypts, and which can be retired."""
    settings = get_settings()

    async def run() -> dict[int, int]:
        engine = create_engine(settings.resolved_database_url, pool_size=1, max_overflow=0)
        try:
            return await rows_by_key_version(session_factory(engine))
        finally:
            await engine.dispose()

    counts = asyncio.run(run())
    if as_json:
        print(json.dumps({str(v): n for v, n in sorted(counts.items())}))
        return
    print(_versions_line(counts, settings.data_key_version))


def _versions_line(counts: dict[int, int], current: int) -> str:
    listed = ", ".join(f"version {v}: {n:,}" for v, n in sorted(counts.items())) or "no rows"
    older = [v for v in counts if v < current]
    advice = (
        f"rows remain under older versions {sorted(older)}: run `keys rotate-data`"
        if older
        else f"no row uses a version below {current}: CREDIT_DATA_KEY_OLDEST={current} retires "
        "the older keys"
    )
    return f"resident IDs by data key: {listed}; {advice}"
