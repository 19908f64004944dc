# ruff: noqa: RUF001 - summaries are Chinese text with full-width punctuation
"""``credit-platform records import``: bad rows reported by line, good rows imported in whole
batches through the intake rules, nothing imported twice; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.cli import app
from api.db.batch_credit.importer import ImportReport, import_file
from api.db.engine import create_engine, session_factory
from api.db.tables import metadata
from api.domain.identifiers import validate_resident_id
from tests.db.credit_batch_helpers import KEYS, seed_demo, with_session
from tests.factories import next_uscc

runner = CliRunner()
RECORDS = metadata.tables["credit_records"]
EVALUATIONS = metadata.tables["evaluations"]
REPAIRS = metadata.tables["repair_cases"]
EXEMPTIONS = metadata.tables["exemptions"]
HEADER = (
    "resident_id,uscc,village,household_number,department,category,severity,occurred_at,"
    "publicity_until,summary,matter_code"
)


async def _office(session: AsyncSession) -> None:
    await create_partner(session, partner_type=PartnerType.CREDIT_OFFICE, name="City office")
    await session.commit()


def _prepare(url: str) -> dict[str, str]:
    samples = seed_demo(url)
    with_session(url, _office)
    return samples


def _csv(s: dict[str, str]) -> tuple[str, dict[int, str]]:
    day = (datetime.now(UTC) - timedelta(days=3)).astimezone().isoformat(timespec="seconds")
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat(timespec="seconds")
    rid, uscc, merchant = s["resident_id"], s["enterprise_uscc"], s["merchant_uscc"]
    village, number = s["household_village"], s["household_number"]
    bad_rid = rid[:-1] + ("0" if rid[-1] != "0" else "1")
    lines = [
        HEADER,
        f"{rid},,,,civilisation_office,honour,,{day},,获评“最美志愿者”,",  # 2 good
        f"{bad_rid},,,,civilisation_office,honour,,{day},,bad id,",  # 3
        f",{uscc},,,market_supervision,penalty,general,{day},,虚假宣传，罚款5000元,",  # 4 good
        f",{next_uscc()},,,market_supervision,penalty,general,{day},,unknown,",  # 5
        f",{uscc},,,nowhere,penalty,general,{day},,unknown department,",  # 6
        f",{uscc},,,market_supervision,fine,general,{day},,unknown category,",  # 7
        f",{uscc},,,market_supervision,penalty,general,{future},,future,",  # 8
        f",{uscc},,,market_supervision,penalty,minor,{day},2099-01-01,too long,",  # 9
        f",{uscc},,,market_supervision,penalty,general,{day},,,",  # 10 no summary
        f",,{village},{number},agriculture_rural,voluntary_service,,{day},,参加村级志愿服务,",  # 11
        f",{merchant},,,market_supervision,penalty,minor,{day},,未明码标价,SJ-002",  # 12 exempted
        f",{uscc},,,market_supervision,penalty,awful,{day},,bad severity,",  # 13
    ]
    validate_resident_id(rid)
    reasons = {
        3: "check",
        5: "unknown subject",
        6: "unknown department 'nowhere'",
        7: "unknown category 'fine'",
        8: "future",
        9: "at the latest",
        10: "missing field(s): summary",
        13: "unknown severity 'awful'",
    }
    return "\n".join(lines) + "\n", reasons


def _import(url: str, path: Path, **options: Any) -> ImportReport:
    async def run() -> ImportReport:
        engine = create_engine(url)
        try:
            return await import_file(
                session_factory(engine),
                path,
                fmt=None,
                partner=None,
                keys=KEYS,
                now=datetime.now(UTC),
                **options,
            )
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _imported(session: AsyncSession) -> dict[str, int]:
    async def count(table: Any, *where: Any) -> int:
        statement = select(func.count()).select_from(table)
        return int((await session.execute(statement.where(*where))).scalar_one())

    return {
        "records": await count(
            RECORDS, RECORDS.c.created_at > datetime.now(UTC) - timedelta(hours=1)
        ),
        "imported_evaluations": await count(EVALUATIONS, EVALUATIONS.c.cause == "records_imported"),
        "exemptions": await count(EXEMPTIONS),
        "repairs": await count(REPAIRS),
    }


def test_csv_rows_are_checked_imported_once_and_reported(cli_env: str, tmp_path: Path) -> None:
    samples = _prepare(cli_env)
    before = with_session(cli_env, _imported)
    text, reasons = _csv(samples)
    path = tmp_path / "records.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["records", "import", str(path), "--batch-size", "2"])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    out = result.stdout
    for line, reason in reasons.items():
        assert any(
            row.startswith(f"line {line}: ") and reason in row for row in out.splitlines()
        ), (
            line,
            out,
        )
    assert "read 12 rows: 4 imported, 0 already imported, 8 rejected" in out
    after = with_session(cli_env, _imported)
    assert after["records"] - before["records"] == 4
    assert after["imported_evaluations"] == 4  # four subjects, each evaluated once
    assert after["exemptions"] - before["exemptions"] == 1  # the merchant's first minor one
    assert after["repairs"] - before["repairs"] == 1  # the enterprise's general penalty
    again = runner.invoke(app, ["records", "import", str(path)])
    assert again.exit_code == 1
    assert "read 12 rows: 0 imported, 4 already imported, 8 rejected" in again.stdout
    assert with_session(cli_env, _imported) == after


def test_jsonl_with_keys_and_a_failing_batch(cli_env: str, tmp_path: Path) -> None:
    samples = _prepare(cli_env)
    before = with_session(cli_env, _imported)
    day = (datetime.now(UTC) - timedelta(days=2)).isoformat()

    def row(n: int, **extra: str) -> str:
        base = {
            "uscc": samples["enterprise_uscc"],
            "department": "market_supervision",
            "category": "commitment_kept",
            "occurred_at": day,
            "summary": f"按承诺期限补齐审批材料 {n}",
            "idempotency_key": f"import-test-{n:04d}",
        }
        return json.dumps(base | extra, ensure_ascii=False)

    lines = [row(n) for n in range(1, 7)]
    lines.insert(2, "{not json")  # line 3
    lines.append(row(1, summary="another text under a used key"))  # line 8: key reused
    lines.append(row(9, resident_id="110101199003071234"))  # line 9: two subjects
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failing = 1

    def boom(number: int, batch: Sequence[Any]) -> None:
        if number == failing:
            raise RuntimeError("forced database failure")

    report = _import(cli_env, path, batch_size=2, before_commit=boom)
    by_line = {r.line: r.reason for r in report.rejected}
    assert "not valid JSON" in by_line[3]
    assert "exactly one of" in by_line[9]
    # Batch 2 holds the rows of lines 4 and 5: neither landed, the other batches did.
    assert "batch 2 failed" in by_line[4]
    assert "batch 2 failed" in by_line[5]
    assert report.batches_failed == 1
    assert report.imported == 4
    assert "different request" in by_line[8]
    assert with_session(cli_env, _imported)["records"] - before["records"] == 4
    again = _import(cli_env, path, batch_size=2)
    assert (again.imported, again.already_imported) == (2, 4)
    assert sorted(r.line for r in again.rejected) == [3, 8, 9]
    assert with_session(cli_env, _imported)["records"] - before["records"] == 6


def test_refusals(cli_env: str, tmp_path: Path) -> None:
    path = tmp_path / "records.txt"
    path.write_text("x\n", encoding="utf-8")
    assert runner.invoke(app, ["records", "import", str(path)]).exit_code == 2
    csv = tmp_path / "records.csv"
    csv.write_text(HEADER + "\n", encoding="utf-8")
    no_office = runner.invoke(app, ["records", "import", str(csv)])
    assert no_office.exit_code == 2
    assert "credit office" in no_office.output
    csv.write_text("name,summary\n", encoding="utf-8")
    assert "unknown column" in runner.invoke(app, ["records", "import", str(csv)]).output
