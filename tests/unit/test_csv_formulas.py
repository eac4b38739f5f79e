"""Every CSV the app writes keeps formula-looking text as text (issue 16, item 5): the fee
batch, a fee schedule or the fee tab's table (core.tabular.write_table), the worklist saved as
.csv. Before, `fee --batch ... -o out.csv` wrote "=HYPERLINK(...)", "+cmd|..." and "@SUM(...)"
raw, and a spreadsheet opening the file ran them. A real spreadsheet (LibreOffice, evaluating
formulas as Excel does) reads the files where it is installed."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.claims_io import load_worklist
from core.claims_io.worklist_writer import write_worklist
from core.tabular import csv_text, write_table
from tests.support.faults import run_cli
from tests.support.libreoffice import SOFFICE, libreoffice_convert
from tests.support.worklists import HEADER, visit_row, write_csv

INJECTIONS = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def rows_of(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_guard_keeps_formula_text_as_text_and_numbers_as_numbers():
    for text in INJECTIONS:
        assert csv_text(text) == "'" + text
    for text in ("-12.50", "+1", "-3", ".5", "99213", "Smith, John", "#N/A", ""):
        assert csv_text(text) == text


def test_write_table_guards_every_text_cell_and_leaves_numbers(tmp_path):
    out = tmp_path / "fees.csv"
    write_table(
        out,
        ["code", "=header", "amount"],
        [[text, "note", Decimal("-12.50")] for text in INJECTIONS],
    )
    rows = rows_of(out)
    assert rows[0] == ["code", "'=header", "amount"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in INJECTIONS]
    assert {row[2] for row in rows[1:]} == {"-12.50"}


def test_fee_batch_csv_holds_no_formula(built_db, tmp_path):
    batch = tmp_path / "batch.csv"
    batch.write_text(
        'hcpcs,modifier,carrier,locality\n99213,,01112,05\n"=HYPERLINK(""x"")",,01112,05\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"

    result = run_cli(
        "fee", "--batch", str(batch), "-o", str(out), "--date", "2026-03-01", "--db", str(built_db)
    )

    assert result.returncode == 0, result.stderr
    assert "priced 1 of 2 rows" in result.stdout
    assert "; 1 row could not be priced (see their note)" in result.stdout  # was "1 rows"
    rows = rows_of(out)
    assert rows[2][0] == '\'=HYPERLINK("x")'
    assert rows[2][-1].startswith("batch.csv line 3: =HYPERLINK")  # no guard needed mid-text


def test_a_worklist_saved_as_csv_is_guarded_and_opens_as_it_was(tmp_path):
    source = write_csv(
        tmp_path / "april.csv",
        [
            HEADER,
            visit_row(
                "1001", INJECTIONS[1], payer=INJECTIONS[0], service_zip="10001", modifiers="25"
            ),
        ],
    )
    claims = load_worklist([source]).claims
    saved = tmp_path / "saved.csv"
    write_worklist(saved, claims)

    row = rows_of(saved)[1]
    assert "'" + INJECTIONS[0] in row and "'" + INJECTIONS[1] in row
    again = load_worklist([saved])
    assert not again.problems
    assert (again.claims[0].payer, again.claims[0].patient.id) == (INJECTIONS[0], INJECTIONS[1])


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get "
    "install libreoffice-calc-nogui to open the CSV files in a real spreadsheet",
)
def test_a_spreadsheet_evaluating_formulas_finds_none_in_the_csv_files(tmp_path):
    plain = tmp_path / "plain.csv"  # what the app wrote before: run as formulas
    plain.write_text('code\n"=HYPERLINK(""x"",""y"")"\n', encoding="utf-8")
    guarded = tmp_path / "guarded.csv"
    write_table(guarded, ["code"], [[text] for text in INJECTIONS])
    # LibreOffice's CSV filter, evaluating formulas as Excel does (the 13th option)
    infilter = "CSV:44,34,76,1,,0,false,false,false,false,false,-1,true"
    libreoffice_convert(
        [plain, guarded], "xlsx", tmp_path / "out", tmp_path / "profile", infilter=infilter
    )

    def cells(name: str) -> list[tuple[str, object]]:
        book = load_workbook(tmp_path / "out" / name)
        found = [(c.data_type, c.value) for row in book.active.iter_rows(min_row=2) for c in row]
        book.close()
        return found

    assert cells("plain.xlsx") == [("f", '=HYPERLINK("x","y")')]  # the spreadsheet runs it
    # all text (a carriage return inside a cell reads back as a line feed)
    assert cells("guarded.xlsx") == [("s", "'" + text.replace("\r", "\n")) for text in INJECTIONS]
