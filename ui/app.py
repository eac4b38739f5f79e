"""Start the desktop app: the log and the error dialog first, then make sure the reference
database is ready (built in the background on first launch, with progress and Cancel), then the
window."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from core.db import DatabaseError
from core.jobs import Progress
from core.paths import APP_NAME, default_reference_db
from core.sources.ensure import ensure_reference_db

from .about import app_version
from .collector import MainThreadCollector
from .context import AppContext
from .errors import install_excepthook
from .jobs import Job, JobFailure
from .main_window import TITLE, MainWindow
from .smoke import quit_after_show_when_asked
from .startup import folder_problem, quit_on_sigterm, start_log
from .wording import gui_words

log = logging.getLogger("billing.app")


def run_app(db_path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(TITLE)
    app.setOrganizationName(APP_NAME)
    install_excepthook()
    log_file, log_problem = start_log()
    collector = MainThreadCollector(app)      # a worker never frees a Qt object
    sigterm_timer = quit_on_sigterm(app)

    log.info("Billing Assistant %s starting; log at %s", app_version(), log_file)
    try:
        path = db_path or default_reference_db()
    except OSError as exc:                    # the data folder cannot even be made
        QMessageBox.critical(None, TITLE, folder_problem(exc))
        return 2
    opened: list[tuple[AppContext, MainWindow]] = []

    def ready(warning: str | None) -> None:
        try:
            context = AppContext(path)
        except (DatabaseError, sqlite3.Error, OSError) as exc:
            QMessageBox.critical(None, TITLE, "The reference database cannot be opened:\n"
                                 f"{gui_words(str(exc))}")
            app.exit(2)
            return
        window = MainWindow(context)
        opened.append((context, window))
        quit_after_show_when_asked(window)
        window.show()
        notes = [gui_words(text) for text in (log_problem, warning) if text]
        if notes:
            QMessageBox.warning(window, TITLE, "\n\n".join(notes))

    def failed(failure: JobFailure) -> None:
        if not failure.cancelled:
            QMessageBox.critical(None, TITLE, "The reference database could not be prepared:\n"
                                 f"{gui_words(failure.message)}")
        app.exit(2)

    def build(progress: Progress) -> str | None:
        return ensure_reference_db(path, progress)

    Job(None, build, ready, "reference database build").failure(failed) \
        .with_progress("Preparing the reference database (first launch: a few seconds)...") \
        .run_in_background()
    code = app.exec()
    for context, _ in opened:
        context.close()
    log.info("closed (exit code %d)", code)
    collector.timer.stop()
    sigterm_timer.stop()
    return code
