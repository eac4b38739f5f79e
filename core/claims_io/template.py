"""The empty worklist: a Claims sheet with the canonical headers (codes formatted as text so
Excel keeps leading zeros, dates as dates, charges as money) and an Instructions sheet that
explains every column, the header aliases read, and the accepted formats."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.tabular import MONEY_FORMAT, ExportError, write_atomically

from .columns import COLUMNS, OPTIONAL_COLUMNS, REQUIRED, Column

CLAIMS_SHEET = "Claims"
INSTRUCTIONS_SHEET = "Instructions"
_DATE_FORMAT = "mm/dd/yyyy"
_TEXT_FORMAT = "@"
_NUMBER_COLUMNS = {"units": "0.##", "charge": MONEY_FORMAT}
_DATE_COLUMNS = {"dos", "patient_dob"}

GENERAL_RULES = (
    "One row per service line. Rows with the same claim_id are one claim.",
    "Claim-level columns (payer, patient, NPIs, pos, service_zip, dx1-dx12) are repeated on "
    "every row of the claim or left blank on its later rows; rows that disagree are reported.",
    "A blank claim_id continues the claim of the row above (merged cells work too).",
    f"Required columns: {', '.join(REQUIRED)}. Headers may be in any case and order, and the "
    "aliases listed below are read as the same column. Other columns are ignored.",
    "Dates: 2025-03-14, 03/14/2025, 20250314 or an Excel date. Write years in full.",
    "Modifiers: up to 4, in one cell ('26 59' or '26,59') or in columns mod1-mod4.",
    "Diagnosis pointers: letters ('AB': A is dx1) or numbers ('1,2'); up to 4 per line.",
    "ICD-10-CM codes with or without the dot (C34.90 or C3490).",
    "A row that cannot be read is reported with its sheet, row and column; the other rows "
    "still load. Fix the cell and load the file again.",
    "Keep this sheet or delete it: sheets without the worklist headers are skipped.",
)


def write_template(path: Path) -> None:
    """Write the template to `path` (.xlsx) via a temporary file renamed into place."""
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"{path.name}: the template is an Excel workbook; name it .xlsx")
    write_atomically(path, lambda temporary: _workbook().save(temporary))


def _workbook() -> Workbook:
    book = Workbook()
    claims = book.active
    assert isinstance(claims, Worksheet)
    claims.title = CLAIMS_SHEET
    claims.append([column.name for column in COLUMNS])
    claims.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        claims.cell(row=1, column=index).font = Font(bold=True)
        dimension = claims.column_dimensions[letter]
        dimension.width = max(10, len(column.name) + 4)
        if column.name in _DATE_COLUMNS:
            dimension.number_format = _DATE_FORMAT
        else:
            dimension.number_format = _NUMBER_COLUMNS.get(column.name, _TEXT_FORMAT)
    _instructions(book.create_sheet(INSTRUCTIONS_SHEET))
    return book


def _instructions(sheet: Worksheet) -> None:
    sheet.append(["How to fill in the Claims sheet"])
    sheet["A1"].font = Font(bold=True, size=14)
    for rule in GENERAL_RULES:
        sheet.append([rule])
    sheet.append([])
    sheet.append(
        ["Column", "Level", "What it holds", "How to write it", "Headers also read as this column"]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append(_describe(column))
    sheet.append([])
    sheet.append(["Optional columns (not in the template; add them when you need them)"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for column in OPTIONAL_COLUMNS:
        sheet.append(_describe(column))
    widths = {"A": 16, "B": 8, "C": 60, "D": 40, "E": 60}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _describe(column: Column) -> list[str]:
    level = "claim" if column.level == "claim" else "line"
    return [column.name, level, column.meaning, column.formats, ", ".join(column.aliases)]
