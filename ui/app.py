"""Start the desktop app: the log and the error dialog first, then make sure the reference
database is ready (built in the background on first launch, with progress and Cancel), then the
window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from core.jobs import Progress
from core.logs import setup_logging
from core.paths import APP_NAME, default_reference_db
from core.sources.ensure import ensure_reference_db

from .about import app_version
from .collector import MainThreadCollector
from .context import AppContext
from .errors import install_excepthook
from .jobs import Job, JobFailure
from .main_window import TITLE, MainWindow
from .smoke import quit_after_show_when_asked
from .wording import gui_words

log = logging.getLogger("billing.app")


def run_app(db_path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(TITLE)
    app.setOrganizationName(APP_NAME)
    log_file = setup_logging()
    install_excepthook()
    collector = MainThreadCollector(app)      # a worker never frees a Qt object

    log.info("Billing Assistant %s starting; log at %s", app_version(), log_file)
    path = db_path or default_reference_db()
    opened: list[tuple[AppContext, MainWindow]] = []

    def ready(warning: str | None) -> None:
        context = AppContext(path)
        window = MainWindow(context)
        opened.append((context, window))
        quit_after_show_when_asked(window)
        window.show()
        if warning:
            QMessageBox.warning(window, TITLE, warning)

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
    return code
