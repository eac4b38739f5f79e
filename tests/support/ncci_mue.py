"""The NCCI practitioner PTP and practitioner MUE files the import tests write in CMS's exact
layouts (tests/support/cms_layouts.py), the rows they must give, and how the tests read the
database back."""

from __future__ import annotations

import sqlite3

MISUSE = "Misuse of column two code with column one code"
EXCLUSIVE = "Mutually exclusive procedures"
STANDARDS = "Standards of medical / surgical practice"

# Part 1 of the 2025 Q4 practitioner PTP table. The latest effective date (2025-10-01) is on the
# second edit, not the last one: the release comes from the latest date, wherever it is.
F1 = [
    f"10060\t11055\t\t20210101\t*\t1\t{MISUSE}",
    f"11042\t97597\t\t20251001\t*\t1\t{STANDARDS}",
    f"20610\t76942\t\t20150101\t20250930\t9\t{MISUSE}",
    f"29880\t29881\t*\t19960101\t20231231\t0\t{EXCLUSIVE}",
    f"29880\t29882\t\t20240101\t*\t0\t{EXCLUSIVE}",
]
F1_ROWS = [  # column1, column2, prior_1996, effective, deletion, modifier, rationale, line
    ("10060", "11055", 0, "2021-01-01", None, "1", MISUSE, 7),
    ("11042", "97597", 0, "2025-10-01", None, "1", STANDARDS, 8),
    ("20610", "76942", 0, "2015-01-01", "2025-09-30", "9", MISUSE, 9),
    ("29880", "29881", 1, "1996-01-01", "2023-12-31", "0", EXCLUSIVE, 10),
    ("29880", "29882", 0, "2024-01-01", None, "0", EXCLUSIVE, 11),
]
# Part 2 of the same quarter.
F2 = [
    "36415\t36416\t\t20251001\t*\t1\tCPT Manual or CMS manual coding instruction",
    f"99213\t36415\t\t20200101\t*\t1\t{STANDARDS}",
    f"99213\t99211\t\t20251001\t*\t0\t{EXCLUSIVE}",
]
F1_NAME = "ccipra-v313r0-f1.txt"
F2_NAME = "ccipra-v313r0-f2.txt"
Q4_2025 = ("NCCI PTP 2025Q4", "2025-10-01", "2025-12-31")

MUE_NAME = "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv"
MUE_ROWS = [
    "0001U,1,2 Date of Service Edit: Policy,CMS Policy",
    "20610,2,1 Line Edit,Anatomic Consideration",
    "99213,1,3 Date of Service Edit: Clinical,Clinical: Data",
    "J1100,100,3 Date of Service Edit: Clinical,Prescribing Information",
]
MUE_STORED = [  # hcpcs, max_units, mai, mai_text, rationale, source_line
    ("0001U", 1, "2", "2 Date of Service Edit: Policy", "CMS Policy", 7),
    ("20610", 2, "1", "1 Line Edit", "Anatomic Consideration", 8),
    ("99213", 1, "3", "3 Date of Service Edit: Clinical", "Clinical: Data", 9),
    ("J1100", 100, "3", "3 Date of Service Edit: Clinical", "Prescribing Information", 10),
]


def ncci_rows(conn: sqlite3.Connection, release: str = Q4_2025[0]) -> list[tuple]:
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT column1, column2, prior_1996, effective_date, deletion_date, "
            "modifier_indicator, rationale, source_file, source_line FROM ncci_edits "
            "WHERE release = ? ORDER BY source_file, source_line",
            (release,),
        )
    ]


def mue_rows(conn: sqlite3.Connection, release: str = "MUE 2025Q4") -> list[tuple]:
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT hcpcs, max_units, mai, mai_text, rationale, source_line FROM mue"
            " WHERE release = ? ORDER BY hcpcs",
            (release,),
        )
    ]


def source_row(conn: sqlite3.Connection, source: str, release: str) -> tuple | None:
    row = conn.execute(
        "SELECT effective_date, end_date, row_count, origin, file_name FROM sources"
        " WHERE source = ? AND release = ?",
        (source, release),
    ).fetchone()
    return tuple(row) if row else None


def snapshot(conn: sqlite3.Connection) -> dict[str, object]:
    """Row counts of every table, plus the full NCCI edits, MUE and sources contents."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    state: dict[str, object] = {
        t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables
    }
    for table in ("ncci_edits", "mue", "sources"):  # the edits as they are read
        state[f"{table} rows"] = sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {table}"))
    return state


def stored(rows: list[tuple], file_name: str) -> list[tuple]:
    """Expected ncci_ptp rows: (..., rationale, line) -> (..., rationale, file, line)."""
    return [(*r[:7], file_name, r[7]) for r in rows]
