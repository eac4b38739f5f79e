"""The Data tab: what the loaded data covers on a date (current, stale, missing, with the file to
import), every release loaded, and an import that the whole window follows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from core.refdata.coverage import CURRENT, MISSING, STALE
from tests.support.cms_layouts import write_mue
from ui.data_page import IMPORT_FILTER, DataPage
from ui.main_window import MainWindow

MUE_ROWS = [
    "0001U,1,2 Date of Service Edit: Policy,CMS Policy",
    "99213,1,3 Date of Service Edit: Clinical,Clinical: Data",
]


def states(page: DataPage) -> dict[str, tuple[str, str]]:
    return {c.source: (c.state, c.to_import) for c in page.coverage_model.rows}


def test_coverage_for_today_and_for_another_date(qtbot, make_context):
    page = DataPage(make_context(today=date(2026, 11, 30)))
    qtbot.addWidget(page)
    found = states(page)
    # CY2026 in the box: priced and coded today; NCCI PTP is never bundled; MUE is a past quarter
    assert found["pfs"] == (CURRENT, "") and found["icd10cm"] == (CURRENT, "")
    assert found["ncci_ptp"][0] == MISSING and "ccipra-v323r0" in found["ncci_ptp"][1]
    assert found["mue"] == (STALE, "MCR_MUE_PractitionerServices_Eff_10-01-2026.xlsx")
    assert "11/30/2026" in page.summary.text() and "missing" in page.summary.text()
    releases = [r[0].name for r in page.releases_model.rows]
    assert {"RVU25D", "RVU26C", "GPCI2025", "GPCI2026"} <= set(releases)
    page.day.edit.setText("1/5/2024")
    page.day.read()
    assert states(page)["pfs"][0] == MISSING  # no 2024 release: never another year's
    background = page.coverage_model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole)
    assert background is not None
    assert "*.zip" in IMPORT_FILTER and "*.xlsx" in IMPORT_FILTER


def test_a_dropped_file_is_imported_and_every_tab_reads_it(
    qtbot, make_context, db_path, tmp_path, screenshots
):
    window = MainWindow(make_context(today=date(2025, 11, 3), db=db_path))
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    page = window.data_page
    window.tabs.setCurrentWidget(page)
    # 2025-11-03: the bundled MUE 2026Q2 is a later quarter, used and said so (stale)
    assert states(page)["mue"][0] == STALE
    assert "NCCI PTP edits missing, MUE stale" in window.coverage_label.text()
    changed: list[int] = []
    window.context.reference_changed.connect(lambda: changed.append(1))
    mue = write_mue(tmp_path / "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv", MUE_ROWS)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(mue))])
    page.dropEvent(
        QDropEvent(
            QPointF(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=30000)
    assert "Loaded mue: MUE 2025Q4, 2 rows" in page.last_message.text()
    page.last_message.close()
    assert changed == [1]  # one signal, every tab follows
    assert states(page)["mue"] == (CURRENT, "")
    assert "MUE" not in window.coverage_label.text() + window.coverage_label.toolTip()
    assert "MUE 2025Q4" in [r[0].name for r in page.releases_model.rows]
    assert window.grab().save(str(screenshots / "data_tab.png"))
