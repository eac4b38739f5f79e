"""The fee calculator tab driven offscreen: typing a code, modifiers, setting, locality, payer
percentage, the encounter with its multiple-procedure results, Excel exports and bad input."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import SIGNAL, Qt

from core.fees import LineRequest, price_encounter
from core.words import money
from ui.fee_models import REDUCED_BRUSH
from ui.fee_tab import FeeTab
from ui.main_window import MainWindow

DOS = date(2025, 11, 3)  # the bundled RVU25D release


@pytest.fixture
def tab(qtbot, make_context) -> FeeTab:
    widget = FeeTab(make_context(today=DOS))
    qtbot.addWidget(widget)
    widget.resize(1100, 660)
    widget.show()
    return widget


def settle(qtbot, tab: FeeTab) -> None:
    """Wait for the debounced pricing of the last edit."""
    qtbot.waitUntil(lambda: not tab.pricing_pending(), timeout=3000)


def type_code(qtbot, tab: FeeTab, code: str) -> None:
    tab.view.code.clear()
    qtbot.keyClicks(tab.view.code, code)
    settle(qtbot, tab)


def cell(tab: FeeTab, step: str, column: str = "Amount") -> str:
    """What the breakdown table shows in `column` of the row named `step`."""
    model = tab.view.breakdown_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == step:
            return model.index(row, headers.index(column)).data()
    raise AssertionError(f"no breakdown row {step!r}: {[r.item for r in model.rows]}")


def encounter_column(tab: FeeTab, column: str) -> list[str]:
    model = tab.view.encounter_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    index = headers.index(column)
    return [model.index(row, index).data() for row in range(model.rowCount())]


def choose_setting(tab: FeeTab, data: str) -> None:
    tab.view.setting.setCurrentIndex(tab.view.setting.findData(data))


def test_typing_a_code_shows_the_national_non_facility_amount_and_every_step(qtbot, tab):
    assert tab.service_date() == DOS and tab.view.locality.choice().national
    type_code(qtbot, tab, "99213")
    assert "Allowed $88.95" in tab.view.result.text()
    assert not tab.view.message.isVisible()
    assert cell(tab, "Work RVU \u00d7 GPCI", "Figures") == "1.30 \u00d7 1.000"
    assert cell(tab, "PE RVU (non-facility) \u00d7 GPCI", "Value") == "1.3500"
    assert cell(tab, "Conversion factor", "Value") == "32.3465"
    assert cell(tab, "Conversion factor", "Source / reason") == "CY2025 final rule"
    assert cell(tab, "Fee schedule amount (1 unit)") == "$88.95"
    assert cell(tab, "Allowed amount") == "$88.95"
    assert cell(tab, "Medicare pays (80%)") == "$71.16"
    assert cell(tab, "Patient coinsurance (20%)") == "$17.79"
    assert cell(tab, "Limiting charge") == "$97.18"
    assert "RVU25D global row, line 12807" in tab.view.breakdown_context.text()
    assert "national amount" in cell(tab, "Note", "Source / reason")
    amount_column = 3
    alignment = tab.view.breakdown_model.index(0, amount_column).data(
        Qt.ItemDataRole.TextAlignmentRole
    )
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_facility_rate_and_place_of_service(qtbot, tab):
    type_code(qtbot, tab, "99213")
    choose_setting(tab, "facility")
    settle(qtbot, tab)
    assert "Allowed $63.72" in tab.view.result.text()
    assert cell(tab, "PE RVU (facility) \u00d7 GPCI", "Figures") == "0.57 \u00d7 1.000"
    choose_setting(tab, "pos:11")
    settle(qtbot, tab)
    assert "Allowed $88.95" in tab.view.result.text()
    assert "POS 11 Office" in tab.line.setting_reason
    choose_setting(tab, "pos:21")
    settle(qtbot, tab)
    assert "Allowed $63.72" in tab.view.result.text()


def test_choosing_manhattan_by_searching_its_name(qtbot, tab):
    type_code(qtbot, tab, "99213")
    qtbot.keyClicks(tab.view.locality.search, "manhattan")
    settle(qtbot, tab)
    assert tab.view.locality.choice().key == "13202-01"
    assert tab.view.locality.combo.currentText() == "NY  MANHATTAN  (13202-01)"
    assert "Allowed $101.06" in tab.view.result.text()
    assert cell(tab, "Work RVU \u00d7 GPCI", "Figures") == "1.30 \u00d7 1.065"
    assert "13202-01 MANHATTAN, NY" in tab.view.breakdown_context.text()
    tab.view.locality.search.clear()  # the choice stays when the search is cleared
    settle(qtbot, tab)
    assert tab.view.locality.choice().key == "13202-01"
    assert tab.view.locality.select("national")
    settle(qtbot, tab)
    assert "Allowed $88.95" in tab.view.result.text()


def test_modifier_chips_choose_the_26_row_and_can_be_removed(qtbot, tab):
    type_code(qtbot, tab, "77011")
    assert "Allowed $211.55" in tab.view.result.text()
    qtbot.keyClicks(tab.view.modifier_chips.entry, "26")
    settle(qtbot, tab)
    chips = tab.view.modifier_chips
    assert chips.modifiers() == ("26",) and chips.entry.text() == ""
    assert "Allowed $59.19" in tab.view.result.text()
    assert "RVU25D 26 row" in tab.view.breakdown_context.text()
    qtbot.mouseClick(tab.view.modifier_chips.chips[0], Qt.MouseButton.LeftButton)
    settle(qtbot, tab)
    assert tab.view.modifier_chips.modifiers() == ()
    assert "Allowed $211.55" in tab.view.result.text()


def test_a_modifier_the_code_cannot_take_shows_why_and_no_amount(qtbot, tab):
    type_code(qtbot, tab, "99213")
    qtbot.keyClicks(tab.view.modifier_chips.entry, "26")
    settle(qtbot, tab)
    text = tab.view.result.text()
    assert "No amount" in text and "modifier 26 cannot be used with 99213" in text
    assert "$" not in text
    assert "PC/TC indicator 0" in cell(tab, "No amount", "Source / reason")
    assert all(row.amount is None for row in tab.view.breakdown_model.rows)


def test_status_x_code_is_explained_not_priced(qtbot, tab):
    type_code(qtbot, tab, "80053")
    text = tab.view.result.text()
    assert "No amount" in text and "PFS status X: Statutory exclusion" in text
    assert "$" not in text
    assert "status X" in tab.view.breakdown_context.text()


def test_bad_input_is_reported_in_the_message_line(qtbot, tab):
    type_code(qtbot, tab, "ZZZZZ")
    assert tab.view.message.isVisible()
    assert "ZZZZZ is not in the RVU25D fee schedule" in tab.view.message.text()
    assert tab.line is None and tab.view.breakdown_model.rowCount() == 0
    type_code(qtbot, tab, "992")
    assert not tab.view.message.isVisible() and "a code has 5 characters" in tab.view.result.text()
    type_code(qtbot, tab, "99213")
    qtbot.keyClicks(tab.view.locality.search, "atlantis")
    settle(qtbot, tab)
    assert "no locality matches 'atlantis'" in tab.view.message.text()
    assert tab.line is None
    tab.view.locality.search.clear()
    tab.view.date.set_day(date(2019, 5, 1))
    settle(qtbot, tab)
    assert "no PFS release loaded covers 2019-05-01" in tab.view.message.text()
    tab.view.date.set_day(date(2025, 11, 3))
    settle(qtbot, tab)
    assert not tab.view.message.isVisible() and "Allowed $88.95" in tab.view.result.text()


def test_a_chosen_locality_missing_from_another_years_data_is_not_silently_dropped(
    qtbot, db_path, make_context
):
    # CMS retires localities (three California ones in 2024): take 13202-01 out of the bundled
    # GPCI2026 as a retirement would
    with sqlite3.connect(db_path) as writable:
        writable.execute(
            "DELETE FROM gpci WHERE release = 'GPCI2026' AND carrier = '13202' AND locality = '01'"
        )
    tab = FeeTab(make_context(today=DOS, db=db_path))
    qtbot.addWidget(tab)
    type_code(qtbot, tab, "99213")
    qtbot.keyClicks(tab.view.locality.search, "13202-01")
    tab.view.locality.search.clear()
    settle(qtbot, tab)
    tab.view.date.set_day(date(2026, 8, 3))
    settle(qtbot, tab)
    assert tab.view.locality.choice() is None
    assert "locality 13202-01 is not in the 2026 locality data" in tab.view.message.text()
    tab.view.date.set_day(date(2025, 11, 3))
    settle(qtbot, tab)
    assert tab.view.locality.choice().key == "13202-01" and "$101.06" in tab.view.result.text()


def add_lines(qtbot, tab: FeeTab, codes: list[str]) -> None:
    for code in codes:
        type_code(qtbot, tab, code)
        qtbot.mouseClick(tab.view.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab)


def test_encounter_shows_the_multiple_procedure_result_of_each_line(qtbot, tab, conn):
    add_lines(qtbot, tab, ["43239", "43251", "20610"])
    expected = price_encounter(
        conn, [LineRequest(code, date_of_service=DOS) for code in ("43239", "43251", "20610")]
    )
    assert encounter_column(tab, "Code") == ["43239", "43251", "20610"]
    assert encounter_column(tab, "Allowed") == [money(line.amount) for line in expected.lines]
    assert encounter_column(tab, "Allowed") == ["$80.87", "$468.05", "$31.70"]
    assert encounter_column(tab, "Fee schedule (1 unit)") == ["$357.11", "$468.05", "$63.40"]
    adjustments = encounter_column(tab, "Adjustments applied")
    assert adjustments[0] == "\u25bc endoscopy family 43235"
    assert adjustments[1] == "" and adjustments[2] == "\u25bc multiple procedure"
    backgrounds = [
        tab.view.encounter_model.index(row, 1).data(Qt.ItemDataRole.BackgroundRole)
        for row in range(3)
    ]
    assert backgrounds[0] == REDUCED_BRUSH and backgrounds[2] == REDUCED_BRUSH
    assert backgrounds[1] is None
    assert "ranked 2 of 2" in encounter_column(tab, "Why")[2]
    total = tab.view.encounter_total.text()
    assert money(expected.total) in total and "$580.62" in total
    assert "2 lines reduced" in total

    qtbot.keyClicks(tab.view.locality.search, "manhattan")  # the encounter follows the form
    settle(qtbot, tab)
    local = price_encounter(
        conn,
        [
            LineRequest(code, locality="13202-01", date_of_service=DOS)
            for code in ("43239", "43251", "20610")
        ],
    )
    assert encounter_column(tab, "Allowed") == [money(line.amount) for line in local.lines]

    tab.view.encounter_view.selectRow(2)
    qtbot.mouseClick(tab.view.remove_button, Qt.MouseButton.LeftButton)
    assert encounter_column(tab, "Code") == ["43239", "43251"]
    assert encounter_column(tab, "Adjustments applied")[0].startswith("\u25bc endoscopy")
    qtbot.mouseClick(tab.view.clear_button, Qt.MouseButton.LeftButton)
    assert tab.view.encounter_model.rowCount() == 0 and "empty" in tab.view.encounter_total.text()


def test_encounter_lines_keep_modifiers_and_units(qtbot, tab, conn):
    type_code(qtbot, tab, "97110")
    tab.view.units.setValue(2)
    qtbot.mouseClick(tab.view.add_button, Qt.MouseButton.LeftButton)
    type_code(qtbot, tab, "77011")
    qtbot.keyClicks(tab.view.modifier_chips.entry, "26")
    settle(qtbot, tab)
    tab.view.units.setValue(1)
    qtbot.mouseClick(tab.view.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab)
    assert encounter_column(tab, "Modifiers") == ["", "26"]
    assert encounter_column(tab, "Units") == ["2", "1"]
    expected = price_encounter(
        conn,
        [
            LineRequest("97110", units=2, date_of_service=DOS),
            LineRequest("77011", ("26",), date_of_service=DOS),
        ],
    )
    assert encounter_column(tab, "Allowed") == [money(line.amount) for line in expected.lines]
    assert tab.encounter_requests() == [
        LineRequest("97110", (), 2, facility=False, date_of_service=DOS),
        LineRequest("77011", ("26",), 1, facility=False, date_of_service=DOS),
    ]


def test_payer_percentage_beside_medicare(qtbot, tab):
    type_code(qtbot, tab, "99213")
    tab.view.payer.setValue(120)
    settle(qtbot, tab)
    assert "Allowed $88.95" in tab.view.result.text()
    assert "Payer at 120%: $106.74" in tab.view.result.text()
    assert cell(tab, "Payer at 120% of Medicare") == "$106.74"
    qtbot.mouseClick(tab.view.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab)
    assert not tab.view.encounter_view.isColumnHidden(tab.view.encounter_model.PAYER_COLUMN)
    assert encounter_column(tab, "Payer 120%") == ["$106.74"]
    tab.view.payer.setValue(0)
    settle(qtbot, tab)
    assert "Payer" not in tab.view.result.text()
    assert tab.view.encounter_view.isColumnHidden(tab.view.encounter_model.PAYER_COLUMN)


def test_non_participating_provider_is_paid_95_percent(qtbot, tab):
    type_code(qtbot, tab, "99213")
    tab.view.participating.setChecked(False)
    settle(qtbot, tab)
    assert "Allowed $84.51" in tab.view.result.text()
    assert cell(tab, "Non-participating 95%") == "$84.51"
    assert cell(tab, "Non-participating 95%", "Figures") == "$88.95 \u2192 $84.51"


def test_set_code_prices_at_once(qtbot, tab):
    tab.set_code(" 77011 ")
    assert tab.view.code.text() == "77011" and not tab.pricing_pending()
    assert "Allowed $211.55" in tab.view.result.text()


def test_code_field_completes_with_our_descriptions(qtbot, tab):
    qtbot.keyClicks(tab.view.code, "9921")
    labels = [choice.label for choice in tab.view.completions.choices]
    assert any(label.startswith("99213  Office or outpatient visit") for label in labels)
    assert tab.view.code.completer().model() is tab.view.completions


def test_opens_on_the_newest_release_when_none_covers_today(qtbot, make_context):
    widget = FeeTab(make_context(today=date(2031, 1, 15)))
    qtbot.addWidget(widget)
    assert widget.service_date() == date(2026, 7, 1)  # the bundled RVU26C


def test_zip_code_prices_in_its_locality(qtbot, imported_db, make_context):
    widget = FeeTab(make_context(today=DOS, db=imported_db))
    qtbot.addWidget(widget)
    widget.set_code("99213")
    qtbot.keyClicks(widget.view.locality.search, "10001")
    qtbot.waitUntil(lambda: not widget.pricing_pending(), timeout=3000)
    assert widget.view.locality.combo.currentText() == "ZIP 10001: NY  MANHATTAN  (13202-01)"
    assert "Allowed $101.06" in widget.view.result.text()
    assert any(
        "ZIP 10001 is in locality 13202-01" in row.source
        for row in widget.view.breakdown_model.rows
    )


def test_main_window_tab_with_breakdown_and_encounter_screenshot(screenshots, qtbot, make_context):
    window = MainWindow(make_context(today=date(2026, 11, 30)))
    qtbot.addWidget(window)
    window.show()
    tab = window.fee_tab
    assert window.tabs.widget(1) is tab and window.tabs.tabText(1) == "Fee calculator"
    window.tabs.setCurrentWidget(tab)
    tab.view.date.set_day(date(2025, 11, 3))
    qtbot.keyClicks(tab.view.locality.search, "manhattan")
    add_lines(qtbot, tab, ["43239", "43251", "20610"])
    tab.view.payer.setValue(120)
    tab.set_code("43239")
    settle(qtbot, tab)
    assert "Allowed $413.17" in tab.view.result.text()
    assert len(tab.encounter_table_rows) == 3
    assert window.grab().save(str(screenshots / "fee_tab.png"))


def test_money_is_dollars_and_cents():
    assert money(Decimal("1234.5")) == "$1,234.50" and money(None) == ""


def test_payer_profiles_are_saved_and_chosen(qtbot, tab):
    type_code(qtbot, tab, "99213")
    tab.view.payer.setValue(115)
    assert tab.view.payer_picker.save_profile("Acme PPO") is not None
    tab.view.payer.setValue(0)
    other = FeeTab(tab.context)  # a new tab (as after a restart) lists the saved profile
    qtbot.addWidget(other)
    labels = [
        other.view.payer_picker.profiles.itemText(i)
        for i in range(other.view.payer_picker.profiles.count())
    ]
    assert "Acme PPO (115%)" in labels or "Acme PPO (115.0%)" in labels
    other.view.payer_picker.profiles.setCurrentIndex(1)
    other.view.payer_picker.profiles.activated.emit(1)
    assert other.view.payer.value() == 115
    assert tab.view.payer_picker.save_profile("  ") is None
    assert "needs a name" in tab.view.message.text()
    for priced in (tab, other):  # let the debounced pricing finish while the database is open
        qtbot.waitUntil(lambda priced=priced: not priced.pricing_pending(), timeout=3000)


@pytest.mark.parametrize("typed", ["12/15/2025", "12/15/2025 ", "2025-12-15", "12152025"])
def test_a_date_typed_as_billers_type_it_is_the_date_priced(qtbot, tab, typed):
    field = tab.view.date.edit
    field.selectAll()
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert tab.service_date() == date(2025, 12, 15)
    assert field.text() == "12/15/2025"
    field.selectAll()
    qtbot.keyClicks(field, "3/4/2025")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert tab.service_date() == date(2025, 3, 4) and field.text() == "03/04/2025"


def test_a_date_that_cannot_be_read_is_said_and_the_last_one_kept(qtbot, tab):
    field = tab.view.date.edit
    field.selectAll()
    qtbot.keyClicks(field, "13/45/2025")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert tab.service_date() == DOS
    assert "Date '13/45/2025'" in tab.view.message.text() and tab.view.message.isVisible()
    assert "not a calendar date" in tab.view.message.text()


def test_enter_adds_the_line_and_the_next_code_starts_without_modifiers(qtbot, tab):
    tab.view.code.setFocus()
    qtbot.keyClicks(tab.view.code, "99213")
    qtbot.keyClicks(tab.view.modifier_chips.entry, "25")
    tab.view.units.setValue(2)
    qtbot.keyClick(tab.view.code, Qt.Key.Key_Return)  # Enter in the code field adds it
    settle(qtbot, tab)
    assert encounter_column(tab, "Code") == ["99213"]
    assert encounter_column(tab, "Modifiers") == ["25"] and encounter_column(tab, "Units") == ["2"]
    assert tab.view.modifier_chips.modifiers() == () and tab.view.units.value() == 1
    qtbot.keyClicks(tab.view.code, "93000")  # the code was selected: replaced
    settle(qtbot, tab)
    assert tab.line is not None and (tab.line.code, tab.line.modifiers) == ("93000", ())
    qtbot.keyClick(tab.view.units, Qt.Key.Key_Return)  # Enter in the units field too
    settle(qtbot, tab)
    assert encounter_column(tab, "Code") == ["99213", "93000"]
    assert encounter_column(tab, "Modifiers") == ["25", ""]


def test_the_form_and_encounter_are_there_after_a_restart(qtbot, make_context):
    first = FeeTab(make_context(today=DOS))
    qtbot.addWidget(first)
    qtbot.keyClicks(first.view.locality.search, "manhattan")
    choose_setting(first, "facility")
    first.view.payer.setValue(115)
    first.view.participating.setChecked(False)
    add_lines(qtbot, first, ["43239", "20610"])
    second = FeeTab(make_context(today=DOS))  # the next launch
    qtbot.addWidget(second)
    assert second.view.locality.choice().key == "13202-01"
    assert second.view.setting.currentData() == "facility"
    assert second.view.payer.value() == 115 and not second.view.participating.isChecked()
    assert [line.code for line in second.encounter_lines] == ["43239", "20610"]
    assert encounter_column(second, "Code") == ["43239", "20610"]


def test_after_an_import_the_tab_reads_the_new_data_once(qtbot, make_context):
    context = make_context(today=DOS)
    tab = FeeTab(context)
    qtbot.addWidget(tab)
    picker = tab.view.payer_picker
    listeners = picker.receivers(SIGNAL("failed(QString)"))
    old = context.conn
    for _ in range(3):
        context.reload_reference()
    assert context.conn is not old
    tab.set_code("99213")
    assert "Allowed $88.95" in tab.view.result.text()
    assert picker.receivers(SIGNAL("failed(QString)")) == listeners == 1  # not one per import
