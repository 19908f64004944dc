"""``credit-platform demo`` and ``demo-env``: a database with demo data and partners, the
samples to try, served in one command."""

from __future__ import annotations

import asyncio
import os
import shlex
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import text

from api.auth.partners import IssuedCredentials, create_demo_clients
from api.auth.scopes import PartnerType
from api.cli.common import command_engine
from api.cli.database import seed_database
from api.cli.demo_banner import print_demo_banner
from api.cli.guard import UserError
from api.cli.serve import serve
from api.crypto import KeyedAccessCrypto
from api.db import migrate as migrations
from api.db.engine import session_factory
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.consent.codes import issue_integrity_code
from api.domain.consent.model import Purpose
from api.seeding.villages import link_committee
from api.settings import Settings, get_settings


async def _demo_samples(settings: Settings) -> dict[str, str]:
    """The subjects the banner's examples use: an enterprise with many records, a merchant,
    a person with codes."""
    engine = command_engine(settings)
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
    from api.graphql.banking.types import BankObject, seal_id

    engine = command_engine(settings)
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
    keys = settings.keys()
    return seal_id(keys.global_id, BankObject.LOAN_PRODUCT, product.id)


async def _demo_commitments(settings: Settings, regulator_id: int) -> dict[str, str]:
    """The demo's 信易批 commitments, signed at the demo regulator's window (replayed on reruns)."""
    from api.seeding.approval_demo import seed_demo_commitments

    engine = command_engine(settings)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            samples = await seed_demo_commitments(uow.repos, regulator_id, datetime.now(UTC))
            await uow.commit()
            return samples
    finally:
        await engine.dispose()


async def _demo_codes(settings: Settings) -> dict[str, str]:
    """The best-scored demo person (green or blue: pay after treatment and parking admit both),
    with an hour-long code for each of the two examples."""
    engine = command_engine(settings)
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


def demo(
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Migrate, seed the demo data if the database is empty, print credentials, and serve."""
    settings = get_settings()

    async def prepare() -> tuple[dict[str, str], list[IssuedCredentials]]:
        engine = command_engine(settings)
        try:
            await migrations.upgrade(engine)
            async with engine.connect() as connection:
                subjects = (
                    await connection.execute(text("SELECT count(*) FROM subjects"))
                ).scalar_one()
            if subjects == 0:
                await seed_database(settings, "demo", 0)
            credentials = await create_demo_clients(session_factory(engine))
            committee = next(
                c for c in credentials if c.partner_type is PartnerType.VILLAGE_COMMITTEE
            )
            async with engine.begin() as connection:
                await link_committee(connection, committee.partner_id, DEMO_VILLAGE)
        finally:
            await engine.dispose()
        samples = await _demo_samples(settings)
        bank = next(c for c in credentials if c.partner_type is PartnerType.BANK)
        samples["loan_product_id"] = await _demo_loan_product(settings, bank.partner_id)
        regulator = next(c for c in credentials if c.partner_type is PartnerType.REGULATOR)
        samples.update(await _demo_commitments(settings, regulator.partner_id))
        return samples, credentials

    samples, credentials = asyncio.run(prepare())
    bound_port = port or settings.port
    write_demo_env(settings, samples, credentials)
    # The demo's GraphiQL loads its schema before anyone signs in.
    os.environ.setdefault("CREDIT_PUBLIC_INTROSPECTION", "true")
    print_demo_banner(f"http://{settings.host}:{bound_port}", settings, samples, credentials)
    serve(host=settings.host, port=bound_port, workers=1)


DEMO_ENV_FILE = "demo.env"
#: The village the demo's village committee runs.
DEMO_VILLAGE = "余村"


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


def demo_env() -> None:
    """Print the running demo's partner credentials as shell exports: eval "$(... demo-env)"."""
    path = get_settings().data_dir / DEMO_ENV_FILE
    if not path.is_file():
        raise UserError(f"no demo credentials at {path}: run `credit-platform demo` first")
    print(path.read_text(encoding="utf-8"), end="")
