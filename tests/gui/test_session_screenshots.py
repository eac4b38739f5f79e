"""A biller's realistic session in the main window, with a screenshot of each tab at the end of
its part (kept in BILLING_SCREENSHOTS when set): look a code up and price it, build an encounter,
open and scrub a worklist and fix a claim, look at the data the app has."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from tests.support.worklists import HEADER, visit_row, write_csv
from ui.main_window import MainWindow

TODAY = date(2025, 12, 1)
BAD_NPI = "1234567890"


def row(claim_id: str, patient: str, code: str, **changes: object) -> list[object]:
    return visit_row(claim_id, patient, code, service_zip="10001", **changes)


def worklist(folder: Path) -> Path:
    return write_csv(
        folder / "december.csv",
        [
            HEADER,
            row("1001", "P1", "99213"),
            row("1002", "P2", "99214", modifiers="25"),
            row("", "P2", "20610", charge="180.00"),
            row("1003", "P3", "93000", units=0),
            row("1004", "P4", "99213", billing_npi=BAD_NPI, dx1="E11.9"),
            row("1005", "P5", "36415", charge="15.00"),
            row("", "P5", "80053", charge="45.00"),
            row("1006", "P6", "99215", dx1="J45.909"),
            row("1007", "P7", "97110", units=3, charge="90.00"),
        ],
    )


def test_a_session_in_every_tab(qtbot, make_context, tmp_path, screenshots):
    window = MainWindow(make_context(today=TODAY))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    scrub = window.scrub_tab
    qtbot.waitUntil(lambda: not scrub.busy(), timeout=20000)

    lookup = window.lookup_tab
    qtbot.keyClicks(lookup.query, "office visit established")
    qtbot.keyClick(lookup.query, Qt.Key.Key_Return)
    lookup.open_row(1)
    assert lookup.current is not None
    assert window.grab().save(str(screenshots / "session_1_lookup.png"))

    qtbot.mouseClick(lookup.price, Qt.MouseButton.LeftButton)
    fee = window.fee_tab
    assert window.tabs.currentWidget() is fee
    qtbot.keyClicks(fee.view.locality.search, "manhattan")
    qtbot.keyClicks(fee.view.modifier_chips.entry, "25")
    qtbot.keyClick(fee.view.code, Qt.Key.Key_Return)
    for code in ("20610", "93000"):
        fee.view.code.selectAll()
        qtbot.keyClicks(fee.view.code, code)
        qtbot.keyClick(fee.view.code, Qt.Key.Key_Return)
    fee.view.payer.setValue(115)
    qtbot.waitUntil(lambda: not fee.pricing_pending(), timeout=3000)
    assert len(fee.encounter_table_rows) == 3
    assert window.grab().save(str(screenshots / "session_2_fee.png"))

    window.tabs.setCurrentWidget(scrub)
    scrub.open_paths([worklist(tmp_path)])
    qtbot.waitUntil(lambda: not scrub.busy() and bool(scrub.rows()), timeout=20000)
    assert scrub.display.select_claim("1003")
    units = next(f for f in scrub.display.visible_findings() if f.rule == "LINE-UNITS")
    scrub.display.show_finding_line(units)
    assert scrub.display.select_claim("1004")
    npi = next(f for f in scrub.display.visible_findings() if f.rule == "NPI-INVALID")
    scrub.display.show_finding_line(npi)
    assert window.grab().save(str(screenshots / "session_3_scrub.png"))

    window.tabs.setCurrentWidget(window.data_page)
    assert window.grab().save(str(screenshots / "session_4_data.png"))
