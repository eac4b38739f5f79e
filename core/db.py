"""SQLite connections and the reference schema.

The reference database is opened read-only by the app; only the build and the CMS importers
write to it, each inside one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .paths import command

T = TypeVar("T")

SCHEMA_VERSION = "3"
_SCHEMA_SQL = Path(__file__).with_name("schema.sql")


class DatabaseError(Exception):
    """The database is missing, unreadable or from an incompatible version."""


class ReferenceConnection(sqlite3.Connection):
    """A read-only connection to the reference database. Its data cannot change while it is
    open, so lookups repeated thousands of times (a PFS row, a locality, an ICD entry) are
    remembered in `memo`; a new connection (after an import) starts afresh."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.memo: dict[Hashable, object] = {}


def memoized(conn: sqlite3.Connection, key: Hashable, compute: Callable[[], T]) -> T:
    """compute() once per read-only reference connection; every time on other connections."""
    memo = getattr(conn, "memo", None)
    if memo is None:
        return compute()
    if key in memo:
        return memo[key]  # type: ignore[no-any-return]
    value = memo[key] = compute()
    return value


def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_readonly(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise DatabaseError(f"reference database not found: {path} (run '{command('build-db')}')")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, factory=ReferenceConnection)
    _configure(conn)
    check_schema(conn, path)
    return conn


def open_writable(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) a reference database for building or importing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
    _configure(conn)
    conn.executescript(_SCHEMA_SQL.read_text(encoding="utf-8"))
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
    )
    check_schema(conn, path)
    return conn


def check_schema(conn: sqlite3.Connection, path: Path) -> None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a reference database of this app ({exc})") from exc
    if row is None or row[0] != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise DatabaseError(
            f"{path} has schema version {found}, this app needs {SCHEMA_VERSION}: "
            f"rebuild it with '{command('build-db')}'"
        )


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing write: commit on success, roll back on any error or interrupt."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the database has a table (tables added by later importers may be missing)."""
    return memoized(conn, ("has_table", name), lambda: conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = ? AND type = 'table'", (name,)
    ).fetchone() is not None)


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
