"""SQLite connections and the reference schema.

The reference database is opened read-only by the app; only the build and the CMS importers
write to it, each inside one transaction. Importers write in WAL mode: the app keeps reading
the data it had while an import runs (a reader never waits for the writer), and a process
killed in the middle of an import leaves the database as it was before it (the next
connection ignores the unfinished transaction in the -wal file).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from . import schema_upgrade
from .paths import HOME_ENV, command

T = TypeVar("T")

SCHEMA_VERSION = "4"
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


def memoized(
    conn: sqlite3.Connection, key: Hashable, compute: Callable[..., T], *args: object
) -> T:
    """compute(*args) once per read-only reference connection; every time on other
    connections. Lookups the scrub repeats ~35 times a claim pass the function and its
    arguments (no closure to make each time)."""
    memo = getattr(conn, "memo", None)
    if memo is None:
        return compute(*args)
    found = memo.get(key, _NOT_REMEMBERED)
    if found is _NOT_REMEMBERED:
        found = memo[key] = compute(*args)
    return found  # type: ignore[no-any-return]


_NOT_REMEMBERED = object()


def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_readonly(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise DatabaseError(f"reference database not found: {path} (run '{command('build-db')}')")
    conn = connect_readonly(path, ReferenceConnection)
    _configure(conn)
    check_schema(conn, path)
    return conn


def connect_readonly(
    path: Path, factory: type[sqlite3.Connection] = sqlite3.Connection
) -> sqlite3.Connection:
    """A read-only connection that also opens what a killed writer left behind: the rollback
    journal of an import killed before imports used WAL mode is rolled back first (a read-only
    connection cannot), and a WAL-mode database in a folder this user cannot write to (where
    its shared-memory file cannot be made, and so nobody can be writing it) is read as
    immutable."""
    uri = path.resolve().as_uri()
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size and os.access(path.parent, os.W_OK):
        rollback = sqlite3.connect(path)  # a read-write connection rolls back a hot journal
        try:
            rollback.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            pass  # not a database: check_schema says so below
        finally:
            rollback.close()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, factory=factory)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK):
            return conn  # check_schema reports the error
        conn.close()
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, factory=factory)
    except sqlite3.DatabaseError:
        pass  # not a database: check_schema says so
    return conn


def open_writable(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) a reference database for building or importing, in WAL
    mode (see above)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _refuse_other_files(path)
        conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(exc, path, "cannot open the reference database") from exc
    try:
        _refuse_other_databases(conn, path)
        _configure(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        schema = _SCHEMA_SQL.read_text(encoding="utf-8")
        schema_upgrade.upgrade(conn, schema)
        conn.executescript(schema)
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
            (SCHEMA_VERSION,),
        )
        check_schema(conn, path)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise storage_error(exc, path, "cannot open the reference database") from exc
        raise
    return conn


SIDE_FILES = ("-wal", "-shm", "-journal")
_SQLITE_HEADER = b"SQLite format 3\x00"


def _refuse_other_files(path: Path) -> None:
    """A file that is not a database at all (--db pointing at a text file) is never written
    to, nor called a damaged database to rebuild over it."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise DatabaseError(
            f"cannot open the reference database: {path} is not a database file (file is not "
            "a database); check that --db names the reference database (reference.sqlite). If "
            f"it does, it is damaged: {REBUILD.format(build=command('build-db'))}"
        )


