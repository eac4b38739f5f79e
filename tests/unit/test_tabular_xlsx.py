"""The fast row writer (core.tabular.FastRows) writes the XML xlsxwriter writes itself for the
same cells, byte for byte, and keeps every text literal: formulas, error values, numbers with
leading zeros, links, control characters and Excel's own escapes."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from core.tabular import MONEY_FORMAT, FastRows, XlsxWriter, literal_text

TEXTS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-3+4",
    "@SUM(A1:A2)",
    "#N/A",
    "00123",
    "https://example.com",
    " padded ",
    "tab\there",
    "line\nbreak",
    "cr\rhere",
    "a & b < c > d",
    "_x0041_ looks escaped",
    "bell\x07gone",
    "é ü 中",
    "x" * 40000,
]


def _rows(xlsx: XlsxWriter) -> list[list[tuple[int, str, object, object]]]:
    return [
        [
            (0, "text", text, None),
            (2, "number", 12.5, xlsx.money),
            (3, "number", 7, None),
            (4, "date", date(2025, 11, 3), xlsx.date),
            (5, "bool", n % 2 == 0, None),
            (6, "text", "errors", xlsx.fills["errors"]),
        ]
        for n, text in enumerate(TEXTS)
    ]


def _write(path: Path, fast: bool) -> None:
    xlsx = XlsxWriter(path, {"errors": "FFC7CE"})
    sheet = xlsx.sheet("Claims", ["a", "b", "c", "d", "e", "f", "g"], [10] * 7)
    rows = FastRows(xlsx, sheet)
    for number, cells in enumerate(_rows(xlsx), start=1):
        if fast:
            rows.row(number, cells)
            continue
        for column, kind, value, style in cells:
            if kind == "text":
                xlsx.text(sheet, number, column, str(value), style)
            elif kind == "date":
                sheet.write_datetime(number, column, value, style)
            elif kind == "bool":
                sheet.write_boolean(number, column, value, style)
            else:
                sheet.write_number(number, column, value, style)
    sheet.autofilter(0, 0, len(TEXTS), 6)
    xlsx.close()


def test_fast_rows_are_the_xml_xlsxwriter_writes(tmp_path):
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    _write(fast, True)
    _write(slow, False)
    with zipfile.ZipFile(fast) as one, zipfile.ZipFile(slow) as two:
        assert one.namelist() == two.namelist()
        for name in one.namelist():
            if name != "docProps/core.xml":  # holds the time it was written
                assert one.read(name) == two.read(name), name


def test_text_stays_literal_and_formats_hold(tmp_path):
    out = tmp_path / "fast.xlsx"
    _write(out, True)
    sheet = load_workbook(out)["Claims"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:G{len(TEXTS) + 1}"
    assert all(cell.font.b for cell in sheet[1])
    texts = [sheet.cell(row, 1) for row in range(2, len(TEXTS) + 2)]
    assert all(cell.data_type == "s" for cell in texts)
    expected = [literal_text(t)[:32767] for t in TEXTS]
    # a carriage return is written as Excel's escape _x000D_, and text that looks like such an
    # escape gets its underscore escaped: Excel decodes both, openpyxl neither
    expected[TEXTS.index("cr\rhere")] = "cr_x000D_here"
    expected[TEXTS.index("_x0041_ looks escaped")] = "_x005F_x0041_ looks escaped"
    assert [cell.value for cell in texts] == expected
    assert "bell\x07gone" not in expected and "bellgone" in expected
    second = sheet[3]
    assert second[2].value == 12.5 and second[2].number_format == MONEY_FORMAT
    assert second[3].value == 7
    assert second[4].value == datetime(2025, 11, 3) and second[4].is_date
    assert second[5].value is False and sheet[2][5].value is True
    assert second[6].value == "errors" and second[6].fill.fgColor.rgb.endswith("FFC7CE")
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type in ("f", "e")]
    assert formulas == []
