"""Practitioner MUE import: tables written in CMS's exact layout (tests/support/cms_layouts.py) go
through the real importer into a private copy of the bundled database: stored row by row, the
release from the file name or --effective, a re-import, and bad rows refused with nothing
written."""

from __future__ import annotations

from datetime import date

import pytest

from core.sources.importer import import_file, import_paths, recognize
from core.sources.loaders import ImportOptions
from core.sources.source_file import SourceError
from tests.support.cms_layouts import (
    MUE_FIRST_DATA_LINE,
    MUE_HEADER_LINE,
    write_mue,
)
from tests.support.imports import described
from tests.support.ncci_mue import (
    MUE_NAME,
    MUE_ROWS,
    MUE_STORED,
    mue_rows,
    snapshot,
    source_row,
)


def test_mue_table_is_recognized_and_stored_row_by_row(wconn, tmp_path):
    path = write_mue(tmp_path / MUE_NAME, MUE_ROWS)
    assert recognize(path).kind == "mue"

    loaded, errors = import_paths(wconn, [path])

    assert errors == []
    assert described(loaded) == [
        ("mue", "MUE 2025Q4", "2025-10-01", "2025-12-31", 4, "mue", MUE_NAME)
    ]
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
