"""Build the bundled reference database from resources/ and the simple-icd-10-cm package."""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ..db import DatabaseError, get_meta, open_writable, set_meta, transaction
from ..jobs import Progress, no_progress
from . import bundle, search_index
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
    partial.unlink(missing_ok=True)
    conn = open_writable(partial)
    try:
        with transaction(conn):
            releases = _load_bundled_cms(conn, report)
            _load_own_tables(conn, report)
            releases.append(_load_icd10(conn, report))
            report("building the search index", 0.9)
            search_index.rebuild(conn)
            set_meta(conn, "bundle_fingerprint", bundle.fingerprint())
            set_meta(conn, "built_at", time.strftime("%Y-%m-%dT%H:%M:%S"))
        tables = _table_counts(conn)
        conn.execute("ANALYZE")
    finally:
        conn.close()
    os.replace(partial, path)
    report("reference database ready", 1.0)
    return BuildReport(path, time.perf_counter() - started, tables, releases)


def _load_bundled_cms(conn: sqlite3.Connection, report: Progress) -> list[LoadedRelease]:
    from . import gpci, locality, pfs

    columns = {"pfs_rvu": pfs.STORED_COLUMNS, "gpci": gpci.STORED_COLUMNS,
               "localities": locality.STORED_COLUMNS}
    loaded = []
    for item in bundle.manifest():
        report(f"loading {item.release}", 0.05)
        wanted = columns[item.table]
        rows = [tuple(row[c] for c in wanted) for _, row in bundle.read_rows(item.file)]
        count = replace_release(conn, item.table, item.release, columns[item.table], rows)
        release = LoadedRelease(item.source, item.release, item.effective_date, item.end_date,
                                count, item.table, item.cms_file)
        record_source(conn, release, origin="bundled")
        loaded.append(release)
    return loaded


def _load_own_tables(conn: sqlite3.Connection, report: Progress) -> None:
    """Tables written for this project; their 'release' is the bundle they were built from."""
    report("loading procedure codes, modifiers, places of service", 0.15)
    db = sqlite_utils.Database(conn)
    tables = {"procedure_codes": bundle.procedure_rows()}
    for name in ("modifiers", "place_of_service", "conversion_factors"):
        tables[name] = bundle.table_rows(name)
    release = f"bundle {bundle.fingerprint()}"
    today = time.strftime("%Y-%m-%d")
    for name, rows in tables.items():
        db.table(name).insert_all(rows)
        record_source(conn, LoadedRelease(name, release, today, None, len(rows), name,
                                          f"resources/{name}"), origin="bundled")
    orphans = conn.execute(
        "SELECT code FROM procedure_codes WHERE code NOT IN "
        "(SELECT hcpcs FROM pfs_rvu WHERE modifier = '')").fetchall()
    if orphans:
        raise bundle.BundleError("procedure codes without bundled PFS figures: "
                                 + ", ".join(r[0] for r in orphans))


def _load_icd10(conn: sqlite3.Connection, report: Progress) -> LoadedRelease:
    report("loading ICD-10-CM", 0.3)
    from . import icd10  # the package parses its whole tabular on import: only when building

    release = icd10.release()
    placeholders = ", ".join("?" for _ in icd10.STORED_COLUMNS)
    conn.executemany(f"INSERT INTO icd10cm ({', '.join(icd10.STORED_COLUMNS)}) "
                     f"VALUES ({placeholders})", icd10.rows())
    count = conn.execute("SELECT COUNT(*) FROM icd10cm").fetchone()[0]
    loaded = LoadedRelease("icd10cm", release.release, release.effective_date, release.end_date,
                           count, "icd10cm", f"simple-icd-10-cm {release.data_file}")
    record_source(conn, loaded, origin="bundled")
    return loaded


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'code_search_%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in names}


def ensure_reference_db(path: Path, progress: Progress | None = None) -> str | None:
    """Make sure the database at `path` exists and matches the bundled sources.

    Builds it when missing; rebuilds it when the bundle changed and nothing was imported into
    it. Returns a warning for the user when it is stale but holds imported releases."""
    if not path.exists():
        build_reference_db(path, progress)
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            stale = get_meta(conn, "bundle_fingerprint") != bundle.fingerprint()
            imported = conn.execute(
                "SELECT COUNT(*) FROM sources WHERE origin = 'imported'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a readable reference database ({exc}); delete it "
                            "or run 'python main.py build-db'") from exc
    if not stale:
        return None
    if imported:
        return ("The bundled reference data has changed since this database was built. Run "
                "'python main.py build-db' and import your CMS releases again.")
    build_reference_db(path, progress)
    return None
