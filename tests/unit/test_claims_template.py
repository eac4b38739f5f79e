"""The empty worklist template: written atomically, read back as zero claims and zero problems,
with the canonical headers and an instructions sheet that explains every column."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from core.claims_io import load_worklist
from core.claims_io.columns import (
    ALIASES,
    CANONICAL_HEADERS,
    COLUMNS,
    OPTIONAL_COLUMNS,
    header_key,
    map_header,
)
from core.claims_io.template import CLAIMS_SHEET, INSTRUCTIONS_SHEET, write_template
from core.tabular import ExportError

ISSUE_HEADERS = [
    "claim_id",
    "payer",
    "patient_id",
    "patient_dob",
    "patient_sex",
    "billing_npi",
    "rendering_npi",
    "pos",
    "service_zip",
    "dos",
    "hcpcs",
    "modifiers",
    "units",
    "charge",
    "dx_pointers",
    *(f"dx{n}" for n in range(1, 13)),
]


def test_canonical_headers_are_the_issue_s():
    assert list(CANONICAL_HEADERS) == ISSUE_HEADERS


def test_template_round_trip(tmp_path):
    path = tmp_path / "claims_template.xlsx"
    write_template(path)
    result = load_worklist([path])
    assert result.claims == () and result.problems == () and result.files_read == (str(path),)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == [CLAIMS_SHEET, INSTRUCTIONS_SHEET]
    header = next(book[CLAIMS_SHEET].iter_rows(values_only=True))
    assert list(header) == ISSUE_HEADERS
    text = "\n".join(
        str(cell)
        for row in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    book.close()
    for column in COLUMNS + OPTIONAL_COLUMNS:
        assert column.name in text and column.meaning in text
        assert all(alias in text for alias in column.aliases)
    for words in ("03/14/2025", "Excel", "'26 59'", "'AB'", "'1,2'", "C34.90 or C3490"):
        assert words in text


def test_template_formats_codes_as_text_and_dates_as_dates(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    sheet = load_workbook(path)[CLAIMS_SHEET]
    formats = {
        sheet.cell(row=1, column=i).value: sheet.column_dimensions[letter].number_format
        for i, letter in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ", start=1)
    }
    assert formats["hcpcs"] == formats["pos"] == formats["dx1"] == "@"
    assert formats["dos"] == formats["patient_dob"] == "mm/dd/yyyy"
    assert sheet.freeze_panes == "A2"


def test_template_needs_an_xlsx_name_and_an_existing_folder(tmp_path):
    with pytest.raises(ExportError, match="name it .xlsx"):
        write_template(tmp_path / "t.csv")
    with pytest.raises(ExportError, match="does not exist"):
        write_template(tmp_path / "no" / "t.xlsx")
    assert list(tmp_path.iterdir()) == []  # no partial file left behind


def test_every_alias_maps_to_one_column():
    for column in COLUMNS + OPTIONAL_COLUMNS:
        for alias in (column.name, *column.aliases):
            assert ALIASES[header_key(alias)] == column.name
    assert header_key(" Date of Service ") == header_key("date_of_service") == "dateofservice"
    assert map_header(["ICD 10"]).fields == {"dx1": 0}  # the ICD-10 column, not dx10
    assert map_header(["ICD 1", "ICD-10 2"]).fields == {"dx1": 0, "dx2": 1}
