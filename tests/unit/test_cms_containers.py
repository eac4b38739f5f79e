"""Every CMS file as CMS ships it: .csv, .txt, .xlsx (openpyxl, read-only) and the .zip download,
read through one layer (core/sources/tables.py) into the same records; bad containers refused."""

from __future__ import annotations

import re
import shutil
import sqlite3
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.db import open_writable
from core.sources import mue, zip5
from core.sources.importer import import_paths, release_files
from core.sources.tables import MAX_UNCOMPRESSED, Origin, TextTable
from core.sources.workbooks import cell_text
from tests.conftest import cms_file
from tests.support.imports import expect_refused, import_all, snapshot, without_bundled

MUE_2026 = "MCR_MUE_PractitionerServices_Eff_04-01-2026"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (33.4009, "33.4009"),
        (33.5675, "33.5675"),
        (0.1 + 0.2, "0.30000000000000004"),
        (2.0, "2"),
        (20261, "20261"),
        (0, "0"),
        (None, ""),
        ("   A1", "   A1"),
        (datetime(2026, 1, 1), "2026-01-01"),
        (date(2025, 7, 1), "2025-07-01"),
        (1e-05, "0.00001"),
        (True, "TRUE"),
    ],
)
def test_cells_become_the_text_a_csv_would_hold(value, text):
    assert cell_text(value) == text


def sheet_rows(path: Path):
    [found], _ = release_files(path)
    assert found.table.is_sheet
    return found


def test_mue_csv_and_xlsx_give_identical_rows():
    csv_table = TextTable(Origin(cms_file("ncci", f"{MUE_2026}.csv")))
    sheet = sheet_rows(cms_file("ncci", f"{MUE_2026}.xlsx"))
    assert (sheet.kind, sheet.table.sheet) == ("mue", "PractitionerSvcEff-04-01-2026")
    from_csv, from_xlsx = mue.parse(csv_table), mue.parse(sheet.table)
    assert len(from_csv) == len(from_xlsx) == 15095
    # the same codes, values, indicators and rationales; only where they sit differs (the csv's
    # AMA notice spans lines 1-7 and its header 8-9; in the workbook each is one row)
    assert [r[:-1] for r in from_csv] == [r[:-1] for r in from_xlsx]
    row = {r[0]: r for r in from_xlsx}["99213"]
    assert row[1:5] == (2, "3", "3 Date of Service Edit: Clinical", "Clinical: Data")
    assert (from_xlsx[0][-1], from_csv[0][-1]) == (3, 10)  # row 3 of the sheet, line 10


def test_zip5_xlsx_matches_the_fixed_width_txt_of_the_quarter_before():
    _, txt = zip5.parse(TextTable(Origin(cms_file("zip", "ZIP5_OCT2025.txt"))))
    stamp, xlsx = zip5.parse(sheet_rows(cms_file("zip", "ZIP5_JAN2026.xlsx")).table)
    assert stamp == "20261" and len(xlsx) == len(txt) == 42956
    old = {r[0]: r[:-1] for r in txt}
    new = {r[0]: r[:-1] for r in xlsx}
    assert old.keys() == new.keys()
    assert new["99501"] == ("99501", "AK", "02102", "01", "", 0)
    # PROVENANCE: the two quarters differ in 9 plus-4 flags, nothing else
    changed = [z for z in new if new[z] != old[z]]
    assert len(changed) == 9 and all(new[z][:5] == old[z][:5] for z in changed)


# ---- an xlsx with a wrong header or a bad cell: sheet, row and column named ------------------


def write_book(path: Path, rows: Sequence[Sequence[object]], title: str = "MUE") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


NOTICE = [
    "CPT codes, descriptions and other data only are copyright 2025 American Medical Association."
]
MUE_HEADER = [  # as CMS's workbook has it, with a line break in the first cell
    "HCPCS/\nCPT Code",
    "Practitioner Services MUE Values",
    "MUE Adjudication Indicator",
    "MUE Rationale",
]


