"""The lookup tab never shows or copies a code from an earlier search, works from the keyboard
(Enter, Escape, Ctrl+C), and prices the detail for the locality and payer kept between
sessions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from core.workspace.payers import save_payer
from tests.gui.test_lookup_tab import make_tab, type_query
from tests.support.imports import import_pprrvu_2025
from tests.support.lookup_codes import imported_descriptor, undescribed_code


def clipboard() -> str:
    return QGuiApplication.clipboard().text()


def test_a_new_search_clears_the_detail_so_copy_cannot_copy_an_old_code(qtbot, ref, home):
    """Reported: after a new search the pane kept the previous code and Copy code copied it."""
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "99213")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)
    assert tab.current.code == "99213" and tab.copy_code.isEnabled()
    QGuiApplication.clipboard().setText("nothing yet")
    type_query(qtbot, tab, "7701")
    assert [tab.model.hit(r).code for r in range(4)] == ["77011", "77012", "77013", "77014"]
    assert tab.current is None and "99213" not in tab.detail.toPlainText()
    assert not tab.copy_code.isEnabled() and not tab.copy_description.isEnabled()
    tab.copy_code.click()
    assert clipboard() == "nothing yet"
    qtbot.keyClick(tab.query, Qt.Key.Key_Down)
    qtbot.keyClick(tab.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard() == "77011"


def test_no_match_clears_the_detail_and_explains_a_missing_code(qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "77011")
    tab.open_row(0)
    type_query(qtbot, tab, "32405")
    assert tab.current is None and not tab.copy_code.isEnabled()
    text = tab.detail.toPlainText()
    assert "32405 is in no loaded PFS release (RVU25D to RVU26C)" in text and "77011" not in text


def test_keyboard_enter_escape_and_ctrl_c(qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "knee arthroscpy")
    assert "spelling corrected" in tab.status.text()
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)  # opens the best match
    best = tab.model.hit(0)
    assert tab.current == best and best.code.startswith("298")
    assert tab.results.currentIndex().row() == 0
    tab.detail.setFocus()
    qtbot.keyClick(tab.detail, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard() == best.code
    qtbot.keyClick(tab.detail, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is tab.query
    QGuiApplication.clipboard().setText("")
    tab.query.deselect()
    qtbot.keyClick(tab.query, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard() == best.code  # no text selected: the code
    qtbot.keyClick(tab.query, Qt.Key.Key_Down)
    qtbot.keyClick(tab.results, Qt.Key.Key_Down)
    second = tab.model.hit(1)
    qtbot.keyClick(tab.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard() == second.code and tab.current == second
    qtbot.keyClick(tab.results, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is tab.detail
    assert tab.recent.codes()[0] == second.code


def test_a_recent_lookup_replaces_the_selected_result(qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "C34.90")
    tab.open_row(0)
    type_query(qtbot, tab, "7701")
    tab.open_row(1)
    assert tab.current.code == "77012"
    tab.recent.itemClicked.emit(tab.recent.item(1))  # C34.90
    assert tab.current.code == "C34.90" and not tab.results.selectionModel().hasSelection()


def test_locality_and_payer_price_the_detail_and_are_kept(screenshots, qtbot, ref, home):
    save_payer(ref.workspace(), "Acme Health", Decimal("115"))
    tab = make_tab(qtbot, ref)
    assert tab.pricing.pricing().locality == "national"
    assert tab.pricing.locality.select("13202-01") and tab.pricing.select_payer("Acme Health")
    type_query(qtbot, tab, "99213")
    tab.open_row(0)
    text = tab.detail.toPlainText()
    assert "NY MANHATTAN (13202-01), GPCI2026" in text  # today: 2026-11-30
    assert "$107.63" in text  # (1.30 x 1.064 + 1.46 x 1.162 + 0.09 x 1.586) x 33.4009
    assert "$123.78 (Acme Health, 115% of Medicare)" in text  # 107.63.. x 1.15
    assert "Billing tips (Medicare)" in text and "Related codes" in text
    assert tab.grab().save(str(screenshots / "lookup_priced_99213.png"))
    again = make_tab(qtbot, ref)  # the next session
    chosen = again.pricing.pricing()
    assert chosen.locality == "13202-01" and chosen.payer.name == "Acme Health"
    again.pricing.select_payer("missing")  # nothing changes
    again.pricing.payer.setCurrentIndex(0)  # Medicare only
    assert make_tab(qtbot, ref).pricing.pricing().payer is None


def test_tips_and_related_codes_screenshot(screenshots, qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    tab.resize(1300, 900)
    type_query(qtbot, tab, "total knee replacement")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)
    assert tab.current.code == "27447"
    text = tab.detail.toPlainText()
    for expected in (
        "Global period 090",
        "surgical care only (54)",
        "with 50: $1,739.02",  # 150% of (19.11 + 11.58 + 4.02) x 33.4009
        "Same family (2744x)",
        "27446",
        "Co-surgeons",
    ):
        assert expected in text, expected
    assert tab.grab().save(str(screenshots / "lookup_tips_27447.png"))


@pytest.fixture
def user_db(db_path, make_context):
    """A user's database: the 2025 January and October PPRRVU files imported by the real
    importer, which stores their descriptors in the user's database."""
    import_pprrvu_2025(db_path)
    return make_context(db=db_path)


def test_deleted_codes_and_imported_descriptors_are_marked(screenshots, qtbot, user_db, home):
    tab = make_tab(qtbot, user_db)
    type_query(qtbot, tab, "M1389")
    row = tab.model.index(0, 2)
    assert "deleted by 2025-10-01: in RVU25A, not in RVU25D" in tab.model.data(row)
    code = undescribed_code(user_db.conn)  # no description of ours: CMS's words
    descriptor = imported_descriptor(user_db.conn, code, "RVU25D")
    type_query(qtbot, tab, descriptor)
    codes = [tab.model.hit(r).code for r in range(tab.model.rowCount())]
    assert code in codes[:5]
    hit = tab.model.hit(codes.index(code))
    assert hit.source == "imported" and hit.description == descriptor
    tip = tab.model.data(tab.model.index(codes.index(code), 2), Qt.ItemDataRole.ToolTipRole)
    assert "CMS descriptor from your imported RVU25D file" in tip
    tab.open_row(codes.index(code))
    assert "(CMS descriptor from your imported RVU25D file)" in tab.detail.toPlainText()
    assert tab.grab().save(str(screenshots / "lookup_imported_descriptor.png"))


def test_icd_page_code_set_and_other_names(screenshots, qtbot, ref, home):
    tab = make_tab(qtbot, ref)
    type_query(qtbot, tab, "high blood pressure")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)
    assert tab.current.code == "I10"
    text = tab.detail.toPlainText()
    assert "fiscal year 2027" in text and "high blood pressure" in text
    assert tab.grab().save(str(screenshots / "lookup_icd_i10.png"))
