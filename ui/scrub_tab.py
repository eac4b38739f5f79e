"""Claim scrubbing tab: open or drop a worklist (xlsx, csv, 837P), scrub it in the background
with progress and cancel, read each claim's findings, jump to the line, fix it and have that
claim scrubbed again at once. The worklist is kept in the workspace database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QTableView, QWidget

from core.claims_io.checked_workbook import write_checked_workbook
from core.claims_io.loader import load_worklist
from core.db import open_readonly
from core.releases import release_summary
from core.scrub.engine import CheckedClaim, Progress, scrub, scrub_steps
from core.scrub.finding import CLEAN, ERRORS, WARNINGS, Finding
from core.scrub.model import Claim, ServiceLine
from core.scrub.worklist_store import load_saved_worklist, save_worklist

from .scrub_models import NOT_SCRUBBED, RAW_ROLE, ClaimRow, money
from .scrub_view import ALL, ScrubView
from .workers import Worker

ERROR_STYLE = "color: #a61b1b; font-weight: bold;"
INFO_STYLE = "color: #1d5e20;"
EXPORT_HINT = "Write the checked claims to Excel: Summary, Claims, Lines and Findings sheets"
EXPORT_FIRST = "Scrub the whole worklist first: then it can be exported to Excel."
COLUMN_CAP = 360        # px: longer findings are read in the detail box or the tooltip
WORKLIST_FILTER = "Worklists (*.xlsx *.xlsm *.csv *.txt *.837 *.x12 *.edi);;All files (*)"


def scrub_job(db_path: Path, claims: tuple[Claim, ...], as_of: date,
              progress: Callable[[str, float], None]) -> list[CheckedClaim]:
    """Runs on the worker: its own read-only connection; `progress` raises when cancelled,
    which happens between two claims."""
    conn = open_readonly(db_path)
    try:
        checked: list[CheckedClaim] = []
        for step in scrub_steps(conn, claims, as_of):
            if isinstance(step, Progress):
                fraction = step.done / step.total if step.total else 1.0
                progress(f"Scrubbed {step.done} of {step.total} claims", fraction)
            else:
                checked.append(step)
        return checked
    finally:
        conn.close()


def export_job(path: Path, checked: list[CheckedClaim], releases: str,
               progress: Callable[[str, float], None]) -> Path:
    """Runs on the worker; the workbook is written to a temporary file renamed into place."""
    progress(f"Writing {path.name}", 0.0)
    write_checked_workbook(path, checked, releases, datetime.now())
    return path


class ScrubTab(ScrubView):
    def __init__(self, conn: sqlite3.Connection, db_path: Path, as_of: date | None = None,
                 workspace: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.conn = conn
        self.db_path = db_path
        self.as_of = as_of or date.today()
        self.workspace = workspace           # None: the user's workspace database
        self.worker: Worker | None = None
        self.export_worker: Worker | None = None
        self.last_scrub_error = ""
        self.setAcceptDrops(True)
        self.export_button.clicked.connect(self._choose_export_file)
        self.open_button.clicked.connect(self._choose_files)
        self.scrub_button.clicked.connect(self.start_scrub)
        self.cancel_button.clicked.connect(self.cancel_scrub)
        self.severity.currentIndexChanged.connect(self._filter_findings)
        self.rule.currentIndexChanged.connect(self._filter_findings)
        self.claims_view.selectionModel().currentRowChanged.connect(self._claim_changed)
        self.findings_view.clicked.connect(self._finding_clicked)
        self.findings_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_finding(current.data(RAW_ROLE)))
        self.lines_model.line_edited.connect(self.line_edited)
        self.lines_model.edit_failed.connect(lambda text: self._message(text, ERROR_STYLE))
        self._restore()

    # -- public -----------------------------------------------------------------------------

    def set_connection(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self) -> list[ClaimRow]:
        return self.claims_model.rows

    def open_paths(self, paths: Iterable[Path | str]) -> Worker | None:
        """Load the files as the worklist (replacing the current one) and start scrubbing it.
        What could not be read is listed above the table."""
        if self.scrubbing():
            self._message("A scrub is running: cancel it or wait before opening files.",
                          ERROR_STYLE)
            return None
        result = load_worklist(paths)
        self.problems.clear()
        self.problems.addItems([str(problem) for problem in result.problems])
        self.problems.setVisible(bool(result.problems))
        if not result.claims:
            self._message("No claims were read: see the problems listed above.", ERROR_STYLE)
            return None
        self._set_claims([ClaimRow(claim) for claim in result.claims])
        self._save()
        self._message(f"Read {len(result.claims)} claims ({result.line_count} lines) from "
                      f"{len(result.files_read)} file(s)"
                      + (f"; {len(result.problems)} problem(s) listed above" if result.problems
                         else ""), INFO_STYLE)
        return self.start_scrub()

    def start_scrub(self) -> Worker | None:
        claims = tuple(row.claim for row in self.rows())
        if not claims or self.scrubbing():
            return None
        worker = Worker(scrub_job, self.db_path, claims, self.as_of)
        worker.signals.progress.connect(self._progress)
        worker.signals.succeeded.connect(self._scrub_done)
        worker.signals.failed.connect(self._scrub_failed)
        self.worker = worker
        self.last_scrub_error = ""
        self._set_busy(True)
        worker.start()
        return worker

    def scrubbing(self) -> bool:
        return self.worker is not None

    def cancel_scrub(self) -> None:
        if self.worker is not None:
            self.worker.cancelled = True
            self.cancel_button.setEnabled(False)

    def select_claim(self, claim_id: str) -> bool:
        for row, claim_row in enumerate(self.rows()):
            if claim_row.claim.claim_id == claim_id:
                index = self.claims_proxy.mapFromSource(self.claims_model.index(row, 0))
                self.claims_view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                return True
        return False

    def current_row(self) -> ClaimRow | None:
        index = self.claims_view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.claims_model.rows[self.claims_proxy.mapToSource(index).row()]

    def visible_findings(self) -> list[Finding]:
        proxy = self.findings_proxy
        return [proxy.index(row, 0).data(RAW_ROLE) for row in range(proxy.rowCount())]

    def show_finding_line(self, finding: Finding) -> bool:
        """Show the finding in full and select its service line in the lines table."""
        self._show_finding(finding)
        row = None if finding.line is None else self.lines_model.row_of_line(finding.line)
        if row is None:
            self.lines_view.clearSelection()
            return False
        self.lines_view.selectRow(row)
        self.lines_view.scrollTo(self.lines_model.index(row, 0))
        return True

    def selected_line(self) -> ServiceLine | None:
        rows = self.lines_view.selectionModel().selectedRows()
        return self.lines_model.rows[rows[0].row()] if rows else None

    def line_edited(self, line: ServiceLine) -> None:
        """Put the edited line in its claim, scrub that claim again now and save."""
        row = self.current_row()
        if row is None:
            return
        row.claim = replace(row.claim, lines=tuple(line if old.number == line.number else old
                                                   for old in row.claim.lines))
        row.checked = self._rescrub(row.claim)
        self._save()
        self._refresh(keep_line=line.number)
        self._message(f"Line {line.number} of claim {row.claim.claim_id} changed: "
                      f"now {row.status}", INFO_STYLE)

    def export_checked(self, path: Path) -> Worker | None:
        """Write the checked worklist to `path` (.xlsx) in the background."""
        checked = [row.checked for row in self.rows() if row.checked is not None]
        if not checked or len(checked) != len(self.rows()) or self.scrubbing():
            self._message(EXPORT_FIRST, ERROR_STYLE)
            return None
        if self.export_worker is not None:
            return None
        worker = Worker(export_job, path, checked, release_summary(self.conn))
        worker.signals.succeeded.connect(self._export_done)
        worker.signals.failed.connect(self._export_failed)
        self.export_worker = worker
        self.export_button.setEnabled(False)
        self._message(f"Writing {path}...", INFO_STYLE)
        worker.start()
        return worker

    def exporting(self) -> bool:
        return self.export_worker is not None

    # -- scrubbing --------------------------------------------------------------------------

    def _rescrub(self, claim: Claim) -> CheckedClaim | None:
        """This claim checked with the same patient's other claims (same-day, duplicate and
        NCCI rules compare them); quick enough for the GUI thread."""
        same_patient = [r.claim for r in self.rows() if r.claim.patient.id == claim.patient.id]
        for checked in scrub(self.conn, same_patient, self.as_of):
            if checked.claim is claim:
                return checked
        return None

    def _progress(self, text: str, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(text)

    def _scrub_done(self, results: list[CheckedClaim]) -> None:
        by_claim = {id(checked.claim): checked for checked in results}
        for row in self.rows():     # a claim edited meanwhile keeps its own result
            row.checked = by_claim.get(id(row.claim), row.checked)
        self.worker = None
        self._set_busy(False)
        self._refresh()
        self._message(f"Scrubbed {len(results)} claims as of {self.as_of:%m/%d/%Y}.",
                      INFO_STYLE)

    def _scrub_failed(self, text: str) -> None:
        self.worker = None
        self.last_scrub_error = text
        self._set_busy(False)
        self._message(text, ERROR_STYLE)

    def _export_done(self, path: Path) -> None:
        self.export_worker = None
        self._refresh_export()
        self._message(f"Wrote {len(self.rows())} checked claims to {path}", INFO_STYLE)

    def _export_failed(self, text: str) -> None:
        self.export_worker = None
        self._refresh_export()
        self._message(f"Not exported: {text}", ERROR_STYLE)

    def _refresh_export(self) -> None:
        ready = bool(self.rows()) and all(row.checked for row in self.rows())
        self.export_button.setEnabled(ready and not self.scrubbing()
                                      and self.export_worker is None)
        self.export_button.setToolTip(EXPORT_HINT if ready else EXPORT_FIRST)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)
            self.progress.setFormat("Starting...")
        self.cancel_button.setEnabled(busy)
        self.scrub_button.setEnabled(not busy and bool(self.rows()))
        self.open_button.setEnabled(not busy)
        self._refresh_export()

    # -- showing ----------------------------------------------------------------------------

    def _set_claims(self, rows: list[ClaimRow]) -> None:
        self.claims_model.set_rows(rows)
        _fit_columns(self.claims_view)
        self.scrub_button.setEnabled(bool(rows))
        self._refresh_counts()
        self._refresh_rules()
        if rows:
            self.select_claim(rows[0].claim.claim_id)
        else:
            self._show_claim(None)

    def _refresh(self, keep_line: int | None = None) -> None:
        current = self.current_row()
        top, bottom = self.claims_model.index(0, 0), self.claims_model.index(
            max(0, len(self.rows()) - 1), self.claims_model.columnCount() - 1)
        self.claims_model.dataChanged.emit(top, bottom)
        self._refresh_counts()
        self._refresh_rules()
        self._show_claim(current)
        if keep_line is not None and (row := self.lines_model.row_of_line(keep_line)) is not None:
            self.lines_view.selectRow(row)

    def _refresh_counts(self) -> None:
        self._refresh_export()
        counts = self.claims_model.counts()
        total = len(self.rows())
        if not total:
            self.counts.setText("Open or drop a worklist (.xlsx, .csv or 837P) to scrub it.")
            return
        parts = [f"<b>{total}</b> claims:",
                 f"<span style='background:#e3f4e1'>&nbsp;{counts[CLEAN]} clean&nbsp;</span>",
                 f"<span style='background:#fff1cc'>&nbsp;{counts[WARNINGS]} warnings&nbsp;"
                 "</span>",
                 f"<span style='background:#fde2e1'>&nbsp;{counts[ERRORS]} errors&nbsp;</span>"]
        if counts[NOT_SCRUBBED]:
            parts.append(f"&nbsp;{counts[NOT_SCRUBBED]} not scrubbed")
        self.counts.setText(" ".join(parts))

    def _refresh_rules(self) -> None:
        chosen = self.rule.currentData()
        rules = sorted({f.rule for row in self.rows() if row.checked
                        for f in row.checked.findings})
        self.rule.blockSignals(True)
        self.rule.clear()
        self.rule.addItem("All rules", ALL)
        for rule in rules:
            self.rule.addItem(rule, rule)
        self.rule.setCurrentIndex(max(0, self.rule.findData(chosen)))
        self.rule.blockSignals(False)
        self._filter_findings()

    def _claim_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_claim(self.claims_model.rows[self.claims_proxy.mapToSource(current).row()]
                         if current.isValid() else None)

    def _show_claim(self, row: ClaimRow | None) -> None:
        findings = row.checked.findings if row and row.checked else []
        self.findings_model.set_rows(findings)
        marked = {f.line for f in findings if f.line is not None and f.severity != "info"}
        self.lines_model.set_lines(list(row.claim.lines) if row else [], marked)
        _fit_columns(self.findings_view)
        _fit_columns(self.lines_view)
        self._show_finding(None)
        if row is None:
            self.claim_title.setText("Select a claim to see its findings")
            return
        claim = row.claim
        amount = row.checked.expected_amount if row.checked else None
        dx = " ".join(f"{d.letter}:{d.code}" for d in claim.diagnoses)
        self.claim_title.setText(
            f"<b>{claim.claim_id}</b> &nbsp;{row.status} &nbsp;patient {claim.patient.id}"
            f" &nbsp;POS {claim.pos} &nbsp;dx {dx}"
            + (f" &nbsp;expected ${amount:,.2f}" if amount is not None else ""))
        self.claim_title.setToolTip(claim.source.describe())

    def _show_finding(self, finding: Finding | None) -> None:
        if not isinstance(finding, Finding):
            self.finding_detail.setText("Click a finding to read it in full and select its "
                                        "line.")
            return
        where = "the whole claim" if finding.line is None else f"line {finding.line}"
        stake = (f" &nbsp;<b>At stake:</b> {money(finding.money_at_stake)}"
                 if finding.money_at_stake is not None else "")
        self.finding_detail.setText(
            f"<b>{escape(finding.rule)}</b> ({finding.severity}, {where}): "
            f"{escape(finding.message)}<br><b>Fix:</b> {escape(finding.fix)}{stake}"
            f"<br><span style='color:#555555'>Source: {escape(finding.source)}</span>")

    def _filter_findings(self) -> None:
        self.findings_proxy.set_filter(self.severity.currentData() or ALL,
                                       self.rule.currentData() or ALL)

    def _finding_clicked(self, index: QModelIndex) -> None:
        finding = index.data(RAW_ROLE)
        if isinstance(finding, Finding):
            self.show_finding_line(finding)

    # -- files and the workspace ------------------------------------------------------------

    def _restore(self) -> None:
        claims = load_saved_worklist(self.workspace)
        self._set_claims([ClaimRow(claim) for claim in claims])
        if claims:
            self._message(f"Your last worklist ({len(claims)} claims) is back: press "
                          "\u201cScrub all\u201d to check it again.", INFO_STYLE)

    def _save(self) -> None:
        try:
            save_worklist([row.claim for row in self.rows()], self.workspace)
        except (OSError, sqlite3.Error) as exc:
            self._message(f"The worklist could not be saved in your workspace: {exc}",
                          ERROR_STYLE)

    def _choose_export_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export the checked claims to Excel",
                                                "checked-claims.xlsx", "Excel workbook (*.xlsx)")
        if chosen:
            path = Path(chosen)
            self.export_checked(path if path.suffix.lower() == ".xlsx"
                                else path.with_suffix(".xlsx"))

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open a worklist", "", WORKLIST_FILTER)
        if files:
            self.open_paths([Path(f) for f in files])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt naming)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt naming)
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def _message(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.setVisible(bool(text))


def _fit_columns(view: QTableView) -> None:
    """Columns as wide as their contents, none wider than COLUMN_CAP."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > COLUMN_CAP:
            header.resizeSection(column, COLUMN_CAP)
