"""The denials workbook: its four sheets with text codes, money and dates, frozen headers, the
two Summary charts over the right cells, formula-looking text kept as text, and a failed write
leaving an existing file as it was."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.remit.importing import import_remittances
from core.remit.queries import Period
from core.remit.workbook import SHEETS, write_denials_workbook
from core.tabular import ExportError
from core.workspace import open_workspace
from tests.support.x12_835_writer import PaidClaim, PaidLine, Payment, write_835

D = Decimal
DOS = date(2025, 11, 3)
WRITTEN = datetime(2026, 11, 30, 9, 15)


@pytest.fixture
def ws(tmp_path: Path, conn):
    connection = open_workspace(tmp_path / "workspace.sqlite")
    denied = [
        PaidClaim(
            f"0{n}77",
            [
                PaidLine(
                    "01996",
                    D("90.00"),
                    modifiers=("26",),
                    service_date=DOS,
                    adjustments=(("CO", "4", D("90.00")),),
                    remarks=("N519",),
                )
            ],
            status="4",
            patient_last="@SUM(A1)",
            patient_id=f"P{n}",
        )
        for n in range(3)
    ]
    paid = PaidClaim(
        "=1+2",
        [
            PaidLine(
                "99213",
                D("100.00"),
                service_date=DOS,
                adjustments=(("CO", "45", D("40.00")), ("PR", "2", D("12.00"))),
            )
        ],
    )
    other = PaidClaim(
        "A1",
        [PaidLine("97110", D("50.00"), service_date=DOS, adjustments=(("CO", "97", D("50.00")),))],
    )
    path = tmp_path / "remit.835"
    write_835(
        path,
        [
            Payment("EFT1", [*denied, paid], payment_date=date(2025, 11, 20)),
            Payment(
                "CHK2",
                [other],
                payer_name='=HYPERLINK("http://x","pay")',
                payer_id="60054",
                payment_date=date(2025, 11, 21),
            ),
        ],
    )
    import_remittances(connection, conn, [path])
    yield connection
    connection.close()


def test_sheets_cells_and_charts(ws, tmp_path):
    out = tmp_path / "denials.xlsx"
    write_denials_workbook(out, ws, Period(), WRITTEN)
    book = load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    for sheet in book:
        assert sheet.freeze_panes == "A2"
    denied = book["Denied lines"]
    header = [c.value for c in denied[1]]
    rows = [dict(zip(header, (c for c in row), strict=True)) for row in denied.iter_rows(min_row=2)]
    assert len(rows) == 4 and denied.auto_filter.ref == "A1:L5"
    first = rows[0]
    assert first["code"].value == "01996" and first["code"].data_type == "s"
    assert first["claim_id"].value in {"0077", "0177", "0277"}
    assert first["patient"].value == "@SUM(A1), JANE" and first["patient"].data_type == "s"
    assert first["denied"].value == 90 and first["denied"].number_format == '"$"#,##0.00'
    assert first["paid_on"].value == datetime(2025, 11, 20)
    assert first["paid_on"].number_format == "mm/dd/yyyy"
    assert first["reason_in_words"].value.startswith("coding/modifier")
    hyperlink = [r for r in rows if r["code"].value == "97110"][0]
    assert hyperlink["payer"].value == '=HYPERLINK("http://x","pay")'
    assert hyperlink["payer"].data_type == "s"
    patterns = book["Patterns"]
    assert [c.value for c in patterns[2]] == [
        "MEDICARE PART B",
        "01996",
        "26",
        "4",
        "coding/modifier",
        3,
        3,
        100,
        270,
    ]
    summary = book["Summary"]
    values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0]}
    assert values["written at"] == WRITTEN and values["denied lines"] == 4
    assert values["dollars denied"] == 320 and values["claims"] == 5
    reasons, payers = summary._charts
    assert summary.cell(15, 1).value == "denials by reason"
    assert [summary.cell(r, 1).value for r in (16, 17)] == ["CARC 4", "CARC 97"]
    assert summary.cell(19, 1).value == "denial rate by payer"
    assert reasons.series[0].val.numRef.f.replace("'", "") == "Summary!$D$16:$D$17"
    assert reasons.series[0].cat.numRef.f.replace("'", "") == "Summary!$A$16:$A$17"
    assert payers.series[0].val.numRef.f.replace("'", "") == "Summary!$E$20:$E$21"


def test_a_period_and_an_empty_workbook(ws, tmp_path):
    out = tmp_path / "later.xlsx"
    write_denials_workbook(out, ws, Period(start=date(2025, 11, 21)), WRITTEN)
    book = load_workbook(out)
    assert book["Denied lines"].max_row == 2 and book["Patterns"].max_row == 2
    write_denials_workbook(out, ws, Period(payer="NOBODY"), WRITTEN)
    book = load_workbook(out)
    assert book["Denied lines"].max_row == 1 and book["Summary"]._charts == []


def test_a_failed_write_keeps_the_old_file(ws, tmp_path):
    out = tmp_path / "denials.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(ExportError, match="name it .xlsx"):
        write_denials_workbook(tmp_path / "denials.csv", ws, Period(), WRITTEN)
    with pytest.raises(ExportError, match="does not exist"):
        write_denials_workbook(tmp_path / "missing" / "d.xlsx", ws, Period(), WRITTEN)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "d.xlsx").mkdir()  # a folder where the file should go: rename fails
    with pytest.raises(ExportError):
        write_denials_workbook(locked / "d.xlsx", ws, Period(), WRITTEN)
    assert out.read_bytes() == b"old"
    assert [p.name for p in locked.iterdir()] == ["d.xlsx"]
