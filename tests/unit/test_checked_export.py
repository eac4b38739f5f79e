"""The checked-claims workbook: sheets, headers, values, formats, formula-looking text kept as
text, the Lines round trip (export, load, scrub, export gives the same cells) and safe writing."""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.claims.checked import CheckedClaim
from core.claims_io import load_worklist
from core.claims_io.checked_workbook import (
    CLAIM_HEADERS,
    FINDING_HEADERS,
    LINE_HEADERS,
    SHEETS,
    write_checked_workbook,
)
from core.claims_io.columns import ALIASES, CANONICAL_HEADERS, header_key
from core.jobs import Cancelled
from core.scrub.engine import scrub
from core.tabular import MONEY_FORMAT, ExportError
from tests.support.worklists import write_csv

AS_OF = date(2025, 12, 1)
CHECKED_AT = datetime(2025, 12, 1, 9, 30)
RELEASES = "PFS RVU25D, ICD-10-CM FY2026"
INJECTIONS = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-3+4", "@SUM(A1:A2)", "#N/A"]
HEAD = list(CANONICAL_HEADERS)


def _row(
    claim_id: str,
    payer: str,
    hcpcs: str,
    pos: str = "11",
    dob: str = "1950-03-14",
    charge: str = "125.00",
    pointers: str = "A",
    zip_code: str = "",
    patient: str = "P1",
    modifiers: str = "",
    units: str = "1",
) -> list[str]:
    dx = ["I10", "E11.9"] + [""] * 10
    return [
        claim_id,
        payer,
        patient,
        dob,
        "F",
        "1234567893",
        "1245319599",
        pos,
        zip_code,
        "2025-11-03",
        hcpcs,
        modifiers,
        units,
        charge,
        pointers,
        *dx,
    ]


ROWS = [
    HEAD,
    _row("1001", "Medicare", "99213"),
    _row("1001", "Medicare", "0446T", modifiers="59", pointers="AB", charge="250.5"),
    _row("1002", INJECTIONS[0], "99214", pos="02", zip_code="02134", patient=INJECTIONS[1]),
    _row("1003", INJECTIONS[2], "99213", patient=INJECTIONS[3], units="2", charge="80"),
    _row("1004", INJECTIONS[4], "99999", dob=""),  # an unknown code: an error
]


@pytest.fixture
def worklist(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "worklist.csv", ROWS)


def _export(conn, source: Path, out: Path) -> list[CheckedClaim]:
    loaded = load_worklist([source])
    assert loaded.claims and not loaded.problems, loaded.problems
    checked = scrub(conn, loaded.claims, AS_OF)
    write_checked_workbook(out, checked, RELEASES, CHECKED_AT)
    return checked


def _values(path: Path, sheet: str) -> list[tuple[object, ...]]:
    book = load_workbook(path)
    try:
        return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()


def test_sheets_headers_and_formats(conn, worklist, tmp_path):
    out = tmp_path / "checked.xlsx"
    checked = _export(conn, worklist, out)
    book = load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    lines, claims, findings = book["Lines"], book["Claims"], book["Findings"]
    assert [c.value for c in lines[1]] == list(LINE_HEADERS)
    assert [c.value for c in claims[1]] == list(CLAIM_HEADERS)
    assert [c.value for c in findings[1]] == list(FINDING_HEADERS)
    for sheet in (lines, claims, findings):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.b for cell in sheet[1])
    assert lines.auto_filter.ref.endswith(str(lines.max_row))
    assert lines.max_row == 1 + sum(len(c.claim.lines) for c in checked)
    assert claims.max_row == 1 + len(checked)
    assert findings.max_row == 1 + sum(len(c.findings) for c in checked)
    assert lines.column_dimensions["A"].width >= 10
    col = {name: i for i, name in enumerate(LINE_HEADERS)}
    second = lines[3]
    assert second[col["hcpcs"]].value == "0446T" and second[col["hcpcs"]].data_type == "s"
    assert second[col["modifiers"]].value == "59"
    assert second[col["dx_pointers"]].value == "AB"
    assert second[col["charge"]].value == 250.5
    assert second[col["charge"]].number_format == MONEY_FORMAT
    assert second[col["dos"]].value == datetime(2025, 11, 3)
    assert second[col["dos"]].is_date
    assert second[col["patient_dob"]].value == datetime(1950, 3, 14)
    third = lines[4]
    assert third[col["pos"]].value == "02" and third[col["service_zip"]].value == "02134"
    assert lines[5][col["units"]].value == 2


