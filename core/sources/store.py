"""Writing parsed release rows: one release replaces itself, other releases stay side by side."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from ..paths import command
from ..words import plural


@dataclass(frozen=True)
class LoadedRelease:
    """What one import or build step put in the database."""

    source: str
    release: str
    effective_date: str
    end_date: str | None
    row_count: int  # rows of this release in the table after the load
    table: str
    file_name: str
    note: str = ""  # what the importer chose or did that the user should know (an ICD-10-CM
    # addenda already applied, the NCCI quarter taken from the file name)

    def summary(self) -> str:
        dates = f"effective {self.effective_date}"
        if self.end_date:
            dates += f" to {self.end_date}"
        text = f"{self.source}: {self.release}, {self.row_count:,} rows into {self.table}, {dates}"
        return f"{text} ({self.note})" if self.note else text


def replace_release(
    conn: sqlite3.Connection,
    table: str,
    release: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> int:
    """Delete the release's old rows and insert the new ones; returns the number inserted."""
    conn.execute(f"DELETE FROM {table} WHERE release = ?", (release,))
    return upsert_rows(conn, table, ("release", *columns), ((release, *row) for row in rows))


def upsert_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> int:
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
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
        "tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.execute(sql)


class CutShort(Exception):
    """A release file with far fewer rows than the release it replaces or follows: a download
    or copy cut short (at a line end, so no row looks broken), never to be loaded over a
    complete release."""

    def __init__(self, rows: int, other: str, other_rows: int, replacing: bool):
        where = "already loaded" if replacing else "(the release before it)"
        kept = "The release loaded before is kept." if replacing else "Nothing was imported."
        self.shortfall = (
            f"it holds {plural(rows, 'row')} where {other} {where} holds {other_rows:,}"
        )
        super().__init__(
            f"{self.shortfall}: the file looks cut short (an interrupted download "
            f"or copy?); download it again. {kept} If it really is the whole "
            f"release, import it with {command('import-cms --accept-partial')}"
        )


# A re-import of a release may drop a few rows (CMS corrects a table); a new release may hold
# fewer rows than the one before it (codes deleted), but not a quarter fewer.
SAME_RELEASE_DROP = 0.01
NEXT_RELEASE_DROP = 0.25


def check_complete(
    rows: int,
    same: tuple[str, int] | None,
    before: tuple[str, int] | None,
    accept_partial: bool = False,
) -> str:
    """Raise CutShort when `rows` is far below the rows of the same release already loaded
    (`same`: its name and row count) or, for a new one, of the release before it. With
    `accept_partial` (the user's --accept-partial) it is loaded all the same: returns the note
    that says so ("" when the file looks complete)."""
    try:
        if same is not None:
            if _too_few(rows, same[1], SAME_RELEASE_DROP):
                raise CutShort(rows, same[0], same[1], replacing=True)
        elif before is not None and _too_few(rows, before[1], NEXT_RELEASE_DROP):
            raise CutShort(rows, before[0], before[1], replacing=False)
    except CutShort as short:
        if not accept_partial:
            raise
        return f"loaded although {short.shortfall} (accepted as partial)"
    return ""


def _too_few(rows: int, other: int, share: float) -> bool:
    missing = other - rows
    return missing > 10 and missing > other * share


def check_release_complete(
    conn: sqlite3.Connection, loaded: LoadedRelease, rows: int, accept_partial: bool = False
) -> str:
    """check_complete against the `sources` rows of the same source (before it is recorded)."""
    same = conn.execute(
        "SELECT release, row_count FROM sources WHERE source = ? AND release = ?",
        (loaded.source, loaded.release),
    ).fetchone()
    before = conn.execute(
        "SELECT release, row_count FROM sources WHERE source = ? AND "
        "effective_date < ? ORDER BY effective_date DESC LIMIT 1",
        (loaded.source, loaded.effective_date),
    ).fetchone()
    return check_complete(
        rows, tuple(same) if same else None, tuple(before) if before else None, accept_partial
    )


def record_source(
    conn: sqlite3.Connection, loaded: LoadedRelease, origin: str, path: str = ""
) -> None:
    """Record a release in `sources`; an imported one also records the file on disk it came
    from (`path`: a zip, for its members) in source_files, for a rebuild that keeps imports."""
    if path:
        conn.execute(
            "INSERT OR REPLACE INTO source_files (source, release, file_name, path, "
            "imported_at) VALUES (?, ?, ?, ?, ?)",
            (
                loaded.source,
                loaded.release,
                loaded.file_name,
                path,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
    conn.execute(
        "INSERT OR REPLACE INTO sources (source, release, effective_date, end_date, row_count,"
        " origin, file_name, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            loaded.source,
            loaded.release,
            loaded.effective_date,
            loaded.end_date,
            loaded.row_count,
            origin,
            loaded.file_name,
            datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )
