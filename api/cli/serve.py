"""``credit-platform serve`` and ``export-schema``: the API under uvicorn, and its SDL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import console
from api.cli.guard import UserError
from api.cli.serving import serve_draining
from api.observability.metrics import prepare_for_workers
from api.settings import get_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
) -> None:
    """Serve the API with uvicorn: N worker processes act as one server (shared metrics)."""
    if workers < 1:
        raise UserError(f"--workers must be 1 or more, not {workers}")
    # The workers read their settings from the environment: the address given here is the
    # one they serve and name as the token issuer (unless CREDIT_OAUTH_ISSUER says otherwise).
    if host is not None:
        os.environ["CREDIT_HOST"] = host
    if port is not None:
        os.environ["CREDIT_PORT"] = str(port)
    get_settings.cache_clear()
    settings = get_settings()
    prepare_for_workers(workers, settings.data_dir)
    serve_draining(
        "api.http.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_config=None,
        access_log=False,
        server_header=False,
    )


def export_schema(
    path: Annotated[str, typer.Option(help="Where to write the SDL.")] = "schema/schema.graphql",
) -> None:
    """Write the GraphQL schema (SDL) partners read; a test fails when the file is stale."""
    from api.graphql.schema import schema

    Path(path).write_text(schema.as_str() + "\n", encoding="utf-8")
    console.print(f"wrote {path}")
