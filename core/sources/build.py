"""Build the bundled reference database from resources/ and the simple-icd-10-cm package."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ..db import (
    DatabaseError,
    analyze,
    damage,
    discard,
    move_into_place,
    open_writable,
    set_meta,
    storage_error,
    transaction,
)
from ..jobs import Progress, no_progress
from . import bundle, icd10_age_sex, icd10_bundle, search_index
from .store import LoadedRelease, record_source, replace_release


@dataclass(frozen=True)
class BuildReport:
    path: Path
    seconds: float
    tables: dict[str, int]
    releases: list[LoadedRelease]


def build_reference_db(path: Path, progress: Progress | None = None) -> BuildReport:
    """Write a fresh database next to `path`, then move it into place: a failed build never
    leaves a half-built database behind, and the old one stays until the new one is complete."""
    report = progress or no_progress
    started = time.perf_counter()
    partial = path.with_name(path.name + ".building")
    try:
        discard(partial)  # what a killed build left
        releases, tables = _build(partial, report)
        move_into_place(partial, path)
    except BaseException as exc:
        if not isinstance(exc, sqlite3.Error | OSError):
            discard(partial)
            raise
        error = storage_error(exc, path, "cannot build the reference database")  # disk as is
        discard(partial)
        raise error from exc
    report("reference database ready", 1.0)
    return BuildReport(path, time.perf_counter() - started, tables, releases)


def _build(partial: Path, report: Progress) -> tuple[list[LoadedRelease], dict[str, int]]:
    conn = open_writable(partial)
    try:
        with transaction(conn):
            releases = _load_bundled_cms(conn, report)
            _load_own_tables(conn, report)
            releases += icd10_bundle.load(conn, report)
            icd10_age_sex.load(conn)
            report("building the search index", 0.9)
            search_index.rebuild(conn)
            set_meta(conn, "bundle_fingerprint", bundle.fingerprint())
            set_meta(conn, "built_at", time.strftime("%Y-%m-%dT%H:%M:%S"))
        tables = _table_counts(conn)
        analyze(conn)
        found = damage(conn)
        if found:
            raise DatabaseError(
                f"the reference database just built at {partial.parent} "
                f"failed its check ({found}): the disk may be failing; check "
                "it, then build again"
            )
        # one self-contained file (no -wal beside it): it is copied and shipped as it is
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    return releases, tables


# The tables the bundled CMS files go to (resources/cms/releases.csv names a table per file).
BUNDLED_TABLES = {
    "pfs_rvu",
    "gpci",
    "localities",
    "zip_locality",
    "mue",
    "addon_edits",
    "hcpcs_codes",
}


def _load_bundled_cms(conn: sqlite3.Connection, report: Progress) -> list[LoadedRelease]:
    """Every CMS release the manifest lists, into its table, recorded in `sources`."""
    loaded = []
    items = bundle.manifest()
    for number, item in enumerate(items):
        report(f"loading {item.release}", 0.02 + 0.25 * number / max(len(items), 1))
        if item.table not in BUNDLED_TABLES:
            raise bundle.BundleError(f"{bundle.MANIFEST}: unknown table '{item.table}'")
        header, text_rows = bundle.read_table(item.file)
        nullable = _nullable_columns(conn, item.table)
        blank_to_null = [i for i, name in enumerate(header) if name in nullable]
        rows: Iterable[Sequence[str | None]] = (
            _blank_to_null(text_rows, blank_to_null) if blank_to_null else text_rows
        )
        try:
            count = replace_release(conn, item.table, item.release, header, rows)
        except sqlite3.Error as exc:
            raise bundle.BundleError(f"{item.file.name}: {exc}") from exc
        release = LoadedRelease(
            item.source,
            item.release,
            item.effective_date,
            item.end_date,
            count,
            item.table,
            item.cms_file,
        )
        record_source(conn, release, origin="bundled")
        loaded.append(release)
    return loaded


def _blank_to_null(rows: Iterator[list[str]], columns: list[int]) -> Iterator[list[str | None]]:
    for row in rows:
        yield [None if i in columns and v == "" else v for i, v in enumerate(row)]


def _nullable_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """Columns that may be NULL: an empty cell of a bundled file means NULL there."""
    return {
        row[1] for row in conn.execute(f"PRAGMA table_info({table})") if not row[3] and not row[5]
    }


def _load_own_tables(conn: sqlite3.Connection, report: Progress) -> None:
    """Tables written for this project; their 'release' is the bundle they were built from."""
    report("loading procedure codes, modifiers, places of service", 0.28)
    db = sqlite_utils.Database(conn)
    tables = {"procedure_codes": bundle.procedure_rows()}
    for name in ("modifiers", "place_of_service", "conversion_factors"):
        tables[name] = bundle.table_rows(name)
    release = f"bundle {bundle.fingerprint()}"
    today = time.strftime("%Y-%m-%d")
    for name, rows in tables.items():
        db.table(name).insert_all(rows)
        record_source(
            conn,
            LoadedRelease(name, release, today, None, len(rows), name, f"resources/{name}"),
            origin="bundled",
        )
    orphans = conn.execute(
        "SELECT code FROM procedure_codes WHERE code NOT IN "
        "(SELECT hcpcs FROM pfs_rvu WHERE modifier = '')"
    ).fetchall()
    if orphans:
        raise bundle.BundleError(
            "procedure codes without bundled PFS figures: " + ", ".join(r[0] for r in orphans)
        )


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'code_search_%' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in names}
