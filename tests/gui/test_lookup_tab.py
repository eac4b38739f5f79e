"""The code lookup tab driven with qtbot: type, wait for the debounce, arrow down, Enter, detail,
clipboard, the price button, recent lookups across launches, and a screenshot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.lookup_tab import DEBOUNCE_MS, LookupTab
from ui.main_window import MainWindow


def make_tab(qtbot, ref) -> LookupTab:
    tab = LookupTab(ref)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    tab.query.setFocus()
    return tab


def type_query(qtbot, tab: LookupTab, text: str) -> None:
    tab.query.clear()
    qtbot.keyClicks(tab.query, text)
    qtbot.waitUntil(
        lambda: tab.last_query == (text, tab.type_filter.currentData()), timeout=DEBOUNCE_MS * 10
    )


def shown_codes(tab: LookupTab) -> list[str]:
    return [tab.model.hit(row).code for row in range(tab.model.rowCount())]


def recent_codes(tab: LookupTab) -> list[str]:
    return tab.recent.codes()


def test_results_follow_typing_after_a_debounce(qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    qtbot.keyClicks(tab.query, "7701")
    assert tab.model.rowCount() == 0 and tab._timer.isActive()  # not yet: debounced
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4, timeout=2000)
    assert shown_codes(tab) == ["77011", "77012", "77013", "77014"]
    assert tab.status.text() == "4 matches, best first"
    type_query(qtbot, tab, "c34.9")
    assert shown_codes(tab) == ["C34.9", "C34.90", "C34.91", "C34.92"]


def test_keyboard_only_type_arrow_down_enter(qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "office visit established")
    qtbot.keyClick(tab.query, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is tab.results
    assert tab.results.currentIndex().row() == 0
    first = tab.model.hit(0).code
    assert first in tab.detail.toPlainText()  # the detail follows the selection
    qtbot.keyClick(tab.results, Qt.Key.Key_Down)
    second = tab.model.hit(1)
    assert tab.current == second and second.code in tab.detail.toPlainText()
    qtbot.keyClick(tab.results, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is tab.detail
    assert recent_codes(tab) == [second.code]  # opened: remembered
    tab.results.setFocus()
    qtbot.keyClick(tab.results, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is tab.query
    qtbot.keyClick(tab.query, Qt.Key.Key_Down)
    qtbot.keyClicks(tab.results, " 99")  # typing goes back to the box
    assert QApplication.focusWidget() is tab.query
    assert tab.query.text() == "office visit established 99"


def test_procedure_detail_page(screenshots, qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "77011")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)  # Enter opens the best match
    assert tab.current.code == "77011"
    type_query(qtbot, tab, "7701")
    qtbot.keyClick(tab.query, Qt.Key.Key_Down)
    qtbot.keyClick(tab.results, Qt.Key.Key_Return)
    assert tab.current.code == "77011" and tab.model.rowCount() == 4
    text = tab.detail.toPlainText()
    # today's release, bundled: RVU26C, (1.18 + 5.37 + 0.08) x 33.4009 = $221.45
    for expected in (
        "77011 \u2014 CPT, imaging guidance",
        "National non-facility",
        "$221.45",
        "RVUs (RVU26C)",
        "PC/TC indicator",
        "Global days",
        "Bilateral (50)",
        "no NCCI data loaded",
        "MUE 2026Q2",
    ):
        assert expected in text, expected
    assert tab.price.isEnabled() and tab.copy_code.isEnabled()
    assert tab.grab().save(str(screenshots / "lookup_tab.png"))


def test_icd_detail_page_and_filter(screenshots, qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    tab.type_filter.setCurrentIndex(tab.type_filter.findData("icd10"))
    type_query(qtbot, tab, "J11")
    assert {tab.model.hit(r).type for r in range(tab.model.rowCount())} == {"icd10"}
    type_query(qtbot, tab, "c34")
    tab.open_row(0)
    text = tab.detail.toPlainText()
    assert "C34 \u2014 ICD-10-CM category (header)" in text
    assert "no: a header; use one of the 16 billable codes" in text and "C34.92" in text
    assert "Excludes1" in text and "Neoplasms (C00-D49)" in text
    assert not tab.price.isEnabled()  # nothing to price for an ICD code
    assert tab.grab().save(str(screenshots / "lookup_tab_icd.png"))


def test_no_match_shows_nearest_codes_and_no_dialog(qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "ZZ999")
    assert tab.status.text().startswith("No match for \u201cZZ999\u201d")
    assert tab.model.rowCount() and all(c.startswith("Z") for c in shown_codes(tab))
    assert {tab.model.hit(r).match for r in range(tab.model.rowCount())} == {"nearest"}
    assert "No match" in tab.detail.toPlainText()
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    type_query(qtbot, tab, "'; DROP TABLE x --")
    assert tab.status.text().startswith("No match")


def test_copy_code_and_description(qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "99213")
    tab.open_row(0)
    qtbot.mouseClick(tab.copy_code, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "99213"
    qtbot.mouseClick(tab.copy_description, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("Office or outpatient visit, established")


def test_price_button_asks_for_the_code(qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "77011")
    tab.open_row(0)
    with qtbot.waitSignal(tab.price_requested, timeout=1000) as blocker:
        qtbot.mouseClick(tab.price, Qt.MouseButton.LeftButton)
    assert blocker.args == ["77011"]


def test_recent_lookups_survive_a_new_tab(qtbot, ref, home):
    first = make_tab(qtbot, ref)
    for query in ("99213", "C34.90", "TC"):
        type_query(qtbot, first, query)
        first.open_row(0)
    assert recent_codes(first) == ["TC", "C34.90", "99213"]
    assert (home / "workspace.sqlite").exists()
    second = make_tab(qtbot, ref)  # the next launch
    assert recent_codes(second) == ["TC", "C34.90", "99213"]
    item = second.recent.item(1)
    assert item.text().startswith("C34.90  ICD-10-CM  Malignant neoplasm")
    qtbot.mouseClick(
        second.recent.viewport(),
        Qt.MouseButton.LeftButton,
        pos=second.recent.visualItemRect(item).center(),
    )
    assert "C34.90 \u2014 ICD-10-CM code" in second.detail.toPlainText()


def test_main_window_price_button_opens_the_fee_calculator(qtbot, make_context, home):
    window = MainWindow(make_context())
    qtbot.addWidget(window)
    window.show()
    tab = window.lookup_tab
    type_query(qtbot, tab, "99213")
    tab.open_row(0)
    qtbot.mouseClick(tab.price, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.fee_tab
    assert window.fee_tab.view.code.text() == "99213"


def test_an_unusable_data_folder_costs_the_recent_list_only(qtbot, ref, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(blocker))
    tab = make_tab(qtbot, ref)
    assert tab.status.text().startswith("Recent lookups unavailable")
    type_query(qtbot, tab, "99213")
    tab.open_row(0)
    assert "99213 \u2014 CPT" in tab.detail.toPlainText()
    assert tab.status.text().startswith("Could not save the recent lookup")
    assert tab.recent.count() == 0
