"""The scrub tab's background jobs (run by ui.workers.Worker on the thread pool): read the
worklist files, scrub the worklist, write the checked claims workbook. Each takes `progress`,
which raises when the user cancels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from core.claims.checked import CheckedClaim
from core.claims.model import Claim
from core.claims_io.checked_workbook import write_checked_workbook
from core.claims_io.loader import load_worklist
from core.claims_io.problems import LoadResult
from core.db import open_readonly
from core.remit.history import DenialHistory
from core.scrub.engine import Progress, scrub_steps

Report = Callable[[str, float], None]


def load_job(paths: list[Path], progress: Report) -> LoadResult:
    progress(f"Reading {len(paths)} file(s)", 0.0)
    result = load_worklist(paths)
    progress(f"Read {len(result.claims)} claims", 0.0)    # cancelled while reading: dropped
    return result


def scrub_job(db_path: Path, claims: tuple[Claim, ...], as_of: date,
              cancelled: Callable[[], bool], progress: Report,
              history: DenialHistory | None = None) -> list[CheckedClaim]:
    """Runs on the worker with its own read-only connection; `history` (the practice's denial
    patterns) turns on DENIAL-HISTORY. `cancelled` is asked between two claims; progress is
    reported once per percent only (each Qt signal emitted from Python costs a reference to
    True under PySide6 6.12 with Python 3.11, see the report)."""
    conn = open_readonly(db_path)
    try:
        checked: list[CheckedClaim] = []
        shown = -1
        for step in scrub_steps(conn, claims, as_of, history):
            if not isinstance(step, Progress):
                checked.append(step)
                continue
            if cancelled():
                raise KeyboardInterrupt("cancelled by the user")
            percent = step.done * 100 // step.total if step.total else 100
            if percent != shown:
                shown = percent
                progress(f"Scrubbed {step.done} of {step.total} claims", percent / 100)
        return checked
    finally:
        conn.close()


def export_job(path: Path, checked: list[CheckedClaim], releases: str,
               progress: Report) -> Path:
    """Runs on the worker; the workbook is written to a temporary file renamed into place."""
    write_checked_workbook(path, checked, releases, datetime.now())
    return path