def _refuse_other_databases(conn: sqlite3.Connection, path: Path) -> None:
    """Another SQLite database (the user's workspace, given as --db by mistake) never gets
    the reference schema added to it."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if names and "meta" not in names:
        what = "your workspace" if "worklist_claims" in names else "another program's database"
        raise DatabaseError(
            f"cannot open the reference database: {path} is {what}, not the "
            "reference database; nothing was written to it. Point --db at "
            "the reference database (reference.sqlite), or leave --db out"
        )


def move_into_place(partial: Path, path: Path) -> None:
    """Put a complete new database file (a build, a copy) in the place of the old one: its
    bytes on disk first, and what SQLite kept beside the old file (the -wal of an import
    killed midway) removed, so that it is never applied to the new file."""
    with partial.open("rb+") as handle:
        os.fsync(handle.fileno())
    for suffix in SIDE_FILES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(partial, path)


def discard(partial: Path) -> None:
    """Remove an unfinished database file and what SQLite kept beside it."""
    for suffix in ("", *SIDE_FILES):
        with contextlib.suppress(OSError):  # a read-only folder: nothing was written there
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def _nearly_full(folder: Path) -> bool:
    """Whether a disk has next to no room left: SQLite reports some writes on a full disk as
    an I/O error (a tmpfs, a network share) without saying why."""
    try:
        return shutil.disk_usage(folder).free < 8 * 2**20
    except OSError:
        return False


def database_path(conn: sqlite3.Connection) -> Path:
    """The file a connection's main database is in."""
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


REBUILD = (
    "rebuild it with '{build} --keep-imports' (it imports again the CMS releases you "
    "imported, from their files)"
)


def storage_error(
    exc: BaseException, path: Path, doing: str, if_damaged: str = REBUILD
) -> DatabaseError:
    """One line for a database (or its folder) that cannot be read or written: what went
    wrong, where, and what to do. `doing` says what was being done ("cannot import X");
    `if_damaged` what to do with the file when it is damaged."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    errno = getattr(exc, "errno", None)
    folder = path.parent
    if (
        name.startswith("SQLITE_FULL")
        or errno == 28
        or (name.startswith("SQLITE_IOERR") and _nearly_full(folder))
    ):  # ENOSPC
        why = f"the disk holding {folder} is full; free some space and try again"
    elif name.startswith(
        ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_AUTH", "SQLITE_PERM")
    ) or errno in (1, 13, 30):  # EPERM, EACCES, EROFS
        why = (
            f"{folder} cannot be written (a read-only folder or disk, or no permission); "
            "make it writable, or point the app at another folder with the "
            f"{HOME_ENV} environment variable"
        )
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        why = (
            f"another program is writing {path.name} (another import or build?); wait for "
            "it to finish and try again"
        )
    elif name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        why = f"{path} is damaged ({exc}); " + if_damaged.format(build=command("build-db"))
    elif name.startswith("SQLITE_IOERR") or errno is not None:
        why = f"the disk could not be read or written at {path} ({exc}); check the disk"
    else:
        why = f"{exc} ({path})"
    return DatabaseError(f"{doing}: {why}")


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
    """One all-or-nothing write: commit on success, roll back on any error or interrupt. SQLite
    rolls back by itself on some errors (a full disk): the error is then not hidden behind a
    failed ROLLBACK."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def damage(conn: sqlite3.Connection) -> str | None:
    """What SQLite's quick check of every page finds wrong (a page flipped on disk, an index
    that no longer matches its table), or None when the database is whole. A few tenths of a
    second for the reference database; run after every build and import, and at start-up after
    the app did not close cleanly."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            return str(exc)
        raise
    if problems == ["ok"]:
        return None
    lines = [line.strip() for problem in problems for line in problem.splitlines()]
    return "; ".join(line for line in lines if line and not line.startswith("***"))


def analyze(conn: sqlite3.Connection, tables: Iterable[str] | None = None) -> None:
    """Refresh the query planner's statistics (all tables, or those named) after a build or an
    import, so that its queries keep using the right index. Sampled: a thousand rows of each
    index tell it as much as a million."""
    conn.execute("PRAGMA analysis_limit = 1000")
    if tables is None:
        conn.execute("ANALYZE")
    for table in sorted(set(tables or ())):
        conn.execute(f'ANALYZE "{table}"')


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the database has a table (tables added by later importers may be missing)."""
    return memoized(
        conn,
        ("has_table", name),
        lambda: (
            conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = ? AND type = 'table'", (name,)
            ).fetchone()
            is not None
        ),
    )


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
