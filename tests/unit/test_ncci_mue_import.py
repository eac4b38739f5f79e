"""NCCI practitioner PTP and practitioner MUE import: files written in CMS's exact layouts
(tests/cms_layouts.py) go through the real importer into a private copy of the bundled database."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core.db import open_writable
from core.sources.importer import import_file, import_paths, recognize
from core.sources.loaders import ImportOptions
from core.sources.source_file import SourceError
from tests.conftest import PROJECT_ROOT
from tests.support.cms_layouts import (
    MUE_FIRST_DATA_LINE,
    MUE_HEADER_LINE,
    PTP_FIRST_DATA_LINE,
    PTP_HEADER_LINE,
    ptp_line,
    ptp_text,
    write_mue,
    write_ptp,
)

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


@pytest.fixture
def wconn(db_path: Path):
    conn = open_writable(db_path)
    yield conn
    conn.close()


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


# ---------------------------------------------------------------- NCCI PTP: a good part


@pytest.mark.parametrize("name", ["data.txt", "MCR_MUE_PractitionerServices_Eff_07-01-2025.csv"])
def test_ncci_part_is_recognized_by_content_and_stored_row_by_row(wconn, tmp_path, name):
    path = write_ptp(tmp_path / name, F1)
    assert recognize(path).kind == "ncci_ptp"

    loaded, errors = import_paths(wconn, [path])

    assert errors == []
    assert [
        (r.source, r.release, r.effective_date, r.end_date, r.row_count, r.table, r.file_name)
        for r in loaded
    ] == [("ncci_ptp", *Q4_2025, 5, "ncci_ptp", name)]
    # without CMS's version in the name (ccipra-v313r0), the data gives the quarter: it says so
    assert loaded[0].note == (
        "quarter from the newest effective date in the file (2025-10-01): the file name does "
        "not name it as CMS's does (ccipra-v313r0-f1.txt)"
    )
    # every data row, with its real line number; the banner, the header and its three
    # continuation lines ("*=no data", "1=allowed", "9=not applicable") are not rows
    assert ncci_rows(wconn) == stored(F1_ROWS, name)
    assert wconn.execute("SELECT COUNT(*) FROM ncci_ptp").fetchone()[0] == 5
    # the quarter comes from the latest effective date, never from a date in the file name
    assert source_row(wconn, "ncci_ptp", Q4_2025[0]) == (*Q4_2025[1:], 5, "imported", name)
    assert (
        wconn.execute(
            "SELECT COUNT(*) FROM sources WHERE source IN ('ncci_ptp', 'mue') "
            "AND origin = 'imported'"
        ).fetchone()[0]
        == 1
    )


def test_ncci_first_data_line_follows_banner_and_header():
    text = ptp_text(F1)
    lines = text.split("\r\n")
    assert lines[PTP_HEADER_LINE - 1].startswith("Column 1\tColumn 2\t*=in existence prior")
    assert lines[PTP_FIRST_DATA_LINE - 1] == F1[0]
    assert "\n" not in text.replace("\r\n", "")
    assert ptp_line("29880", "29881", True, "19960101", "20231231", "0", EXCLUSIVE) == F1[3]


@pytest.mark.parametrize(
    ("latest", "release", "start", "end"),
    [
        ("20251001", "NCCI PTP 2025Q4", "2025-10-01", "2025-12-31"),
        ("20250815", "NCCI PTP 2025Q3", "2025-07-01", "2025-09-30"),
        ("20240101", "NCCI PTP 2024Q1", "2024-01-01", "2024-03-31"),
        ("20240630", "NCCI PTP 2024Q2", "2024-04-01", "2024-06-30"),
    ],
)
def test_ncci_release_is_the_quarter_of_the_latest_effective_date(
    wconn, tmp_path, latest, release, start, end
):
    path = write_ptp(
        tmp_path / "ptp_part1.txt",
        [
            ptp_line("10060", "11055", False, "20210101", "*", "1", MISUSE),
            ptp_line("99213", "36415", False, latest, "*", "1", STANDARDS),
            ptp_line("99213", "99211", True, "19960101", "20191231", "9", EXCLUSIVE),
        ],
    )

    loaded, errors = import_paths(wconn, [path])

    assert errors == [] and [r.release for r in loaded] == [release]
    assert source_row(wconn, "ncci_ptp", release) == (start, end, 3, "imported", "ptp_part1.txt")
    assert [r[3] for r in ncci_rows(wconn, release)] == [
        "2021-01-01",
        f"{latest[:4]}-{latest[4:6]}-{latest[6:]}",
        "1996-01-01",
    ]


@pytest.mark.parametrize(
    ("name", "release", "note"),
    [
        # CMS's version: major = year - 1994, minor = quarter - 1 (v313r0 = 31.3 = 2025 Q4)
        (
            "ccipra-v313r0-f1.txt",
            "NCCI PTP 2025Q4",
            "quarter from CMS's version 31.3 in the file name",
        ),
        (
            "ccipra-v320r0-f2.txt",
            "NCCI PTP 2026Q1",
            "quarter from CMS's version 32.0 in the file name",
        ),
        (
            "ccipra-v312r1-f4.txt",
            "NCCI PTP 2025Q3",
            "quarter from CMS's version 31.2 in the file name; the file has edits effective later "
            "(2025-10-01)",
        ),
        (
            "ptp-edits-v318r0.txt",
            "NCCI PTP 2025Q4",  # no version 31.8: the data decides
            "quarter from the newest effective date in the file (2025-10-01): the file name "
            "does not name it as CMS's does (ccipra-v313r0-f1.txt)",
        ),
    ],
)
def test_ncci_release_comes_from_cms_version_in_the_file_name(wconn, tmp_path, name, release, note):
    loaded, errors = import_paths(wconn, [write_ptp(tmp_path / name, F1)])

    assert errors == []
    assert [(r.release, r.note) for r in loaded] == [(release, note)]
    assert len(ncci_rows(wconn, release)) == 5


def test_ncci_utf16_with_byte_order_mark_imports_like_the_original(wconn, tmp_path):
    path = tmp_path / F1_NAME
    path.write_bytes(ptp_text(F1).encode("utf-16"))  # with BOM

    loaded, errors = import_paths(wconn, [path])

    assert errors == [] and [r.row_count for r in loaded] == [5]
    assert ncci_rows(wconn) == stored(F1_ROWS, F1_NAME)


# ---------------------------------------------------------------- NCCI PTP: parts, re-imports


def test_ncci_two_parts_of_one_quarter_add_up_in_one_release(wconn, tmp_path):
    part1 = write_ptp(tmp_path / F1_NAME, F1)
    part2 = write_ptp(tmp_path / F2_NAME, F2)

    first, errors1 = import_paths(wconn, [part1])
    second, errors2 = import_paths(wconn, [part2])

    assert errors1 == errors2 == []
    assert [(r.release, r.row_count) for r in first + second] == [(Q4_2025[0], 5), (Q4_2025[0], 8)]
    assert ncci_rows(wconn) == stored(F1_ROWS, F1_NAME) + [
        (
            "36415",
            "36416",
            0,
            "2025-10-01",
            None,
            "1",
            "CPT Manual or CMS manual coding instruction",
            F2_NAME,
            7,
        ),
        ("99213", "36415", 0, "2020-01-01", None, "1", STANDARDS, F2_NAME, 8),
        ("99213", "99211", 0, "2025-10-01", None, "0", EXCLUSIVE, F2_NAME, 9),
    ]
    assert source_row(wconn, "ncci_ptp", Q4_2025[0]) == (*Q4_2025[1:], 8, "imported", F2_NAME)
    assert wconn.execute("SELECT COUNT(DISTINCT release) FROM ncci_edits").fetchone()[0] == 1


def test_ncci_parts_given_together_or_as_a_folder_give_the_same_release(wconn, tmp_path):
    folder = tmp_path / "ncci-2025q4"
    folder.mkdir()
    write_ptp(folder / F1_NAME, F1)
    write_ptp(folder / F2_NAME, F2)
    (folder / "readme.txt").write_text("NCCI PTP edits, practitioner, version 31.4\r\n")
    skipped: list[str] = []

    loaded, errors = import_paths(wconn, [folder], on_skip=lambda p, why: skipped.append(p.name))

    assert errors == [] and skipped == ["readme.txt"]
    assert [(r.file_name, r.row_count) for r in loaded] == [(F1_NAME, 5), (F2_NAME, 8)]
    assert len(ncci_rows(wconn)) == 8


def test_ncci_importing_the_same_part_twice_does_not_duplicate_rows(wconn, tmp_path):
    path = write_ptp(tmp_path / F1_NAME, F1)
    import_paths(wconn, [path])
    after_first = snapshot(wconn)

    loaded, errors = import_paths(wconn, [path])

    assert errors == [] and [r.row_count for r in loaded] == [5]
    assert ncci_rows(wconn) == stored(F1_ROWS, F1_NAME)
    assert source_row(wconn, "ncci_ptp", Q4_2025[0]) == (*Q4_2025[1:], 5, "imported", F1_NAME)
    after_second = snapshot(wconn)
    after_first.pop("sources rows")
    after_second.pop("sources rows")  # imported_at moves on; nothing else may
    assert after_second == after_first


# ---------------------------------------------------------------- NCCI PTP: bad input

BAD_NCCI = {
    # name: (data lines, write a final CRLF?, failing line, column, message)
    "truncated last row": (
        [*F1[:3], "29880\t29881\t*\t1996"],
        False,
        10,
        None,
        "the edit has 4 columns, expected 7 (Column 1, Column 2, prior-1996 flag, effective "
        "date, deletion date, modifier, rationale); is the file truncated?",
    ),
    "bad effective date": (
        [F1[0], f"11042\t97597\t\t20251301\t*\t1\t{STANDARDS}", *F1[2:]],
        True,
        8,
        "Effective Date",
        "'20251301' is not a date (YYYYMMDD)",
    ),
    "bad deletion date": (
        [*F1[:3], f"29880\t29881\t*\t19960101\t2023-12-31\t0\t{EXCLUSIVE}", F1[4]],
        True,
        10,
        "Deletion Date",
        "'2023-12-31' is not a date (YYYYMMDD) or '*'",
    ),
    "modifier indicator 5": (
        [F1[0], f"11042\t97597\t\t20251001\t*\t5\t{STANDARDS}", *F1[2:]],
        True,
        8,
        "Modifier",
        "'5' is not a modifier indicator (0, 1 or 9)",
    ),
    "first edit without column 2": (  # not mistaken for a header continuation line
        [f"10060\t\t\t20210101\t*\t1\t{MISUSE}", *F1[1:]],
        True,
        PTP_FIRST_DATA_LINE,
        None,
        "expected Column 1 and Column 2 HCPCS codes separated by tabs",
    ),
    "column 2 not a code": (
        [*F1[:4], f"29880\tarthroscopy\t\t20240101\t*\t0\t{EXCLUSIVE}"],
        True,
        11,
        None,
        "expected Column 1 and Column 2 HCPCS codes separated by tabs",
    ),
    "header without data rows": (
        [],
        True,
        PTP_HEADER_LINE,
        None,
        "the NCCI file has a header but no edits; download it again",
    ),
}


@pytest.mark.parametrize("case", list(BAD_NCCI))
def test_ncci_bad_input_names_file_and_line_and_writes_nothing(wconn, tmp_path, case):
    lines, final_newline, line, column, message = BAD_NCCI[case]
    # an earlier part of the same quarter is already loaded: it must survive untouched
    import_paths(wconn, [write_ptp(tmp_path / F2_NAME, F2)])
    before = snapshot(wconn)
    bad = tmp_path / "bad"
    bad.mkdir()
    path = write_ptp(bad / F1_NAME, lines, final_newline=final_newline)

    with pytest.raises(SourceError) as caught:
        import_file(wconn, recognize(path))
    loaded, errors = import_paths(wconn, [path])

    where = f"{F1_NAME}, line {line}" + (f", column {column}" if column else "")
    assert str(caught.value) == f"{where}: {message}"
    assert (caught.value.path, caught.value.line, caught.value.column) == (path, line, column)
    assert loaded == [] and [str(e) for e in errors] == [str(caught.value)]
    assert snapshot(wconn) == before


def test_ncci_utf16_without_byte_order_mark_is_refused_clearly(wconn, tmp_path):
    path = tmp_path / F1_NAME
    path.write_bytes(ptp_text(F1).encode("utf-16-le"))  # NUL after every ASCII byte, no BOM
    before = snapshot(wconn)

    with pytest.raises(SourceError) as caught:
        recognize(path)
    loaded, errors = import_paths(wconn, [path])

    assert str(caught.value) == (
        f"{F1_NAME}, line 1: the file contains NUL bytes: it is binary or UTF-16 without a "
        "byte-order mark; save it as CSV (UTF-8 or Windows-1252) and import it again"
    )
    assert loaded == [] and [str(e) for e in errors] == [str(caught.value)]
    assert snapshot(wconn) == before


# ---------------------------------------------------------------- MUE


def test_mue_table_is_recognized_and_stored_row_by_row(wconn, tmp_path):
    path = write_mue(tmp_path / MUE_NAME, MUE_ROWS)
    assert recognize(path).kind == "mue"

    loaded, errors = import_paths(wconn, [path])

    assert errors == []
    assert [
        (r.source, r.release, r.effective_date, r.end_date, r.row_count, r.table, r.file_name)
        for r in loaded
    ] == [("mue", "MUE 2025Q4", "2025-10-01", "2025-12-31", 4, "mue", MUE_NAME)]
    assert (MUE_HEADER_LINE, MUE_FIRST_DATA_LINE) == (6, 7)
    assert mue_rows(wconn) == MUE_STORED
    assert {r[0] for r in wconn.execute("SELECT DISTINCT typeof(max_units) FROM mue")} == {
        "integer"
    }
    assert source_row(wconn, "mue", "MUE 2025Q4") == (
        "2025-10-01",
        "2025-12-31",
        4,
        "imported",
        MUE_NAME,
    )


def test_mue_without_a_date_in_its_name_needs_effective(wconn, tmp_path):
    path = write_mue(tmp_path / "practitioner_mue.csv", MUE_ROWS)
    assert recognize(path).kind == "mue"
    before = snapshot(wconn)

    with pytest.raises(SourceError) as caught:
        import_file(wconn, recognize(path))
    assert str(caught.value).startswith("practitioner_mue.csv: an MUE table does not carry")
    assert "--effective YYYY-MM-DD" in str(caught.value)
    assert snapshot(wconn) == before

    # MUE tables are quarterly: a date inside the quarter names the quarter's release
    loaded = import_file(wconn, recognize(path), options=ImportOptions(date(2025, 8, 15)))

    assert (loaded.release, loaded.effective_date, loaded.end_date) == (
        "MUE 2025Q3",
        "2025-07-01",
        "2025-09-30",
    )
    assert mue_rows(wconn, "MUE 2025Q3") == MUE_STORED
    assert source_row(wconn, "mue", "MUE 2025Q3") == (
        "2025-07-01",
        "2025-09-30",
        4,
        "imported",
        "practitioner_mue.csv",
    )


def test_mue_reimport_replaces_the_release(wconn, tmp_path):
    path = write_mue(tmp_path / MUE_NAME, MUE_ROWS)
    import_paths(wconn, [path])
    loaded, errors = import_paths(wconn, [path])
    assert errors == [] and [r.row_count for r in loaded] == [4]
    assert mue_rows(wconn) == MUE_STORED

    # CMS corrects the table: 0001U goes to 2 units, 99213 is dropped
    write_mue(
        path, ["0001U,2,2 Date of Service Edit: Policy,CMS Policy", *MUE_ROWS[1:2], MUE_ROWS[3]]
    )
    loaded, errors = import_paths(wconn, [path])

    assert errors == [] and [r.row_count for r in loaded] == [3]
    assert mue_rows(wconn) == [
        ("0001U", 2, "2", "2 Date of Service Edit: Policy", "CMS Policy", 7),
        ("20610", 2, "1", "1 Line Edit", "Anatomic Consideration", 8),
        ("J1100", 100, "3", "3 Date of Service Edit: Clinical", "Prescribing Information", 9),
    ]
    assert wconn.execute("SELECT COUNT(*) FROM mue WHERE release = 'MUE 2025Q4'").fetchone()[0] == 3
    assert source_row(wconn, "mue", "MUE 2025Q4") == (
        "2025-10-01",
        "2025-12-31",
        3,
        "imported",
        MUE_NAME,
    )


BAD_MUE = {
    # name: (data rows, failing line, column, message)
    "non-numeric MUE value": (
        [*MUE_ROWS[:2], "99213,N/A,3 Date of Service Edit: Clinical,Clinical: Data", MUE_ROWS[3]],
        9,
        "MUE Values",
        "'N/A' is not a whole number of units",
    ),
    "MUE value in a non-ASCII digit": (  # '²' is 0xB2 in Windows-1252; int() refuses it
        [
            *MUE_ROWS[:2],
            "99213,\u00b2,3 Date of Service Edit: Clinical,Clinical: Data",
            MUE_ROWS[3],
        ],
        9,
        "MUE Values",
        "'\u00b2' is not a whole number of units",
    ),
    "MAI text without 1/2/3": (
        [*MUE_ROWS[:3], "J1100,100,4 Date of Service Edit: Clinical,Prescribing Information"],
        10,
        "MUE Adjudication Indicator",
        "'4 Date of Service Edit: Clinical' does not start with an adjudication indicator "
        "1, 2 or 3",
    ),
    "MAI text missing": (
        ["0001U,1,,CMS Policy", *MUE_ROWS[1:]],
        7,
        "MUE Adjudication Indicator",
        "'' does not start with an adjudication indicator 1, 2 or 3",
    ),
    "code twice": (
        [*MUE_ROWS, "99213,2,3 Date of Service Edit: Clinical,Clinical: Data"],
        11,
        None,
        "99213 appears twice (first on line 9)",
    ),
}


@pytest.mark.parametrize("case", list(BAD_MUE))
def test_mue_bad_row_names_file_and_line_and_writes_nothing(wconn, tmp_path, case):
    rows, line, column, message = BAD_MUE[case]
    # the same release is already loaded: a failed re-import must not empty it
    import_paths(wconn, [write_mue(tmp_path / MUE_NAME, MUE_ROWS)])
    before = snapshot(wconn)
    bad = tmp_path / "bad"
    bad.mkdir()
    path = write_mue(bad / MUE_NAME, rows)

    with pytest.raises(SourceError) as caught:
        import_file(wconn, recognize(path))
    loaded, errors = import_paths(wconn, [path])

    where = f"{MUE_NAME}, line {line}" + (f", column {column}" if column else "")
    assert str(caught.value) == f"{where}: {message}"
    assert loaded == [] and [str(e) for e in errors] == [str(caught.value)]
    assert snapshot(wconn) == before
    assert mue_rows(wconn) == MUE_STORED


def test_mue_outpatient_hospital_table_is_refused(wconn, tmp_path):
    name = "MCR_MUE_OutpatientHospitalServices_Eff_10-01-2025.csv"
    path = write_mue(
        tmp_path / name,
        MUE_ROWS,
        header=(
            "HCPCS/CPT Code,Outpatient Hospital Services MUE Values,MUE Adjudication Indicator,"
            "MUE Rationale"
        ),
    )
    before = snapshot(wconn)

    loaded, errors = import_paths(wconn, [path])

    assert loaded == []
    assert [str(e) for e in errors] == [
        f"{name}, line {MUE_HEADER_LINE}: this is the 'Outpatient Hospital Services MUE Values' "
        "table; import the Practitioner Services MUE table"
    ]
    assert snapshot(wconn) == before


# ---------------------------------------------------------------- command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_imports_an_ncci_part_and_an_mue_table(db_path, tmp_path):
    ncci = write_ptp(tmp_path / F1_NAME, F1)
    mue = write_mue(tmp_path / MUE_NAME, MUE_ROWS)

    result = run_cli("import-cms", "--db", str(db_path), str(mue), str(ncci), "--json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "loaded": [
            {
                "source": "ncci_ptp",
                "release": "NCCI PTP 2025Q4",
                "effective_date": "2025-10-01",
                "end_date": "2025-12-31",
                "row_count": 5,
                "table": "ncci_ptp",
                "file_name": F1_NAME,
                "note": "quarter from CMS's version 31.3 in the file name",
            },
            {
                "source": "mue",
                "release": "MUE 2025Q4",
                "effective_date": "2025-10-01",
                "end_date": "2025-12-31",
                "row_count": 4,
                "table": "mue",
                "file_name": MUE_NAME,
                "note": "",
            },
        ],
        "skipped": [],
        "errors": [],
    }
    assert not [line for line in result.stderr.splitlines() if line.startswith("error")]
    conn = open_writable(db_path)
    try:
        assert ncci_rows(conn) == stored(F1_ROWS, F1_NAME)
        assert mue_rows(conn) == MUE_STORED
    finally:
        conn.close()


def test_cli_passes_effective_to_an_undated_mue_table(db_path, tmp_path):
    mue = write_mue(tmp_path / "mue.csv", MUE_ROWS)

    result = run_cli(
        "import-cms", "--db", str(db_path), str(mue), "--effective", "2026-01-01", "--json"
    )

    assert result.returncode == 0, result.stderr
    assert [
        (r["release"], r["effective_date"], r["end_date"], r["row_count"])
        for r in json.loads(result.stdout)["loaded"]
    ] == [("MUE 2026Q1", "2026-01-01", "2026-03-31", 4)]


@pytest.mark.parametrize(
    ("name", "write", "message"),
    [
        (
            F1_NAME,
            lambda p: write_ptp(p, [F1[0], f"11042\t97597\t\t20251001\t*\t5\t{STANDARDS}"]),
            f"{F1_NAME}, line 8, column Modifier: '5' is not a modifier indicator (0, 1 or 9)",
        ),
        (
            "mue.csv",
            lambda p: write_mue(p, MUE_ROWS),
            "mue.csv: an MUE table does not carry its effective date: keep CMS's file name "
            "(MCR_MUE_PractitionerServices_Eff_10-01-2025.csv) or pass --effective YYYY-MM-DD",
        ),
    ],
)
def test_cli_bad_file_exits_2_with_one_error_line(db_path, tmp_path, name, write, message):
    path = write(tmp_path / name)
    conn = open_writable(db_path)
    before = snapshot(conn)
    conn.close()

    result = run_cli("import-cms", "--db", str(db_path), str(path), "--json")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert error_lines == [f"error: {message} (nothing from this file was written)"]
    assert json.loads(result.stdout) == {"loaded": [], "skipped": [], "errors": [message]}
    conn = open_writable(db_path)
    try:
        assert snapshot(conn) == before
    finally:
        conn.close()
