"""Helpers for the import tests: import through the real importer into a private copy of the
bundled database, and tell that a refused file wrote nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.db import open_writable
from core.sources.importer import import_file, import_paths, recognize
from core.sources.source_file import SourceError
from core.sources.store import LoadedRelease
from tests.conftest import cms_file


def snapshot(path: Path) -> dict[str, object]:
    """Row counts of every table plus the sources rows: what 'nothing was written' means."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'code_search%'"
            )
        ]
        counts: dict[str, object] = {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables
        }
        counts["sources"] = conn.execute("SELECT * FROM sources ORDER BY 1, 2").fetchall()
        counts["conversion_factors rows"] = conn.execute(
            "SELECT * FROM conversion_factors ORDER BY 1, 2"
        ).fetchall()
    return counts


def import_one(db_path: Path, path: Path, **options) -> LoadedRelease:
    conn = open_writable(db_path)
    try:
        return import_file(conn, recognize(path), **options)
    finally:
        conn.close()


def import_all(
    db_path: Path, *paths: Path, **options
) -> tuple[list[LoadedRelease], list[SourceError], list[str]]:
    """import_paths as the CLI and the GUI run it; returns (loaded, errors, skipped names)."""
    skipped: list[str] = []
    conn = open_writable(db_path)
    try:
        loaded, errors = import_paths(
            conn,
            list(paths),
            on_skip=lambda where, why: skipped.append(
                where.name if isinstance(where, Path) else where
            ),
            **options,
        )
    finally:
        conn.close()
    return loaded, errors, skipped


def described(loaded: list[LoadedRelease]) -> list[tuple]:
    """Each loaded release as (source, release, effective, end, rows, table, file)."""
    return [
        (r.source, r.release, r.effective_date, r.end_date, r.row_count, r.table, r.file_name)
        for r in loaded
    ]


def expect_refused(db_path: Path, path: Path, *fragments: str) -> SourceError:
    """The file is refused with a message naming it and holding each fragment; nothing is
    written."""
    before = snapshot(db_path)
    with pytest.raises(SourceError) as caught:
        import_one(db_path, path)
    message = str(caught.value)
    assert message.startswith(path.name), message
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(db_path) == before
    return caught.value


def without_bundled(db_path: Path, source: str, table: str) -> Path:
    """The database without the bundled release of `source`: a test file of a few rows would
    otherwise look cut short next to the complete release (core.sources.store.CutShort)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        for (release,) in conn.execute(
            "SELECT release FROM sources WHERE source = ? AND origin = 'bundled'", (source,)
        ).fetchall():
            conn.execute(f"DELETE FROM {table} WHERE release = ?", (release,))
            conn.execute("DELETE FROM sources WHERE source = ? AND release = ?", (source, release))
    finally:
        conn.close()
    return db_path


def import_pprrvu_2025(db_path: Path) -> None:
    """The real January and October 2025 PPRRVU files (RVU25A, RVU25D) imported by the real
    importer, which stores their descriptors in the user's database."""
    loaded, errors, _ = import_all(
        db_path,
        cms_file("pfs", "PPRRVU25_JAN1_excel-resaved.csv"),
        cms_file("pfs", "PPRRVU2025_Oct.csv"),
    )
    assert not errors and [r.release for r in loaded] == ["RVU25A", "RVU25D"]
