"""Start the desktop app: the log and the error dialog first, the one lock per workspace (a
second app on the same workspace says so and quits), then make sure the reference database is
ready (built in the background on first launch, with progress and Cancel; checked page by page
after an unclean shutdown) and the workspace opens (a damaged one is set aside), then the
window."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from core.db import DatabaseError
from core.jobs import Progress
from core.logs import quiet_unraisable
from core.paths import APP_NAME, default_reference_db
from core.sources.ensure import ensure_reference_db
from core.tabular import remove_stale_files
from core.workspace import check_workspace, default_workspace

from .about import app_version
from .collector import MainThreadCollector
from .context import AppContext
from .errors import install_excepthook
from .instance import WorkspaceLock, already_running
from .jobs import Job, JobFailure
from .main_window import TITLE, MainWindow
from .smoke import printed_in_smoke_run, quit_after_show_when_asked
from .startup import folder_problem, quit_on_sigterm, start_log
from .wording import gui_words

log = logging.getLogger("billing.app")


def run_app(db_path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(TITLE)
    app.setOrganizationName(APP_NAME)
    install_excepthook()
    quiet_unraisable()
    remove_stale_files()  # what exports killed last time left behind
    log_file, log_problem = start_log()
    collector = MainThreadCollector(app)  # a worker never frees a Qt object
    sigterm_timer = quit_on_sigterm(app)

    log.info("Billing Assistant %s starting; log at %s", app_version(), log_file)
    try:
        path = db_path or default_reference_db()
        workspace = default_workspace()
    except OSError as exc:  # the data folder cannot even be made
        QMessageBox.critical(None, TITLE, folder_problem(exc))
        return 2
    lock = WorkspaceLock(workspace)
    if lock.acquire() is False:
        log.info("another app holds %s: not starting a second one", lock.path.name)
        text = already_running(workspace, lock.owner())
        if not printed_in_smoke_run("already running", text):
            QMessageBox.information(None, TITLE, text)
        return 2
    opened: list[tuple[AppContext, MainWindow]] = []

    def ready(warnings: list[str]) -> None:
        try:
            context = AppContext(path, workspace)
        except (DatabaseError, sqlite3.Error, OSError) as exc:
            QMessageBox.critical(
                None, TITLE, f"The reference database cannot be opened:\n{gui_words(str(exc))}"
            )
            app.exit(2)
            return
        window = MainWindow(context)
        opened.append((context, window))
        quit_after_show_when_asked(window)
        window.show()
        notes = [gui_words(text) for text in (log_problem, *warnings) if text]
        for note in warnings:
            log.warning("at start-up: %s", note)
        if notes and not printed_in_smoke_run("warning", "\n\n".join(notes)):
            QMessageBox.warning(window, TITLE, "\n\n".join(notes))

    def failed(failure: JobFailure) -> None:
        if not failure.cancelled:
            QMessageBox.critical(
                None,
                TITLE,
                f"The reference database could not be prepared:\n{gui_words(failure.message)}",
            )
        app.exit(2)

    def build(progress: Progress) -> list[str]:
        """The reference database ready (checked page by page when the app did not close
        cleanly last time), and the workspace opened and checked (set aside if damaged)."""
        warning = ensure_reference_db(path, progress, check=lock.unclean)
        return [text for text in (warning, check_workspace(workspace)) if text]

    Job(None, build, ready, "reference database build").failure(failed).with_progress(
        "Preparing the reference database (first launch: a few seconds)..."
    ).run_in_background()
    code = app.exec()
    for context, _ in opened:
        context.close()
    lock.release()
    log.info("closed (exit code %d)", code)
    collector.timer.stop()
    sigterm_timer.stop()
    return code
