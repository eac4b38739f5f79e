"""NCCI practitioner PTP import: files written in CMS's exact layout
(tests/support/cms_layouts.py) go through the real importer into a private copy of the bundled
database: a good part, the release a part belongs to, parts and re-imports, and bad input refused
with nothing written."""

from __future__ import annotations

import pytest

from core.sources.importer import import_file, import_paths, recognize
from core.sources.source_file import SourceError
from tests.support.cms_layouts import (
    PTP_FIRST_DATA_LINE,
    PTP_HEADER_LINE,
    ptp_line,
    ptp_text,
    write_ptp,
)
from tests.support.imports import described
from tests.support.ncci_mue import (
    EXCLUSIVE,
    F1,
    F1_NAME,
    F1_ROWS,
    F2,
    F2_NAME,
    MISUSE,
    Q4_2025,
    STANDARDS,
    ncci_rows,
    snapshot,
    source_row,
    stored,
)

# ---------------------------------------------------------------- NCCI PTP: a good part


@pytest.mark.parametrize("name", ["data.txt", "MCR_MUE_PractitionerServices_Eff_07-01-2025.csv"])
def test_ncci_part_is_recognized_by_content_and_stored_row_by_row(wconn, tmp_path, name):
    path = write_ptp(tmp_path / name, F1)
    assert recognize(path).kind == "ncci_ptp"

    loaded, errors = import_paths(wconn, [path])

    assert errors == []
    assert described(loaded) == [("ncci_ptp", *Q4_2025, 5, "ncci_ptp", name)]
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
