"""`import-cms` of an NCCI practitioner PTP part and a practitioner MUE table, run as a user runs it
(a subprocess): what it loaded as JSON, --effective for an undated MUE table, and a bad file: exit
status 2, one error line, nothing written."""

from __future__ import annotations

import json

import pytest

from core.db import open_writable
from tests.support.cms_layouts import write_mue, write_ptp
from tests.support.faults import run_cli
from tests.support.ncci_mue import (
    F1,
    F1_NAME,
    F1_ROWS,
    MUE_NAME,
    MUE_ROWS,
    MUE_STORED,
    STANDARDS,
    mue_rows,
    ncci_rows,
    snapshot,
    stored,
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
