"""The Remittances tab: open or drop 835 files (read, matched to the scrub worklist, judged and
kept in the workspace, in the background, with progress and cancel; problems listed with their
segment), then work the denials: remittances by payer and date, their claims and lines with each
adjustment in words, the lines to work by dollars, denial patterns, unmatched claims and a
summary with two charts; import X12's code lists and contract fee schedules; export to Excel.

Self-contained: it takes the reference database's path and the workspace's (None: the user's)
and opens its own connections; every long job runs on ui.workers.Worker."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from core.remit.code_texts import CodeTextImport
from core.remit.importing import ImportResult
from core.remit.queries import claim_adjustments, claims, lines
from core.workspace import open_workspace
from core.workspace.payers import list_payers

from ..rows_model import RAW_ROLE
from ..workers import Worker
from . import jobs
from .layout import ALL_PAYERS, ERROR_STYLE, INFO_STYLE, WARNING_STYLE, RemitLayout, fit
from .models import money

T = TypeVar("T")
REMIT_FILTER = "Remittances (*.835 *.txt *.dat *.edi *.x12 *.era *.rmt);;All files (*)"
MAX_PROBLEMS_SHOWN = 500


class RemitTab(RemitLayout):
    def __init__(self, db_path: Path, workspace: Path | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.workspace = workspace
        self._conn: sqlite3.Connection | None = None
        self.worker: Worker | None = None          # an import, code list, contract or export
        self.refresher: Worker | None = None
        self._refresh_again = False
        self.last_error = ""
        self.snapshot: jobs.Snapshot | None = None
        self.setAcceptDrops(True)
        self.open_button.clicked.connect(self._choose_835)
        self.codes_button.clicked.connect(self._choose_code_lists)
        self.contract_button.clicked.connect(self._choose_contract)
        self.export_button.clicked.connect(self._choose_export)
        self.cancel_button.clicked.connect(self.cancel)
        self.match_button.clicked.connect(self.match_again)
        self.payer.activated.connect(lambda _: self.refresh())
        self.start.dateChanged.connect(lambda _: self.refresh())
        self.end.dateChanged.connect(lambda _: self.refresh())
        self.remittances_view.selectionModel().currentRowChanged.connect(
            lambda current, _: self._show_claims(current.data(RAW_ROLE)))
        self.claims_view.selectionModel().currentRowChanged.connect(
            lambda current, _: self._show_lines(current.data(RAW_ROLE)))
        self.work_view.doubleClicked.connect(self._open_work_item)
        self.refresh()

    # -- public ------------------------------------------------------------------------------

    def busy(self) -> bool:
        return self.worker is not None or self.refresher is not None

    def open_paths(self, paths: Iterable[Path | str]) -> Worker | None:
        """Import 835 files in the background; the views refresh when it is done."""
        files = [Path(p) for p in paths]
        return self._start(jobs.import_job, (self.db_path, self.workspace, files),
                           self._imported, f"Reading {len(files)} file(s)...")

    def match_again(self) -> Worker | None:
        """Match the unmatched claims to the worklist the scrub tab keeps now."""
        return self._start(jobs.match_job, (self.db_path, self.workspace), self._matched,
                           "Matching to the worklist...")

    def import_code_lists(self, paths: Iterable[Path | str]) -> Worker | None:
        return self._start(jobs.codes_job, (self.workspace, [Path(p) for p in paths]),
                           self._codes_imported, "Importing X12's code lists...")

    def import_contract(self, payer: str, path: Path) -> Worker | None:
        return self._start(jobs.contract_job, (self.db_path, self.workspace, payer, path),
                           self._contract_imported, f"Importing {path.name} for {payer}...")

    def export(self, path: Path) -> Worker | None:
        return self._start(jobs.export_job, (self.workspace, path, self.period()),
                           lambda done: self.say(f"Wrote {done}", INFO_STYLE),
                           f"Writing {path.name}...")

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancelled = True
            self.cancel_button.setEnabled(False)

    def refresh(self) -> Worker | None:
        """Read the views for the period shown, in the background (again when it changes
        while a read is under way)."""
        if self.refresher is not None:
            self._refresh_again = True
            return None
        worker = Worker(jobs.refresh_job, self.workspace, self.period())
        worker.signals.succeeded.connect(self._refreshed)
        worker.signals.failed.connect(self._refresh_failed)
        self.refresher = worker
        worker.start()
        return worker

    # -- jobs --------------------------------------------------------------------------------

    def _start(self, job: Callable[..., Any], args: tuple, done: Callable[[Any], None],
               text: str) -> Worker | None:
        if self.worker is not None:
            self.say("Wait for the current job to finish (or cancel it).", ERROR_STYLE)
            return None
        worker = Worker(job, *args)
        worker.signals.progress.connect(self._progress)
        worker.signals.succeeded.connect(lambda result: self._finished(done, result))
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        self.last_error = ""
        self._set_busy(True, text)
        worker.start()
        return worker

    def _finished(self, done: Callable[[Any], None], result: Any) -> None:
        self.worker = None
        self._set_busy(False)
        done(result)
        self.refresh()

    def _failed(self, text: str) -> None:
        self.worker = None
        self.last_error = text
        self._set_busy(False)
        self.say(text, ERROR_STYLE)
        self.refresh()

    def _progress(self, text: str, fraction: float) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(text)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setValue(0)
            self.progress.setFormat(text)
        for button in (self.open_button, self.codes_button, self.contract_button,
                       self.export_button, self.match_button):
            button.setEnabled(not busy)

    def _imported(self, result: ImportResult) -> None:
        problems = [str(p) for p in result.problems]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            more = len(problems) - MAX_PROBLEMS_SHOWN
            problems = problems[:MAX_PROBLEMS_SHOWN] + [
                f"... and {more} more ('python main.py remit import --json' lists them all)"]
        self.show_problems(problems)
        style = ERROR_STYLE if not result.remittances else \
            WARNING_STYLE if result.problems else INFO_STYLE
        self.say(_sentence(result.summary()) + (
            f"; {len(result.problems)} problem(s) or notice(s) listed below"
            if result.problems else ""), style)

    def _matched(self, done: tuple[int, int]) -> None:
        matched, still = done
        self.say(f"Matched {matched} claim(s) to the worklist; {still} still unmatched.",
                 INFO_STYLE if matched or not still else WARNING_STYLE)

    def _codes_imported(self, done: list[CodeTextImport]) -> None:
        self.say(_sentence("; ".join(d.summary() for d in done)), INFO_STYLE)

    def _contract_imported(self, done: tuple[str, int, int]) -> None:
        name, fees, lines_updated = done
        self.say(f"Kept {fees} contract fees for {name}; expected payments worked out again "
                 f"for {lines_updated} remittance lines.", INFO_STYLE)

    def _refreshed(self, snapshot: jobs.Snapshot) -> None:
        self.refresher = None
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()
            return
        self.snapshot = snapshot
        self._fill(snapshot)

    def _refresh_failed(self, text: str) -> None:
        self.refresher = None
        self.say(f"The remittances could not be read from your workspace: {text}", ERROR_STYLE)

    # -- views -------------------------------------------------------------------------------

    def _fill(self, snapshot: jobs.Snapshot) -> None:
        chosen = self.payer.currentText()
        self.payer.clear()
        self.payer.addItems([ALL_PAYERS, *snapshot.payers])
        self.payer.setCurrentText(chosen if chosen in snapshot.payers else ALL_PAYERS)
        for model in (self.lines_model, self.work_model, self.patterns_model):
            model.words = snapshot.words
        self.remittances_model.set_rows(snapshot.remittances)
        self.claims_model.set_rows([])
        self.lines_model.set_rows([])
        self.claim_note.setText("")
        self.work_model.set_rows(snapshot.work)
        self.patterns_model.set_rows(snapshot.patterns)
        self.unmatched_model.set_rows(snapshot.unmatched)
        more = f" of {snapshot.work_total}" if snapshot.work_total > len(snapshot.work) else ""
        self.views.setTabText(1, f"To work ({len(snapshot.work)}{more})")
        self.views.setTabText(2, f"Patterns ({len(snapshot.patterns)})")
        self.views.setTabText(3, f"Unmatched ({len(snapshot.unmatched)})")
        self._summary(snapshot)
        for view in (self.remittances_view, self.work_view, self.patterns_view,
                     self.unmatched_view):
            fit(view)
        if snapshot.remittances:
            self.remittances_view.selectRow(0)

    def _summary(self, snapshot: jobs.Snapshot) -> None:
        s = snapshot.summary
        self.figures.setText(
            f"<b>{snapshot.period.describe()}</b>: {s.remittances} remittances, {s.claims} "
            f"claims, {s.lines} lines, {money(s.paid)} paid.<br>"
            f"Denied: {s.denied_lines} lines, {money(s.denied_dollars)} "
            f"({s.denial_rate}% of lines). Underpaid: {s.underpaid_lines} lines, "
            f"{money(s.underpaid_dollars)}. Not matched to the worklist: "
            f"{s.unmatched_claims} claims."
            + ("" if snapshot.words.has_texts else "<br><i>Import X12's code lists to read "
               "each reason code's text.</i>"))
        words = snapshot.words
        self.reasons_chart.set_bars([
            (f"CARC {words.carc(r.reason)}" if r.reason else "no reason", r.dollars)
            for r in s.reasons[:8]])
        self.payers_chart.set_bars([(p.payer, p.rate) for p in s.payers[:8]])

    def _show_claims(self, remittance: Any) -> None:
        found = self._read(lambda conn: claims(conn, remittance.id)) if remittance else []
        self.claims_model.set_rows(found or [])
        self.lines_model.set_rows([])
        self.claim_note.setText("")
        fit(self.claims_view)
        if found:
            self.claims_view.selectRow(0)

    def _show_lines(self, claim: Any) -> None:
        if claim is None:
            return
        self.lines_model.set_rows(self._read(lambda conn: lines(conn, claim.id)) or [])
        adjustments = self._read(lambda conn: claim_adjustments(conn, claim.id)) or []
        words = self.lines_model.words
        said = [f"Claim {claim.claim_id} ({claim.status}); matched to "
                f"{claim.matched_claim or 'no worklist claim'} ({claim.match_method}); file "
                f"segment {claim.segment}"]
        if adjustments:
            said.append("claim adjustments: " + "; ".join(
                words.adjustment(a.group, a.reason, a.amount) for a in adjustments))
        if claim.remarks:
            said.append("remarks: " + "; ".join(words.rarc(c) for c in claim.remarks.split()))
        self.claim_note.setText(". ".join(said))
        fit(self.lines_view)

    def _open_work_item(self, index: QModelIndex) -> None:
        item = index.data(RAW_ROLE)
        if item is not None:
            self.select_claim(item.remittance_id, item.claim_ref)

    def select_claim(self, remittance_id: int, claim_ref: int) -> bool:
        """Show a claim in the Remittances view (from the to-work list)."""
        if not self._select(self.remittances_view, lambda r: r.id == remittance_id):
            return False
        self.views.setCurrentIndex(0)
        return self._select(self.claims_view, lambda c: c.id == claim_ref)

    @staticmethod
    def _select(view: Any, wanted: Callable[[Any], bool]) -> bool:
        model = view.model()
        for row in range(model.rowCount()):
            if wanted(model.index(row, 0).data(RAW_ROLE)):
                view.selectRow(row)
                view.scrollTo(model.index(row, 0))
                return True
        return False

    def _read(self, action: Callable[[sqlite3.Connection], T]) -> T | None:
        """One small read of the workspace on the GUI thread; a failure is shown."""
        try:
            if self._conn is None:
                self._conn = open_workspace(self.workspace)
            return action(self._conn)
        except (OSError, sqlite3.Error) as exc:
            self.say(f"Your workspace could not be read: {exc}", ERROR_STYLE)
            return None

    # -- files -------------------------------------------------------------------------------

    def _choose_835(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open 835 remittances", "", REMIT_FILTER)
        if files:
            self.open_paths(files)

    def _choose_code_lists(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import X12's CARC/RARC lists", "", "Code lists (*.csv *.html *.htm)")
        if files:
            self.import_code_lists(files)

    def _choose_contract(self) -> None:
        names = [p.name for p in (self._read(list_payers) or [])]
        if not names:
            self.say("Add a payer profile first (Fee calculator, or 'python main.py payer "
                     "add NAME PERCENT'): a contract fee schedule belongs to one.", ERROR_STYLE)
            return
        payer, ok = QInputDialog.getItem(self, "Contract fee schedule", "Payer profile:",
                                         names, 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getOpenFileName(self, f"Contract fee schedule for {payer}", "",
                                              "Fee schedules (*.xlsx *.csv)")
        if path:
            self.import_contract(payer, Path(path))

    def _choose_export(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export denials to Excel", "denials.xlsx",
                                                "Excel workbook (*.xlsx)")
        if chosen:
            path = Path(chosen)
            self.export(path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt naming)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt naming)
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt naming)
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        super().closeEvent(event)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


