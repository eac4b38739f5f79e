"""The scrub tab's long jobs, each an op for ui.jobs.Job: it takes `progress`, runs on a worker
thread and opens its own database connections. Restore the saved worklist, read worklist files
(and keep them in the workspace), scrub, save the worklist to a file, export the checked claims."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from core.claims.checked import CheckedClaim
from core.claims.model import Claim
from core.claims_io.loader import load_worklist
from core.claims_io.problems import LoadResult
from core.claims_io.worklist_writer import write_worklist
from core.db import open_readonly
from core.jobs import Progress, share
from core.remit.history import DenialHistory
from core.scrub.engine import scrub
from core.workspace import open_workspace
from core.workspace.payers import PayerProfile
from core.workspace.worklist import SavedWorklist, replace_worklist
from core.workspace.worklist import load_worklist as load_saved

from ..wording import gui_checked

Op = Callable[[Progress], object]


@dataclass(frozen=True)
class Opened:
    result: LoadResult
    keys: list[int]  # the claims' keys in the workspace; [] when none was read


def restore_op(workspace: Path) -> Callable[[Progress], SavedWorklist]:
    def op(progress: Progress) -> SavedWorklist:
        progress("Reading your last worklist", 0.0)
        conn = open_workspace(workspace)
        try:
            return load_saved(conn)
        finally:
            conn.close()

    return op


def open_op(paths: Sequence[Path], workspace: Path) -> Callable[[Progress], Opened]:
    """Read the files; when claims were read, they replace the saved worklist (one transaction,
    after the reading: a cancel or a failure leaves the saved worklist as it was)."""

    def op(progress: Progress) -> Opened:
        result = load_worklist(paths, share(progress, 0.0, 0.9))
        if not result.claims:
            return Opened(result, [])
        progress(f"Keeping {len(result.claims)} claims in your workspace", 0.95)
        conn = open_workspace(workspace)
        try:
            opened_from = result.files_read[0] if len(result.files_read) == 1 else ""
            return Opened(result, replace_worklist(conn, result.claims, opened_from))
        finally:
            conn.close()

    return op


def scrub_op(
    db_path: Path,
    claims: Sequence[Claim],
    as_of: date,
    payers: Sequence[PayerProfile],
    history: DenialHistory | None,
) -> Callable[[Progress], list[CheckedClaim]]:
    def op(progress: Progress) -> list[CheckedClaim]:
        conn = open_readonly(db_path)
        try:
            return [
                gui_checked(item)
                for item in scrub(
                    conn, claims, as_of, payers, progress=progress, denial_history=history
                )
            ]
        finally:
            conn.close()

    return op


def save_op(path: Path, claims: Sequence[Claim]) -> Callable[[Progress], int]:
    """Write the worklist file (a temporary file renamed into place); returns the lines."""
    return lambda progress: write_worklist(path, claims, progress)


def export_op(
    path: Path, checked: Sequence[CheckedClaim], releases: str
) -> Callable[[Progress], Path]:
    def op(progress: Progress) -> Path:
        from core.claims_io.checked_workbook import write_checked_workbook

        write_checked_workbook(path, checked, releases, datetime.now(), progress)
        return path

    return op