def test_status_amounts_and_findings(conn, worklist, tmp_path):
    out = tmp_path / "checked.xlsx"
    checked = _export(conn, worklist, out)
    by_id = {c.claim.claim_id: c for c in checked}
    claims = {
        row[0]: dict(zip(CLAIM_HEADERS, row, strict=True)) for row in _values(out, "Claims")[1:]
    }
    first = claims["1001"]
    assert first["status"] == by_id["1001"].status
    assert first["lines"] == 2 and first["charge_total"] == 375.5
    assert Decimal(str(first["expected_allowed"])) == by_id["1001"].expected_amount
    assert claims["1004"]["status"] == "errors" and claims["1004"]["errors"] >= 1
    found = [dict(zip(FINDING_HEADERS, row, strict=True)) for row in _values(out, "Findings")[1:]]
    assert {(f["claim_id"], f["rule"]) for f in found} == {
        (c.claim.claim_id, f.rule) for c in checked for f in c.findings
    }
    unknown = next(f for f in found if f["claim_id"] == "1004" and f["line"] == 1)
    assert unknown["severity"] == "warning"  # 99999: not in the bundled fee schedule
    assert unknown["message"] and unknown["fix"] and unknown["source"]
    lines = [dict(zip(LINE_HEADERS, row, strict=True)) for row in _values(out, "Lines")[1:]]
    bad_line = next(line for line in lines if line["claim_id"] == "1004")
    assert bad_line["status"] == "warnings" and unknown["rule"] in bad_line["findings"]
    assert next(line for line in lines if line["claim_id"] == "1002")["status"] == "clean"
    summary = dict(row[:2] for row in _values(out, "Summary") if row[0])
    assert summary["claims"] == 4 and summary["data releases used"] == RELEASES
    assert summary["checked at"] == CHECKED_AT
    assert summary["with errors"] == sum(c.status == "errors" for c in checked)
    assert any(row[0] == unknown["rule"] for row in _values(out, "Summary"))


def test_formula_looking_text_stays_text(conn, worklist, tmp_path):
    out = tmp_path / "checked.xlsx"
    _export(conn, worklist, out)
    book = load_workbook(out)  # formulas would load as "=..." with data_type "f"
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert set(INJECTIONS) <= texts


def test_round_trip_gives_the_same_lines(conn, worklist, tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    _export(conn, worklist, first)
    _export(conn, first, second)
    assert _values(first, "Lines") == _values(second, "Lines")
    assert len(_values(first, "Lines")) == len(ROWS)


def test_extra_line_columns_are_not_read_as_worklist_columns():
    extras = LINE_HEADERS[len(CANONICAL_HEADERS) :]
    assert [ALIASES.get(header_key(h)) for h in extras] == ["line_pos", None, None, None]


def test_wrong_suffix_and_unwritable_file(conn, worklist, tmp_path):
    with pytest.raises(ExportError, match="xlsx"):
        write_checked_workbook(tmp_path / "out.csv", [], RELEASES, CHECKED_AT)
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "checked.xlsx"
    target.write_bytes(b"the previous export")
    if os.name == "posix" and os.geteuid() != 0:
        folder.chmod(0o500)  # like a file open in Excel on Windows: cannot be replaced
        try:
            with pytest.raises(ExportError, match="cannot be written"):
                write_checked_workbook(target, [], RELEASES, CHECKED_AT)
        finally:
            folder.chmod(0o700)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in folder.iterdir()] == ["checked.xlsx"]


