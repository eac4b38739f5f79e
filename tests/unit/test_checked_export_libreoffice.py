"""The checked-claims workbook opens in a real spreadsheet program: LibreOffice converts every
sheet to CSV and the values are those openpyxl reads (formula-looking text arrives as text).
Skipped with a reason where LibreOffice is not installed (CI installs libreoffice-calc-nogui)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.claims_io.checked_workbook import SHEETS
from tests.support.libreoffice import SOFFICE, libreoffice_convert
from tests.support.worklists import write_csv
from tests.unit.test_checked_export import INJECTIONS, ROWS, _export

# CSV filter: comma, double quote, UTF-8, from row 1; raw values (not as shown); -1: every sheet
# to its own file NAME-SHEET.csv (LibreOffice 7.2 and later)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install "
    "libreoffice-calc-nogui to run the real-spreadsheet check",
)


def _as_text(value: object) -> str:
    """What LibreOffice writes for a cell openpyxl reads as `value`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0:
            return value.strftime("%m/%d/%Y")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def _convert(workbook: Path, folder: Path) -> dict[str, list[list[str]]]:
    result = libreoffice_convert([workbook], CSV_FILTER, folder / "csv", folder / "profile")
    sheets = {}
    for name in SHEETS:
        path = folder / "csv" / f"{workbook.stem}-{name}.csv"
        assert path.exists(), f"LibreOffice wrote no {path.name}: {result.stdout} {result.stderr}"
        with path.open(newline="", encoding="utf-8") as handle:
            sheets[name] = list(csv.reader(handle))
    return sheets


def test_libreoffice_reads_the_same_values(conn, tmp_path):
    out = tmp_path / "checked.xlsx"
    _export(conn, write_csv(tmp_path / "worklist.csv", ROWS), out)
    converted = _convert(out, tmp_path)
    book = load_workbook(out)
    for name in SHEETS:
        expected = [[_as_text(v) for v in row] for row in book[name].iter_rows(values_only=True)]
        got = [row + [""] * (len(expected[0]) - len(row)) for row in converted[name]]
        width = max(len(row) for row in expected)
        expected = [row + [""] * (width - len(row)) for row in expected]
        got = [row + [""] * (width - len(row)) for row in got]
        assert got == expected, name
    lines = [cell for row in converted["Lines"] for cell in row]
    assert set(INJECTIONS) <= set(lines)
    assert "0446T" in lines and "02" in lines and "02134" in lines
