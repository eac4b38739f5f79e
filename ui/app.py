"""Start the desktop app: make sure the reference database is ready, then show the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from core.paths import default_reference_db
from core.sources.ensure import ensure_reference_db

from .main_window import MainWindow
from .smoke import quit_after_show_when_asked
from .workers import Worker, follow_progress

APP_TITLE = "Billing Assistant"


def run_app(db_path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_TITLE)
    path = db_path or default_reference_db()
    windows: list[MainWindow] = []

    dialog = QProgressDialog("Preparing the reference database...", "", 0, 100)
    dialog.setWindowTitle(APP_TITLE)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(500)

    def ready(warning: object) -> None:
        dialog.close()
        window = MainWindow(path)
        windows.append(window)
        quit_after_show_when_asked(window)
        window.show()
        if warning:
            QMessageBox.warning(window, APP_TITLE, str(warning))

    def failed(message: str) -> None:
        dialog.close()
        QMessageBox.critical(None, APP_TITLE, f"The reference database could not be prepared:\n"
                                              f"{message}")
        app.exit(2)

    worker = Worker(ensure_reference_db, path)
    follow_progress(worker, dialog)
    worker.signals.succeeded.connect(ready)
    worker.signals.failed.connect(failed)
    worker.start()
    return app.exec()
