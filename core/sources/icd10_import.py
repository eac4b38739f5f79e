"""Import CDC's ICD-10-CM order file or order addenda: roll the database's code set one fiscal
year forward, in one transaction. FY N starts on October 1 of N-1; N comes from the file name
(icd10cm_order_addenda_2027.txt) or from --effective. A year already in the database is
checked against the file and reported, not written again."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..db import transaction
from ..jobs import Progress
from ..paths import command
from . import icd10_years
from .icd10_order import Change, fiscal_year_in_name, parse_addenda, parse_order
from .loaders import ImportOptions
from .source_file import SourceError
from .store import LoadedRelease, record_source
from .tables import Table, TextTable


def load_order(
    conn: sqlite3.Connection, rf: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    year = _fiscal_year(rf.path, options.effective)
    records = parse_order(rf.path, _text(rf))
    report(f"comparing {len(records):,} codes with FY{year - 1}", 0.5)
    if year in icd10_years.loaded_years(conn):
        changes = icd10_years.code_set_changes(
            conn, year + 1, [(r.code, r.billable, r.description, r.line) for r in records]
        )
        wrong = [c.code for c in changes if c.change != "revised"]
        return _already_applied(conn, year, rf.path, wrong)
    _check_next(conn, year, rf.path)
    changes = icd10_years.code_set_changes(
        conn, year, [(r.code, r.billable, r.description, r.line) for r in records]
    )
    return _roll(conn, year, changes, rf.path, options, report)


def load_addenda(
    conn: sqlite3.Connection, rf: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    year = _fiscal_year(rf.path, options.effective)
    changes = parse_addenda(rf.path, _text(rf))
    if year in icd10_years.loaded_years(conn):
        return _already_applied(conn, year, rf.path, icd10_years.mismatches(conn, year, changes))
    _check_next(conn, year, rf.path)
    return _roll(conn, year, changes, rf.path, options, report)


def _text(table: Table) -> str:
    """CDC publishes ICD-10-CM files as fixed-width text only."""
    if not isinstance(table, TextTable):
        raise table.error("an ICD-10-CM order file or addenda is a text file: import CDC's .txt")
    return table.text


def _fiscal_year(path: Path, effective: date | None) -> int:
    if effective is not None:
        return effective.year + 1 if effective.month >= 10 else effective.year
    year = fiscal_year_in_name(path)
    if year is None:
        raise SourceError(
            path,
            "the file name does not say its fiscal year: keep CDC's name "
            "(icd10cm_order_addenda_2027.txt) or pass --effective "
            "2026-10-01 for FY2027",
        )
    return year


def _check_next(conn: sqlite3.Connection, year: int, path: Path) -> None:
    years = icd10_years.loaded_years(conn)
    if not years:
        raise SourceError(
            path,
            "the database holds no ICD-10-CM code set to roll forward: run "
            f"'{command('build-db')}' first",
        )
    if year < years[0]:
        raise SourceError(
            path,
            f"FY{year} is older than the oldest code set in the database "
            f"(FY{years[0]}); nothing to import",
        )
    if year != years[-1] + 1:
        raise SourceError(
            path,
            f"this file rolls ICD-10-CM to FY{year}, but the database's "
            f"newest code set is FY{years[-1]}: import FY{years[-1] + 1} "
            "first",
        )


def _already_applied(
    conn: sqlite3.Connection, year: int, path: Path, wrong: Sequence[str]
) -> LoadedRelease:
    if wrong:
        sample = ", ".join(wrong[:5]) + (" ..." if len(wrong) > 5 else "")
        raise SourceError(
            path,
            f"the database already holds FY{year}, and {len(wrong)} codes "
            f"of this file disagree with it ({sample}): is the file "
            "damaged, or for another year? (--effective names the year)",
        )
    row = conn.execute(
        "SELECT release, effective_date, end_date, row_count, file_name FROM "
        "sources WHERE source = 'icd10cm' AND release = ?",
        (icd10_years.release_name(year),),
    ).fetchone()
    return LoadedRelease(
        "icd10cm",
        row[0],
        row[1],
        row[2],
        row[3],
        "icd10cm",
        path.name,
        note=f"already in the database (from {row[4]}): nothing written",
    )


def _roll(
    conn: sqlite3.Connection,
    year: int,
    changes: list[Change],
    path: Path,
    options: ImportOptions,
    report: Progress,
) -> LoadedRelease:
    report(f"writing {len(changes):,} FY{year} changes of {path.name}", 0.85)
    with transaction(conn):
        icd10_years.roll_forward(conn, year, changes, path, path.name)
        icd10_years.index_new_codes(conn, year)
        loaded = icd10_years.year_release(conn, year, path.name)
        record_source(conn, loaded, origin="imported", path=options.source_path)
    return loaded
