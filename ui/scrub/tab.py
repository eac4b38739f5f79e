"""Claim scrubbing tab: open or drop a worklist (xlsx, csv, 837P), read and scrub it in the
background with progress and cancel, read each claim's findings, jump to the line, fix it and
have that claim scrubbed again at once; save the worklist to a file, export the checked claims.
The tab owns its view (ScrubView) and its document (Worklist); editing is in editing.py."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from core.claims.checked import CheckedClaim
from core.claims_io.worklist_writer import fields_not_written
from core.refdata.coverage import release_summary
from core.remit.history import DenialHistory
from core.words import plural
from core.workspace.worklist import SavedWorklist, WorklistState

from ..context import AppContext
from ..jobs import Job, JobFailure
from ..widgets import (
    ERROR_STYLE,
    INFO_STYLE,
    FileDropTarget,
    ask,
    choose_open_paths,
    choose_save_path,
)
from ..wording import gui_words
from . import jobs as ops
from .display import ScrubDisplay
from .editing import ClaimEditing
from .models import ClaimRow
from .view import ScrubView
from .worklist import Worklist

log = logging.getLogger("billing.scrub")
EXPORT_HINT = "Write the checked claims to Excel: Summary, Claims, Lines and Findings sheets"
EXPORT_FIRST = "Scrub the whole worklist first: then it can be exported to Excel."
WORKLIST_FILTER = "Worklists (*.xlsx *.xlsm *.csv *.txt *.837 *.x12 *.edi);;All files (*)"
SAVE_FILTER = "Excel worklist (*.xlsx);;CSV worklist (*.csv)"
REMOVE, KEEP = 0, 1
FAILED = {
    "export": "Not exported",
    "worklist save": "Not saved",
    "worklist open": "Not opened",
    "scrub": "Not scrubbed",
    "worklist restore": "Your last worklist could not be read",
}


class ScrubTab(FileDropTarget, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.view = ScrubView()
        self.worklist = Worklist(context, self)
        self.display = ScrubDisplay(self.view, lambda: self.worklist.rows)
        self.editing = ClaimEditing(self)
        self.job: Job | None = None
        self.last_error = ""
        self.denial_history: DenialHistory | None = None  # of the last full scrub
        self.history_stale = False  # remittances came in since the last full scrub
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.setAcceptDrops(True)
        self._connect()
        self._show_rows()
        self._run(
            Job(self, ops.restore_op(context.workspace_path), self._restored, "worklist restore")
        )

    def _connect(self) -> None:
        v = self.view
        v.open_button.clicked.connect(self.choose_files)
        v.save_button.clicked.connect(lambda: self.save())
        v.save_as_button.clicked.connect(lambda: self.save_as())
        v.scrub_button.clicked.connect(self.start_scrub)
        v.export_button.clicked.connect(self.choose_export_file)
        v.remove_claim_button.clicked.connect(lambda: self.remove_claim())
        self.worklist.changed.connect(self._show_rows)
        self.worklist.modified_changed.connect(lambda _: self._refresh_buttons())
        self.worklist.write_failed.connect(self.say_error)
        self.context.reference_changed.connect(self._reference_changed)
        self.context.workspace_changed.connect(self._history_changed)
        self.editing.connect()

    # -- state --------------------------------------------------------------------------------

    def rows(self) -> list[ClaimRow]:
        return self.worklist.rows

    def busy(self) -> bool:
        return self.job is not None

    def say(self, text: str) -> None:
        self.view.message.say(text, INFO_STYLE)

    def say_error(self, text: str) -> None:
        self.view.message.say(text, ERROR_STYLE)

    def refresh(self, keep_line: int | None = None) -> None:
        """The claims' contents or results changed: show them and what can be done now."""
        self.display.refresh(keep_line)
        self._refresh_buttons()

    def _show_rows(self) -> None:
        self.display.show_rows()
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        view, busy, rows = self.view, self.busy(), bool(self.rows())
        ready = rows and all(row.checked or row.draft for row in self.rows())
        view.open_button.setEnabled(not busy)
        view.scrub_button.setEnabled(rows and not busy)
        view.save_button.setEnabled(rows and not busy and self.worklist.modified)
        view.save_as_button.setEnabled(rows and not busy)
        view.export_button.setEnabled(ready and not busy)
        view.export_button.setToolTip(EXPORT_HINT if ready else EXPORT_FIRST)
        view.splitter.setEnabled(self.job is None or self.job.name in ("scrub", "export"))

    # -- jobs -----------------------------------------------------------------------------------

    def _run(self, job: Job) -> Job:
        self.job = job
        self.last_error = ""
        job.failure(self._failed).with_progress(self.view.progress).run_in_background()
        self._refresh_buttons()
        return job

    def _finished(self) -> None:
        self.job = None
        self._refresh_buttons()
        if self.history_stale:
            QTimer.singleShot(0, self._check_history)

    def _failed(self, failure: JobFailure) -> None:
        name = self.job.name if self.job else ""
        self._finished()
        self.last_error = failure.message
        if failure.cancelled:
            self.say_error(failure.message)
        else:
            self.say_error(f"{FAILED.get(name, 'Failed')}: {gui_words(failure.message)}")

    def _restored(self, saved: SavedWorklist) -> None:
        self._finished()
        self.worklist.replace(
            [ClaimRow(item.claim, key=item.key) for item in saved.claims], saved.state
        )
        if saved.unreadable:
            self._show_problems(
                [
                    f"Saved claim {item.position + 1} could not be read back ({item.reason}); it "
                    "stays in your workspace until you open another worklist"
                    for item in saved.unreadable
                ]
            )
        if saved.claims:  # checked again in the background: reference data may have changed
            self.say(
                f"Your last worklist ({plural(len(saved.claims), 'claim')}) is back; "
                "checking it again."
            )
            self.start_scrub()

    def open_paths(self, paths: Iterable[Path | str]) -> Job | None:
        """Read the files in the background as the worklist (replacing the current one once
        they are read, after asking when it has changes not saved to a file) and scrub it."""
        chosen = [Path(p) for p in paths]
        if self.busy():
            self.say_error(
                "Wait for the current job to finish, or cancel it, before opening files."
            )
            return None
        if self.worklist.modified:
            answer = self._ask_unsaved(
                "Open another worklist",
                "Opening another one replaces it.",
                "Save first...",
                "Open without saving",
            )
            if answer == 2:
                return None
            if answer == 0:
                self.save(then=lambda: self.open_paths(chosen))
                return self.job
        return self._run(
            Job(
                self,
                ops.open_op(chosen, self.context.workspace_path),
                self._opened,
                "worklist open",
            )
        )

    def _opened(self, opened: ops.Opened) -> None:
        self._finished()
        result = opened.result
        self._show_problems([gui_words(str(problem)) for problem in result.problems])
        if not result.claims:
            self.say_error("No claims were read: see the problems listed above.")
            return
        log.info(
            "opened %d files: %d claims, %d lines, %d problems",
            len(result.files_read),
            len(result.claims),
            result.line_count,
            len(result.problems),
        )
        self.worklist.replace(
            [
                ClaimRow(claim, key=key)
                for claim, key in zip(result.claims, opened.keys, strict=True)
            ],
            WorklistState(None, result.files_read[0] if len(result.files_read) == 1 else "", False),
        )
        self.say(
            f"Read {plural(len(result.claims), 'claim')} "
            f"({plural(result.line_count, 'line')}) from "
            f"{plural(len(result.files_read), 'file')}"
            + (
                f"; {plural(len(result.problems), 'problem')} listed above"
                if result.problems
                else ""
            )
        )
        self.start_scrub()

    def _show_problems(self, problems: list[str]) -> None:
        self.view.problems.clear()
        self.view.problems.addItems(problems)
        self.view.problems.setVisible(bool(problems))

    def _reference_changed(self) -> None:
        """New reference data was imported: the worklist is checked again against it."""
        if self.rows() and not self.busy():
            self.say("New reference data: checking the worklist again.")
            self.start_scrub()

    def _history_changed(self) -> None:
        """New remittances (the denial history): the worklist is checked again, now or once
        the running job is done."""
        self.history_stale = True
        self._check_history()

    def _check_history(self) -> None:
        if self.history_stale and not self.busy() and any(not r.draft for r in self.rows()):
            self.say("New remittances: checking the worklist against your denials again.")
            self.start_scrub()

    def start_scrub(self) -> Job | None:
        claims = tuple(row.claim for row in self.rows() if not row.draft)
        if not claims or self.busy():
            return None
        self.denial_history = self.context.denial_history()  # read at each full scrub
        self.history_stale = False
        return self._run(
            Job(
                self,
                ops.scrub_op(
                    self.context.db_path,
                    claims,
                    self.context.today(),
                    self.context.payer_profiles(),
                    self.denial_history,
                ),
                self._scrubbed,
                "scrub",
            )
        )

    def _scrubbed(self, results: list[CheckedClaim]) -> None:
        self._finished()
        by_claim = {id(checked.claim): checked for checked in results}
        for row in self.rows():  # a claim edited meanwhile keeps its own result
            row.checked = by_claim.get(id(row.claim), row.checked)
        self.refresh()
        counts = {s: sum(1 for c in results if c.status == s) for s in ("errors", "warnings")}
        log.info(
            "scrubbed %d claims: %d with errors, %d with warnings",
            len(results),
            counts["errors"],
            counts["warnings"],
        )
        self.say(f"Scrubbed {plural(len(results), 'claim')} as of {self.context.today():%m/%d/%Y}.")

    # -- files ----------------------------------------------------------------------------------

    def save(self, then: Callable[[], object] | None = None) -> Job | None:
        """Save the worklist to its file (Save As when it has none yet)."""
        target = self.worklist.save_to
        if target is None:
            return self.save_as(then=then)
        return self.save_to(target, then)

    def save_as(
        self, path: Path | None = None, then: Callable[[], object] | None = None
    ) -> Job | None:
        target = path or choose_save_path(
            self,
            self.context.settings,
            "Save the worklist",
            self.worklist.suggested_name(),
            SAVE_FILTER,
            (".xlsx", ".csv"),
        )
        return None if target is None else self.save_to(target, then)

    def save_to(self, path: Path, then: Callable[[], object] | None = None) -> Job | None:
        if self.busy():
            self.say_error("Wait for the current job to finish, or cancel it, before saving.")
            return None
        drafts = [row for row in self.rows() if row.draft]
        claims = [row.claim for row in self.rows() if not row.draft]
        unsaved = fields_not_written(claims)
        changes = self.worklist.revision

        def saved(lines: int) -> None:
            self._finished()
            self.worklist.mark_saved(path, still_modified=self.worklist.revision != changes)
            log.info("saved the worklist: %d claims, %d lines", len(claims), lines)
            self.say(
                f"Saved {plural(len(claims), 'claim')} ({plural(lines, 'line')}) to {path}"
                + (
                    f"; {plural(len(drafts), 'draft')} left out: fill "
                    f"{'it' if len(drafts) == 1 else 'them'} in first"
                    if drafts
                    else ""
                )
                + (f"; not written (no worklist column): {', '.join(unsaved)}" if unsaved else "")
            )
            if then is not None:
                then()

        return self._run(Job(self, ops.save_op(path, claims), saved, "worklist save"))

    def export_checked(self, path: Path) -> Job | None:
        """Write the checked worklist to `path` (.xlsx) in the background."""
        checked = [row.checked for row in self.rows() if row.checked and not row.draft]
        waiting = [row for row in self.rows() if not row.checked and not row.draft]
        if not checked or waiting or self.busy():
            self.say_error(EXPORT_FIRST)
            return None
        releases = release_summary(self.context.conn, self.context.today())

        def done(written: Path) -> None:
            self._finished()
            log.info("exported %d checked claims", len(checked))
            self.say(f"Wrote {plural(len(checked), 'checked claim')} to {written}")

        return self._run(Job(self, ops.export_op(path, checked, releases), done, "export"))

    def may_close(self, then: Callable[[], object]) -> bool:
        """True when the window may close now; with changes not saved to a file, ask (and when
        the user chooses to save, save and call `then` once saved)."""
        if not self.worklist.modified or not self.rows():
            return True
        answer = self._ask_unsaved(
            "Quit",
            "The app keeps them for next time, but they are in no file yet.",
            "Save...",
            "Quit without saving",
        )
        if answer == 0:
            self.save(then=then)
        return answer == 1

    def _ask_unsaved(self, title: str, text: str, save: str, without: str) -> int:
        """What to do with changes not saved to a file: 0 save first, 1 go on without saving,
        2 cancel."""
        return ask(
            self,
            title,
            f"The worklist has changes that are not saved to a file. {text}",
            [
                (save, QMessageBox.ButtonRole.AcceptRole),
                (without, QMessageBox.ButtonRole.DestructiveRole),
                ("Cancel", QMessageBox.ButtonRole.RejectRole),
            ],
        )

    def remove_claim(self, confirm: bool = True) -> bool:
        row = self.display.current_row()
        if row is None:
            return False
        if (
            confirm
            and ask(
                self,
                "Remove claim",
                f"Remove claim {row.claim.claim_id} "
                f"({plural(len(row.claim.lines), 'line')}) from the worklist? "
                "Edit > Undo (Ctrl+Z) puts it back.",
                [
                    ("Remove", QMessageBox.ButtonRole.AcceptRole),
                    ("Keep it", QMessageBox.ButtonRole.RejectRole),
                ],
            )
            != REMOVE
        ):
            return False
        self.worklist.remove(row)
        self.say(f"Claim {row.claim.claim_id} removed from the worklist (Ctrl+Z puts it back).")
        return True

    def choose_files(self) -> None:
        paths = choose_open_paths(self, self.context.settings, "Open a worklist", WORKLIST_FILTER)
        if paths:
            self.open_paths(paths)

    def choose_export_file(self) -> None:
        path = choose_save_path(
            self, self.context.settings, "Export the checked claims to Excel", "checked-claims.xlsx"
        )
        if path:
            self.export_checked(path)