def write_mue_book(folder: Path, *rows: Sequence[object]) -> Path:
    """The 2026 Q2 practitioner MUE workbook in `folder`: CMS's notice, its header, `rows`."""
    return write_book(folder / f"{MUE_2026}.xlsx", [NOTICE, MUE_HEADER, *rows])


def test_an_xlsx_without_a_required_column_names_sheet_row_and_column(db_path, tmp_path):
    path = write_book(
        tmp_path / f"{MUE_2026}.xlsx",
        [
            NOTICE,
            ["HCPCS/\nCPT Code", "Practitioner Services MUE Values", "MUE Rationale"],
            ["99213", 2, "Clinical: Data"],
        ],
    )
    error = expect_refused(
        db_path,
        path,
        "sheet MUE, row 2, column MUE Adjudication Indicator",
        "the header has no 'MUE Adjudication Indicator' column",
    )
    assert (error.sheet, error.line) == ("MUE", 2)


def test_a_bad_cell_of_an_xlsx_names_sheet_row_and_column(db_path, tmp_path):
    path = write_mue_book(
        tmp_path,
        ["99213", 2, "3 Date of Service Edit: Clinical", "Clinical: Data"],
        ["99214", "two", "3 Date of Service Edit: Clinical", "Clinical: Data"],
    )
    expect_refused(
        db_path,
        path,
        f"{MUE_2026}.xlsx, sheet MUE, row 4, column MUE Values: "
        "'two' is not a whole number of units",
    )


def test_columns_are_found_by_name_in_any_order(db_path, tmp_path):
    path = write_book(
        tmp_path / f"{MUE_2026}.xlsx",
        [
            [
                "MUE Rationale",
                "MUE Adjudication Indicator",
                "Practitioner Services MUE Values",
                "HCPCS/CPT Code",
                "A column CMS added",
            ],
            ["Clinical: Data", "3 Date of Service Edit: Clinical", 2, "99213", "x"],
        ],
    )
    loaded, errors, _ = import_all(without_bundled(db_path, "mue", "mue"), path)
    assert errors == [] and [(r.release, r.row_count) for r in loaded] == [("MUE 2026Q2", 1)]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(
            "SELECT hcpcs, max_units, mai, rationale, source_line FROM mue "
            "WHERE release = 'MUE 2026Q2'"
        ).fetchall() == [("99213", 2, "3", "Clinical: Data", 2)]


def test_an_old_xls_and_a_damaged_workbook_are_refused(db_path, tmp_path):
    xls = tmp_path / "mue.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 512)
    expect_refused(db_path, xls, "old-format Excel workbook (.xls)")
    damaged = tmp_path / "mue.xlsx"
    data = cms_file("ncci", f"{MUE_2026}.xlsx").read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    expect_refused(db_path, damaged, "cannot be opened", "download it again")


# ---- CMS's zip download -------------------------------------------------------------------------

ZIPPED = [
    ("pfs2026", "PPRRVU2026_Jul_nonQPP.csv"),
    ("pfs2026", "GPCI2026.csv"),
    ("zip", "ZIP5_JAN2026.xlsx"),
    ("ncci", f"{MUE_2026}.xlsx"),
    ("ncci", "AOC_V2026Q2-MCR.xlsx"),
    ("hcpcs", "HCPC2025_JUL_ANWEB_v3_4columns.xlsx"),
    ("zip", "ZIP5lyout.txt"),
    ("pfs", "RVU25D.pdf"),
]


def make_zip(path: Path, members: dict[str, bytes | Path]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, Path):
                archive.write(content, name)
            else:
                archive.writestr(name, content)
    return path


