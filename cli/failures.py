"""What the command line says when a command fails on something other than bad input: a
database that cannot be read or written, a disk, a bug. Always one line on stderr (what, where,
what to do), never a traceback: a bug's traceback goes to the log file the line names."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import traceback
from pathlib import Path

from core.db import connect_readonly, damage, database_path, storage_error
from core.paths import default_reference_db

log = logging.getLogger("billing.cli")
KEEP_WORKSPACE = (
    "rename it to keep it (it holds your worklist, payer profiles and remittances: "
    "your support contact may rescue them) and run the command again: a new, "
    "empty workspace is made"
)


def storage_problem(exc: sqlite3.Error | OSError, args: argparse.Namespace) -> str:
    """A database or disk problem, naming the database it is in."""
    from core.workspace import default_workspace

    reference = getattr(args, "db", None) or default_reference_db()
    path = reference
    if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        path = next((p for p in (reference, default_workspace()) if _damaged(p)), reference)
    elif _database_of(exc) == default_workspace().resolve():
        path = default_workspace()  # a full or read-only disk under the workspace
    _log(exc)
    if path != reference:
        damaged = getattr(exc, "sqlite_errorname", "").startswith(
            ("SQLITE_CORRUPT", "SQLITE_NOTADB")
        )
        doing = "cannot read your workspace" if damaged else "cannot save to your workspace"
        return str(storage_error(exc, Path(path), doing, KEEP_WORKSPACE))
    return str(storage_error(exc, Path(path), "cannot read the reference database"))


def bug(exc: BaseException) -> str:
    """An error the app did not expect: logged with its traceback, said in one line."""
    where = _log(exc)
    return (
        f"unexpected problem ({type(exc).__name__}: {exc}); nothing more can be said here: "
        f"send {where} to your support contact"
        if where
        else f"unexpected problem ({type(exc).__name__}: {exc})"
    )


def _database_of(exc: BaseException) -> Path | None:
    """The file of the database connection the failing code was using (the innermost frame
    holding an open one), to name the right database when a disk fills up under it."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, sqlite3.Connection):
                try:
                    return database_path(value).resolve()
                except sqlite3.Error:
                    continue
    return None


def _damaged(path: Path) -> bool:
    """Whether SQLite finds a database damaged (a quick check of every page: run only after
    an error said that one of them is)."""
    if not Path(path).exists():
        return False
    try:
        conn = connect_readonly(Path(path))
        try:
            return damage(conn) is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return True


def _log(exc: BaseException) -> Path | None:
    """Write the traceback to the app's log; its path, or None when it cannot be written."""
    from core.logs import setup_logging

    try:
        path = setup_logging()
    except OSError:
        return None
    log.error("command failed\n%s", "".join(traceback.format_exception(exc)))
    return path
