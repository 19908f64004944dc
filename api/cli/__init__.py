"""The ``credit-platform`` command line: migrate, seed, serve, demo and operator tasks.

This module is the entry point: the app, its options and the registration of every command;
the commands live in the modules beside it (``database``: migrate and seed; ``serve``: serve
and export-schema; ``demo``: demo and demo-env; and one module per group of operator tasks).
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Annotated

import typer

from api.cli import approvals as approvals_cli
from api.cli import audit as audit_cli
from api.cli import database as database_cli
from api.cli import demo as demo_cli
from api.cli import evaluate as evaluate_cli
from api.cli import incentives as incentives_cli
from api.cli import industry as industry_cli
from api.cli import ip_pledges as ip_pledges_cli
from api.cli import jobs as jobs_cli
from api.cli import keys as keys_cli
from api.cli import merchants as merchants_cli
from api.cli import outreach as outreach_cli
from api.cli import partners as partners_cli
from api.cli import persons as persons_cli
from api.cli import records as records_cli
from api.cli import serve as serve_cli
from api.cli import worker as worker_cli
from api.cli.common import console
from api.cli.guard import UserError, require_migrated
from api.graphql.trusted import command as trusted_documents_command
from api.settings import get_settings

app = typer.Typer(
    help="The partner API of a city's public credit platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Commands that make or fill the database themselves, or need none.
NO_DATABASE_NEEDED = frozenset(
    {"migrate", "seed", "demo", "export-schema", "demo-env", "trusted-documents"}
)


def installed_version() -> str:
    """This package's version as installed."""
    try:
        return package_version("credit-platform")
    except PackageNotFoundError:  # running from a tree that was never installed
        return "unknown"


def print_version(value: bool) -> None:
    """``--version``: print the version and stop."""
    if value:
        print(f"credit-platform {installed_version()}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """The partner API of a city's public credit platform."""
    if ctx.invoked_subcommand not in NO_DATABASE_NEEDED and "--help" not in sys.argv[1:]:
        require_migrated(get_settings())


app.add_typer(audit_cli.app, name="audit")
app.add_typer(partners_cli.app, name="partners")
app.add_typer(keys_cli.app, name="keys")
app.add_typer(persons_cli.app, name="persons")
app.add_typer(records_cli.app, name="records")
app.add_typer(jobs_cli.app, name="jobs")
app.add_typer(merchants_cli.app, name="merchants")
app.add_typer(incentives_cli.app, name="incentives")
app.add_typer(approvals_cli.app, name="approvals")
app.add_typer(ip_pledges_cli.app, name="ip-pledges")
app.add_typer(industry_cli.app, name="industry")
app.add_typer(outreach_cli.app, name="outreach")
app.command("evaluate")(evaluate_cli.evaluate)
app.command("worker")(worker_cli.worker)
app.command("match-index")(worker_cli.match_index)
app.command("trusted-documents")(trusted_documents_command)

app.command("migrate")(database_cli.migrate)
app.command("seed")(database_cli.seed)
app.command("serve")(serve_cli.serve)
app.command("demo")(demo_cli.demo)
app.command("demo-env")(demo_cli.demo_env)
app.command("export-schema")(serve_cli.export_schema)


def main() -> None:
    """Entry point of the ``credit-platform`` console script: a user's mistake in one line."""
    try:
        app()
    except UserError as error:
        console.print(f"credit-platform: {error}", highlight=False, soft_wrap=True)
        sys.exit(2)
