"""Import CMS release files, recognized by their content, each in one transaction."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..db import transaction
from ..jobs import Progress, no_progress
from . import anesthesia, gpci, locality, mue, ncci, oppscap, pfs, zip5
from .quarters import date_in_text, quarter_end, quarter_label, quarter_start
from .source_file import SourceError, read_text, records
from .store import LoadedRelease, record_source, replace_release, upsert_rows

# Progress (core.jobs): the caller cancels by raising Cancelled from it; nothing is written
# unless the whole file succeeds.

# Import order when several files come at once: later kinds may depend on earlier ones.
KINDS = ["pfs", "gpci", "locality", "anesthesia", "oppscap", "zip5", "ncci_ptp", "mue"]
KIND_NAMES = {
    "pfs": "PFS relative value file (PPRRVU)",
    "gpci": "GPCI file",
    "locality": "locality/county file (LOCCO)",
    "anesthesia": "anesthesia conversion factors (ANES)",
    "oppscap": "OPPS payment caps (OPPSCAP)",
    "zip5": "ZIP code to locality file (ZIP5)",
    "ncci_ptp": "NCCI practitioner PTP edits",
    "mue": "practitioner MUE table",
}
_QUARTER_MONTHS = {"jan": 1, "apr": 4, "jul": 7, "oct": 10}


@dataclass(frozen=True)
class ReleaseFile:
    path: Path
    kind: str
    text: str


def recognize(path: Path) -> ReleaseFile:
    """Read a file and tell which CMS release file it is, from its content alone."""
    text = read_text(path)
    head_lines = text.splitlines()[:60]
    head = list(_head_records("\n".join(head_lines)))
    # Fixed-width and tab-separated layouts are told apart by their lines, CSV ones by records.
    checks = [
        ("zip5", zip5.looks_like(head_lines[:20])), ("ncci_ptp", ncci.looks_like(head_lines)),
        ("pfs", pfs.looks_like(head)), ("gpci", gpci.looks_like(head)),
        ("locality", locality.looks_like(head)), ("anesthesia", anesthesia.looks_like(head)),
        ("oppscap", oppscap.looks_like(head)), ("mue", mue.looks_like(head)),
    ]
    kind = next((kind for kind, matches in checks if matches), None)
    if kind is None:
        known = "; ".join(KIND_NAMES.values())
        raise SourceError(path, f"not a CMS release file this app knows (expected one of: {known})")
    return ReleaseFile(path, kind, text)


def _head_records(text: str):
    try:
        yield from records(text)
    except Exception:  # a cut-off quoted cell in the sample is not an error yet
        return


def import_file(conn: sqlite3.Connection, release_file: ReleaseFile, *,
                effective: date | None = None, progress: Progress | None = None
                ) -> LoadedRelease:
    """Parse the whole file first, then write it in one transaction (all or nothing)."""
    loader = _LOADERS[release_file.kind]
    report = progress or no_progress
    report(f"reading {release_file.path.name}", 0.0)
    loaded = loader(conn, release_file, effective, report)
    report(f"loaded {release_file.path.name}", 1.0)
    return loaded


def import_paths(conn: sqlite3.Connection, paths: Iterable[Path], *,
                 effective: date | None = None, progress: Progress | None = None,
                 on_skip: Callable[[Path, str], None] | None = None,
                 ) -> tuple[list[LoadedRelease], list[SourceError]]:
    """Import files and directories. Files named directly must be release files; unknown files
    met inside a directory are skipped (and reported through on_skip). A failing file does not
    stop the others and leaves the database as it was."""
    found: list[ReleaseFile] = []
    errors: list[SourceError] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                try:
                    found.append(recognize(child))
                except SourceError as exc:
                    if on_skip:
                        on_skip(child, exc.reason)
        elif not path.exists():
            errors.append(SourceError(path, "no such file or directory"))
        else:
            try:
                found.append(recognize(path))
            except SourceError as exc:
                errors.append(exc)
    found.sort(key=lambda f: KINDS.index(f.kind))
    loaded: list[LoadedRelease] = []
    for release_file in found:
        try:
            loaded.append(import_file(conn, release_file, effective=effective, progress=progress))
        except SourceError as exc:
            errors.append(exc)
    return loaded, errors


def _line_progress(report: Progress, release_file: ReleaseFile) -> Callable[[int], None]:
    total = max(release_file.text.count("\n"), 1)
    step = max(total // 100, 1)
    name = release_file.path.name

    def on_row(line: int) -> None:
        if line % step == 0:
            report(f"reading {name}", min(line / total, 1.0) * 0.8)

    return on_row


def _write(conn: sqlite3.Connection, loaded: LoadedRelease, report: Progress,
           write: Callable[[], int]) -> LoadedRelease:
    report(f"writing {loaded.row_count:,} rows of {loaded.file_name}", 0.85)
    with transaction(conn):
        count = write()
        final = LoadedRelease(loaded.source, loaded.release, loaded.effective_date,
                              loaded.end_date, count, loaded.table, loaded.file_name)
        record_source(conn, final, origin="imported")
    return final


def _load_pfs(conn, rf: ReleaseFile, effective: date | None, report: Progress) -> LoadedRelease:
    release, rows = pfs.parse(rf.path, rf.text, on_row=_line_progress(report, rf))
    start = effective.isoformat() if effective else release.effective_date
    loaded = LoadedRelease("pfs", release.release, start, None, len(rows), "pfs_rvu", rf.path.name)
    return _write(conn, loaded, report, lambda: replace_release(
        conn, "pfs_rvu", release.release, pfs.STORED_COLUMNS, rows))


def _load_gpci(conn, rf: ReleaseFile, effective: date | None, report: Progress) -> LoadedRelease:
    year, rows = gpci.parse(rf.path, rf.text)
    release = f"GPCI{year}"
    loaded = LoadedRelease("gpci", release, f"{year}-01-01", f"{year}-12-31", len(rows), "gpci",
                           rf.path.name)
    return _write(conn, loaded, report,
                  lambda: replace_release(conn, "gpci", release, gpci.STORED_COLUMNS, rows))


def _load_locality(conn, rf: ReleaseFile, effective: date | None, report: Progress
                   ) -> LoadedRelease:
    year, rows = locality.parse(rf.path, rf.text)
    release = f"LOCCO{year}"
    loaded = LoadedRelease("locality", release, f"{year}-01-01", f"{year}-12-31", len(rows),
                           "localities", rf.path.name)
    return _write(conn, loaded, report, lambda: replace_release(
        conn, "localities", release, locality.STORED_COLUMNS, rows))


def _load_anesthesia(conn, rf: ReleaseFile, effective: date | None, report: Progress
                     ) -> LoadedRelease:
    national, rows = anesthesia.parse(rf.path, rf.text)
    year = effective.year if effective else _anesthesia_year(conn, rf.path, national)
    release = f"ANES{year}"
    loaded = LoadedRelease("anesthesia", release, f"{year}-01-01", f"{year}-12-31", len(rows),
                           "anesthesia_cf", rf.path.name)
    return _write(conn, loaded, report, lambda: replace_release(
        conn, "anesthesia_cf", release, anesthesia.STORED_COLUMNS, rows))


def _anesthesia_year(conn: sqlite3.Connection, path: Path, national: str) -> int:
    row = conn.execute(
        "SELECT effective_from FROM conversion_factors WHERE kind = 'anesthesia' "
        "AND CAST(conversion_factor AS TEXT) = ? ORDER BY effective_from DESC", (national,)
    ).fetchone()
    if row:
        return int(row[0][:4])
    match = re.search(r"20\d{2}", path.name)
    if match:
        return int(match.group(0))
    raise SourceError(path, f"cannot tell the year of this anesthesia file (national CF {national} "
                            "is not one the app knows); pass --effective YYYY-01-01")


def _load_oppscap(conn, rf: ReleaseFile, effective: date | None, report: Progress
                  ) -> LoadedRelease:
    rows = oppscap.parse(rf.path, rf.text)
    start = effective or _oppscap_start(conn, rf.path)
    release = f"OPPSCAP{start.year % 100:02d}{'ABCD'[(start.month - 1) // 3]}"
    loaded = LoadedRelease("oppscap", release, start.isoformat(), quarter_end(start).isoformat(),
                           len(rows), "opps_cap", rf.path.name)
    return _write(conn, loaded, report, lambda: replace_release(
        conn, "opps_cap", release, oppscap.STORED_COLUMNS, rows))


def _oppscap_start(conn: sqlite3.Connection, path: Path) -> date:
    """OPPSCAP files carry no date: take the quarter from the CMS file name (OPPSCAP_Oct) and the
    year from the PFS release of that quarter already loaded."""
    month = next((m for key, m in _QUARTER_MONTHS.items() if key in path.name.lower()), None)
    if month is not None:
        row = conn.execute(
            "SELECT effective_date FROM sources WHERE source = 'pfs' AND "
            "CAST(substr(effective_date, 6, 2) AS INTEGER) = ? ORDER BY effective_date DESC",
            (month,)).fetchone()
        if row:
            return date.fromisoformat(row[0])
    raise SourceError(path, "an OPPSCAP file does not say which quarter it belongs to; import the "
                            "PPRRVU file of the same release first and keep CMS's file name "
                            "(OPPSCAP_Oct.csv), or pass --effective YYYY-MM-DD")


def _load_zip5(conn, rf: ReleaseFile, effective: date | None, report: Progress) -> LoadedRelease:
    stamp, rows = zip5.parse(rf.path, rf.text)
    start = effective or date(int(stamp[:4]), 3 * int(stamp[4]) - 2, 1)
    release = f"ZIP5 {quarter_label(start)}"
    loaded = LoadedRelease("zip5", release, start.isoformat(), quarter_end(start).isoformat(),
                           len(rows), "zip_locality", rf.path.name)
    return _write(conn, loaded, report, lambda: replace_release(
        conn, "zip_locality", release, zip5.STORED_COLUMNS, rows))


def _load_ncci(conn, rf: ReleaseFile, effective: date | None, report: Progress) -> LoadedRelease:
    latest, rows = ncci.parse(rf.path, rf.text, on_row=_line_progress(report, rf))
    start = effective or quarter_start(latest)
    release = f"NCCI PTP {quarter_label(start)}"
    loaded = LoadedRelease("ncci_ptp", release, start.isoformat(), quarter_end(start).isoformat(),
                           len(rows), "ncci_ptp", rf.path.name)

    def write() -> int:
        # The four parts of a quarter are separate files: each adds to the release.
        upsert_rows(conn, "ncci_ptp", ("release", *ncci.STORED_COLUMNS),
                    ((release, *row) for row in rows))
        return conn.execute("SELECT COUNT(*) FROM ncci_ptp WHERE release = ?",
                            (release,)).fetchone()[0]

    return _write(conn, loaded, report, write)


def _load_mue(conn, rf: ReleaseFile, effective: date | None, report: Progress) -> LoadedRelease:
    rows = mue.parse(rf.path, rf.text)
    start = effective or date_in_text(rf.path.name) or date_in_text(rf.text[:2000])
    if start is None:
        raise SourceError(rf.path, "an MUE table does not carry its effective date: keep CMS's "
                                   "file name (MCR_MUE_PractitionerServices_Eff_10-01-2025.csv) "
                                   "or pass --effective YYYY-MM-DD")
    start = quarter_start(start)
    release = f"MUE {quarter_label(start)}"
    loaded = LoadedRelease("mue", release, start.isoformat(), quarter_end(start).isoformat(),
                           len(rows), "mue", rf.path.name)
    return _write(conn, loaded, report,
                  lambda: replace_release(conn, "mue", release, mue.STORED_COLUMNS, rows))


_LOADERS = {
    "pfs": _load_pfs, "gpci": _load_gpci, "locality": _load_locality,
    "anesthesia": _load_anesthesia, "oppscap": _load_oppscap, "zip5": _load_zip5,
    "ncci_ptp": _load_ncci, "mue": _load_mue,
}
