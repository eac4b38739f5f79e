"""Stand-ins for data other branches will import, so the lookup's seams can be tested today.

- PPRRVU descriptors: read from a real PPRRVU file as the PPRRVU importer will pass them to
  core.sources.imported_descriptors.store_imported_descriptors.
- HCPCS Level II (table `hcpcs_codes`) and NCCI add-on edits (table `addon_edits`): created in
  the layout the importers branch defines (core/schema.sql there) and filled from the real CMS
  files in ../shared/reference. When that branch lands, its importers replace these helpers.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import openpyxl

HCPCS_TABLE = """
CREATE TABLE IF NOT EXISTS hcpcs_codes (
    release               TEXT NOT NULL,
    code                  TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    long_description      TEXT NOT NULL,
    short_description     TEXT NOT NULL,
    add_date              TEXT,
    action_effective_date TEXT,
    termination_date      TEXT,
    action_code           TEXT NOT NULL,
    source_line           INTEGER NOT NULL,
    PRIMARY KEY (release, code, kind)
);
CREATE INDEX IF NOT EXISTS hcpcs_codes_code ON hcpcs_codes (code)"""
ADDON_TABLE = """
CREATE TABLE IF NOT EXISTS addon_edits (
    release          TEXT NOT NULL,
    addon_code       TEXT NOT NULL,
    primary_code     TEXT NOT NULL,
    edit_type        TEXT NOT NULL,
    addon_deletion   TEXT,
    primary_deletion TEXT,
    effective_date   TEXT NOT NULL,
    deletion_date    TEXT,
    notes            TEXT NOT NULL,
    source_line      INTEGER NOT NULL,
    PRIMARY KEY (release, addon_code, primary_code, effective_date)
) WITHOUT ROWID"""
_HEADER = ["HCPCS", "MOD", "DESCRIPTION"]


def pprrvu_descriptors(path: Path) -> Iterator[tuple[str, str, str]]:
    """(HCPCS, MOD, DESCRIPTION) of every data row of a PPRRVU csv."""
    text = path.read_bytes().decode("latin-1")
    rows = csv.reader(io.StringIO(text))
    for row in rows:
        if [c.strip().upper() for c in row[:3]] == _HEADER:
            break
    for row in rows:
        if len(row) > 3 and row[0].strip():
            yield row[0].strip(), row[1].strip(), row[2].strip()


def _record(conn: sqlite3.Connection, source: str, release: str, effective: str, end: str | None,
            count: int, file_name: str) -> None:
    conn.execute("INSERT OR REPLACE INTO sources (source, release, effective_date, end_date, "
                 "row_count, origin, file_name, imported_at) VALUES (?, ?, ?, ?, ?, 'imported', "
                 "?, '2026-11-30T00:00:00')", (source, release, effective, end, count, file_name))


def load_hcpcs(conn: sqlite3.Connection, path: Path, release: str = "HCPCS 2025 July",
               effective: str = "2025-07-01") -> int:
    """CMS's HCPCS Level II ANWEB (4-column xlsx: HCPC, SEQNUM, RECID, LONG DESCRIPTION;
    RECID 3 a code, 7 a modifier) into `hcpcs_codes`."""
    for statement in HCPCS_TABLE.split(";"):
        conn.execute(statement)
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = []
    for line, (code, _, recid, text) in enumerate(sheet.iter_rows(min_row=2, values_only=True),
                                                  start=2):
        kind = {"3": "procedure", "7": "modifier"}.get(str(recid))
        if kind and code and text:
            rows.append((release, str(code).strip(), kind, " ".join(str(text).split()), "", None,
                         None, None, "", line))
    conn.executemany("INSERT OR REPLACE INTO hcpcs_codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     rows)
    _record(conn, "hcpcs", release, effective, None, len(rows), path.name)
    return len(rows)


def _julian(value: object) -> str | None:
    """CMS's YYYYDDD dates (2026001 = 2026-01-01) as ISO."""
    if value in (None, ""):
        return None
    text = str(value)
    return (date(int(text[:4]), 1, 1) + timedelta(days=int(text[4:]) - 1)).isoformat()


def load_addon_edits(conn: sqlite3.Connection, path: Path, release: str = "AOC 2026Q2",
                     effective: str = "2026-04-01") -> int:
    """CMS's NCCI add-on code edits (AOC_V2026Q2-MCR.xlsx) into `addon_edits`."""
    conn.execute(ADDON_TABLE)
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = []
    for line, row in enumerate(sheet.iter_rows(min_row=3, values_only=True), start=3):
        kind, addon, addon_del, primary, primary_del, eff, deleted, notes = row[:8]
        if addon and primary:
            rows.append((release, str(addon), str(primary), str(kind), _julian(addon_del),
                         _julian(primary_del), _julian(eff), _julian(deleted), notes or "",
                         line))
    conn.executemany("INSERT OR REPLACE INTO addon_edits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     rows)
    _record(conn, "addon_edits", release, effective, None, len(rows), path.name)
    return len(rows)
