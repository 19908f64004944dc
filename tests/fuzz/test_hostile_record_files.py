"""Hostile files for ``credit-platform records import``, on SQLite and PostgreSQL.

Wrong encodings, files cut short and files over the size limit are refused whole, each bad
line listed with its number and problem code, and nothing is imported (exit 2). Values a
spreadsheet would run as formulas are refused line by line while the other lines import
(exit 1).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.domain.spreadsheet_cells import neutralise_cell, starts_formula
from tests.db.credit_batch_helpers import with_session
from tests.db.test_records_import import HEADER, _imported, _prepare

runner = CliRunner()


def _day() -> str:
    return (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")


def _good_csv_rows(samples: dict[str, str]) -> list[str]:
    uscc, day = samples["enterprise_uscc"], _day()
    return [
        f",{uscc},,,market_supervision,commitment_kept,,{day},,按期补齐材料,",
        f",{uscc},,,market_supervision,honour,,{day},,获评守信企业,",
    ]


def _run(path: Path, *options: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["records", "import", str(path), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stdout.splitlines() if line.startswith("line ")]
    return result.exit_code, lines, result.output


def test_damaged_files_are_refused_whole_line_by_line(cli_env: str, tmp_path: Path) -> None:
    samples = _prepare(cli_env)
    before = with_session(cli_env, _imported)
    good = _good_csv_rows(samples)
    csv_text = "\n".join([HEADER, *good]) + "\n"
    cases: dict[str, tuple[bytes, str, list[str], str]] = {
        # name: (bytes, suffix, expected "line N: CODE" prefixes, message fragment)
        "gbk": (
            csv_text.encode("gbk"),
            ".csv",
            ["line 2: ENCODING: byte ", "line 3: ENCODING: byte "],
            "is not UTF-8 (2 line(s)); nothing was imported",
        ),
        "utf16": (csv_text.encode("utf-16"), ".csv", [], "is UTF-16: save it as UTF-8"),
        "utf16_no_bom": (csv_text.encode("utf-16-le"), ".csv", [], "holds NUL bytes"),
        "broken_utf8": (
            (HEADER + "\n" + good[0] + "\n").encode() + b"\xff\xfe,,\n" + good[1].encode(),
            ".csv",
            ["line 3: ENCODING: byte 1 of the line is not UTF-8: save the file as UTF-8"],
            "is not UTF-8 (1 line(s))",
        ),
        "csv_cut_mid_line": (
            csv_text.encode() + good[0].encode()[:25],
            ".csv",
            ["line 4: TRUNCATED: the file ends in the middle of this line"],
            "ends in the middle of line 4",
        ),
        "csv_cut_in_quotes": (
            csv_text.encode() + f',{samples["enterprise_uscc"]},,,m,honour,,d,,"未完'.encode(),
            ".csv",
            ["line 4: TRUNCATED: "],
            "ends in the middle of line 4",
        ),
        "jsonl_cut_mid_json": (
            (
                json.dumps(
                    {
                        "uscc": samples["enterprise_uscc"],
                        "department": "market_supervision",
                        "category": "honour",
                        "occurred_at": _day(),
                        "summary": "获评守信企业",
                    },
                    ensure_ascii=False,
                )
                + '\n{"uscc": "91330'
            ).encode(),
            ".jsonl",
            ["line 2: TRUNCATED: "],
            "ends in the middle of line 2",
        ),
    }
    for name, (raw, suffix, expected, message) in cases.items():
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(raw)
        code, lines, output = _run(path)
        assert code == 2, (name, output)
        assert len(lines) == len(expected), (name, lines)
        for line, prefix in zip(lines, expected, strict=True):
            assert line.startswith(prefix), (name, line)
        assert message in " ".join(output.split()), (name, output)
        if name == "gbk":
            assert all("(it reads as GBK / GB 18030)" in line for line in lines)
    # Ten times the limit: refused before being read.
    big = tmp_path / "big.csv"
    big.write_text(HEADER + "\n" + "x" * 10_000 + "\n", encoding="utf-8")
    size = big.stat().st_size
    assert size >= 10 * 1000
    code, lines, output = _run(big, "--max-bytes", "1000")
    assert code == 2
    assert lines == []
    assert f"big.csv has {size:,} bytes, more than the limit of 1,000" in " ".join(output.split())
    assert with_session(cli_env, _imported) == before, "a damaged file wrote something"
    # The same rows, whole and in UTF-8, import.
    fine = tmp_path / "fine.csv"
    fine.write_text(csv_text, encoding="utf-8-sig")
    code, lines, output = _run(fine)
    assert (code, lines) == (0, []), output
    assert with_session(cli_env, _imported)["records"] - before["records"] == 2


@pytest.mark.parametrize(
    "value",
    ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"],
)
def test_formula_prefixes_are_recognised(value: str) -> None:
    assert starts_formula(value)
    assert neutralise_cell(value) == "'" + value
    assert neutralise_cell("获评守信企业") == "获评守信企业"
    assert not starts_formula("1+1")


def test_formulas_are_refused_line_by_line(cli_env: str, tmp_path: Path) -> None:
    samples = _prepare(cli_env)
    before = with_session(cli_env, _imported)
    uscc, day = samples["enterprise_uscc"], _day()
    row = f",{uscc},,,market_supervision,honour,,{day},,{{}},"
    lines = [
        HEADER,
        row.format("获评守信企业"),  # 2: imported
        row.format("\"=cmd|' /C calc'!A0\""),  # 3
        row.format("+86 123"),  # 4
        row.format("-1 point"),  # 5
        row.format("@SUM(A1)"),  # 6
        row.format('"\t=1+1"'),  # 7: the tab is stripped, the formula is not
        row.format('"\r=1+1"'),  # 8
        row.format("按期\x00补齐"),  # 9
        f",{uscc},,,=market_supervision,honour,,{day},,x,",  # 10
    ]
    path = tmp_path / "formulas.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, printed, output = _run(path)
    assert code == 1, output
    assert printed == [
        "line 3: FORMULA: summary starts with '=', which a spreadsheet runs as a formula: "
        "remove the leading character",
        "line 4: FORMULA: summary starts with '+', which a spreadsheet runs as a formula: "
        "remove the leading character",
        "line 5: FORMULA: summary starts with '-', which a spreadsheet runs as a formula: "
        "remove the leading character",
        "line 6: FORMULA: summary starts with '@', which a spreadsheet runs as a formula: "
        "remove the leading character",
        "line 7: FORMULA: summary starts with '=', which a spreadsheet runs as a formula: "
        "remove the leading character",
        "line 8: FORMULA: summary starts with '=', which a spreadsheet runs as a formula: "
        "remove the leading character",
        "line 9: CONTROL_CHARACTER: summary holds a NUL character (U+0000)",
        "line 10: FORMULA: department starts with '=', which a spreadsheet runs as a formula: "
        "remove the leading character",
    ]
    assert "read 9 rows: 1 imported, 0 already imported, 8 rejected" in output
    assert with_session(cli_env, _imported)["records"] - before["records"] == 1
    jsonl = tmp_path / "formulas.jsonl"
    jsonl.write_text(
        json.dumps(
            {
                "village": "=1+1",
                "household_number": "1",
                "department": "agriculture_rural",
                "category": "voluntary_service",
                "occurred_at": day,
                "summary": "参加志愿服务",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    code, printed, _ = _run(jsonl)
    assert code == 1
    assert printed == [
        "line 1: FORMULA: village starts with '=', which a spreadsheet runs as a formula: "
        "remove the leading character"
    ]
