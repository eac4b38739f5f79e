"""Loading a PFS relative value file, including CY2026's pair of them.

From 2026 CMS publishes each RVU release twice (PPRRVU2026_Jan_nonQPP.csv and
PPRRVU2026_Jan_QPP.csv): the files differ only in the CONV FACTOR column (33.4009 for clinicians
who are not qualifying APM participants, 33.5675 for those who are; CY2026 PFS final rule).
Both load as ONE release: its rows keep the non-qualifying CF, and the qualifying APM CF lives
in the conversion factor table, which pricing reads by kind. The QPP file is told apart by its
banner or file name and by its CONV FACTOR compared with the conversion factors the app knows.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from decimal import Decimal

from . import pfs
from .imported_descriptors import store_imported_descriptors
from .loaders import ImportOptions, Progress, row_progress, write
from .store import LoadedRelease, record_source, replace_release
from .tables import Table

_CF = pfs.STORED_COLUMNS.index("conversion_factor")


def load_pfs(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    descriptors: list[tuple[str, str, str]] = []
    release, rows = pfs.parse(table, on_row=row_progress(report, table), descriptors=descriptors)
    effective = options.effective
    start = effective.isoformat() if effective else release.effective_date
    year = int(release.effective_date[:4])
    file_cf = _file_cf(rows)
    standard = _known_cfs(conn, "standard", year)
    qualifying = _known_cfs(conn, "qualifying_apm", year)
    if not _is_qpp(table, release, year, file_cf, standard, qualifying):
        loaded = LoadedRelease(
            "pfs", release.release, start, None, len(rows), "pfs_rvu", table.name
        )

        def write_release() -> int:
            count = replace_release(conn, "pfs_rvu", release.release, pfs.STORED_COLUMNS, rows)
            store_imported_descriptors(conn, release.release, descriptors)
            return count

        return write(conn, loaded, options, report, write_release)
    assert file_cf is not None
    return _load_qpp(
        conn, table, release, start, rows, file_cf, standard, qualifying, options, report
    )


def _file_cf(rows: list[tuple]) -> Decimal | None:
    counts = Counter(Decimal(row[_CF]) for row in rows if Decimal(row[_CF]) != 0)
    return counts.most_common(1)[0][0] if counts else None


def _known_cfs(conn: sqlite3.Connection, kind: str, year: int) -> list[Decimal]:
    return [
        Decimal(r[0])
        for r in conn.execute(
            "SELECT conversion_factor FROM conversion_factors WHERE kind = ? AND "
            "effective_from <= ? AND effective_to >= ? ORDER BY effective_from",
            (kind, f"{year}-12-31", f"{year}-01-01"),
        )
    ]


def _is_qpp(
    table: Table,
    release: pfs.PfsRelease,
    year: int,
    file_cf: Decimal | None,
    standard: list[Decimal],
    qualifying: list[Decimal],
) -> bool:
    by_cf: bool | None = None
    if file_cf is not None and file_cf in standard:
        by_cf = False
    elif file_cf is not None and file_cf in qualifying:
        by_cf = True
    marked = release.qpp_marked
    if marked is not None and by_cf is not None and marked != by_cf:
        said = "QPP (qualifying APM)" if marked else "non-QPP"
        cf_is = "qualifying APM" if by_cf else "non-qualifying"
        raise table.error(
            f"the file's name or banner says {said} but its CONV FACTOR {file_cf} is the "
            f"{year} {cf_is} conversion factor; import the file as CMS published it",
            column="CONV FACTOR",
        )
    return marked if marked is not None else bool(by_cf)


def _load_qpp(
    conn: sqlite3.Connection,
    table: Table,
    release: pfs.PfsRelease,
    start: str,
    rows: list[tuple],
    file_cf: Decimal,
    standard: list[Decimal],
    qualifying: list[Decimal],
    options: ImportOptions,
    report: Progress,
) -> LoadedRelease:
    year = int(release.effective_date[:4])
    base = conn.execute(
        "SELECT file_name FROM sources WHERE source = 'pfs' AND release = ?", (release.release,)
    ).fetchone()
    store: list[tuple] | None = None
    if base:
        differing = _differing_rows(conn, release.release, rows)
        note = f"QPP file: {release.release} keeps the RVUs and the non-qualifying CF of {base[0]}"
        if differing:
            note += f" ({differing:,} rows differ apart from the CF and were not taken)"
    elif standard:
        cf_text = str(standard[-1])
        store = [(*row[:_CF], cf_text, *row[_CF + 1 :]) for row in rows]
        note = (
            f"QPP file loaded as {release.release} with the non-qualifying CF {cf_text} in "
            "its rows (the non-QPP file is the same apart from the CF)"
        )
    else:
        raise table.error(
            f"this is the QPP file of {release.release} (CONV FACTOR {file_cf}) and the "
            f"non-qualifying conversion factor of {year} is not known: import the non-QPP "
            f"file of this release (PPRRVU{year}_..._nonQPP) first",
            column="CONV FACTOR",
        )
    if file_cf in qualifying:
        note += f"; the qualifying APM CF {file_cf} is in the conversion factor table"
    else:
        note += f"; the qualifying APM CF {file_cf} is now in the conversion factor table"
        if qualifying:
            note += f" (it replaces {qualifying[-1]})"
    loaded = LoadedRelease(
        "pfs_qpp", release.release, start, None, len(rows), "conversion_factors", table.name, note
    )

    def write_all() -> int:
        if store is not None:
            replace_release(conn, "pfs_rvu", release.release, pfs.STORED_COLUMNS, store)
            record_source(
                conn,
                LoadedRelease(
                    "pfs", release.release, start, None, len(store), "pfs_rvu", table.name
                ),
                origin="imported",
                path=options.source_path,
            )
        if file_cf not in qualifying:
            conn.execute(
                "DELETE FROM conversion_factors WHERE kind = 'qualifying_apm' AND "
                "effective_from <= ? AND effective_to >= ?",
                (f"{year}-12-31", f"{year}-01-01"),
            )
            conn.execute(
                "INSERT INTO conversion_factors (kind, effective_from, effective_to, "
                "conversion_factor, note) VALUES ('qualifying_apm', ?, ?, ?, ?)",
                (f"{year}-01-01", f"{year}-12-31", str(file_cf), f"CONV FACTOR of {table.name}"),
            )
        return len(rows)

    return write(conn, loaded, options, report, write_all)


def _differing_rows(conn: sqlite3.Connection, release: str, rows: list[tuple]) -> int:
    """Rows of the QPP file that differ from the loaded release other than in the CF."""
    columns = [c for c in pfs.STORED_COLUMNS if c not in ("conversion_factor", "source_line")]
    stored = {
        (r[0], r[1]): tuple(str(v) for v in r)
        for r in conn.execute(
            f"SELECT {', '.join(columns)} FROM pfs_rvu WHERE release = ?", (release,)
        )
    }
    keep = [i for i, c in enumerate(pfs.STORED_COLUMNS) if c in columns]
    return sum(
        1 for row in rows if stored.get((row[0], row[1])) != tuple(str(row[i]) for i in keep)
    ) + max(0, len(stored) - len(rows))
