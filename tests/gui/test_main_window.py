"""The main window driven offscreen: tabs, menus, the status bar and its coverage warning, About,
lookup, the startup build, and what the window remembers between launches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from core.sources.ensure import ensure_reference_db
from tests.conftest import cms_file
from ui.about import AboutDialog
from ui.jobs import Job
from ui.main_window import MainWindow

TODAY = date(2026, 11, 30)


def open_window(qtbot, make_context, today: date = TODAY, db: Path | None = None) -> MainWindow:
    window = MainWindow(make_context(today=today, db=db))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.scrub_tab.busy(), timeout=20000)
    return window


def test_window_has_a_tab_per_feature_menus_and_release_status(qtbot, make_context):
    window = open_window(qtbot, make_context)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Code lookup", "Fee calculator", "Claim scrubbing", "Remittances", "Data"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Help"]
    status = window.releases_label.text()
    assert "PFS RVU26C" in status and "ICD-10-CM FY20" in status
    assert "American Medical Association" in window.releases_label.toolTip()
    help_menu = window.menuBar().actions()[2].menu()
    assert "Open &log folder" in [a.text() for a in help_menu.actions()]


def test_the_status_bar_says_when_today_is_not_covered(qtbot, make_context):
    # 11/30/2026: the bundle prices it (RVU26C) but carries no NCCI PTP edits, and its MUE
    # and ZIP5 quarters are earlier ones
    window = open_window(qtbot, make_context, today=date(2026, 11, 30))
    warning = window.coverage_label
    assert warning.isVisible() and "Today (11/30/2026) is not fully covered" in warning.text()
    assert "NCCI PTP edits missing" in warning.text() and "PFS" not in warning.text()
    assert "ccipra-v323r0" in warning.toolTip() and "MUE stale" in warning.text()
    warning.linkActivated.emit("data")
    assert window.tabs.currentWidget() is window.data_page
    covered = open_window(qtbot, make_context, today=date(2025, 11, 3))  # RVU25D covers it
    assert "PFS" not in covered.coverage_label.text()
    assert "NCCI PTP edits missing" in covered.coverage_label.text()  # not bundled


def test_about_box_lists_releases_and_the_ama_notice(screenshots, qtbot, make_context):
    window = open_window(qtbot, make_context)
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.text()
    assert "RVU25D" in text and "GPCI2025" in text and "ICD-10-CM" in text
    assert "American Medical Association" in text and "does not include AMA descriptors" in text
    licences = dialog.licences.toPlainText()
    assert "PySide6" in licences and "LGPL-3.0" in licences and "openpyxl" in licences
    assert dialog.grab().save(str(screenshots / "about.png"))


def test_lookup_tab_shows_a_code_typed_and_entered(screenshots, qtbot, make_context):
    window = open_window(qtbot, make_context)
    tab = window.lookup_tab
    qtbot.keyClicks(tab.query, "99213")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)  # Enter searches at once, opens the best
    text = tab.detail.toPlainText()
    assert "99213 \u2014 CPT, E/M office" in text
    assert "(none) A 1.30 1.46 0.33 0.09 $95.19 $57.45" in " ".join(text.split())  # RVU26C
    assert window.grab().save(str(screenshots / "main_window_lookup.png"))
    tab.query.clear()
    qtbot.keyClicks(tab.query, "qqzx-999")
    qtbot.keyClick(tab.query, Qt.Key.Key_Return)
    assert tab.status.text().startswith("No match for")
    assert tab.detail.toPlainText().startswith("No match for")


def test_import_runs_in_the_background_and_refreshes_the_status(qtbot, make_context, db_path):
    window = open_window(qtbot, make_context, db=db_path)
    zip_file = cms_file("zip", "ZIP5_OCT2025.txt")
    window.data_page.start_import([zip_file])
    # Wait for the outcome, not for a signal: a fast job can finish before a wait starts.
    # The status line names the ZIP5 release for today (the bundled 2026Q1); its tooltip all.
    qtbot.waitUntil(lambda: "ZIP5 2025Q4" in window.releases_label.toolTip(), timeout=60000)
    qtbot.waitUntil(lambda: window.data_page.last_message is not None, timeout=5000)
    assert "ZIP5 2025Q4, 42,956 rows" in window.data_page.last_message.text()


def test_a_bad_file_import_reports_instead_of_crashing(qtbot, make_context, db_path, tmp_path):
    window = open_window(qtbot, make_context, db=db_path)
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n")
    window.data_page.start_import([bad])
    qtbot.waitUntil(lambda: window.data_page.last_message is not None, timeout=30000)
    message = window.data_page.last_message
    assert "notes.csv: not a CMS release file" in message.text()
    assert message.icon() == message.Icon.Warning


def test_startup_builds_a_missing_database_off_the_gui_thread(qtbot, make_context, tmp_path):
    path = tmp_path / "first-launch.sqlite"
    shown: list[float] = []
    built: list[object] = []

    class Display:
        def start(self, job: Job) -> None: ...
        def show_progress(self, message: str, fraction: float) -> None:
            shown.append(fraction)

        def finish(self) -> None: ...

    job = (
        Job(
            None,
            lambda progress: ensure_reference_db(path, progress),
            built.append,
            "reference database build",
        )
        .with_progress(Display())
        .run_in_background()
    )
    assert job.running()  # the GUI thread goes on meanwhile
    qtbot.waitUntil(lambda: built == [None], timeout=120000)
    assert shown and max(shown) <= 1.0
    window = open_window(qtbot, make_context, db=path)
    assert "PFS RVU26C" in window.releases_label.text()


def test_size_layout_and_tab_are_there_after_a_restart(qtbot, make_context):
    window = open_window(qtbot, make_context)
    window.resize(770, 560)  # the offscreen screen is 800 x 600
    window.tabs.setCurrentWidget(window.scrub_tab)
    window.scrub_tab.view.splitter.setSizes([300, 900])
    saved = window.scrub_tab.view.splitter.sizes()
    window.close()
    again = open_window(qtbot, make_context)
    assert again.tabs.currentWidget() is again.scrub_tab
    assert (again.size().width(), again.size().height()) == (770, 560)
    assert again.scrub_tab.view.splitter.sizes() == saved
