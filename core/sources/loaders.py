"""One loader per kind of CMS file: parse the whole table first, then write the release in one
transaction (all or nothing), and say which release it chose and why."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..db import transaction
from ..jobs import Progress
from . import anesthesia, aoc, gpci, hcpcs, locality, mue, oppscap, search_index, zip5
from .quarters import date_in_text, quarter_end, quarter_label, quarter_start
from .store import LoadedRelease, check_release_complete, record_source, replace_release
from .tables import Table


@dataclass(frozen=True)
class ImportOptions:
    """What the user asked of an import (import-cms's options, the Data tab's choices), and the
    file on disk being imported (set by the importer for each file)."""

    effective: date | None = None  # --effective: for files that do not carry their date
    accept_partial: bool = False  # --accept-partial: load a file that looks cut short
    source_path: str = ""  # the file on disk (a zip, for its members)


# A loader is called with the connection, the table, the options and a progress callback
# (what is happening, fraction done 0..1) that may raise to cancel the import; nothing is
# written unless the whole file succeeds.
Loader = Callable[[sqlite3.Connection, Table, ImportOptions, Progress], LoadedRelease]
_QUARTER_MONTHS = {"jan": 1, "apr": 4, "jul": 7, "oct": 10}
_MONTH_NAMES = {1: "January", 4: "April", 7: "July", 10: "October"}


def row_progress(report: Progress, table: Table) -> Callable[[int], None]:
    total = max(table.size_hint(), 1)
    step = max(total // 100, 1)

    def on_row(line: int) -> None:
        if line % step == 0:
            report(f"reading {table.name}", min(line / total, 1.0) * 0.8)

    return on_row


def write(
    conn: sqlite3.Connection,
    loaded: LoadedRelease,
    options: ImportOptions,
    report: Progress,
    rows: Callable[[], int],
) -> LoadedRelease:
    report(f"writing {loaded.row_count:,} rows of {loaded.file_name}", 0.85)
    with transaction(conn):
        accepted = check_release_complete(
            conn,
            loaded,
            loaded.row_count,  # before any change
            options.accept_partial,
        )
        count = rows()
        note = "; ".join(n for n in (loaded.note, accepted) if n)
        final = LoadedRelease(
            loaded.source,
            loaded.release,
            loaded.effective_date,
            loaded.end_date,
            count,
            loaded.table,
            loaded.file_name,
            note,
        )
        record_source(conn, final, origin="imported", path=options.source_path)
    return final


def write_rows(
    conn: sqlite3.Connection,
    loaded: LoadedRelease,
    options: ImportOptions,
    report: Progress,
    columns: Sequence[str],
    rows: list[tuple[object, ...]],
) -> LoadedRelease:
    """write() of a release that is its parsed rows, stored as they are in its table."""
    return write(
        conn,
        loaded,
        options,
        report,
        lambda: replace_release(conn, loaded.table, loaded.release, columns, rows),
    )


def quarterly(
    source: str,
    table_name: str,
    release: str,
    start: date,
    count: int,
    table: Table,
    note: str = "",
) -> LoadedRelease:
    return LoadedRelease(
        source,
        release,
        start.isoformat(),
        quarter_end(start).isoformat(),
        count,
        table_name,
        table.name,
        note,
    )


def load_gpci(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    year, rows = gpci.parse(table)
    return _load_calendar_year(
        conn, table, options, report, ("gpci", "GPCI", "gpci"), year, rows, gpci.STORED_COLUMNS
    )


def load_locality(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    year, rows = locality.parse(table)
    return _load_calendar_year(
        conn,
        table,
        options,
        report,
        ("locality", "LOCCO", "localities"),
        year,
        rows,
        locality.STORED_COLUMNS,
    )


def _load_calendar_year(
    conn: sqlite3.Connection,
    table: Table,
    options: ImportOptions,
    report: Progress,
    names: tuple[str, str, str],
    year: int,
    rows: list[tuple[object, ...]],
    columns: Sequence[str],
) -> LoadedRelease:
    """A release of one calendar year (GPCI2026, LOCCO2026): `names` are its source, the
    prefix of its release name and its table."""
    source, prefix, table_name = names
    release = f"{prefix}{year}"
    loaded = LoadedRelease(
        source, release, f"{year}-01-01", f"{year}-12-31", len(rows), table_name, table.name
    )
    return write_rows(conn, loaded, options, report, columns, rows)


def load_anesthesia(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    national, rows = anesthesia.parse(table)
    effective = options.effective
    year = effective.year if effective else _anesthesia_year(conn, table, national)
    return _load_calendar_year(
        conn,
        table,
        options,
        report,
        ("anesthesia", "ANES", "anesthesia_cf"),
        year,
        rows,
        anesthesia.STORED_COLUMNS,
    )


def _anesthesia_year(conn: sqlite3.Connection, table: Table, national: str) -> int:
    row = conn.execute(
        "SELECT effective_from FROM conversion_factors WHERE kind = 'anesthesia' "
        "AND CAST(conversion_factor AS TEXT) = ? ORDER BY effective_from DESC",
        (national,),
    ).fetchone()
    if row:
        return int(row[0][:4])
    match = re.search(r"20\d{2}", table.name)
    if match:
        return int(match.group(0))
    raise table.error(
        f"cannot tell the year of this anesthesia file (national CF {national} "
        "is not one the app knows); pass --effective YYYY-01-01"
    )


def load_oppscap(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    rows = oppscap.parse(table)
    start = options.effective or _oppscap_start(conn, table)
    release = f"OPPSCAP{start.year % 100:02d}{'ABCD'[(start.month - 1) // 3]}"
    loaded = quarterly("oppscap", "opps_cap", release, start, len(rows), table)
    return write_rows(conn, loaded, options, report, oppscap.STORED_COLUMNS, rows)


def _oppscap_start(conn: sqlite3.Connection, table: Table) -> date:
    """OPPSCAP files carry no date: take the quarter from the CMS file name (OPPSCAP_Oct) and the
    year from the PFS release of that quarter already loaded."""
    name = Path(table.name).name.lower()
    month = next((m for key, m in _QUARTER_MONTHS.items() if key in name), None)
    if month is not None:
        row = conn.execute(
            "SELECT effective_date FROM sources WHERE source = 'pfs' AND "
            "CAST(substr(effective_date, 6, 2) AS INTEGER) = ? ORDER BY effective_date DESC",
            (month,),
        ).fetchone()
        if row:
            return date.fromisoformat(row[0])
    raise table.error(
        "an OPPSCAP file does not say which quarter it belongs to; import the "
        "PPRRVU file of the same release first and keep CMS's file name "
        "(OPPSCAP_Oct.csv), or pass --effective YYYY-MM-DD"
    )


def load_zip5(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    stamp, rows = zip5.parse(table)
    start = options.effective or date(int(stamp[:4]), 3 * int(stamp[4]) - 2, 1)
    release = f"ZIP5 {quarter_label(start)}"
    loaded = quarterly("zip5", "zip_locality", release, start, len(rows), table)
    return write_rows(conn, loaded, options, report, zip5.STORED_COLUMNS, rows)


def choose_quarter(
    table: Table,
    effective: date | None,
    from_name: date | None,
    from_data: date | None,
    example: str,
) -> tuple[date, str]:
    """The quarter of a quarterly release: --effective, else CMS's file name (`example`), else
    the newest effective date in the data; the note says which."""
    if effective:
        return quarter_start(effective), f"quarter from --effective {effective.isoformat()}"
    if from_name:
        return from_name, "quarter from the file name"
    if from_data:
        return (
            quarter_start(from_data),
            "quarter from the newest effective date in the file "
            f"({from_data.isoformat()}): the file name does not name it as CMS's does "
            f"({example})",
        )
    raise table.error(
        f"the file does not say which quarter it is: keep CMS's file name "
        f"({example}) or pass --effective YYYY-MM-DD"
    )


def load_mue(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    rows = mue.parse(table)
    start = options.effective or date_in_text(Path(table.name).name)
    if start is None:
        raise table.error(
            "an MUE table does not carry its effective date: keep CMS's "
            "file name (MCR_MUE_PractitionerServices_Eff_10-01-2025.csv) "
            "or pass --effective YYYY-MM-DD"
        )
    start = quarter_start(start)
    release = f"MUE {quarter_label(start)}"
    loaded = quarterly("mue", "mue", release, start, len(rows), table)
    return write_rows(conn, loaded, options, report, mue.STORED_COLUMNS, rows)


def load_aoc(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    latest, rows = aoc.parse(table)
    start, note = choose_quarter(
        table,
        options.effective,
        aoc.quarter_in_name(table.name),
        date.fromisoformat(latest),
        "AOC_V2026Q2-MCR.xlsx",
    )
    release = f"AOC {quarter_label(start)}"
    loaded = quarterly("aoc", "addon_edits", release, start, len(rows), table, note)
    return write_rows(conn, loaded, options, report, aoc.STORED_COLUMNS, rows)


def load_hcpcs(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    parsed = hcpcs.parse(table)
    latest = date.fromisoformat(parsed.latest_action) if parsed.latest_action else None
    start, note = choose_quarter(
        table,
        options.effective,
        hcpcs.quarter_in_name(table.name),
        latest,
        "HCPC2025_JUL_ANWEB.xlsx",
    )
    release = f"HCPCS {start.year} {_MONTH_NAMES[start.month]}"
    skipped = [
        f"{count:,} {what} codes skipped (not public-domain text)"
        for what, count in parsed.skipped.items()
    ]
    loaded = quarterly(
        "hcpcs", "hcpcs_codes", release, start, len(parsed.rows), table, "; ".join([note, *skipped])
    )

    def write_release() -> int:
        count = replace_release(conn, "hcpcs_codes", release, hcpcs.STORED_COLUMNS, parsed.rows)
        search_index.rebuild(conn)  # Level II codes and modifiers are found by their words
        return count

    return write(conn, loaded, options, report, write_release)
