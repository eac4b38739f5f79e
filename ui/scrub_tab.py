"""Claim scrubbing tab: open or drop a worklist (xlsx, csv, 837P), read and scrub it in the
background with progress and cancel, read each claim's findings, jump to the line, fix it and
have that claim scrubbed again at once. The worklist is kept in the workspace database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

from core.claims.checked import CheckedClaim
from core.claims.model import Claim, Patient, ServiceLine, Source
from core.claims_io.problems import LoadResult
from core.refdata.coverage import release_summary
from core.remit.history import DenialHistory, load_denial_history
from core.scrub.engine import scrub
from core.workspace import open_workspace
from core.workspace.worklist import (
    add_claim,
    load_worklist,
    remove_claim,
    replace_worklist,
    save_claim,
)

from . import scrub_jobs
from .scrub_display import ERROR_STYLE, INFO_STYLE, ScrubDisplay
from .scrub_models import RAW_ROLE, ClaimRow
from .workers import Worker

EXPORT_HINT = "Write the checked claims to Excel: Summary, Claims, Lines and Findings sheets"
EXPORT_FIRST = "Scrub the whole worklist first: then it can be exported to Excel."
T = TypeVar("T")
WORKLIST_FILTER = "Worklists (*.xlsx *.xlsm *.csv *.txt *.837 *.x12 *.edi);;All files (*)"


class ScrubTab(ScrubDisplay):
    def __init__(self, conn: sqlite3.Connection, db_path: Path, as_of: date | None = None,
                 workspace: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.conn = conn
        self.db_path = db_path
        self.as_of = as_of or date.today()
        self.workspace = workspace           # None: the user's workspace database
        self._workspace_conn: sqlite3.Connection | None = None
        self.denial_history: DenialHistory | None = None   # read at each full scrub
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
        self.add_line_button.clicked.connect(self.add_line)
        self.new_claim_button.clicked.connect(self.new_claim)
        self.remove_claim_button.clicked.connect(self.remove_claim)
        self.claim_fields_model.claim_edited.connect(self.claim_edited)
        self.claim_fields_model.edit_failed.connect(lambda text: self._message(text, ERROR_STYLE))
        self.remove_line_button.clicked.connect(self.remove_line)
        self.lines_model.edit_failed.connect(lambda text: self._message(text, ERROR_STYLE))
        self._restore()

    # -- public -----------------------------------------------------------------------------

    def set_connection(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def open_paths(self, paths: Iterable[Path | str]) -> Worker | None:
        """Read the files in the background as the worklist (replacing the current one once
        they are read) and scrub it. What could not be read is listed above the table."""
        if self.scrubbing():
            self._message("A scrub is running: cancel it or wait before opening files.",
                          ERROR_STYLE)
            return None
        worker = Worker(scrub_jobs.load_job, [Path(p) for p in paths])
        worker.signals.progress.connect(self._progress)
        worker.signals.succeeded.connect(self._loaded)
        worker.signals.failed.connect(self._scrub_failed)
        self._run(worker)
        return worker

    def start_scrub(self) -> Worker | None:
        claims = tuple(row.claim for row in self.rows())
        if not claims or self.scrubbing():
            return None
        self.denial_history = self._write(load_denial_history)
        worker = Worker(partial(scrub_jobs.scrub_job, history=self.denial_history),
                        self.db_path, claims, self.as_of)
        worker.args = (*worker.args, lambda: worker.cancelled)
        worker.signals.progress.connect(self._progress)
        worker.signals.succeeded.connect(self._scrub_done)
        worker.signals.failed.connect(self._scrub_failed)
        self._run(worker)
        return worker

    def scrubbing(self) -> bool:
        return self.worker is not None

    def cancel_scrub(self) -> None:
        if self.worker is not None:
            self.worker.cancelled = True
            self.cancel_button.setEnabled(False)

    def line_edited(self, line: ServiceLine) -> None:
        """Put the edited line in its claim, scrub that claim again now and save."""
        row = self.current_row()
        if row is not None:
            self._change_lines(row, [line if old.number == line.number else old
                                     for old in row.claim.lines], line.number,
                               f"line {line.number} changed")

    def claim_edited(self, claim: Claim) -> None:
        """A claim field changed: scrub the claim again now and save."""
        row = self.current_row()
        if row is not None:
            self._change_claim(row, claim, None, "changed")

    def new_claim(self) -> Claim:
        """Add a claim by hand at the end of the worklist: one line to fill in, payer and
        providers copied from the selected claim; it is scrubbed and saved at once."""
        like = self.current_row()
        taken = {row.claim.claim_id for row in self.rows()}
        number = next(n for n in range(1, len(taken) + 2) if f"NEW-{n}" not in taken)
        source = Source("entered by hand")
        line = ServiceLine(number=1, dos=self.as_of, code="", modifiers=(), units=Decimal(1),
                           charge=None, pointers=(1,), source=source)
        claim = Claim(
            claim_id=f"NEW-{number}", payer=like.claim.payer if like else "",
            patient=Patient("", None, None),
            billing_npi=like.claim.billing_npi if like else "",
            rendering_npi=like.claim.rendering_npi if like else "",
            pos=like.claim.pos if like else "11", service_zip="", diagnoses=(), lines=(line,),
            source=source, filing_indicator=like.claim.filing_indicator if like else "")
        row = ClaimRow(claim, None)
        self.claims_model.set_rows([*self.rows(), row])
        self.select_claim(claim.claim_id)
        self._change_claim(row, claim, 1, "added: fill in its line and the Claim fields")
        return claim

    def remove_claim(self) -> bool:
        row = self.current_row()
        if row is None:
            return False
        self._set_claims([other for other in self.rows() if other is not row])
        if row.key is not None:
            self._write(lambda conn: remove_claim(conn, row.key))
        self._message(f"Claim {row.claim.claim_id} removed from the worklist.", INFO_STYLE)
        return True

    def add_line(self) -> bool:
        """Add a copy of the selected (or last) line to the current claim, to be edited."""
        row = self.current_row()
        if row is None or not row.claim.lines:
            return False
        model = self.selected_line() or row.claim.lines[-1]
        number = max(line.number for line in row.claim.lines) + 1
        added = replace(model, number=number, source=Source("entered by hand"))
        self._change_lines(row, [*row.claim.lines, added], number, f"line {number} added")
        return True

    def remove_line(self) -> bool:
        """Remove the selected line (a claim keeps at least one); lines are numbered again."""
        row, chosen = self.current_row(), self.selected_line()
        if row is None or chosen is None or len(row.claim.lines) < 2:
            self._message("Select a line to remove (a claim keeps at least one line).",
                          ERROR_STYLE)
            return False
        kept = [line for line in row.claim.lines if line is not chosen]
        self._change_lines(row, [replace(line, number=i) for i, line in enumerate(kept, 1)],
                           None, f"line {chosen.number} removed")
        return True

    def export_checked(self, path: Path) -> Worker | None:
        """Write the checked worklist to `path` (.xlsx) in the background."""
        checked = [row.checked for row in self.rows() if row.checked is not None]
        if not checked or len(checked) != len(self.rows()) or self.scrubbing():
            self._message(EXPORT_FIRST, ERROR_STYLE)
            return None
        if self.export_worker is not None:
            return None
        worker = Worker(scrub_jobs.export_job, path, checked, release_summary(self.conn))
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

    def _change_lines(self, row: ClaimRow, lines: list[ServiceLine], focus: int | None,
                      what: str) -> None:
        self._change_claim(row, replace(row.claim, lines=tuple(lines)), focus, what)

    def _change_claim(self, row: ClaimRow, claim: Claim, focus: int | None, what: str) -> None:
        row.claim = claim
        row.checked = self._rescrub(row.claim)
        self._save_claim(row)
        self._refresh(keep_line=focus)
        self._message(f"Claim {row.claim.claim_id}: {what}; scrubbed again: now {row.status}",
                      INFO_STYLE)

    def _rescrub(self, claim: Claim) -> CheckedClaim | None:
        """This claim checked with the same patient's other claims (same-day, duplicate and
        NCCI rules compare them); quick enough for the GUI thread."""
        same_patient = [r.claim for r in self.rows() if r.claim.patient.id == claim.patient.id]
        for checked in scrub(self.conn, same_patient, self.as_of, self.denial_history):
            if checked.claim is claim:
                return checked
        return None

    def _run(self, worker: Worker) -> None:
        self.worker = worker
        self.last_scrub_error = ""
        self._set_busy(True)
        worker.start()

    def _loaded(self, result: LoadResult) -> None:
        self.worker = None
        self.problems.clear()
        self.problems.addItems([str(problem) for problem in result.problems])
        self.problems.setVisible(bool(result.problems))
        if not result.claims:
            self._set_busy(False)
            self._message("No claims were read: see the problems listed above.", ERROR_STYLE)
            return
        rows = [ClaimRow(claim) for claim in result.claims]
        keys = self._write(lambda conn: replace_worklist(conn, result.claims))
        for row, key in zip(rows, keys or [], strict=False):
            row.key = key
        self._set_claims(rows)
        self._message(f"Read {len(result.claims)} claims ({result.line_count} lines) from "
                      f"{len(result.files_read)} file(s)"
                      + (f"; {len(result.problems)} problem(s) listed above" if result.problems
                         else ""), INFO_STYLE)
        self.start_scrub()

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

    def _refresh_counts(self) -> None:
        super()._refresh_counts()
        self._refresh_export()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)
            self.progress.setFormat("Starting...")
        self.cancel_button.setEnabled(busy)
        self.scrub_button.setEnabled(not busy and bool(self.rows()))
        self.open_button.setEnabled(not busy)
        self._refresh_export()

    # -- files and the workspace ------------------------------------------------------------

    def _restore(self) -> None:
        saved = self._write(load_worklist)
        if saved is None:
            return
        self._set_claims([ClaimRow(item.claim, key=item.key) for item in saved.claims])
        if saved.unreadable:
            self.problems.clear()
            self.problems.addItems([
                f"Saved claim {item.position + 1} could not be read back ({item.reason}); it "
                "stays in your workspace until you open another worklist" for item in
                saved.unreadable])
            self.problems.setVisible(True)
        if saved.claims:      # checked again in the background: reference data may have changed
            self._message(f"Your last worklist ({len(saved.claims)} claims) is back; checking "
                          "it again.", INFO_STYLE)
            self.start_scrub()

    def _save_claim(self, row: ClaimRow) -> None:
        if row.key is None:
            row.key = self._write(lambda conn: add_claim(conn, row.claim))
        else:
            key = row.key
            self._write(lambda conn: save_claim(conn, key, row.claim))

    def _write(self, action: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run one workspace read or write; a failure is shown, never raised."""
        try:
            if self._workspace_conn is None:
                self._workspace_conn = open_workspace(self.workspace)
            return action(self._workspace_conn)
        except (OSError, sqlite3.Error, KeyError) as exc:
            self._message(f"The worklist could not be saved in your workspace: {exc}",
                          ERROR_STYLE)
            return None

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
