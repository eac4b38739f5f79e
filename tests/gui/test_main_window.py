"""The main window driven offscreen: tabs, menus, status bar, About, lookup and import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from core.sources.build import ensure_reference_db
from tests.conftest import cms_file
from ui.about import AboutDialog
from ui.main_window import MainWindow
from ui.workers import Worker


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.show()
    return window


def test_window_has_a_tab_per_feature_menus_and_release_status(qtbot, built_db):
    window = open_window(qtbot, built_db)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Code lookup", "Fee calculator", "Claim scrubbing", "Remittances"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Help"]
    status = window.releases_label.text()
    assert "PFS RVU25D" in status and "ICD-10-CM FY20" in status
    assert "American Medical Association" in window.releases_label.toolTip()


def test_about_box_lists_releases_and_the_ama_notice(screenshots, qtbot, built_db):
    window = open_window(qtbot, built_db)
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.text()
    assert "RVU25D" in text and "GPCI2025" in text and "ICD-10-CM" in text
    assert "American Medical Association" in text and "does not include AMA descriptors" in text
    assert dialog.grab().save(str(screenshots / "about.png"))


def test_lookup_tab_shows_a_code_typed_and_entered(screenshots, qtbot, built_db):
    window = open_window(qtbot, built_db)
    tab = window.lookup_tab
    qtbot.keyClicks(tab.query, "99213")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)       # Enter searches at once, opens the best
    text = tab.detail.toPlainText()
    assert "99213 \u2014 CPT, E/M office" in text
    assert "(none) A 1.30 1.35 0.57 0.10 $88.95 $63.72" in " ".join(text.split())
    assert window.grab().save(str(screenshots / "main_window_lookup.png"))
    tab.query.clear()
    qtbot.keyClicks(tab.query, "qqzx-999")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)
    assert tab.status.text().startswith("No match for")
    assert tab.detail.toPlainText().startswith("No match for")


def test_import_runs_in_the_background_and_refreshes_the_status(qtbot, db_path):
    window = open_window(qtbot, db_path)
    zip_file = cms_file("zip", "ZIP5_OCT2025.txt")
    window.start_import([zip_file])
    # Wait for the outcome, not for the worker's signal: a fast worker can emit it before a
    # waitSignal started after start_import() connects, and the wait would then time out.
    qtbot.waitUntil(lambda: "ZIP5 2025Q4" in window.releases_label.text(), timeout=60000)
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=5000)
    assert "ZIP5 2025Q4, 42,956 rows" in window.last_message.text()


def test_a_bad_file_import_reports_instead_of_crashing(qtbot, db_path, tmp_path):
    window = open_window(qtbot, db_path)
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n")
    window.start_import([bad])       # fails in a few ms: see the note in the test above
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=30000)
    assert "notes.csv: not a CMS release file" in window.last_message.text()
    assert window.last_message.icon() == window.last_message.Icon.Warning


def test_startup_builds_a_missing_database_off_the_gui_thread(qtbot, tmp_path):
    path = tmp_path / "first-launch.sqlite"
    worker = Worker(ensure_reference_db, path)
    with qtbot.waitSignal(worker.signals.succeeded, timeout=120000):
        worker.start()
    window = open_window(qtbot, path)
    assert "PFS RVU25D" in window.releases_label.text()