def test_a_cms_zip_imports_each_file_it_recognizes_and_names_the_rest(db_path, tmp_path):
    download = make_zip(
        tmp_path / "cms2026.zip",
        {f"cy2026/{name}": cms_file(folder, name) for folder, name in ZIPPED},
    )

    loaded, errors, skipped = import_all(db_path, download)

    assert errors == []
    assert [(r.source, r.release, r.row_count, r.file_name) for r in loaded] == [
        ("pfs", "RVU26C", 19356, "cms2026.zip \u203a cy2026/PPRRVU2026_Jul_nonQPP.csv"),
        ("gpci", "GPCI2026", 109, "cms2026.zip \u203a cy2026/GPCI2026.csv"),
        ("zip5", "ZIP5 2026Q1", 42956, "cms2026.zip \u203a cy2026/ZIP5_JAN2026.xlsx"),
        ("mue", "MUE 2026Q2", 15095, f"cms2026.zip \u203a cy2026/{MUE_2026}.xlsx"),
        ("aoc", "AOC 2026Q2", 9000, "cms2026.zip \u203a cy2026/AOC_V2026Q2-MCR.xlsx"),
        (
            "hcpcs",
            "HCPCS 2025 July",
            8770,
            "cms2026.zip \u203a cy2026/HCPC2025_JUL_ANWEB_v3_4columns.xlsx",
        ),
    ]
    assert skipped == [
        "cms2026.zip \u203a cy2026/ZIP5lyout.txt",
        "cms2026.zip \u203a cy2026/RVU25D.pdf",
    ]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(
            "SELECT file_name, origin FROM sources WHERE source = 'aoc'"
        ).fetchall() == [("cms2026.zip \u203a cy2026/AOC_V2026Q2-MCR.xlsx", "imported")]
        assert conn.execute(
            "SELECT work_rvu, nonfac_pe_rvu, fac_pe_rvu, mp_rvu FROM pfs_rvu "
            "WHERE release = 'RVU26C' AND hcpcs = '99213' AND modifier = ''"
        ).fetchone() == ("1.30", "1.46", "0.33", "0.09")


def test_a_zip_with_nothing_cms_in_it_is_refused(db_path, tmp_path):
    download = make_zip(
        tmp_path / "photos.zip",
        {
            "readme.txt": b"holiday pictures\r\n",
            "cat.pdf": b"%PDF-1.4 ...",
            "layout.txt": cms_file("zip", "ZIP5lyout.txt"),
        },
    )
    expect_refused(
        db_path,
        download,
        "no CMS release file this app knows inside the zip",
        "readme.txt, cat.pdf, layout.txt",
    )


def test_a_bad_member_is_named_inside_its_zip_and_writes_nothing(db_path, tmp_path):
    lines = cms_file("ncci", f"{MUE_2026}.csv").read_bytes().split(b"\n")
    lines[20] = b"99999,lots,3 Date of Service Edit: Clinical,Clinical: Data"
    download = make_zip(tmp_path / "mue.zip", {f"{MUE_2026}.csv": b"\n".join(lines)})
    before = snapshot(db_path)
    loaded, errors, _ = import_all(db_path, download)
    assert loaded == [] and [str(e) for e in errors] == [
        f"mue.zip \u203a {MUE_2026}.csv, line 21, column MUE Values: 'lots' is not a whole "
        "number of units"
    ]
    assert snapshot(db_path) == before


