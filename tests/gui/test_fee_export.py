"""The fee tab's exports to Excel: the breakdown and the encounter, formatted like the other
workbooks the app writes (money, dates, widths, a bold frozen header), and export errors said
in the message line."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from core.tabular import MONEY_FORMAT
from tests.gui.test_fee_tab import add_lines, settle, tab, type_code  # noqa: F401 (tab: a fixture)


def test_export_breakdown_to_excel(qtbot, tab, tmp_path):  # noqa: F811
    type_code(qtbot, tab, "99213")
    tab.view.payer.setValue(120)
    settle(qtbot, tab)
    path = tmp_path / "breakdown.xlsx"
    assert tab.export_breakdown(path)
    assert "Wrote" in tab.view.message.text() and str(path) in tab.view.message.text()
    sheet = load_workbook(path)["Breakdown"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert [c.value for c in sheet[1]] == ["Step", "Figures", "Value", "Amount", "Source / reason"]
    assert rows["Service"][1].value.startswith("99213")
    assert rows["Allowed amount"][3].value == pytest.approx(88.95)
    assert rows["Allowed amount"][3].number_format == MONEY_FORMAT
    assert rows["Payer at 120% of Medicare"][3].value == pytest.approx(106.74)
    assert rows["Conversion factor"][2].value == pytest.approx(32.3465)
    assert rows["Conversion factor"][4].value == "CY2025 final rule"


def test_export_encounter_to_excel(qtbot, tab, tmp_path):  # noqa: F811
    add_lines(qtbot, tab, ["43239", "43251", "20610"])
    path = tmp_path / "encounter.xlsx"
    assert tab.export_encounter(path)
    sheet = load_workbook(path)["Encounter"]
    header = [c.value for c in sheet[1]]
    data = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    allowed = header.index("Allowed")
    assert [row[1] for row in data] == ["43239", "43251", "20610", None]
    assert [row[allowed] for row in data] == pytest.approx([80.87, 468.05, 31.70, 580.62])
    assert data[-1][0] == "Total"
    assert sheet.cell(row=2, column=allowed + 1).number_format == MONEY_FORMAT
    reduced = header.index("Reduced by multiple-service rules")
    assert [row[reduced] for row in data[:3]] == ["yes", None, "yes"]
    assert data[0][header.index("Adjustments applied")] == "endoscopy family 43235"
    # formatted like the checked-claims workbook: real dates, money, widths, bold frozen header
    day = sheet.cell(row=2, column=header.index("Date of service") + 1)
    assert day.value == datetime(2025, 11, 3) and day.number_format == "mm/dd/yyyy"
    assert sheet[1][0].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P5"
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    # Excel stores a width with the cell padding added (70 characters: 70.71)
    assert [round(widths[name]) for name in ("Why", "Allowed", "Date of service")] == [71, 13, 13]


def test_export_errors_are_shown_not_raised(qtbot, tab, tmp_path):  # noqa: F811
    assert not tab.export_breakdown(tmp_path / "nothing.xlsx")
    assert "Nothing to export" in tab.view.message.text()
    type_code(qtbot, tab, "99213")
    assert not tab.export_breakdown(tmp_path / "missing-folder" / "b.xlsx")
    assert tab.view.message.isVisible() and "does not exist" in tab.view.message.text()
    assert not tab.export_encounter(tmp_path / "e.xlsx")
    assert "add lines to the encounter first" in tab.view.message.text()
