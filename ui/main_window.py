"""The main window: one tab per feature, File and Help menus, a status bar with the releases."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QTabWidget,
)

from core.db import open_readonly, open_writable
from core.notices import AMA_NOTICE
from core.refdata.coverage import release_summary
from core.refdata.releases import loaded_releases
from core.sources.importer import import_paths

from .about import show_about
from .fee_tab import FeeTab
from .lookup_tab import LookupTab
from .remit import RemitTab
from .scrub_tab import ScrubTab
from .workers import Worker, follow_progress


def _import_release(db_path: Path, files: list[Path], progress):
    conn = open_writable(db_path)
    try:
        return import_paths(conn, files, progress=progress)
    finally:
        conn.close()


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path):
        super().__init__()
        self.db_path = db_path
        self.conn = open_readonly(db_path)
        self.setWindowTitle("Billing Assistant")
        self.resize(1100, 720)
        self._worker: Worker | None = None
        self.last_message: QMessageBox | None = None

        self.tabs = QTabWidget()
        self.lookup_tab = LookupTab(self.conn)
        self.lookup_tab.price_requested.connect(self.price_code)
        self.tabs.addTab(self.lookup_tab, "Code lookup")
        self.fee_tab = FeeTab(self.conn)
        self.tabs.addTab(self.fee_tab, "Fee calculator")
        self.scrub_tab = ScrubTab(self.conn, db_path)
        self.tabs.addTab(self.scrub_tab, "Claim scrubbing")
        self.remit_tab = RemitTab(db_path)
        self.tabs.addTab(self.remit_tab, "Remittances")
        self.setCentralWidget(self.tabs)

        self._build_menus()
        self.releases_label = QLabel()
        self.statusBar().addWidget(self.releases_label, 1)
        self.statusBar().addPermanentWidget(QLabel("CPT \u00a9 American Medical Association"))
        self.refresh_releases()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import CMS release...", self)
        self.import_action.triggered.connect(self.choose_import_files)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About Billing Assistant", self)
        self.about_action.triggered.connect(lambda: show_about(self, self.conn))
        help_menu.addAction(self.about_action)

    def price_code(self, code: str) -> None:
        """Show the fee calculator with the code, when that tab can take one (set_code)."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == "Fee calculator":
                self.tabs.setCurrentIndex(index)
                set_code = getattr(self.tabs.widget(index), "set_code", None)
                if callable(set_code):
                    set_code(code)
                return

    def refresh_releases(self) -> None:
        summary = release_summary(self.conn)
        self.releases_label.setText(f"Data: {summary}")
        self.releases_label.setToolTip("\n".join(
            f"{r.label}: {r.dates}, {r.row_count:,} rows ({r.origin})"
            for r in loaded_releases(self.conn)) + "\n\n" + AMA_NOTICE)

    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import CMS release files", "", "CMS release files (*.csv *.txt);;All files (*)")
        if files:
            self.start_import([Path(f) for f in files])

    def start_import(self, files: list[Path]) -> Worker:
        dialog = QProgressDialog("Importing...", "Cancel", 0, 100, self)
        dialog.setWindowTitle("Import CMS release")
        dialog.setMinimumDuration(300)
        worker = Worker(_import_release, self.db_path, files)
        dialog.canceled.connect(lambda: setattr(worker, "cancelled", True))
        follow_progress(worker, dialog)
        worker.signals.succeeded.connect(lambda result: self._import_done(dialog, result))
        worker.signals.failed.connect(lambda message: self._import_failed(dialog, message))
        self._worker = worker
        worker.start()
        return worker

    def _import_done(self, dialog: QProgressDialog, result) -> None:
        dialog.close()
        loaded, errors = result
        self.conn.close()
        self.conn = open_readonly(self.db_path)
        self.lookup_tab.set_connection(self.conn)
        self.fee_tab.set_connection(self.conn)
        self.scrub_tab.set_connection(self.conn)
        self.refresh_releases()
        lines = [f"Loaded {r.summary()}" for r in loaded]
        lines += [f"Not imported: {e}" for e in errors]
        icon = QMessageBox.Icon.Warning if errors else QMessageBox.Icon.Information
        self.show_message(icon, "\n".join(lines) or "Nothing was imported.")

    def _import_failed(self, dialog: QProgressDialog, message: str) -> None:
        dialog.close()
        self.show_message(QMessageBox.Icon.Warning, message)

    def show_message(self, icon: QMessageBox.Icon, text: str) -> None:
        """A window-modal message that does not block the event loop."""
        self.last_message = QMessageBox(icon, "Import CMS release", text,
                                        QMessageBox.StandardButton.Ok, self)
        self.last_message.open()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.conn.close()
        super().closeEvent(event)
