"""The Remittances tab: open or drop 835 files (read, matched to the scrub worklist, judged and
kept in the workspace, in the background, with progress and cancel; problems listed with their
segment), then work the denials: remittances by payer and date, their claims and lines with each
adjustment in words, the lines to work by dollars, denial patterns, unmatched claims and a
summary with two charts; import X12's code lists and contract fee schedules; export to Excel.

The tab owns its view (RemitView) and what it shows (RemitDisplay). Every long job is a ui.jobs
Job whose op (jobs.py) opens its own connections; the views of a period are read by one too.
After a job changed the remittances it tells the other tabs (context.workspace_changed: the
scrub's denial history, the lookup's code history); after a CMS import it works out the
expected payments again."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QInputDialog, QVBoxLayout, QWidget

from core.remit.code_texts import CodeTextImport
from core.remit.importing import ImportResult
from core.words import plural
from core.workspace.payers import list_payers

from ..context import AppContext
from ..jobs import Job, JobFailure
from ..widgets import (
    ERROR_STYLE,
    INFO_STYLE,
    WARNING_STYLE,
    FileDropTarget,
    choose_open_paths,
    choose_save_path,
)
from ..wording import gui_words
from . import jobs as ops
from .display import RemitDisplay, proxy
from .view import RemitView

log = logging.getLogger("billing.remit")
REMIT_FILTER = "Remittances (*.835 *.txt *.dat *.edi *.x12 *.era *.rmt);;All files (*)"
CODES_FILTER = "Code lists (*.csv *.html *.htm);;All files (*)"
CONTRACT_FILTER = "Fee schedules (*.xlsx *.csv);;All files (*)"
MAX_PROBLEMS_SHOWN = 500
FAILED = {
    "remittance import": "Not imported",
    "match": "Not matched",
    "code list import": "Not imported",
    "contract import": "Not imported",
    "denials export": "Not exported",
    "expected payments": "Not worked out again",
}


class RemitTab(FileDropTarget, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.view = RemitView()
        self.display = RemitDisplay(self.view, context, self.say_error)
        self.job: Job | None = None  # an import, a match, a list, an export...
        self.refresher: Job | None = None  # the views being read
        self._refresh_again = False
        self._reassess_pending = False
        self.last_error = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.setAcceptDrops(True)
        self._connect()
        self.refresh()

    def _connect(self) -> None:
        v = self.view
        v.open_button.clicked.connect(self.choose_835)
        v.codes_button.clicked.connect(self.choose_code_lists)
        v.contract_button.clicked.connect(self.choose_contract)
        v.export_button.clicked.connect(self.choose_export)
        v.match_button.clicked.connect(lambda: self.match_again())
        v.payer.activated.connect(lambda _: self.refresh())
        v.start.dateChanged.connect(lambda _: self.refresh())
        v.end.dateChanged.connect(lambda _: self.refresh())
        v.work_view.doubleClicked.connect(self._open_work_item)
        self.context.reference_changed.connect(self._reference_changed)

    # -- state ----------------------------------------------------------------------------------

    def busy(self) -> bool:
        return self.job is not None or self.refresher is not None

    def say(self, text: str, style: str = INFO_STYLE) -> None:
        self.view.message.say(text, style)

    def say_error(self, text: str) -> None:
        self.last_error = text
        self.say(text, ERROR_STYLE)

    # -- the views of the period ----------------------------------------------------------------

    def refresh(self) -> Job | None:
        """Read the views for the period shown, in the background; a read under way when the
        period changes is cancelled and started again."""
        if self.refresher is not None:
            self._refresh_again = True
            self.refresher.cancel()
            return None
        self._refresh_again = False
        self.refresher = Job(
            self,
            ops.refresh_op(self.context.workspace_path, self.view.period()),
            self._refreshed,
            "remittances read",
        )
        self.refresher.failure(self._refresh_failed).with_progress(self.view.reading)
        return self.refresher.run_in_background()

    def _refreshed(self, snapshot: ops.Snapshot) -> None:
        self.refresher = None
        if self._refresh_again:
            self.refresh()
            return
        self.display.fill(snapshot)

    def _refresh_failed(self, failure: JobFailure) -> None:
        self.refresher = None
        if self._refresh_again:
            self.refresh()
        elif not failure.cancelled:
            self.say_error(
                f"The remittances could not be read from your workspace: {failure.message}"
            )

    # -- jobs -----------------------------------------------------------------------------------

    def _start(
        self, op: Callable[[Any], Any], done: Callable[[Any], None], name: str, tell: bool = True
    ) -> Job | None:
        """Run a job that writes the workspace (one at a time); when it is done, show the
        views again and, with `tell`, tell the other tabs the remittances changed."""
        if self.job is not None:
            self.say_error("Wait for the current job to finish, or cancel it.")
            return None
        self.last_error = ""

        def succeeded(result: Any) -> None:
            self._finished()
            done(result)
            if tell:
                self.context.workspace_changed.emit()
            self._after_job()

        self.job = (
            Job(self, op, succeeded, name).failure(self._failed).with_progress(self.view.progress)
        )
        self.view.enable_actions(False)
        return self.job.run_in_background()

    def _finished(self) -> None:
        self.job = None
        self.view.enable_actions(True)

    def _failed(self, failure: JobFailure) -> None:
        name = self.job.name if self.job is not None else ""
        self._finished()
        if failure.cancelled:
            self.say_error(failure.message)
        else:
            self.say_error(f"{FAILED.get(name, 'Failed')}: {gui_words(failure.message)}")
        self._after_job()

    def _after_job(self) -> None:
        self.refresh()
        if self._reassess_pending:
            self.reassess()

    def open_paths(self, paths: Iterable[Path | str]) -> Job | None:
        """Import 835 files in the background; the views refresh when it is done."""
        files = [Path(p) for p in paths]
        return self._start(
            ops.import_op(self.context.db_path, self.context.workspace_path, files),
            self._imported,
            "remittance import",
        )

    def match_again(self) -> Job | None:
        """Match the unmatched claims to the worklist the scrub tab keeps now."""
        return self._start(
            ops.match_op(self.context.db_path, self.context.workspace_path), self._matched, "match"
        )

    def import_code_lists(self, paths: Iterable[Path | str]) -> Job | None:
        return self._start(
            ops.codes_op(self.context.workspace_path, [Path(p) for p in paths]),
            self._codes_imported,
            "code list import",
        )

    def import_contract(self, payer: str, path: Path) -> Job | None:
        return self._start(
            ops.contract_op(self.context.db_path, self.context.workspace_path, payer, path),
            self._contract_imported,
            "contract import",
        )

    def export(self, path: Path) -> Job | None:
        return self._start(
            ops.export_op(self.context.workspace_path, path, self.view.period()),
            lambda written: self.say(f"Wrote {written}"),
            "denials export",
        )

    def reassess(self) -> Job | None:
        """Work out every remittance line's expected payment again (new reference data)."""
        if self.job is not None:
            self._reassess_pending = True
            return None
        self._reassess_pending = False
        return self._start(
            ops.reassess_op(self.context.db_path, self.context.workspace_path),
            lambda updated: (
                self.say(
                    "New reference data: expected payments worked out again for "
                    f"{plural(updated, 'remittance line')}."
                )
                if updated
                else None
            ),
            "expected payments",
            tell=False,
        )  # denials are as they were

    def _reference_changed(self) -> None:
        """New CMS data (a ZIP5 file, a PFS quarter): the expected payments may change."""
        snapshot = self.display.snapshot
        if snapshot is None or snapshot.payers:  # payers: every remittance's, any period
            self.reassess()

    def _imported(self, result: ImportResult) -> None:
        problems = [str(p) for p in result.problems]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            more = len(problems) - MAX_PROBLEMS_SHOWN
            problems = problems[:MAX_PROBLEMS_SHOWN] + [
                f"... and {more} more ('python main.py remit import --json' lists them all)"
            ]
        self.view.show_problems(problems)
        style = (
            ERROR_STYLE
            if not result.remittances
            else WARNING_STYLE
            if result.problems or result.cancelled
            else INFO_STYLE
        )
        log.info("remittance import: %s", result.summary())
        self.say(
            _sentence(result.summary())
            + (
                f"; {plural(len(result.problems), 'problem or notice', 'problems or notices')} "
                "listed below"
                if result.problems
                else ""
            ),
            style,
        )

    def _matched(self, done: tuple[int, int]) -> None:
        matched, still = done
        self.say(
            f"Matched {plural(matched, 'claim')} to the worklist; {still} still unmatched.",
            INFO_STYLE if matched or not still else WARNING_STYLE,
        )

    def _codes_imported(self, done: list[CodeTextImport]) -> None:
        self.say(_sentence("; ".join(d.summary() for d in done)))

    def _contract_imported(self, done: tuple[str, int, int]) -> None:
        name, fees, lines_updated = done
        self.say(
            f"Kept {plural(fees, 'contract fee')} for {name}; expected payments worked "
            f"out again for {plural(lines_updated, 'remittance line')}."
        )

    def _open_work_item(self, index: QModelIndex) -> None:
        item = proxy(self.view.work_view).row_at(index.row())
        if item is not None:
            self.display.select_claim(item.remittance_id, item.claim_ref)

    # -- files ----------------------------------------------------------------------------------

    def choose_835(self) -> None:
        paths = choose_open_paths(self, self.context.settings, "Open 835 remittances", REMIT_FILTER)
        if paths:
            self.open_paths(paths)

    def choose_code_lists(self) -> None:
        paths = choose_open_paths(
            self, self.context.settings, "Import X12's CARC/RARC lists", CODES_FILTER
        )
        if paths:
            self.import_code_lists(paths)

    def choose_contract(self) -> None:
        try:
            names = [p.name for p in list_payers(self.context.workspace())]
        except (OSError, sqlite3.Error) as exc:
            self.say_error(f"Your payer profiles could not be read: {exc}")
            return
        if not names:
            self.say_error(
                "Add a payer profile first (Fee calculator, or 'python main.py payer "
                "add NAME PERCENT'): a contract fee schedule belongs to one."
            )
            return
        payer, ok = QInputDialog.getItem(
            self, "Contract fee schedule", "Payer profile:", names, 0, False
        )
        if not ok:
            return
        paths = choose_open_paths(
            self, self.context.settings, f"Contract fee schedule for {payer}", CONTRACT_FILTER
        )
        if len(paths) > 1:
            self.say_error("Choose one fee schedule file: a payer profile has one contract.")
        elif paths:
            self.import_contract(payer, paths[0])

    def choose_export(self) -> None:
        path = choose_save_path(
            self, self.context.settings, "Export denials to Excel", "denials.xlsx"
        )
        if path:
            self.export(path)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