def write_bomb(archive: zipfile.ZipFile, name: str) -> None:
    """A member that unpacks to just over the limit from a few hundred kB."""
    with archive.open(name, "w", force_zip64=True) as member:
        chunk = b"0" * (1 << 20)
        for _ in range(MAX_UNCOMPRESSED // len(chunk) + 1):
            member.write(chunk)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(db_path, tmp_path):
    path = tmp_path / "rvu26.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.write(cms_file("pfs2026", "GPCI2026.csv"), "GPCI2026.csv")
        write_bomb(archive, "PPRRVU2026_Jan_nonQPP.csv")
    assert path.stat().st_size < 2_000_000
    skipped: list[tuple[str, str]] = []
    conn = open_writable(db_path)
    try:
        loaded, errors = import_paths(
            conn, [path], on_skip=lambda where, why: skipped.append((where, why))
        )
    finally:
        conn.close()
    assert [r.release for r in loaded] == ["GPCI2026"] and errors == []
    [(where, why)] = skipped
    assert where == "rvu26.zip \u203a PPRRVU2026_Jan_nonQPP.csv"
    assert why.startswith("it unpacks to more than 200 MB (201 MB or more)")


def test_a_workbook_that_unpacks_past_the_limit_is_refused(db_path, tmp_path):
    path = tmp_path / f"{MUE_2026}.xlsx"
    shutil.copyfile(cms_file("ncci", f"{MUE_2026}.xlsx"), path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        write_bomb(book, "xl/media/padding.bin")
    expect_refused(db_path, path, "it unpacks to more than 200 MB", "nothing was read")


# ---- workbooks a biller saved: formulas without values, hidden sheets, damage ---------------


def with_cached_value(path: Path, cell: str, value: str) -> Path:
    """The workbook as Excel saves it: the formula of `cell` with its calculated value (openpyxl
    writes formulas without one)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, found = re.subn(
        rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/>', rf"\1<f>\2</f><v>{value}</v>", sheet
    )
    assert found == 1, sheet[:500]
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_formula_saved_without_its_value_is_refused_at_its_cell(db_path, tmp_path):
    """Before, the empty value read as a blank cell: the MUE of 99213 was refused as '' with no
    word of why, and in a PPRRVU workbook a figure would have read as 0.00."""
    path = write_mue_book(
        tmp_path,
        ["99212", 1, "3 Date of Service Edit: Clinical", "Clinical: Data"],
        ["99213", "=1+1", "3 Date of Service Edit: Clinical", "Clinical: Data"],
    )
    error = expect_refused(
        without_bundled(db_path, "mue", "mue"),
        path,
        "cell B4 holds a formula whose value was never calculated",
        "save it again",
    )
    assert (error.sheet, error.line) == ("MUE", 4)


def test_a_formula_with_its_calculated_value_is_read_as_that_value(db_path, tmp_path):
    path = write_mue_book(
        tmp_path, ["99213", "=1+1", "3 Date of Service Edit: Clinical", "Clinical: Data"]
    )
    with_cached_value(path, "B3", "2")
    loaded, errors, _ = import_all(without_bundled(db_path, "mue", "mue"), path)
    assert errors == [] and loaded[0].row_count == 1
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT max_units FROM mue WHERE hcpcs = '99213'").fetchone() == (2,)


def test_a_hidden_sheet_is_not_imported(db_path, tmp_path):
    """A workbook whose visible sheet is the current table and a hidden one an older copy:
    the visible one is imported; with only the hidden one, it is refused saying why."""
    book = Workbook()
    old = book.active
    old.title = "Old MUE"
    for row in [NOTICE, MUE_HEADER, ["99213", 9, "3 Date of Service Edit: Clinical", "Old"]]:
        old.append(row)
    old.sheet_state = "hidden"
    current = book.create_sheet("MUE")
    for row in [NOTICE, MUE_HEADER, ["99213", 1, "3 Date of Service Edit: Clinical", "New"]]:
        current.append(row)
    both = tmp_path / "both" / f"{MUE_2026}.xlsx"
    both.parent.mkdir()
    book.save(both)
    book.remove(current)
    book.create_sheet("Read me").append(["Practitioner MUE table, saved from CMS"])
    hidden_only = tmp_path / f"{MUE_2026}.xlsx"
    book.save(hidden_only)
    db = without_bundled(db_path, "mue", "mue")

    expect_refused(
        db,
        hidden_only,
        "the release in this workbook is on the hidden sheet "
        "'Old MUE', and hidden sheets are not imported",
        "unhide it in Excel",
    )
    loaded, errors, _ = import_all(db, both)
    assert errors == [] and loaded[0].file_name.endswith(".xlsx")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT max_units, rationale FROM mue").fetchall() == [(1, "New")]


def test_a_workbook_damaged_inside_its_sheet_is_refused_in_one_line(db_path, tmp_path):
    """The zip is whole but the sheet's XML stops midway (a tool that crashed while saving):
    openpyxl raised a bare XML error from the middle of the rows."""
    source = cms_file("ncci", f"{MUE_2026}.xlsx")
    damaged = tmp_path / source.name
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(damaged, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            out.writestr(info, data)
    error = expect_refused(
        db_path, damaged, "the sheet cannot be read past this row", "save it again as .xlsx"
    )
    assert error.sheet and error.line and error.line > 1000
