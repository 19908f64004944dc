"""``credit-platform records import``: import a department's record file in bulk."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from api.db.batch_credit.file_checks import MAX_IMPORT_BYTES, ImportRefusedError
from api.db.batch_credit.importer import DEFAULT_BATCH, ImportReport, import_file
from api.db.engine import create_engine, session_factory
from api.settings import get_settings

app = typer.Typer(help="Credit records: bulk import.", no_args_is_help=True)
console = Console(stderr=True)

_COLUMNS_HELP = """
Columns (CSV header or JSON Lines keys), one record a row:

- subject, exactly one of: resident_id (18 characters), uscc (enterprise or merchant),
  or village and household_number;
- department: the department code (e.g. market_supervision);
- category: commitment, commitment_kept, commitment_broken, honour, voluntary_service,
  licence, penalty, enforcement, dishonesty_list, criminal_record;
- severity: minor, general or serious (negative categories only; required there);
- occurred_at: ISO 8601 date and time with an offset (2026-03-01T09:30:00+08:00);
- publicity_until: ISO 8601 date, optional (default: the longest the severity allows);
- summary: 1 to 500 characters;
- matter_code: optional, an exempt-from-penalty matter (minor penalties);
- idempotency_key: optional, 8 to 128 characters; default: a hash of the row.

The file is UTF-8 (a BOM is allowed), at most 64 MiB (--max-bytes). A value may not start
with =, +, - or @ (a spreadsheet would run it as a formula) nor hold a NUL. Each refused
line is printed as `line N: CODE: reason`. Exit status: 0 all imported, 1 some lines
refused (the others imported), 2 nothing imported (a damaged file: not UTF-8, cut short,
too large, or no partner to import as).
"""


def _report(report: ImportReport) -> None:
    for rejection in report.rejected:
        print(f"line {rejection.line}: {rejection.code}: {rejection.reason}")
    print(
        f"read {report.rows:,} rows: {report.imported:,} imported, "
        f"{report.already_imported:,} already imported, {len(report.rejected):,} rejected; "
        f"{report.evaluated_subjects:,} subjects re-evaluated; {report.seconds:.1f} s"
    )


@app.command("import", help="Import a CSV or JSON Lines file of credit records.\n" + _COLUMNS_HELP)
def import_records(
    file: Annotated[Path, typer.Argument(help="The file to import.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="csv or jsonl; default: from the file's extension."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(help="Rows per transaction (a batch lands whole or not at all).")
    ] = DEFAULT_BATCH,
    max_bytes: Annotated[
        int, typer.Option(help="Largest file read; a larger one is refused unread.", min=1)
    ] = MAX_IMPORT_BYTES,
    partner: Annotated[
        str | None,
        typer.Option(
            help="Import as this partner (client id or name): its idempotency keys; "
            "default: the credit office partner."
        ),
    ] = None,
) -> None:
    settings = get_settings()
    keys = settings.keys()

    async def run() -> ImportReport:
        engine = create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)
        try:
            with Progress(
                TextColumn("importing"),
                BarColumn(),
                TextColumn("{task.completed:>8,}/{task.total:,}"),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                task = progress.add_task("rows", total=0)
                return await import_file(
                    session_factory(engine),
                    file,
                    fmt=fmt,
                    partner=partner,
                    keys=keys,
                    now=datetime.now(UTC),
                    batch_size=max(1, batch_size),
                    max_bytes=max_bytes,
                    on_start=lambda total: progress.update(task, total=total),
                    advance=lambda n: progress.advance(task, n),
                )
        finally:
            await engine.dispose()

    try:
        report = asyncio.run(run())
    except ImportRefusedError as error:
        for problem in error.problems:
            print(f"line {problem.line}: {problem.code}: {problem.reason}")
        console.print(str(error), style="red", highlight=False, markup=False)
        raise typer.Exit(2) from None
    _report(report)
    if report.rejected:
        raise typer.Exit(1)
