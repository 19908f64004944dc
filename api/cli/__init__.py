"""The ``credit-platform`` command line: migrate, seed, serve, demo and operator tasks."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from sqlalchemy import text

from api.auth.partners import IssuedCredentials, create_demo_clients
from api.auth.scopes import PartnerType
from api.cli import audit as audit_cli
from api.cli import evaluate as evaluate_cli
from api.cli import jobs as jobs_cli
from api.cli import keys as keys_cli
from api.cli import partners as partners_cli
from api.cli import persons as persons_cli
from api.cli import records as records_cli
from api.cli import worker as worker_cli
from api.cli.guard import UserError, require_migrated
from api.crypto import KeyedAccessCrypto, Keys
from api.db import migrate as migrations
from api.db.engine import create_engine, session_factory
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.consent.codes import issue_integrity_code
from api.domain.consent.model import Purpose
from api.graphql.trusted import command as trusted_documents_command
from api.observability.metrics import prepare_for_workers
from api.settings import Settings, get_settings

app = typer.Typer(
    help="The partner API of a city's public credit platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

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
app.command("evaluate")(evaluate_cli.evaluate)
app.command("worker")(worker_cli.worker)
app.command("match-index")(worker_cli.match_index)
app.command("trusted-documents")(trusted_documents_command)


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    return create_engine(settings.resolved_database_url, pool_size=2, max_overflow=2)


@app.command()
def migrate(
    revision: Annotated[str, typer.Option(help="Target revision.")] = "heads",
    down: Annotated[bool, typer.Option("--down", help="Downgrade to the revision.")] = False,
) -> None:
    """Upgrade (or downgrade) the database schema."""
    settings = get_settings()

    async def run() -> None:
        engine = _engine(settings)
        try:
            if down:
                await migrations.downgrade(engine, revision)
            else:
                await migrations.upgrade(engine, revision)
            current = await migrations.current_revisions(engine)
        finally:
            await engine.dispose()
        console.print(f"database at revision {', '.join(sorted(current)) or '(empty)'}")

    asyncio.run(run())


class _RichSeedProgress:
    """Shows the seeding progress as rich progress bars."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, object] = {}

    def start(self, task: str, total: int) -> None:
        self._tasks[task] = self._progress.add_task(task, total=total)

    def advance(self, task: str, amount: int) -> None:
        task_id = self._tasks.get(task)
        if task_id is not None:
            self._progress.advance(task_id, amount)  # type: ignore[arg-type]


