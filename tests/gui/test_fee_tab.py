"""The fee calculator tab driven offscreen: typing a code, modifiers, setting, locality, payer
percentage, the encounter with its multiple-procedure results, Excel exports and bad input."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt

from core.db import open_readonly
from core.fees import LineRequest, price_encounter
from core.tabular import MONEY_FORMAT
from ui.fee_breakdown import money
from ui.fee_models import REDUCED_BRUSH
from ui.fee_tab import FeeTab
from ui.main_window import MainWindow

DOS = date(2025, 11, 3)    # the bundled RVU25D release


@pytest.fixture
def tab(qtbot, conn) -> FeeTab:
    widget = FeeTab(conn, today=DOS)
    qtbot.addWidget(widget)
    widget.resize(1100, 660)
    widget.show()
    return widget


def settle(qtbot, tab: FeeTab) -> None:
    """Wait for the debounced pricing of the last edit."""
    qtbot.waitUntil(lambda: not tab.pricing_pending(), timeout=3000)


def type_code(qtbot, tab: FeeTab, code: str) -> None:
    tab.code.clear()
    qtbot.keyClicks(tab.code, code)
    settle(qtbot, tab)


def cell(tab: FeeTab, step: str, column: str = "Amount") -> str:
    """What the breakdown table shows in `column` of the row named `step`."""
    model = tab.breakdown_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == step:
            return model.index(row, headers.index(column)).data()
    raise AssertionError(f"no breakdown row {step!r}: {[r.item for r in model.rows]}")


def encounter_column(tab: FeeTab, column: str) -> list[str]:
    model = tab.encounter_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    index = headers.index(column)
    return [model.index(row, index).data() for row in range(model.rowCount())]


def choose_setting(tab: FeeTab, data: str) -> None:
    tab.setting.setCurrentIndex(tab.setting.findData(data))


def test_typing_a_code_shows_the_national_non_facility_amount_and_every_step(qtbot, tab):
    assert tab.service_date() == DOS and tab.locality.choice().national
    type_code(qtbot, tab, "99213")
    assert "Allowed $88.95" in tab.result.text()
    assert not tab.message.isVisible()
    assert cell(tab, "Work RVU \u00d7 GPCI", "Figures") == "1.30 \u00d7 1.000"
    assert cell(tab, "PE RVU (non-facility) \u00d7 GPCI", "Value") == "1.3500"
    assert cell(tab, "Conversion factor", "Value") == "32.3465"
    assert cell(tab, "Conversion factor", "Source / reason") == "CY2025 final rule"
    assert cell(tab, "Fee schedule amount (1 unit)") == "$88.95"
    assert cell(tab, "Allowed amount") == "$88.95"
    assert cell(tab, "Medicare pays (80%)") == "$71.16"
    assert cell(tab, "Patient coinsurance (20%)") == "$17.79"
    assert cell(tab, "Limiting charge") == "$97.18"
    assert "RVU25D global row, line 12807" in tab.breakdown_context.text()
    assert "national amount" in cell(tab, "Note", "Source / reason")
    amount_column = 3
    alignment = tab.breakdown_model.index(0, amount_column).data(
        Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_facility_rate_and_place_of_service(qtbot, tab):
    type_code(qtbot, tab, "99213")
    choose_setting(tab, "facility")
    settle(qtbot, tab)
    assert "Allowed $63.72" in tab.result.text()
    assert cell(tab, "PE RVU (facility) \u00d7 GPCI", "Figures") == "0.57 \u00d7 1.000"
    choose_setting(tab, "pos:11")
    settle(qtbot, tab)
    assert "Allowed $88.95" in tab.result.text()
    assert "POS 11 Office" in tab.line.setting_reason
    choose_setting(tab, "pos:21")
    settle(qtbot, tab)
    assert "Allowed $63.72" in tab.result.text()


def test_choosing_manhattan_by_searching_its_name(qtbot, tab):
    type_code(qtbot, tab, "99213")
    qtbot.keyClicks(tab.locality.search, "manhattan")
    settle(qtbot, tab)
    assert tab.locality.choice().key == "13202-01"
    assert tab.locality.combo.currentText() == "NY  MANHATTAN  (13202-01)"
    assert "Allowed $101.06" in tab.result.text()
    assert cell(tab, "Work RVU \u00d7 GPCI", "Figures") == "1.30 \u00d7 1.065"
    assert "13202-01 MANHATTAN, NY" in tab.breakdown_context.text()
    tab.locality.search.clear()           # the choice stays when the search is cleared
    settle(qtbot, tab)
    assert tab.locality.choice().key == "13202-01"
    assert tab.locality.select("national")
    settle(qtbot, tab)
    assert "Allowed $88.95" in tab.result.text()


def test_modifier_chips_choose_the_26_row_and_can_be_removed(qtbot, tab):
    type_code(qtbot, tab, "77011")
    assert "Allowed $211.55" in tab.result.text()
    qtbot.keyClicks(tab.modifier_chips.entry, "26")
    settle(qtbot, tab)
    assert tab.modifier_chips.modifiers() == ("26",) and tab.modifier_chips.entry.text() == ""
    assert "Allowed $59.19" in tab.result.text()
    assert "RVU25D 26 row" in tab.breakdown_context.text()
    qtbot.mouseClick(tab.modifier_chips.chips[0], Qt.MouseButton.LeftButton)
    settle(qtbot, tab)
    assert tab.modifier_chips.modifiers() == ()
    assert "Allowed $211.55" in tab.result.text()


def test_a_modifier_the_code_cannot_take_shows_why_and_no_amount(qtbot, tab):
    type_code(qtbot, tab, "99213")
    qtbot.keyClicks(tab.modifier_chips.entry, "26")
    settle(qtbot, tab)
    text = tab.result.text()
    assert "No amount" in text and "modifier 26 cannot be used with 99213" in text
    assert "$" not in text
    assert "PC/TC indicator 0" in cell(tab, "No amount", "Source / reason")
    assert all(row.amount is None for row in tab.breakdown_model.rows)


def test_status_x_code_is_explained_not_priced(qtbot, tab):
    type_code(qtbot, tab, "80053")
    text = tab.result.text()
    assert "No amount" in text and "PFS status X: Statutory exclusion" in text
    assert "$" not in text
    assert "status X" in tab.breakdown_context.text()


def test_bad_input_is_reported_in_the_message_line(qtbot, tab):
    type_code(qtbot, tab, "ZZZZZ")
    assert tab.message.isVisible()
    assert "ZZZZZ is not in the RVU25D fee schedule" in tab.message.text()
    assert tab.line is None and tab.breakdown_model.rowCount() == 0
    type_code(qtbot, tab, "992")
    assert not tab.message.isVisible() and "a code has 5 characters" in tab.result.text()
    type_code(qtbot, tab, "99213")
    qtbot.keyClicks(tab.locality.search, "atlantis")
    settle(qtbot, tab)
    assert "no locality matches 'atlantis'" in tab.message.text()
    assert tab.line is None
    tab.locality.search.clear()
    tab.date.setDate(QDate(2019, 5, 1))
    settle(qtbot, tab)
    assert "no PFS release loaded covers 2019-05-01" in tab.message.text()
    tab.date.setDate(QDate(2025, 11, 3))
    settle(qtbot, tab)
    assert not tab.message.isVisible() and "Allowed $88.95" in tab.result.text()


def test_a_chosen_locality_missing_from_another_years_data_is_not_silently_dropped(qtbot,
                                                                                   db_path):
    # CMS retires localities (three California ones in 2024): take 13202-01 out of the bundled
    # GPCI2026 as a retirement would
    with sqlite3.connect(db_path) as writable:
        writable.execute("DELETE FROM gpci WHERE release = 'GPCI2026' AND carrier = '13202' "
                         "AND locality = '01'")
    connection = open_readonly(db_path)
    tab = FeeTab(connection, today=DOS)
    qtbot.addWidget(tab)
    type_code(qtbot, tab, "99213")
    qtbot.keyClicks(tab.locality.search, "13202-01")
    tab.locality.search.clear()
    settle(qtbot, tab)
    tab.date.setDate(QDate(2026, 8, 3))
    settle(qtbot, tab)
    assert tab.locality.choice() is None
    assert "locality 13202-01 is not in the 2026 locality data" in tab.message.text()
    tab.date.setDate(QDate(2025, 11, 3))
    settle(qtbot, tab)
    assert tab.locality.choice().key == "13202-01" and "$101.06" in tab.result.text()


def add_lines(qtbot, tab: FeeTab, codes: list[str]) -> None:
    for code in codes:
        type_code(qtbot, tab, code)
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab)


def test_encounter_shows_the_multiple_procedure_result_of_each_line(qtbot, tab, conn):
    add_lines(qtbot, tab, ["43239", "43251", "20610"])
    expected = price_encounter(conn, [LineRequest(code, date_of_service=DOS)
                                      for code in ("43239", "43251", "20610")])
    assert encounter_column(tab, "Code") == ["43239", "43251", "20610"]
    assert encounter_column(tab, "Allowed") == [money(line.amount) for line in expected.lines]
    assert encounter_column(tab, "Allowed") == ["$80.87", "$468.05", "$31.70"]
    assert encounter_column(tab, "Fee schedule (1 unit)") == ["$357.11", "$468.05", "$63.40"]
    adjustments = encounter_column(tab, "Adjustments applied")
    assert adjustments[0] == "\u25bc endoscopy family 43235"
    assert adjustments[1] == "" and adjustments[2] == "\u25bc multiple procedure"
    backgrounds = [tab.encounter_model.index(row, 1).data(Qt.ItemDataRole.BackgroundRole)
                   for row in range(3)]
    assert backgrounds[0] == REDUCED_BRUSH and backgrounds[2] == REDUCED_BRUSH
    assert backgrounds[1] is None
    assert "ranked 2 of 2" in encounter_column(tab, "Why")[2]
    total = tab.encounter_total.text()
    assert money(expected.total) in total and "$580.62" in total
    assert "2 lines reduced" in total

    qtbot.keyClicks(tab.locality.search, "manhattan")   # the encounter follows the form
    settle(qtbot, tab)
    local = price_encounter(conn, [LineRequest(code, locality="13202-01", date_of_service=DOS)
                                   for code in ("43239", "43251", "20610")])
    assert encounter_column(tab, "Allowed") == [money(line.amount) for line in local.lines]

    tab.encounter_view.selectRow(2)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert encounter_column(tab, "Code") == ["43239", "43251"]
    assert encounter_column(tab, "Adjustments applied")[0].startswith("\u25bc endoscopy")
    qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert tab.encounter_model.rowCount() == 0 and "empty" in tab.encounter_total.text()


def test_encounter_lines_keep_modifiers_and_units(qtbot, tab, conn):
    type_code(qtbot, tab, "97110")
    tab.units.setValue(2)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    type_code(qtbot, tab, "77011")
    qtbot.keyClicks(tab.modifier_chips.entry, "26")
    settle(qtbot, tab)
    tab.units.setValue(1)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab)
    assert encounter_column(tab, "Modifiers") == ["", "26"]
    assert encounter_column(tab, "Units") == ["2", "1"]
    expected = price_encounter(conn, [
        LineRequest("97110", units=2, date_of_service=DOS),
        LineRequest("77011", ("26",), date_of_service=DOS)])
    assert encounter_column(tab, "Allowed") == [money(line.amount) for line in expected.lines]
    assert tab.encounter_requests() == [
        LineRequest("97110", (), 2, facility=False, date_of_service=DOS),
        LineRequest("77011", ("26",), 1, facility=False, date_of_service=DOS)]


def test_payer_percentage_beside_medicare(qtbot, tab):
    type_code(qtbot, tab, "99213")
    tab.payer.setValue(120)
    settle(qtbot, tab)
    assert "Allowed $88.95" in tab.result.text()
    assert "Payer at 120%: $106.74" in tab.result.text()
    assert cell(tab, "Payer at 120% of Medicare") == "$106.74"
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab)
    assert not tab.encounter_view.isColumnHidden(tab.encounter_model.PAYER_COLUMN)
    assert encounter_column(tab, "Payer 120%") == ["$106.74"]
    tab.payer.setValue(0)
    settle(qtbot, tab)
    assert "Payer" not in tab.result.text()
    assert tab.encounter_view.isColumnHidden(tab.encounter_model.PAYER_COLUMN)


def test_non_participating_provider_is_paid_95_percent(qtbot, tab):
    type_code(qtbot, tab, "99213")
    tab.participating.setChecked(False)
    settle(qtbot, tab)
    assert "Allowed $84.51" in tab.result.text()
    assert cell(tab, "Non-participating 95%") == "$84.51"
    assert cell(tab, "Non-participating 95%", "Figures") == "$88.95 \u2192 $84.51"


def test_export_breakdown_to_excel(qtbot, tab, tmp_path):
    type_code(qtbot, tab, "99213")
    tab.payer.setValue(120)
    settle(qtbot, tab)
    path = tmp_path / "breakdown.xlsx"
    assert tab.export_breakdown(path)
    assert "Wrote" in tab.message.text() and str(path) in tab.message.text()
    sheet = load_workbook(path)["Breakdown"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert [c.value for c in sheet[1]] == ["Step", "Figures", "Value", "Amount",
                                           "Source / reason"]
    assert rows["Service"][1].value.startswith("99213")
    assert rows["Allowed amount"][3].value == pytest.approx(88.95)
    assert rows["Allowed amount"][3].number_format == MONEY_FORMAT
    assert rows["Payer at 120% of Medicare"][3].value == pytest.approx(106.74)
    assert rows["Conversion factor"][2].value == pytest.approx(32.3465)
    assert rows["Conversion factor"][4].value == "CY2025 final rule"


def test_export_encounter_to_excel(qtbot, tab, tmp_path):
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
    assert data[0][header.index("Date of service")] == "11/03/2025"
    assert data[0][header.index("Adjustments applied")] == "endoscopy family 43235"


def test_export_errors_are_shown_not_raised(qtbot, tab, tmp_path):
    assert not tab.export_breakdown(tmp_path / "nothing.xlsx")
    assert "Nothing to export" in tab.message.text()
    type_code(qtbot, tab, "99213")
    assert not tab.export_breakdown(tmp_path / "missing-folder" / "b.xlsx")
    assert tab.message.isVisible() and "does not exist" in tab.message.text()
    assert not tab.export_encounter(tmp_path / "e.xlsx")
    assert "add lines to the encounter first" in tab.message.text()


def test_set_code_prices_at_once(qtbot, tab):
    tab.set_code(" 77011 ")
    assert tab.code.text() == "77011" and not tab.pricing_pending()
    assert "Allowed $211.55" in tab.result.text()


def test_code_field_completes_with_our_descriptions(qtbot, tab):
    qtbot.keyClicks(tab.code, "9921")
    labels = [choice.label for choice in tab.completions.choices]
    assert any(label.startswith("99213  Office or outpatient visit") for label in labels)
    assert tab.code.completer().model() is tab.completions


def test_opens_on_the_newest_release_when_none_covers_today(qtbot, conn):
    widget = FeeTab(conn, today=date(2031, 1, 15))
    qtbot.addWidget(widget)
    assert widget.service_date() == date(2026, 7, 1)   # the bundled RVU26C


def test_zip_code_prices_in_its_locality(qtbot, imported_db):
    connection = open_readonly(imported_db)
    try:
        widget = FeeTab(connection, today=DOS)
        qtbot.addWidget(widget)
        widget.set_code("99213")
        qtbot.keyClicks(widget.locality.search, "10001")
        qtbot.waitUntil(lambda: not widget.pricing_pending(), timeout=3000)
        assert widget.locality.combo.currentText() == "ZIP 10001: NY  MANHATTAN  (13202-01)"
        assert "Allowed $101.06" in widget.result.text()
        assert any("ZIP 10001 is in locality 13202-01" in row.source
                   for row in widget.breakdown_model.rows)
    finally:
        connection.close()


def test_main_window_tab_with_breakdown_and_encounter_screenshot(screenshots, qtbot, built_db):
    window = MainWindow(built_db)
    qtbot.addWidget(window)
    window.show()
    tab = window.fee_tab
    assert window.tabs.widget(1) is tab and window.tabs.tabText(1) == "Fee calculator"
    window.tabs.setCurrentWidget(tab)
    tab.date.setDate(QDate(2025, 11, 3))
    qtbot.keyClicks(tab.locality.search, "manhattan")
    add_lines(qtbot, tab, ["43239", "43251", "20610"])
    tab.payer.setValue(120)
    tab.set_code("43239")
    settle(qtbot, tab)
    assert "Allowed $413.17" in tab.result.text()
    assert len(tab.encounter_table_rows) == 3
    assert window.grab().save(str(screenshots / "fee_tab.png"))


def test_money_is_dollars_and_cents():
    assert money(Decimal("1234.5")) == "$1,234.50" and money(None) == ""


def test_payer_profiles_are_saved_and_chosen(qtbot, tab, tmp_path, monkeypatch):
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(tmp_path))
    type_code(qtbot, tab, "99213")
    tab.payer.setValue(115)
    assert tab.payer_picker.save_profile("Acme PPO") is not None
    tab.payer.setValue(0)
    other = FeeTab(tab.conn)  # a new tab (as after a restart) lists the saved profile
    qtbot.addWidget(other)
    labels = [other.payer_picker.profiles.itemText(i)
              for i in range(other.payer_picker.profiles.count())]
    assert "Acme PPO (115%)" in labels or "Acme PPO (115.0%)" in labels
    other.payer_picker.profiles.setCurrentIndex(1)
    other.payer_picker.profiles.activated.emit(1)
    assert other.payer.value() == 115
    assert tab.payer_picker.save_profile("  ") is None
    assert "needs a name" in tab.message.text()
    for priced in (tab, other):  # let the debounced pricing finish while the database is open
        qtbot.waitUntil(lambda priced=priced: not priced.pricing_pending(), timeout=3000)
