"""The main window: one tab per feature and the Data tab; File, Edit and Help menus; a status bar
with the releases in use and a visible warning when today's date is not covered. Closing asks
about a worklist not saved to a file, cancels running jobs and waits for them, and remembers the
window's size, layout and tab."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTabWidget,
)

from core.claims_io.template import write_template
from core.notices import AMA_NOTICE
from core.refdata.coverage import coverage, release_summary
from core.refdata.releases import loaded_releases
from core.tabular import ExportError

from .about import show_about
from .context import AppContext
from .data_page import DataPage, not_covered
from .errors import open_log_folder
from .fee_tab import FeeTab
from .jobs import cancel_all
from .lookup_tab import LookupTab
from .remit import RemitTab
from .scrub.tab import ScrubTab
from .widgets import WARNING_STYLE, choose_save_path

log = logging.getLogger("billing.app")
TITLE = "Billing Assistant"
CLOSE_WAIT = 30.0  # seconds a cancelled job gets to stop when the window closes
# the order gaps are named in the status bar: what prices and checks most claims first
WARN_ORDER = (
    "pfs",
    "gpci",
    "icd10cm",
    "ncci_ptp",
    "mue",
    "zip5",
    "locality",
    "hcpcs",
    "aoc",
    "oppscap",
    "anesthesia",
)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        self.setWindowTitle(f"{TITLE}[*]")
        self.resize(1200, 760)
        self.tabs = QTabWidget()
        self.lookup_tab = LookupTab(context)
        self.lookup_tab.price_requested.connect(self.price_code)
        self.fee_tab = FeeTab(context)
        self.scrub_tab = ScrubTab(context)
        self.remit_tab = RemitTab(context)
        self.data_page = DataPage(context)
        for tab, label in (
            (self.lookup_tab, "Code lookup"),
            (self.fee_tab, "Fee calculator"),
            (self.scrub_tab, "Claim scrubbing"),
            (self.remit_tab, "Remittances"),
            (self.data_page, "Data"),
        ):
            self.tabs.addTab(tab, label)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self.releases_label = QLabel()
        self.coverage_label = QLabel()
        self.coverage_label.setStyleSheet(WARNING_STYLE)
        self.coverage_label.linkActivated.connect(lambda _: self.show_data())
        for shown in (self.releases_label, self.coverage_label):  # long: cut, never widening
            shown.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.releases_label, 3)
        self.statusBar().addWidget(self.coverage_label, 2)
        self.statusBar().addPermanentWidget(QLabel("CPT \u00a9 American Medical Association"))
        context.reference_changed.connect(self.refresh_releases)
        self.scrub_tab.worklist.modified_changed.connect(self.setWindowModified)
        for action in (self.undo_action, self.redo_action):  # from any tab: show where it went
            action.triggered.connect(lambda: self.tabs.setCurrentWidget(self.scrub_tab))
        self.refresh_releases()
        self._restore_layout()

    def _build_menus(self) -> None:
        scrub, worklist = self.scrub_tab, self.scrub_tab.worklist
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = self._action(
            file_menu, "&Open worklist...", scrub.choose_files, QKeySequence.StandardKey.Open
        )
        self.save_action = self._action(
            file_menu, "&Save worklist", lambda: scrub.save(), QKeySequence.StandardKey.Save
        )
        self.save_as_action = self._action(
            file_menu,
            "Save worklist &as...",
            lambda: scrub.save_as(),
            QKeySequence.StandardKey.SaveAs,
        )
        self._action(file_menu, "Save worklist &template...", self.save_template)
        file_menu.addSeparator()
        self.import_action = self._action(
            file_menu, "&Import CMS release...", self.data_page.choose_files
        )
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = worklist.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = worklist.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Data releases and coverage", self.show_data)
        self.log_action = self._action(help_menu, "Open &log folder", open_log_folder)
        self.about_action = self._action(
            help_menu, "&About Billing Assistant", lambda: show_about(self, self.context.conn)
        )

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def price_code(self, code: str) -> None:
        """Show the fee calculator with the code priced (the lookup tab's "price it")."""
        self.tabs.setCurrentWidget(self.fee_tab)
        self.fee_tab.set_code(code)

    def show_data(self) -> None:
        self.tabs.setCurrentWidget(self.data_page)

    def refresh_releases(self) -> None:
        conn, today = self.context.conn, self.context.today()
        self.releases_label.setText(f"Data: {release_summary(conn, today, with_gaps=False)}")
        self.releases_label.setToolTip(
            "\n".join(
                f"{r.label}: {r.dates}, {r.row_count:,} rows ({r.origin})"
                for r in loaded_releases(conn)
            )
            + "\n\n"
            + AMA_NOTICE
        )
        gaps = sorted(
            not_covered(coverage(conn, today)),
            key=lambda item: (
                WARN_ORDER.index(item.source) if item.source in WARN_ORDER else len(WARN_ORDER)
            ),
        )
        self.coverage_label.setVisible(bool(gaps))
        names = ", ".join(f"{item.name.split(' (')[0]} {item.state}" for item in gaps[:4])
        self.coverage_label.setText(
            f"\u26a0 Today ({today:%m/%d/%Y}) is not fully covered: {names}"
            f"{', ...' if len(gaps) > 4 else ''} \u2014 <a href='data'>see Data</a>"
        )
        self.coverage_label.setToolTip(
            "\n".join(f"{item.name}: {item.state}; import {item.to_import}" for item in gaps)
        )

    def save_template(self) -> None:
        path = choose_save_path(
            self, self.context.settings, "Save an empty worklist template", "claims_template.xlsx"
        )
        if path is None:
            return
        try:
            write_template(path)
        except ExportError as exc:
            QMessageBox.warning(self, TITLE, str(exc))

    # -- closing and what is remembered ---------------------------------------------------------

    def _splitters(self) -> dict[str, QSplitter]:
        scrub, fee = self.scrub_tab.view, self.fee_tab.view
        return {
            "scrub/splitter": scrub.splitter,
            "scrub/right": scrub.right,
            "fee/splitter": fee.splitter,
            "remit/splitter": self.remit_tab.view.splitter,
        }

    def _restore_layout(self) -> None:
        settings = self.context.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for key, splitter in self._splitters().items():
            saved = settings.value(key)
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)
        self.tabs.setCurrentIndex(int(str(settings.value("window/tab", 0, int) or 0)))

    def _save_layout(self) -> None:
        settings = self.context.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        for key, splitter in self._splitters().items():
            settings.setValue(key, splitter.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        if not self.scrub_tab.may_close(then=self.close):
            event.ignore()
            return
        if not cancel_all(CLOSE_WAIT):
            log.error("a background job did not stop within %s s of closing", CLOSE_WAIT)
        self._save_layout()
        super().closeEvent(event)