async def _seed(
    settings: Settings, profile: str, seed_value: int, *, match_index: bool = True
) -> dict[str, str]:
    from api.seeding import SeedProfile, seed

    engine = _engine(settings)
    started = time.perf_counter()
    try:
        await migrations.upgrade(engine)
        with Progress(
            TextColumn("{task.description:<14}"),
            BarColumn(),
            TextColumn("{task.completed:>10,}/{task.total:,}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as progress:
            report = await seed(
                engine,
                SeedProfile(profile),
                seed=seed_value,
                keys=settings.keys(),
                today=city_today(datetime.now(UTC)),
                progress=_RichSeedProgress(progress),
            )
    finally:
        await engine.dispose()
    counts = ", ".join(f"{table} {count:,}" for table, count in report.counts.items())
    console.print(
        f"seeded {profile} (seed {seed_value}) in {time.perf_counter() - started:.1f} s: {counts}"
    )
    if match_index:
        await _build_matching(settings)
    else:
        console.print("next: `credit-platform match-index` builds the loan-matching index")
    return report.samples


async def _build_matching(settings: Settings) -> None:
    """Classify the green profiles and index every enterprise for loan matching."""
    from api.db.bank_batch import rebuild_matching

    engine = _engine(settings)
    started = time.perf_counter()
    try:
        classified, indexed = await rebuild_matching(session_factory(engine), now=datetime.now(UTC))
    finally:
        await engine.dispose()
    console.print(
        f"matching index: {classified:,} green profiles classified, {indexed:,} enterprises "
        f"indexed in {time.perf_counter() - started:.1f} s"
    )


@app.command()
def seed(
    profile: Annotated[str, typer.Option(help="demo (seconds) or city (Huzhou's size).")] = "demo",
    seed_value: Annotated[
        int, typer.Option("--seed", help="Random seed; same seed, same data.")
    ] = 0,
    match_index: Annotated[
        bool,
        typer.Option(
            help="Then classify the green profiles and build the loan-matching index "
            "(about 4 minutes for the city; `credit-platform match-index` does it later)."
        ),
    ] = True,
) -> None:
    """Fill an empty database with deterministic synthetic data."""
    if profile not in ("demo", "city"):
        console.print(f"[red]unknown profile {profile!r}: use demo or city[/red]")
        raise typer.Exit(2)
    settings = get_settings()
    if profile == "city" and settings.is_sqlite:
        raise UserError(
            "the city profile (3.4 million persons, 400,000 enterprises) needs PostgreSQL: "
            "set DATABASE_URL=postgresql+asyncpg://USER@HOST:5432/DB (docs/operations.md)"
        )
    asyncio.run(_seed(settings, profile, seed_value, match_index=match_index))


@app.command()
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
    uvicorn.run(
        "api.http.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_config=None,
        access_log=False,
        server_header=False,
    )


async def _demo_samples(settings: Settings) -> dict[str, str]:
    engine = _engine(settings)
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text(
                        "SELECT e.uscc FROM enterprises e JOIN credit_records r "
                        "ON r.subject_id = e.subject_id GROUP BY e.uscc "
                        "ORDER BY count(*) DESC, e.uscc LIMIT 1"
                    )
                )
            ).first()
            merchant = (
                await connection.execute(text("SELECT uscc FROM merchants LIMIT 1"))
            ).first()
    finally:
        await engine.dispose()
    samples = {}
    if row:
        samples["enterprise_uscc_many_records"] = row[0]
    if merchant:
        samples["merchant_uscc"] = merchant[0]
    samples.update(await _demo_codes(settings))
    return samples


async def _demo_loan_product(settings: Settings, bank_id: int) -> str:
    """The demo bank's published green loan (made on the first demo run), as its opaque ID."""
    from api.domain.banking.model import (
        LoanCriteria,
        LoanKind,
        ProductDraft,
        ProductStatus,
        ProductTerms,
    )
    from api.domain.banking.services import create_product, move_product
    from api.graphql.banking_types import BankObject, seal_id

    engine = _engine(settings)
    now = datetime.now(UTC)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            products = await uow.repos.loan_products.open_products(city_today(now))
            product = next((p for p in products if p.bank_id == bank_id), None)
            if product is None:
                draft = ProductDraft(
                    name="绿色发展贷 (demo green loan)",
                    kind=LoanKind.GREEN_LOAN,
                    criteria=LoanCriteria(green_required=True, no_serious_dishonesty=True),
                    terms=ProductTerms(
                        amount_min=Decimal("100000"),
                        amount_max=Decimal("5000000"),
                        rate_min=Decimal("3.10"),
                        rate_max=Decimal("4.35"),
                        valid_from=city_today(now),
                    ),
                )
                created = await create_product(uow.repos, bank_id=bank_id, draft=draft, now=now)
                product = await move_product(
                    uow.repos,
                    bank_id=bank_id,
                    product_id=created.id,
                    status=ProductStatus.PUBLISHED,
                    now=now,
                )
                await uow.commit()
    finally:
        await engine.dispose()
    keys = Keys.from_master(settings.master_key())
    return seal_id(keys.global_id, BankObject.LOAN_PRODUCT, product.id)


