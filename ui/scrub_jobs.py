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
from core.jobs import Cancelled
from core.scrub.engine import scrub

Report = Callable[[str, float], None]


def load_job(paths: list[Path], progress: Report) -> LoadResult:
    progress(f"Reading {len(paths)} file(s)", 0.0)
    result = load_worklist(paths)
    progress(f"Read {len(result.claims)} claims", 0.0)    # cancelled while reading: dropped
    return result


def scrub_job(db_path: Path, claims: tuple[Claim, ...], as_of: date,
              cancelled: Callable[[], bool], progress: Report) -> list[CheckedClaim]:
    """Runs on the worker with its own read-only connection. `cancelled` is asked between two
    claims; progress is reported once per percent only (each Qt signal emitted from Python
    costs a reference to True under PySide6 6.12 with Python 3.11, see the report)."""
    conn = open_readonly(db_path)
    shown = -1

    def report(text: str, fraction: float) -> None:
        nonlocal shown
        if cancelled():
            raise Cancelled()
        percent = int(fraction * 100)
        if percent != shown:
            shown = percent
            progress(text, percent / 100)

    try:
        return scrub(conn, claims, as_of, report)
    finally:
        conn.close()


def export_job(path: Path, checked: list[CheckedClaim], releases: str,
               progress: Report) -> Path:
    """Runs on the worker; the workbook is written to a temporary file renamed into place."""
    write_checked_workbook(path, checked, releases, datetime.now())
    return path
