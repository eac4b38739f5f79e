"""Worklist workbooks read safely: a formula saved without its result is reported, never read
as blank; hidden sheets are not loaded (a notice says so); a workbook that would unpack past the
limit is refused before it is read; calamine and the openpyxl fallback read the same claims."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
import xlsxwriter
from openpyxl import Workbook

from core.claims_io import load_worklist, worklist_xlsx
from tests.support.worklists import HEADER, worklist_row, write_xlsx

ROW = worklist_row()


def _row(claim_id: object, code: str, charge: object = "80.00") -> list[object]:
    row = list(ROW)
    row[0], row[10], row[13] = claim_id, code, charge
    return row


def test_formulas_without_a_saved_result_are_reported_where_they_are(tmp_path):
    # openpyxl writes formulas without their results, as many programs do
    path = write_xlsx(
        tmp_path / "formulas.xlsx",
        {
            "Claims": [
                HEADER,
                _row("1001", "99213"),
                _row("1001", "71046", "=N2*2"),
                _row('="10"&"02"', "99214"),
                _row("", "93000"),
            ]
        },
    )
    result = load_worklist([path])
    (claim,) = result.claims
    assert claim.claim_id == "1001" and [line.code for line in claim.lines] == ["99213"]
    assert claim.incomplete
    where = {(p.sheet, p.row, p.column) for p in result.problems}
    assert ("Claims", 3, "charge") in where  # the charge formula: line not loaded
    assert ("Claims", 4, "claim_id") in where  # the claim id formula: row not loaded
    formula = [p for p in result.problems if "formula saved without its result" in p.message]
    assert {(p.row, p.column) for p in formula} == {(3, "charge"), (4, "claim_id")}
    assert "not taken as part of the claim above" in next(p.message for p in formula if p.row == 4)
    # the row after the formula id is not merged into claim 1001 either
    assert any(p.row == 5 and "no claim id" in p.message for p in result.problems)
    assert "C3" in str(formula[0]) or "column N" in str(formula[0])


def test_formulas_with_a_saved_result_read_their_result(tmp_path):
    path = tmp_path / "calculated.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Claims")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ROW)
    sheet.write_formula(1, 13, "=100+25", None, 125)  # what Excel saves: formula and result
    sheet.write_formula(1, 0, '="10"&"01"', None, "1001")
    book.close()
    result = load_worklist([path])
    assert result.problems == ()
    (claim,) = result.claims
    assert claim.claim_id == "1001" and claim.lines[0].charge == Decimal("125.00")


def test_hidden_sheets_are_not_loaded_and_said_so(tmp_path):
    book = Workbook()
    shown = book.active
    shown.title = "Claims"
    for row in (HEADER, _row("1001", "99213")):
        shown.append(row)
    for title, state in (("Old claims", "hidden"), ("Macro", "veryHidden")):
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in (HEADER, _row("9001", "99215")):
            sheet.append(row)
    lists = book.create_sheet("Lists")  # a hidden helper sheet: no notice
    lists.sheet_state = "hidden"
    lists.append(["11", "22"])
    book.save(tmp_path / "hidden.xlsx")
    result = load_worklist([tmp_path / "hidden.xlsx"])
    assert [c.claim_id for c in result.claims] == ["1001"]
    notices = {p.sheet: p.message for p in result.problems}
    assert set(notices) == {"Old claims", "Macro"}
    assert "is hidden in Excel" in notices["Old claims"] and "Unhide" in notices["Old claims"]
    assert "is very hidden" in notices["Macro"]


def test_a_workbook_whose_only_worklist_is_hidden_says_so(tmp_path):
    book = Workbook()
    book.active.append(["notes"])
    hidden = book.create_sheet("Claims")
    hidden.sheet_state = "hidden"
    for row in (HEADER, _row("1001", "99213")):
        hidden.append(row)
    book.save(tmp_path / "only_hidden.xlsx")
    result = load_worklist([tmp_path / "only_hidden.xlsx"])
    assert result.claims == ()
    (problem,) = result.problems
    assert "hidden sheet 'Claims'" in problem.message and "Unhide" in problem.message


def test_a_workbook_that_unpacks_past_the_limit_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Claims")
    sheet.write_row(0, 0, HEADER)
    for number in range(1, 40_000):
        sheet.write_row(number, 0, ROW)
    book.close()
    packed = path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    assert unpacked > 10 * packed  # it packs like a bomb does
    monkeypatch.setattr(worklist_xlsx, "MAX_UNPACKED", unpacked // 2)
    result = load_worklist([path])
    assert result.claims == ()
    (problem,) = result.problems
    assert problem.file == "bomb.xlsx" and "refused" in problem.message
    assert "unpacks to" in problem.message and "save it as CSV" in problem.message


def test_shared_strings_past_their_limit_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "strings.xlsx"
    book = xlsxwriter.Workbook(str(path))  # shared strings (not constant memory)
    sheet = book.add_worksheet("Claims")
    sheet.write_row(0, 0, HEADER)
    for number in range(1, 2000):
        sheet.write_row(number, 0, [f"claim {number}", *ROW[1:]])
    book.close()
    monkeypatch.setattr(worklist_xlsx, "MAX_SHARED_STRINGS", 10_000)
    (problem,) = load_worklist([path]).problems
    assert "shared strings unpack to" in problem.message


def test_a_part_bigger_than_its_zip_entry_says_is_refused(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"Claims": [HEADER, ROW]})
    lying = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(lying, "w") as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
    data = bytearray(lying.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(lying) as archive:
        info = archive.getinfo(name.decode())
    # shrink the declared size in the local header and the central directory: unpacking then
    # gives more than declared, which is how a bomb hides its size
    for start in (info.header_offset, bytes(data).rfind(b"PK\x01\x02", 0, bytes(data).rfind(name))):
        field = start + (22 if data[start : start + 4] == b"PK\x03\x04" else 24)
        data[field : field + 4] = (10).to_bytes(4, "little")
    lying.write_bytes(bytes(data))
    result = load_worklist([lying])
    assert result.claims == ()
    (problem,) = result.problems
    assert problem.file == "lying.xlsx"


def test_rows_and_columns_keep_their_place_when_the_sheet_starts_further_in(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Claims"
    for number, row in enumerate((HEADER, _row("1001", "99213", "abc")), start=3):
        for column, value in enumerate(row, start=3):
            sheet.cell(number, column, value)
    book.save(tmp_path / "offset.xlsx")
    result = load_worklist([tmp_path / "offset.xlsx"])
    problem = result.problems[0]
    assert (problem.row, problem.column, problem.column_number) == (4, "charge", 16)
    assert str(problem).startswith("offset.xlsx, sheet Claims, row 4, column P (charge)")


@pytest.mark.parametrize(
    "rows", [[HEADER, ROW, _row("", "71046", "(5.00)"), _row("1002", "0446T", 12.5)]]
)
def test_calamine_and_the_openpyxl_fallback_read_the_same_claims(tmp_path, monkeypatch, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "Claims"
    for row in rows:
        sheet.append(row)
    sheet["D2"].value = __import__("datetime").date(1950, 3, 14)  # a real date cell
    sheet["M3"].value = 2  # a number cell
    book.save(tmp_path / "w.xlsx")
    fast = load_worklist([tmp_path / "w.xlsx"])

    def no_calamine(path, parts):
        raise RuntimeError("calamine refuses")

    monkeypatch.setattr(worklist_xlsx, "_calamine_sheets", no_calamine)
    slow = load_worklist([tmp_path / "w.xlsx"])
    assert fast.claims == slow.claims and fast.problems == slow.problems
    assert [line.units for c in fast.claims for line in c.lines] == [1, 2, 1]
