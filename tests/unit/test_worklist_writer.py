"""A worklist saved as .xlsx or .csv in the canonical columns loads back as the same claims, and
saving those again gives the same file."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.claims.model import MINUTES, Claim, Source
from core.claims_io import load_worklist
from core.claims_io.worklist_writer import (
    WORKLIST_HEADERS,
    fields_not_written,
    write_worklist,
)
from core.jobs import Cancelled
from core.tabular import DATE_FORMAT, MONEY_FORMAT, ExportError
from tests.support.claims import claim, line
from tests.support.worklists import HEADER, visit_row, worklist_row, write_csv

NOWHERE = Source("nowhere")


def comparable(item: Claim) -> Claim:
    """The claim without where it was read from (a saved file is another source)."""
    return replace(
        item,
        source=NOWHERE,
        diagnoses=tuple(replace(d, raw="") for d in item.diagnoses),
        lines=tuple(replace(x, source=NOWHERE) for x in item.lines),
    )


@pytest.fixture
def worklist(tmp_path):
    """A biller's worklist: aliases, a leading-zero code, modifiers, decimals, a blank DOB,
    a line with its own place of service, two diagnoses and a formula-looking payer."""
    return write_csv(
        tmp_path / "april.csv",
        [
            [*HEADER, "line_pos"],
            [*visit_row("1001", service_zip="10001", modifiers="25", dx2="e11.9"), ""],
            [
                *[""] * 9,  # the claim's cells, given on its first row
                "11/03/2025",
                "93000",
                "",
                "1.5",
                "$40",
                "AB",
                "",
                "",
                "",
                "22",
            ],
            [
                *worklist_row(
                    claim_id="1002",
                    payer='=HYPERLINK("x")',
                    patient_id="P2",
                    patient_dob="",
                    patient_sex="M",
                    service_zip="",
                    dos="2025-11-04",
                    hcpcs="00142",
                    modifiers="26 59",
                    units="2",
                    charge="1,200.50",
                    dx1="C34.90",
                ),
                "",
            ],
        ],
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_saved_worklist_loads_back_as_the_same_claims_and_saves_the_same(
    worklist, tmp_path, suffix
):
    original = load_worklist([worklist])
    assert not original.problems and len(original.claims) == 2
    first = tmp_path / f"saved{suffix}"
    assert write_worklist(first, original.claims) == 3
    again = load_worklist([first])
    assert not again.problems
    assert [comparable(c) for c in again.claims] == [comparable(c) for c in original.claims]
    second = tmp_path / f"again{suffix}"
    write_worklist(second, again.claims)
    if suffix == ".csv":
        assert second.read_bytes() == first.read_bytes()
    else:
        assert _cells(second) == _cells(first)


def _cells(path):
    book = load_workbook(path)
    cells = [[(c.value, c.number_format, c.data_type) for c in row] for row in book["Claims"]]
    book.close()
    return cells


def test_the_xlsx_has_real_dates_money_and_text_codes(worklist, tmp_path):
    out = tmp_path / "saved.xlsx"
    write_worklist(out, load_worklist([worklist]).claims)
    book = load_workbook(out)
    sheet = book["Claims"]
    assert [c.value for c in sheet[1]] == list(WORKLIST_HEADERS) and sheet.freeze_panes == "A2"
    assert sheet[1][0].font.bold
    row = {name: cell for name, cell in zip(WORKLIST_HEADERS, sheet[4], strict=True)}
    assert row["dos"].value.date() == date(2025, 11, 4) and row["dos"].number_format == DATE_FORMAT
    assert row["charge"].value == 1200.5 and row["charge"].number_format == MONEY_FORMAT
    assert row["hcpcs"].value == "00142" and row["hcpcs"].data_type == "s"
    assert row["payer"].value == '=HYPERLINK("x")' and row["payer"].data_type == "s"
    assert row["patient_dob"].value is None
    book.close()


def test_an_837_claims_fields_without_a_worklist_column_are_named():
    from_837 = claim(
        line(units=Decimal(30), unit_basis=MINUTES),
        payer_id="MCR01",
        total_charge=Decimal("125.00"),
    )
    said = fields_not_written([from_837, claim()])
    assert said == [
        "payer id (1 claim)",
        "filing indicator (2 claims)",
        "total charge (1 claim)",
        "anesthesia minutes (1 claim)",
    ]


def test_a_cancelled_or_refused_save_leaves_the_previous_file(worklist, tmp_path):
    claims = load_worklist([worklist]).claims * 400
    out = tmp_path / "saved.xlsx"
    out.write_bytes(b"the last save")

    def cancel(text: str, fraction: float) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        write_worklist(out, claims, cancel)
    assert out.read_bytes() == b"the last save"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["april.csv", "saved.xlsx"]
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    assert not [p for p in ALL_TEMP_FILES if os.path.exists(p)]
    with pytest.raises(ExportError, match=r"\.xlsx or \.csv"):
        write_worklist(tmp_path / "saved.txt", claims)