def test_failure_while_writing_leaves_no_file(tmp_path, monkeypatch):
    from core.claims_io import checked_workbook

    def broken(self, *args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(checked_workbook._Book, "save", broken)
    with pytest.raises(ExportError, match="No space left"):
        write_checked_workbook(tmp_path / "checked.xlsx", [], RELEASES, CHECKED_AT)
    assert list(tmp_path.iterdir()) == []


def test_empty_worklist_writes_headers_only(tmp_path):
    out = tmp_path / "empty.xlsx"
    write_checked_workbook(out, [], RELEASES, CHECKED_AT)
    assert _values(out, "Lines") == [tuple(LINE_HEADERS)]


def test_cli_writes_the_workbook(tmp_path, built_db, worklist):
    from tests.unit.test_cli import run

    out = tmp_path / "checked.xlsx"
    result = run(
        "scrub", str(worklist), "--db", str(built_db), "--as-of", "2025-12-01", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote the checked claims to {out}" in result.stdout
    assert len(_values(out, "Lines")) == len(ROWS)
    summary = dict(row[:2] for row in _values(out, "Summary") if row[0])
    assert summary["claims"] == 4 and "PFS" in str(summary["data releases used"])
    wrong = run("scrub", str(worklist), "--db", str(built_db), "-o", str(tmp_path / "x.csv"))
    assert wrong.returncode == 2 and ".xlsx" in wrong.stderr


def test_file_open_in_another_program_gets_a_message(tmp_path, monkeypatch):
    target = tmp_path / "checked.xlsx"
    target.write_bytes(b"the previous export")

    def locked(source, destination):
        raise PermissionError(13, "Permission denied")  # what Windows says for an open file

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError, match="open in another program"):
        write_checked_workbook(target, [], RELEASES, CHECKED_AT)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["checked.xlsx"]


def test_line_amounts_fill_the_expected_allowed_column(conn, worklist, tmp_path):
    out = tmp_path / "checked.xlsx"
    checked = _export(conn, worklist, out)
    expected = [item.line_amounts.get(line.number) for item in checked for line in item.claim.lines]
    assert any(amount is not None for amount in expected)
    for item in checked:  # the lines add up to the claim's expected amount
        priced = [a for a in item.line_amounts.values() if a is not None]
        if item.expected_amount is not None:
            assert sum(priced, Decimal(0)) == item.expected_amount
    sheet = load_workbook(out)["Lines"]
    column = LINE_HEADERS.index("expected_allowed")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [None if c.value is None else Decimal(str(c.value)) for c in cells] == expected
    assert {c.number_format for c in cells if c.value is not None} == {MONEY_FORMAT}


def test_round_trip_of_varied_cells(conn, tmp_path):
    head = [*HEAD, "line_pos"]
    dx = ["C3490", "e11.9", "I10"] + [""] * 9
    first = [
        "2001",
        "BCBS",
        "00123",
        "03/14/1950",
        "Male",
        "1234567893",
        "1245319599",
        "2",
        "02134-1234",
        "11/03/2025",
        "77067",
        "26 59",
        "1.5",
        "$1,200",
        "1,2,3",
        *dx,
        "22",
    ]
    later = [
        *[""] * 9,  # the claim's cells, given on its first row
        "2025-11-04",
        "99213-25",
        "",
        "3",
        "(5.00)",
        "B",
        *[""] * 12,
        "",
    ]
    source = write_csv(tmp_path / "varied.csv", [head, first, later])
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    _export(conn, source, one)
    _export(conn, one, two)
    lines = _values(one, "Lines")
    assert lines == _values(two, "Lines")
    row = dict(zip(LINE_HEADERS, lines[1], strict=True))
    assert (row["patient_id"], row["pos"], row["service_zip"], row["patient_sex"]) == (
        "00123",
        "02",
        "02134",
        "M",
    )
    assert (row["modifiers"], row["units"], row["charge"], row["dx_pointers"]) == (
        "26 59",
        1.5,
        1200,
        "ABC",
    )
    assert (row["dx1"], row["dx2"], row["line_pos"]) == ("C34.90", "E11.9", "22")
    second = dict(zip(LINE_HEADERS, lines[2], strict=True))
    assert (second["claim_id"], second["hcpcs"], second["modifiers"], second["charge"]) == (
        "2001",
        "99213",
        "25",
        -5,
    )


def test_progress_and_cancel(conn, worklist, tmp_path):
    checked = scrub(conn, load_worklist([worklist]).claims, AS_OF) * 200  # 800 claims
    seen: list[tuple[str, float]] = []
    out = tmp_path / "checked.xlsx"
    write_checked_workbook(
        out,
        checked,
        RELEASES,
        CHECKED_AT,
        progress=lambda text, fraction: seen.append((text, fraction)),
    )
    total = len(checked) + sum(len(c.claim.lines) + len(c.findings) for c in checked)
    assert len(seen) > 3 and seen[-1] == (f"Wrote {total:,} of {total:,} rows", 1.0)
    assert [f for _, f in seen] == sorted(f for _, f in seen)

    def cancel(text: str, fraction: float) -> None:
        raise Cancelled

    out.write_bytes(b"the previous export")
    with pytest.raises(Cancelled):
        write_checked_workbook(out, checked, RELEASES, CHECKED_AT, progress=cancel)
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == ["checked.xlsx"]
    from openpyxl.worksheet._writer import ALL_TEMP_FILES  # one per write-only sheet

    assert not [p for p in ALL_TEMP_FILES if os.path.exists(p)]
