"""The worklist the scrub tab shows, as a document: its claims (ClaimRow), the file Save writes
to, and whether it changed since it was opened or saved to a file. Every change is written to
the workspace at once, one claim in one transaction (core.workspace.worklist), so a crash loses
nothing; removing a claim can be undone (Ctrl+Z). A workspace write that fails is reported through
`write_failed` and the change stays on screen, to be saved to a file."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.claims.model import Claim
from core.workspace.worklist import (
    WorklistState,
    add_claim,
    insert_claim,
    mark_saved,
    remove_claim,
    save_claim,
)

from ..context import AppContext
from .models import ClaimRow

T = TypeVar("T")
log = logging.getLogger("billing.worklist")


class Worklist(QObject):
    changed = Signal()  # claims added, removed or put back
    modified_changed = Signal(bool)
    write_failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[ClaimRow] = []
        self.state = WorklistState()
        self.revision = 0  # counts the changes (a save knows if one came meanwhile)
        self.undo_stack = QUndoStack(self)

    @property
    def modified(self) -> bool:
        return self.state.modified

    @property
    def save_to(self) -> Path | None:
        return Path(self.state.save_to) if self.state.save_to else None

    def suggested_name(self) -> str:
        """What Save As proposes: the file saved to or opened from, as a worklist file."""
        known = self.state.save_to or self.state.opened_from
        if not known:
            return "worklist.xlsx"
        path = Path(known)
        return str(path if path.suffix.lower() in (".xlsx", ".csv") else path.with_suffix(".xlsx"))

    def replace(self, rows: list[ClaimRow], state: WorklistState) -> None:
        """A worklist just opened or restored (the worker already saved it)."""
        self.rows = rows
        self.undo_stack.clear()
        self._set_state(state)
        self.changed.emit()

    def update(self, row: ClaimRow, claim: Claim) -> None:
        """The claim of `row` was edited: keep it and save it."""
        row.claim = claim
        if row.key is None:
            row.key = self._write(lambda conn: add_claim(conn, claim))
        else:
            key = row.key
            self._write(lambda conn: save_claim(conn, key, claim))
        self._modified()

    def append(self, row: ClaimRow) -> None:
        self.rows.append(row)
        row.key = self._write(lambda conn: add_claim(conn, row.claim))
        self._modified()
        self.changed.emit()

    def remove(self, row: ClaimRow) -> None:
        """Remove the claim; Edit > Undo (Ctrl+Z) puts it back where it was."""
        self.undo_stack.push(_RemoveClaim(self, row))

    def mark_saved(self, path: Path, still_modified: bool = False) -> None:
        """Saved to `path` (Save writes there from now on); `still_modified`: changed again
        while it was being written."""
        self._write(lambda conn: mark_saved(conn, str(path), still_modified))
        self._set_state(WorklistState(str(path), self.state.opened_from, still_modified))

    # -- the undoable removal ---------------------------------------------------------------------

    def _take(self, row: ClaimRow) -> int:
        index = self.rows.index(row)
        self.rows.remove(row)
        if row.key is not None:
            key = row.key
            self._write(lambda conn: remove_claim(conn, key))
            row.key = None
        self._modified()
        self.changed.emit()
        return index

    def _put_back(self, row: ClaimRow, index: int) -> None:
        self.rows.insert(index, row)
        row.key = self._write(lambda conn: insert_claim(conn, index, row.claim))
        self._modified()
        self.changed.emit()

    # -- the workspace --------------------------------------------------------------------------

    def _modified(self) -> None:
        self.revision += 1
        if not self.state.modified:
            self._set_state(WorklistState(self.state.save_to, self.state.opened_from, True))

    def _set_state(self, state: WorklistState) -> None:
        was = self.state.modified
        self.state = state
        if state.modified != was:
            self.modified_changed.emit(state.modified)

    def _write(self, action: Callable[[sqlite3.Connection], T]) -> T | None:
        """One workspace write (one transaction); a failure is reported, never raised."""
        try:
            return action(self.context.workspace())
        except (OSError, sqlite3.Error, KeyError) as exc:
            log.error("workspace write failed: %s", exc)
            self.write_failed.emit(
                f"Your workspace could not be written ({exc}): the change is on screen but not "
                "kept by the app; save the worklist to a file (Save as...) to keep it."
            )
            return None


class _RemoveClaim(QUndoCommand):
    def __init__(self, worklist: Worklist, row: ClaimRow) -> None:
        super().__init__(f"Remove claim {row.claim.claim_id}")
        self.worklist = worklist
        self.row = row
        self.index = 0

    def redo(self) -> None:
        self.index = self.worklist._take(self.row)

    def undo(self) -> None:
        self.worklist._put_back(self.row, self.index)
