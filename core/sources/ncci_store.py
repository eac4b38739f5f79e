"""Storing one NCCI PTP part: its edits go from the file straight into ncci_ptp as they are
read (a part of a million edits is never held in memory), with the indexes built once the
rows are in. Each edit names its part file (ncci_files: the release and the file name) and its
rationale by number. The release is known from CMS's file name, --effective or, once the whole
file is read, its newest effective date; all of it is one transaction."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..db import transaction
from ..jobs import Progress
from . import ncci
from .loaders import ImportOptions, choose_quarter, quarterly, row_progress
from .quarters import quarter_end, quarter_label
from .store import LoadedRelease, check_complete, record_source, without_indexes
from .tables import Table

_PART_RE = re.compile(r"-f(\d+)\.", re.I)  # ccipra-v313r0-f1.txt: part 1


def load_ncci(
    conn: sqlite3.Connection, table: Table, options: ImportOptions, report: Progress
) -> LoadedRelease:
    scan = ncci.PartScan()
    with transaction(conn):
        file_id = conn.execute(
            "INSERT INTO ncci_files (release, file_name, row_count) VALUES ('', ?, 0)",
            (table.name,),
        ).lastrowid
        with without_indexes(conn, "ncci_ptp"):
            _insert(conn, file_id, ncci.edits(table, scan, row_progress(report, table)))
            release, start, note = _release(table, options.effective, scan)
            replaced = _part_loaded(conn, release, table.name)
            accepted = check_complete(
                scan.rows,
                replaced and (f"this part of {release}", replaced[1]),
                _part_before(conn, start, table.name),
                options.accept_partial,
            )
            if replaced:
                conn.execute("DELETE FROM ncci_ptp WHERE file_id = ?", (replaced[0],))
                conn.execute("DELETE FROM ncci_files WHERE id = ?", (replaced[0],))
            report(f"indexing {scan.rows:,} edits of {table.name}", 0.85)
        conn.execute(
            "UPDATE ncci_files SET release = ?, row_count = ? WHERE id = ?",
            (release, scan.rows, file_id),
        )
        total = conn.execute(
            "SELECT SUM(row_count) FROM ncci_files WHERE release = ?", (release,)
        ).fetchone()[0]
        # the parts of a quarter are separate files: each adds to the release
        loaded = quarterly(
            "ncci_ptp",
            "ncci_ptp",
            release,
            start,
            total,
            table,
            "; ".join(n for n in (note, accepted) if n),
        )
        record_source(conn, loaded, origin="imported", path=options.source_path)
    return loaded


def _insert(conn: sqlite3.Connection, file_id: int | None, edits: Iterable[tuple]) -> None:
    rationales: dict[str, int] = dict(conn.execute("SELECT text, id FROM ncci_rationales"))

    def rows() -> Iterator[tuple]:
        for column1, column2, prior, effective, deletion, modifier, rationale, line in edits:
            number = rationales.get(rationale)
            if number is None:
                number = rationales[rationale] = _add_rationale(conn, rationale)
            yield file_id, column1, column2, prior, effective, deletion, modifier, number, line

    conn.executemany(
        "INSERT INTO ncci_ptp (file_id, column1, column2, prior_1996, "
        "effective_date, deletion_date, modifier_indicator, rationale_id, "
        "source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )


def _add_rationale(conn: sqlite3.Connection, text: str) -> int:
    return int(
        conn.execute("INSERT INTO ncci_rationales (text) VALUES (?)", (text,)).lastrowid or 0
    )


def _release(table: Table, effective: date | None, scan: ncci.PartScan) -> tuple[str, date, str]:
    """The part's release, its first day and how it was chosen."""
    latest = date.fromisoformat(scan.latest)
    in_name = ncci.quarter_in_name(Path(table.name).name)
    start, note = choose_quarter(table, effective, in_name, latest, "ccipra-v313r0-f1.txt")
    if in_name and not effective:
        version = f"{in_name.year - 1994}.{(in_name.month - 1) // 3}"
        note = f"quarter from CMS's version {version} in the file name"
        if latest > quarter_end(in_name):
            note += f"; the file has edits effective later ({latest.isoformat()})"
    return f"NCCI PTP {quarter_label(start)}", start, note


def _part_before(conn: sqlite3.Connection, start: date, file_name: str) -> tuple[str, int] | None:
    """The same part (-f1 ... -f4 in CMS's names) of the newest release before this one."""
    part = _PART_RE.search(Path(file_name).name)
    if part is None:
        return None
    for release, name, rows in conn.execute(
        "SELECT f.release, f.file_name, f.row_count FROM ncci_files f JOIN sources s ON "
        "s.source = 'ncci_ptp' AND s.release = f.release WHERE s.effective_date < ? "
        "ORDER BY s.effective_date DESC",
        (start.isoformat(),),
    ):
        found = _PART_RE.search(Path(name).name)
        if found and found.group(1) == part.group(1):
            return f"part {part.group(1)} of {release}", rows
    return None


def _part_loaded(conn: sqlite3.Connection, release: str, file_name: str) -> tuple[int, int] | None:
    """The id and row count of the same part of the release, loaded before."""
    row = conn.execute(
        "SELECT id, row_count FROM ncci_files WHERE release = ? AND file_name = ?",
        (release, file_name),
    ).fetchone()
    return (row[0], row[1]) if row else None