async def _demo_codes(settings: Settings) -> dict[str, str]:
    """The best-scored demo person (green or blue: pay after treatment and parking admit both),
    with an hour-long code for each of the two examples."""
    engine = _engine(settings)
    keys = settings.keys()
    try:
        async with engine.connect() as connection:
            person = (
                await connection.execute(
                    text(
                        "SELECT p.subject_id, p.resident_id_encrypted, p.resident_id_key_version "
                        "FROM persons p "
                        "JOIN subject_scores s ON s.subject_id = p.subject_id "
                        "WHERE s.colour IN ('blue', 'green') "
                        "ORDER BY s.score DESC, p.subject_id LIMIT 1"
                    )
                )
            ).first()
        if person is None:
            return {}
        codes = {"resident_id": keys.open_identifier(person[2], person[1])}
        async with UnitOfWork(session_factory(engine)) as uow:
            for purpose in (Purpose.PAY_AFTER_TREATMENT, Purpose.MOBILITY_DISCOUNT):
                issued = await issue_integrity_code(
                    uow.repos,
                    KeyedAccessCrypto(keys),
                    person_id=person[0],
                    purpose=purpose,
                    issued_by_client_id=None,
                    now=datetime.now(UTC),
                    lifetime=timedelta(minutes=60),
                )
                codes[f"code_{purpose.value}"] = issued.code
            await uow.commit()
        return codes
    finally:
        await engine.dispose()


