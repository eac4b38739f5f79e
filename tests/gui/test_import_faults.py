"""The Data tab's import when it is cancelled, stopped by SIGTERM, or meets a full disk: the
message says what was imported and what was not, the app reads the data that is really there,
and no error dialog (no traceback) appears. The start-up log when the data folder is
read-only is here too (ui/startup.py)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from core.db import open_writable
from tests.conftest import cms_file
from tests.support.faults import big_ptp
from ui.data_page import DataPage
from ui.errors import ErrorDialog
from ui.startup import folder_problem, quit_on_sigterm, start_log


def ncci_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM ncci_ptp").fetchone()[0]
    finally:
        conn.close()


def cancel_when_inserting(page: DataPage) -> None:
    """Cancel the running import once it is reading the NCCI part (inserting its edits)."""
    assert page.job is not None
    job = page.job
    shown = job._show_progress

    def watch(message: str, fraction: float) -> None:
        shown(message, fraction)
        if message.startswith("reading ccipra") and fraction > 0.2:
            job.cancel()

    job._show_progress = watch  # type: ignore[method-assign]


def no_error_dialog() -> bool:
    return not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()
    ]


def test_an_import_cancelled_midway_reports_what_it_imported(
    qtbot, make_context, db_path, tmp_path
):
    context = make_context(today=date(2025, 11, 3), db=db_path)
    page = DataPage(context)
    qtbot.addWidget(page)
    changed: list[int] = []
    context.reference_changed.connect(lambda: changed.append(1))
    gpci = cms_file("pfs2026", "GPCI2026.csv")
    part = big_ptp(tmp_path, 300_000)

    page.start_import([part, gpci])  # GPCI files go first, then NCCI parts
    cancel_when_inserting(page)
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=60000)

    text = page.last_message.text()
    assert text.startswith(
        "Cancelled, but not before these files were imported (each file is "
        "imported whole or not at all):\nLoaded gpci: GPCI2026, 109 rows"
    )
    assert (
        f"Not imported: {part.name}: the import was stopped before this "
        "file was done (the files listed as loaded were imported)"
    ) in text
    assert ncci_rows(db_path) == 0  # the part rolled back whole
    assert changed == [1]  # the app reads what is really there
    imported = [r[0] for r in page.releases_model.rows if r[0].name == "GPCI2026"]
    assert [r.origin for r in imported] == ["imported"]
    assert no_error_dialog()


def test_sigterm_cancels_the_import_and_quits(qtbot, make_context, db_path, tmp_path):
    page = DataPage(make_context(db=db_path))
    qtbot.addWidget(page)
    quit_codes: list[int] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = signal.getsignal(signal.SIGTERM)
    timer = quit_on_sigterm(app, quit_codes.append)
    try:
        job = page.start_import([big_ptp(tmp_path, 300_000)])
        assert job is not None
        qtbot.waitUntil(lambda: page.job is None or ncci_rows_started(job), timeout=30000)
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: quit_codes == [143], timeout=30000)
        assert job.wait(30)
        qtbot.waitUntil(lambda: page.job is None, timeout=30000)  # its result delivered
    finally:
        signal.signal(signal.SIGTERM, previous)
        timer.stop()
    assert ncci_rows(db_path) == 0


def ncci_rows_started(job) -> bool:
    return job._shown[0] >= 10  # 10% of the part read and inserted


def test_an_import_into_a_full_disk_is_one_line_not_an_error_dialog(
    qtbot, make_context, db_path, tmp_path, monkeypatch
):
    """The disk fills up: SQLite's own limit on the file's pages (PRAGMA max_page_count, set
    on the import's real connection) stands for it here; the CLI test in
    tests/unit/test_storage_faults.py fills a real small tmpfs."""
    import ui.data_page

    def nearly_full(path: Path) -> sqlite3.Connection:
        conn = open_writable(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 200}")
        return conn

    monkeypatch.setattr(ui.data_page, "open_writable", nearly_full)
    page = DataPage(make_context(db=db_path))
    qtbot.addWidget(page)
    page.start_import([big_ptp(tmp_path, 100_000)])
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=60000)

    assert page.last_message.text() == (
        "Not imported: ccipra-v313r0-f1.txt: cannot store it in the reference database: the "
        f"disk holding {db_path.parent} is full; free some space and try again"
    )
    assert ncci_rows(db_path) == 0 and no_error_dialog()


def test_a_read_only_data_folder_gives_a_warning_not_a_crash(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(blocked))

    log_file, problem = start_log()

    assert log_file is None and problem is not None
    assert problem.startswith(f"The app's data folder cannot be written ({blocked}")
    assert "BILLING_ASSISTANT_HOME" in problem
    assert folder_problem(PermissionError(13, "Permission denied", "/x")).startswith(
        "The app's data folder cannot be written (/x: Permission denied)"
    )


def cancel_once_writing(page: DataPage, monkeypatch) -> None:
    """Press Cancel the moment the import starts writing a file (its transaction then runs to
    its commit: nothing checks the cancel while SQLite writes)."""
    import ui.data_page

    real = ui.data_page.import_op

    def op(db: Path, paths: list[Path], accept_partial: bool = False):
        run = real(db, paths, accept_partial)

        def watched(progress):
            def report(message: str, fraction: float) -> None:
                progress(message, fraction)
                if message.startswith("writing") and page.job is not None:
                    page.job.cancel()

            return run(report)

        return watched

    monkeypatch.setattr(ui.data_page, "import_op", op)


def test_a_cancel_during_the_write_says_the_file_is_in_and_refreshes(
    qtbot, make_context, db_path, monkeypatch
):
    """Issue 16, item 6: a cancel pressed while the file was written said 'Cancelled: nothing
    was written' although the release was committed, and the window did not read it."""
    context = make_context(today=date(2026, 3, 1), db=db_path)
    page = DataPage(context)
    qtbot.addWidget(page)
    changed: list[int] = []
    context.reference_changed.connect(lambda: changed.append(1))
    cancel_once_writing(page, monkeypatch)

    page.start_import([cms_file("pfs2026", "GPCI2026.csv"), cms_file("pfs", "25LOCCO.csv")])
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=60000)

    text = page.last_message.text()
    assert text.startswith(
        "Cancelled, but not before these files were imported (each file is "
        "imported whole or not at all):\nLoaded gpci: GPCI2026, 109 rows"
    )
    assert "Not imported: 25LOCCO.csv: the import was stopped before this file was done" in text
    assert "nothing was written" not in text
    assert changed == [1]
    assert [r[0].origin for r in page.releases_model.rows if r[0].name == "GPCI2026"] == [
        "imported"
    ]
    assert no_error_dialog()


