"""The Data tab: what the reference data covers. For a date (today first), each source's state
(current, stale or missing) with the CMS file to import; below, every release loaded with the
dates it covers. One Import button takes files, CMS zips or a folder (or drop them here); the
import runs in the background and the whole app reads the new data when it is done."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.db import open_writable
from core.jobs import Progress
from core.refdata.coverage import CURRENT, MISSING, STALE, SourceCoverage, coverage
from core.refdata.releases import Release, covered_until, loaded_releases
from core.sources.store import CutShort, LoadedRelease
from core.words import plural

from .context import AppContext

if TYPE_CHECKING:
    from core.sources.rebuild import RebuildReport
from .jobs import Job, JobFailure
from .palette import AMBER, GREEN, RED, badge, brush
from .rows_model import Column, RowsModel, SortProxy
from .widgets import (
    DateField,
    FileDropTarget,
    MessageLine,
    ask,
    choose_folder,
    choose_open_paths,
    fit_columns,
    make_table,
)
from .wording import gui_words

log = logging.getLogger("billing.import")
IMPORT_FILTER = "CMS release files (*.csv *.txt *.xlsx *.zip);;All files (*)"
STATE_BRUSHES = {CURRENT: brush(GREEN), STALE: brush(AMBER), MISSING: brush(RED)}


@dataclass(frozen=True)
class ImportResult:
    loaded: list[LoadedRelease]
    errors: list[str]
    skipped: list[str]
    cut_short: list[Path]  # files refused as cut short: "Import anyway" imports them


class CoverageModel(RowsModel):
    columns = [
        Column("Source", lambda c: c.name),
        Column("State", lambda c: c.state, sort=lambda c: (CURRENT, STALE, MISSING).index(c.state)),
        Column("In use", lambda c: c.applied.name if c.applied else ""),
        Column("What it means", lambda c: c.detail),
        Column("File to import", lambda c: c.to_import),
    ]

    def background(self, row: SourceCoverage, column: int) -> QBrush | None:
        return STATE_BRUSHES.get(row.state) if column == 1 else None


class ReleasesModel(RowsModel):
    columns = [
        Column("Source", lambda r: r[0].label),
        Column("Release", lambda r: "built in" if r[0].is_own_table else r[0].name),
        Column("Effective", lambda r: r[0].effective_date),
        Column("Covers until", lambda r: r[1]),
        Column("Rows", lambda r: f"{r[0].row_count:,}", True, lambda r: r[0].row_count),
        Column("Origin", lambda r: r[0].origin),
        Column("File", lambda r: r[0].file_name),
    ]


def import_op(
    db_path: Path, paths: list[Path], accept_partial: bool = False
) -> Callable[[Progress], ImportResult]:
    def op(progress: Progress) -> ImportResult:
        # every importer: only when importing
        from core.sources.importer import ImportOptions, import_paths

        skipped: list[str] = []
        conn = open_writable(db_path)
        try:
            loaded, errors = import_paths(
                conn,
                paths,
                progress=progress,
                options=ImportOptions(accept_partial=accept_partial),
                on_skip=lambda where, why: skipped.append(
                    f"{where.name if isinstance(where, Path) else where}: {why}"
                ),
            )
        finally:
            conn.close()
        cut_short = list(dict.fromkeys(e.path for e in errors if isinstance(e.__cause__, CutShort)))
        return ImportResult(loaded, [str(e) for e in errors], skipped, cut_short)

    return op


def rebuild_op(db_path: Path) -> Callable[[Progress], RebuildReport]:
    def op(progress: Progress) -> RebuildReport:
        from core.sources.rebuild import rebuild_keeping_imports  # the build: only now

        return rebuild_keeping_imports(db_path, progress)

    return op


class DataPage(FileDropTarget, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.last_message: QMessageBox | None = None
        self.day = DateField(context.today())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.message = MessageLine()
        self.coverage_model = CoverageModel()
        self.coverage_view = make_table(
            SortProxy(self.coverage_model), stretch=3, sortable=True, wrap=True
        )
        self.releases_model = ReleasesModel()
        self.releases_view = make_table(SortProxy(self.releases_model), sortable=True)
        self.import_button = QPushButton("Import CMS files...")
        self.import_button.setToolTip(
            "Import CMS release files, CMS zips or a whole folder (or drop them on this page)"
        )
        menu = QMenu(self)
        self.import_files_action = QAction("Files or CMS zips...", self)
        self.import_folder_action = QAction("A folder...", self)
        menu.addAction(self.import_files_action)
        menu.addAction(self.import_folder_action)
        self.import_button.setMenu(menu)
        self.rebuild_button = QPushButton("Rebuild...")
        self.rebuild_button.setToolTip(
            "Build the reference database again from the bundled "
            "data and import again the CMS files you imported "
            "(those still where you imported them from)"
        )
        self._lay_out()
        self.setAcceptDrops(True)
        self.day.changed.connect(self.refresh)
        self.day.invalid.connect(self.message.error)
        self.import_files_action.triggered.connect(self.choose_files)
        self.import_folder_action.triggered.connect(self.choose_folder)
        self.rebuild_button.clicked.connect(self.ask_rebuild)
        context.reference_changed.connect(self.refresh)
        self.refresh()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Coverage on"))
        top.addWidget(self.day)
        top.addWidget(self.summary, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.rebuild_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.coverage_view, 3)
        layout.addWidget(
            QLabel("<b>Releases loaded</b> (the app picks the one covering each date of service)")
        )
        layout.addWidget(self.releases_view, 2)

    def refresh(self) -> None:
        day = self.day.day()
        conn = self.context.conn
        items = coverage(conn, day)
        self.coverage_model.set_rows(items)
        fit_columns(self.coverage_view, cap=420)
        self.coverage_view.resizeRowsToContents()
        self.releases_model.set_rows([(r, _until(conn, r)) for r in loaded_releases(conn)])
        fit_columns(self.releases_view)
        self.summary.setText(summary_html(items, day))

    # -- importing --------------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths = choose_open_paths(
            self, self.context.settings, "Import CMS release files", IMPORT_FILTER
        )
        if paths:
            self.start_import(paths)

    def choose_folder(self) -> None:
        folder = choose_folder(self, self.context.settings, "Import every CMS file of a folder")
        if folder:
            self.start_import([folder])

    def start_import(self, paths: Iterable[Path], accept_partial: bool = False) -> Job | None:
        if self.job is not None:
            self.message.error("An import is running: wait for it or cancel it.")
            return None
        chosen = list(paths)
        log.info(
            "import of %s started%s",
            ", ".join(p.name for p in chosen),
            " (accepting files that look cut short)" if accept_partial else "",
        )
        self.import_button.setEnabled(False)
        self.job = (
            Job(
                self,
                import_op(self.context.db_path, chosen, accept_partial),
                self._imported,
                "import",
            )
            .failure(self._failed)
            .with_progress("Importing CMS files...")
        )
        return self.job.run_in_background()

    open_paths = start_import  # dropped files are imported too (FileDropTarget)

    def _imported(self, result: ImportResult) -> None:
        cancelled = self.job is not None and self.job.cancelled()
        self._finished()
        loaded, errors, skipped = result.loaded, result.errors, result.skipped
        for release in loaded:
            log.info("imported %s", release.summary())
        for error in errors:
            log.warning("not imported: %s", error)
        if loaded:
            self.context.reload_reference()
        lines = [f"Loaded {r.summary()}" for r in loaded]
        if cancelled and loaded:
            lines.insert(
                0,
                "Cancelled, but not before these files were imported (each file "
                "is imported whole or not at all):",
            )
        lines += [f"Not imported: {gui_words(e)}" for e in errors]
        if skipped:
            lines.append(
                f"Skipped {plural(len(skipped), 'file')} that are not CMS release "
                "files: " + "; ".join(skipped[:5]) + ("..." if len(skipped) > 5 else "")
            )
        self._tell(
            QMessageBox.Icon.Warning if errors else QMessageBox.Icon.Information,
            "\n".join(lines) or "Nothing was imported: no CMS release file was found.",
            result.cut_short,
        )

    # -- rebuilding -------------------------------------------------------------------------------

    def ask_rebuild(self) -> None:
        choice = ask(
            self,
            "Rebuild the reference database",
            "Build the reference database again from the bundled data, then import "
            "again the CMS files you imported, from where you imported them? Do it "
            "when the database is damaged. Files moved or deleted since cannot be "
            "imported again: you will be told which.",
            [
                ("Rebuild", QMessageBox.ButtonRole.AcceptRole),
                ("Cancel", QMessageBox.ButtonRole.RejectRole),
            ],
            default=1,
        )
        if choice == 0:
            self.start_rebuild()

    def start_rebuild(self) -> Job | None:
        if self.job is not None:
            self.message.error("An import is running: wait for it or cancel it.")
            return None
        log.info("rebuild keeping imports started")
        self.import_button.setEnabled(False)
        self.rebuild_button.setEnabled(False)
        self.job = (
            Job(self, rebuild_op(self.context.db_path), self._rebuilt, "rebuild")
            .failure(self._failed)
            .with_progress("Rebuilding the reference database...")
        )
        return self.job.run_in_background()

    def _rebuilt(self, rebuilt: RebuildReport) -> None:
        self._finished()
        for line in rebuilt.lines():
            log.info("rebuild: %s", line)
        self.context.reload_reference()
        lines = ["The reference database was rebuilt from the bundled data."]
        lines += [gui_words(line[0].upper() + line[1:]) for line in rebuilt.lines()]
        self._tell(
            QMessageBox.Icon.Information if rebuilt.complete() else QMessageBox.Icon.Warning,
            "\n".join(lines),
        )

    def _failed(self, failure: JobFailure) -> None:
        self._finished()
        if not failure.unexpected:
            self._tell(QMessageBox.Icon.Warning, gui_words(failure.message))

    def _finished(self) -> None:
        self.job = None
        self.import_button.setEnabled(True)
        self.rebuild_button.setEnabled(True)

    def _tell(self, icon: QMessageBox.Icon, text: str, cut_short: list[Path] | None = None) -> None:
        """A window-modal message that does not block the event loop; with "Import anyway"
        when files were refused as cut short (the CLI's --accept-partial)."""
        box = QMessageBox(
            icon, "Import CMS files", gui_words(text), QMessageBox.StandardButton.Ok, self
        )
        if cut_short:
            anyway = box.addButton("Import anyway", QMessageBox.ButtonRole.AcceptRole)
            anyway.setToolTip(
                "Import the files refused as cut short: only when you know they "
                "hold the whole release"
            )
            anyway.clicked.connect(lambda: self.start_import(cut_short, accept_partial=True))
        self.last_message = box
        box.open()


def _until(conn: Any, release: Release) -> str:
    return "" if release.is_own_table else covered_until(conn, release).isoformat()


def not_covered(items: list[SourceCoverage]) -> list[SourceCoverage]:
    return [item for item in items if item.state != CURRENT]


def summary_html(items: list[SourceCoverage], day: date) -> str:
    states = Counter(item.state for item in items)
    parts = [f"<b>{day:%m/%d/%Y}</b>:", f"{states[CURRENT]} current"]
    if states[STALE]:
        parts.append(badge(f"{states[STALE]} stale", AMBER))
    if states[MISSING]:
        parts.append(badge(f"{states[MISSING]} missing", RED))
    return " ".join(parts) + " (of " + plural(len(items), "source") + ")"
