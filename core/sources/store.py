"""Writing parsed release rows: one release replaces itself, other releases stay side by side."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from .tables import Table


@dataclass(frozen=True)
class LoadedRelease:
    """What one import or build step put in the database."""

    source: str
    release: str
    effective_date: str
    end_date: str | None
    row_count: int      # rows of this release in the table after the load
    table: str
    file_name: str
    note: str = ""      # what the importer chose or did that the user should know (an ICD-10-CM
                        # addenda already applied, the NCCI quarter taken from the file name)

    def summary(self) -> str:
        dates = f"effective {self.effective_date}"
        if self.end_date:
            dates += f" to {self.end_date}"
        text = f"{self.source}: {self.release}, {self.row_count:,} rows into {self.table}, {dates}"
        return f"{text} ({self.note})" if self.note else text


def replace_release(conn: sqlite3.Connection, table: str, release: str,
                    columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Delete the release's old rows and insert the new ones; returns the number inserted."""
    conn.execute(f"DELETE FROM {table} WHERE release = ?", (release,))
    return upsert_rows(conn, table, ("release", *columns), ((release, *row) for row in rows))


def upsert_rows(conn: sqlite3.Connection, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[object]]) -> int:
    """Insert rows, replacing any with the same primary key (so a re-import is idempotent)."""
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    before = conn.total_changes
    conn.executemany(sql, rows)
    return conn.total_changes - before


@contextmanager
def without_indexes(conn: sqlite3.Connection, table: str) -> Iterator[None]:
    """Drop a table's indexes for a bulk insert and build them again after it: one sort is
    much faster than keeping them up to date row by row. Use inside a transaction: on an
    error the indexes are not built again here, the rollback brings them back."""
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                           "tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.execute(sql)


# A file holding fewer rows than this share of the same release already loaded is refused.
CUT_SHORT = 0.9


def check_not_cut_short(table: Table, rows: int, loaded: int | None, what: str) -> None:
    """A download or copy cut short must never replace a complete release: refuse a file with
    far fewer rows than the release (`what`) it would replace."""
    if loaded and rows < loaded * CUT_SHORT:
        raise table.error(
            f"it holds {rows:,} rows where {what} already loaded holds {loaded:,}: the file "
            "looks cut short (an interrupted download or copy?); download it again. The "
            "release loaded before is kept.")


def record_source(conn: sqlite3.Connection, loaded: LoadedRelease, origin: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO sources (source, release, effective_date, end_date, row_count,"
        " origin, file_name, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (loaded.source, loaded.release, loaded.effective_date, loaded.end_date, loaded.row_count,
         origin,
         loaded.file_name, datetime.now(UTC).isoformat(timespec="seconds")),
    )