def test_a_file_refused_as_cut_short_can_be_imported_anyway(qtbot, make_context, db_path, tmp_path):
    full = cms_file("ncci", "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")
    lines = full.read_bytes().splitlines(keepends=True)
    small = tmp_path / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"
    small.write_bytes(b"".join(lines[: len(lines) // 2]))
    page = DataPage(make_context(db=db_path))
    qtbot.addWidget(page)

    page.start_import([small])
    qtbot.waitUntil(lambda: page.last_message is not None, timeout=60000)
    refused = page.last_message
    assert "the file looks cut short" in refused.text()
    assert "If it really is the whole release, choose Import anyway" in refused.text()
    anyway = next(b for b in refused.buttons() if b.text() == "Import anyway")
    anyway.click()
    qtbot.waitUntil(lambda: page.last_message is not refused and page.job is None, timeout=60000)

    assert "Loaded mue: MUE 2026Q3" in page.last_message.text()
    assert "(accepted as partial)" in page.last_message.text()


@pytest.mark.slow
def test_the_data_tab_rebuilds_the_database_keeping_the_imports(
    qtbot, make_context, db_path, tmp_path
):
    gpci = tmp_path / "GPCI2026.csv"
    shutil.copyfile(cms_file("pfs2026", "GPCI2026.csv"), gpci)
    context = make_context(db=db_path)
    page = DataPage(context)
    qtbot.addWidget(page)
    page.start_import([gpci])
    qtbot.waitUntil(lambda: page.last_message is not None and page.job is None, timeout=60000)
    imported = page.last_message
    changed: list[int] = []
    context.reference_changed.connect(lambda: changed.append(1))

    assert page.start_rebuild() is not None
    qtbot.waitUntil(lambda: page.last_message is not imported and page.job is None, timeout=120000)

    assert page.last_message.text().splitlines() == [
        "The reference database was rebuilt from the bundled data.",
        "Imported again: gpci: GPCI2026, 109 rows into gpci, effective 2026-01-01 to 2026-12-31",
    ]
    assert changed == [1] and page.rebuild_button.isEnabled()
    assert [r[0].origin for r in page.releases_model.rows if r[0].name == "GPCI2026"] == [
        "imported"
    ]
    assert no_error_dialog()