@app.command()
def demo(
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Migrate, seed the demo data if the database is empty, print credentials, and serve."""
    settings = get_settings()

    async def prepare() -> tuple[dict[str, str], list[IssuedCredentials]]:
        engine = _engine(settings)
        try:
            await migrations.upgrade(engine)
            async with engine.connect() as connection:
                subjects = (
                    await connection.execute(text("SELECT count(*) FROM subjects"))
                ).scalar_one()
            if subjects == 0:
                await _seed(settings, "demo", 0)
            credentials = await create_demo_clients(session_factory(engine))
        finally:
            await engine.dispose()
        samples = await _demo_samples(settings)
        bank = next(c for c in credentials if c.partner_type is PartnerType.BANK)
        samples["loan_product_id"] = await _demo_loan_product(settings, bank.partner_id)
        return samples, credentials

    samples, credentials = asyncio.run(prepare())
    bound_port = port or settings.port
    write_demo_env(settings, samples, credentials)
    # The demo's GraphiQL loads its schema before anyone signs in.
    os.environ.setdefault("CREDIT_PUBLIC_INTROSPECTION", "true")
    _print_demo_banner(f"http://{settings.host}:{bound_port}", settings, samples, credentials)
    serve(host=settings.host, port=bound_port, workers=1)


DEMO_ENV_FILE = "demo.env"


def write_demo_env(
    settings: Settings, samples: dict[str, str], credentials: list[IssuedCredentials]
) -> Path:
    """Keep the demo partners' credentials and samples for `demo-env` (demo data only, mode 600)."""
    lines = ["# written by `credit-platform demo`: the demo partners and sample subjects"]
    for issued in credentials:
        prefix = issued.partner_type.name
        lines.append(f"export {prefix}_CLIENT_ID={shlex.quote(issued.client_id)}")
        lines.append(f"export {prefix}_CLIENT_SECRET={shlex.quote(issued.client_secret)}")
    for name, value in sorted(samples.items()):
        lines.append(f"export DEMO_{name.upper()}={shlex.quote(value)}")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / DEMO_ENV_FILE
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


@app.command("demo-env")
def demo_env() -> None:
    """Print the running demo's partner credentials as shell exports: eval "$(... demo-env)"."""
    path = get_settings().data_dir / DEMO_ENV_FILE
    if not path.is_file():
        raise UserError(f"no demo credentials at {path}: run `credit-platform demo` first")
    print(path.read_text(encoding="utf-8"), end="")


def command_name() -> str:
    """How the user ran this command (``.venv/bin/credit-platform``), for lines they copy."""
    invoked = sys.argv[0] if sys.argv else ""
    return invoked if "/" in invoked else "credit-platform"


def _print_demo_banner(
    url: str, settings: Settings, samples: dict[str, str], credentials: list[IssuedCredentials]
) -> None:
    """How to try the demo: where it listens, the partners' credentials, a query to run."""
    uscc = samples.get("enterprise_uscc_many_records", "")
    bank = next(c for c in credentials if c.partner_type is PartnerType.BANK)
    print(f"\nCredit platform demo on {settings.resolved_database_url}")
    print(f"  GraphiQL:  {url}/graphql   (open in a browser; sign in with a partner below)")
    print(f"  Health:    {url}/healthz   {url}/readyz   Metrics: {url}/metrics")
    print("  Demo partners (client_id / client_secret; new secrets on each demo run):")
    for issued in credentials:
        print(f"    {issued.partner_type.value:<18} {issued.client_id}  {issued.client_secret}")
    print("  Try (as the bank):")
    print(
        f"    TOKEN=$(curl -s -u '{bank.client_id}:{bank.client_secret}' "
        f"-d grant_type=client_credentials {url}/oauth/token "
        "| python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')"
    )
    print(
        f'    curl -s {url}/graphql -H "Authorization: Bearer $TOKEN" '
        "-H 'content-type: application/json' -d "
        '\'{"query":"query($u: UnifiedSocialCreditCode!){enterprise(uscc:$u){name district '
        'taxGrade creditRecords(first:3){nodes{category summary department{name}}}}}",'
        f'"variables":{{"u":"{uscc}"}}}}\''
    )
    if "loan_product_id" in samples:
        print("  Then the bank's green-loan candidates, ranked and explained:")
        print(
            f'    curl -s {url}/graphql -H "Authorization: Bearer $TOKEN" '
            "-H 'content-type: application/json' -d "
            '\'{"query":"query($p: ID!){loanCandidates(productId:$p,first:5){candidates{nodes{'
            "score enterprise{uscc name} checks{criterion met detail} lifts{component points}}}"
            ' errors{code message}}}",'
            f'"variables":{{"p":"{samples["loan_product_id"]}"}}}}\''
        )
    _print_scan_example(
        url,
        credentials,
        PartnerType.HOSPITAL,
        "a patient shows the integrity code for pay after treatment",
        "PayAfterTreatmentEligibility",
        {"code": samples.get("code_pay_after_treatment")},
    )
    _print_scan_example(
        url,
        credentials,
        PartnerType.MOBILITY_OPERATOR,
        "a driver shows the code at a car park",
        "MobilityDiscountEligibility",
        {"scenarioCode": "parking-discount", "mobilityCode": samples.get("code_mobility_discount")},
    )
    if "resident_id" in samples:
        print(
            f"  Codes last an hour; a fresh one: {command_name()} persons issue-code "
            f"--resident-id {samples['resident_id']} --purpose pay_after_treatment"
        )
    print(f'  In another shell, every partner\'s credentials: eval "$({command_name()} demo-env)"')
    sys.stdout.flush()


def _print_scan_example(
    url: str,
    credentials: list[IssuedCredentials],
    partner_type: PartnerType,
    story: str,
    document: str,
    variables: dict[str, str | None],
) -> None:
    """A ready-to-run scan: the partner's token, then its trusted document with the code."""
    if any(value is None for value in variables.values()):
        return
    from api.graphql.trusted import id_of

    partner = next(c for c in credentials if c.partner_type is partner_type)
    variable = partner_type.name
    body = json.dumps({"documentId": id_of(document), "variables": variables})
    print(f"  Try (as the {partner_type.value.replace('_', ' ')}: {story}):")
    print(
        f"    {variable}=$(curl -s -u '{partner.client_id}:{partner.client_secret}' "
        f"-d grant_type=client_credentials {url}/oauth/token "
        "| python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')"
    )
    print(
        f'    curl -s {url}/graphql -H "Authorization: Bearer ${variable}" '
        f"-H 'content-type: application/json' -d '{body}'"
    )


@app.command("export-schema")
def export_schema(
    path: Annotated[str, typer.Option(help="Where to write the SDL.")] = "schema/schema.graphql",
) -> None:
    """Write the GraphQL schema (SDL) partners read; a test fails when the file is stale."""
    from api.graphql.schema import schema

    Path(path).write_text(schema.as_str() + "\n", encoding="utf-8")
    console.print(f"wrote {path}")


def main() -> None:
    """Entry point of the ``credit-platform`` console script: a user's mistake in one line."""
    try:
        app()
    except UserError as error:
        console.print(f"credit-platform: {error}", highlight=False, soft_wrap=True)
        sys.exit(2)
