"""A reference database of schema 3 (NCCI edits with their release, rationale and file name
written out on every row) holding imported releases is upgraded in place when the app starts:
nothing imported is lost, and the edits read the same."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from core.db import SCHEMA_VERSION, get_meta, open_readonly
from core.refdata.ncci import PtpEdit, ptp_edit, ptp_edits_of
from core.sources.ensure import ensure_reference_db

# ncci_ptp as schema 3 had it (git show 2c50d9c:core/schema.sql)
V3_NCCI = """
CREATE TABLE ncci_ptp (
    release            TEXT NOT NULL,
    column1            TEXT NOT NULL,
    column2            TEXT NOT NULL,
    prior_1996         INTEGER NOT NULL,
    effective_date     TEXT NOT NULL,
    deletion_date      TEXT,
    modifier_indicator TEXT NOT NULL,
    rationale          TEXT NOT NULL,
    source_file        TEXT NOT NULL,
    source_line        INTEGER NOT NULL,
    PRIMARY KEY (release, column1, column2, effective_date)
) WITHOUT ROWID;
CREATE INDEX ncci_ptp_column2 ON ncci_ptp (column2, column1);
"""
MISUSE = "Misuse of column two code with column one code"
V3_ROWS = [
    (
        "NCCI PTP 2025Q4",
        "29880",
        "29881",
        1,
        "1996-01-01",
        "2023-12-31",
        "0",
        "Mutually exclusive procedures",
        "ccipra-v313r0-f1.txt",
        10,
    ),
    (
        "NCCI PTP 2025Q4",
        "29880",
        "29882",
        0,
        "2024-01-01",
        None,
        "0",
        "Mutually exclusive procedures",
        "ccipra-v313r0-f1.txt",
        11,
    ),
    (
        "NCCI PTP 2025Q4",
        "99213",
        "36415",
        0,
        "2020-01-01",
        None,
        "1",
        MISUSE,
        "ccipra-v313r0-f2.txt",
        8,
    ),
]


def as_edit(v3_row: tuple) -> PtpEdit:
    """A schema 3 row as the edit read back: all but prior_1996, which PtpEdit leaves out."""
    release, column1, column2, _prior_1996, *rest = v3_row
    return PtpEdit(release, column1, column2, *rest)


def schema_3_database(built_db: Path, path: Path) -> Path:
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        "DROP VIEW ncci_edits; DROP TABLE ncci_ptp; DROP TABLE ncci_files; "
        "DROP TABLE ncci_rationales;" + V3_NCCI
    )
    conn.executemany("INSERT INTO ncci_ptp VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", V3_ROWS)
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.execute(
        "UPDATE meta SET value = 'built by the previous version' WHERE key = 'bundle_fingerprint'"
    )
    conn.execute(
        "INSERT INTO sources VALUES ('ncci_ptp', 'NCCI PTP 2025Q4', '2025-10-01', "
        "'2025-12-31', 3, 'imported', 'ccipra-v313r0-f2.txt', '2025-10-02T10:00:00')"
    )
    conn.close()
    return path


def test_the_app_upgrades_a_schema_3_database_with_imports_in_place(built_db, tmp_path):
    db = schema_3_database(built_db, tmp_path / "reference.sqlite")

    warning = ensure_reference_db(db)

    assert warning and "bundled reference data has changed" in warning  # as before
    conn = open_readonly(db)  # schema 3 was refused here
    assert get_meta(conn, "schema_version") == SCHEMA_VERSION == "4"
    edits = [
        tuple(r)
        for r in conn.execute(
            "SELECT release, column1, column2, prior_1996, effective_date, deletion_date, "
            "modifier_indicator, rationale, source_file, source_line FROM ncci_edits "
            "ORDER BY column1, column2"
        )
    ]
    assert edits == V3_ROWS
    assert [
        tuple(r)
        for r in conn.execute(
            "SELECT release, file_name, row_count FROM ncci_files ORDER BY file_name"
        )
    ] == [
        ("NCCI PTP 2025Q4", "ccipra-v313r0-f1.txt", 2),
        ("NCCI PTP 2025Q4", "ccipra-v313r0-f2.txt", 1),
    ]
    assert conn.execute("SELECT COUNT(*) FROM ncci_rationales").fetchone()[0] == 2
    assert conn.execute("SELECT name FROM sqlite_master WHERE name LIKE '%v3%'").fetchall() == []
    day = date(2025, 11, 1)
    assert ptp_edit(conn, "NCCI PTP 2025Q4", "99213", "36415", day) == as_edit(V3_ROWS[2])
    assert ptp_edits_of(conn, "NCCI PTP 2025Q4", "29880", "column1", day, 10)[1] == 1
    conn.close()


def test_a_schema_3_database_without_imports_is_simply_made_again(built_db, tmp_path):
    db = schema_3_database(built_db, tmp_path / "reference.sqlite")
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DELETE FROM sources WHERE origin = 'imported'")
    conn.close()

    assert ensure_reference_db(db) is None
    conn = open_readonly(db)
    assert get_meta(conn, "schema_version") == "4"
    assert conn.execute("SELECT COUNT(*) FROM ncci_edits").fetchone()[0] == 0
    conn.close()
