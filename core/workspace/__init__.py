"""The user's workspace database: what the app remembers between launches (recent lookups,
payer profiles, the scrub worklist), in one schema (schema.sql).

It lives in the user data directory (core.paths.user_data_dir(), BILLING_ASSISTANT_HOME in
tests), never in the read-only reference database and never in resources/. Every write is one
transaction. It holds patient data (names, dates of birth, diagnoses): it is readable by its
owner only (0600, and so are the -wal, -shm and -journal files SQLite makes beside it, which
take its mode), in a folder only its owner can enter (0700).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from ..paths import user_data_dir

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")

WORKSPACE_FILE = "workspace.sqlite"
SCHEMA_VERSION = 2
_SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def default_workspace() -> Path:
    return user_data_dir() / WORKSPACE_FILE


def open_workspace(path: Path | None = None) -> sqlite3.Connection:
    target = path or default_workspace()
    make_private(target)
    conn = sqlite3.connect(target, isolation_level=None)  # transactions are explicit
    conn.executescript(_SCHEMA_SQL.read_text(encoding="utf-8"))
    if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        _upgrade(conn)
    _add_columns(conn)
    return conn


# Columns added to a table after it was first released: added in place when missing (no
# version number needed; each is nullable).
_ADDED_COLUMNS = {"payer_profiles": (("payer_type", "TEXT"), ("timely_filing_days", "INTEGER"))}


def _add_columns(conn: sqlite3.Connection) -> None:
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, kind in columns:
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def _upgrade(conn: sqlite3.Connection) -> None:
    """Version 1 kept the worklist in scrub_worklist(position, claim_json)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        old = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'scrub_worklist'").fetchone()
        if old:
            conn.execute(
                "INSERT INTO worklist_claims (position, claim_json) "
                "SELECT position, claim_json FROM scrub_worklist ORDER BY position"
            )
            conn.execute("DROP TABLE scrub_worklist")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on some errors (full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def make_private(path: Path) -> None:
    """Create the workspace's folder (0700) and file (0600) for its owner only, or tighten an
    existing one (and the files SQLite keeps beside it) made before this was done. A file or
    folder this user does not own, or on a disk without Unix permissions, is left as it is."""
    folder = path.parent
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    _tighten(folder, PRIVATE_FOLDER)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    for suffix in ("", *SIDE_FILES):
        _tighten(path.with_name(path.name + suffix), PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):  # not there, not ours, or no such permissions
        if path.stat().st_mode & 0o777 & ~mode:
            os.chmod(path, mode)


def check_workspace(path: Path | None = None) -> str | None:
    """At start-up: open the workspace and check every page of it (PRAGMA quick_check). A
    damaged one is set aside with a dated name, never deleted, and a new one is made: returns
    the message saying where it was kept (None when all is well). A workspace that cannot be
    read for another reason (a read-only folder, a disk error) is left to the first use, which
    says so."""
    target = path or default_workspace()
    try:
        conn = open_workspace(target)
        try:
            result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            conn.close()
        if result == "ok":
            return None
        reason = f"its check found: {result}"
    except sqlite3.DatabaseError as exc:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if not name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            return None  # locked, read-only: not damage
        reason = str(exc)
    except OSError:
        return None
    try:
        kept = set_aside(target)
        open_workspace(target).close()
    except (OSError, sqlite3.Error) as exc:
        return (
            f"Your workspace {target} is damaged ({reason}) and could not be set aside "
            f"({exc}): close the app, rename that file to keep it (it holds your worklist, "
            "payer profiles and remittances) and start the app again."
        )
    return (
        f"Your workspace {target} was damaged ({reason}). It was kept as {kept} (your "
        "saved worklist, payer profiles and remittances are in it: your support contact "
        "may rescue them) and a new, empty workspace was made. Open your last saved "
        "worklist file again to go on."
    )


def set_aside(path: Path) -> Path:
    """Rename a damaged workspace (and what SQLite kept beside it) out of the way:
    workspace.sqlite.damaged-20261130-084500."""
    kept = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", *SIDE_FILES):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    return kept
