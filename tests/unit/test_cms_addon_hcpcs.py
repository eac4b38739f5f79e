"""The NCCI add-on code edits (AOC) and HCPCS Level II (ANWEB) importers: the real CMS files of
../shared/reference and ANWEB .txt files written in CMS's record layout, each import atomic,
idempotent and dated."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.sources.loaders import ImportOptions
from tests.conftest import cms_file
from tests.support.cms_layouts import ANWEB_RECORD, anweb_code, anweb_record, write_anweb
from tests.support.imports import (
    described,
    expect_refused,
    import_all,
    import_one,
    snapshot,
    without_bundled,
)

AOC = ("ncci", "AOC_V2026Q2-MCR.xlsx")
ANWEB = ("hcpcs", "HCPC2025_JUL_ANWEB_v3_4columns.xlsx")
AOC_HEADER = [
    "AOC_Edit_Type",
    "Add-On_Code",
    "AOC_DelDT",
    "Primary_Code",
    "Primary_Code_DelDT",
    "AOC_Edit_EffDT",
    "AOC_Edit_DelDT",
    "Special_Instruction_Notes",
]


def rows(db_path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


# ---- add-on code edits --------------------------------------------------------------------


def test_aoc_file_imports_every_edit_with_its_dates(db_path):
    loaded = import_one(db_path, cms_file(*AOC))
    assert described([loaded]) == [
        ("aoc", "AOC 2026Q2", "2026-04-01", "2026-06-30", 9000, "addon_edits", AOC[1])
    ]
    assert loaded.note == "quarter from the file name"
    assert rows(
        db_path,
        "SELECT primary_code, edit_type, addon_deletion, primary_deletion, "
        "effective_date, deletion_date, notes FROM addon_edits "
        "WHERE release = 'AOC 2026Q2' AND addon_code = '99292'",
    ) == [("99291", "1", None, None, "2013-04-01", None, "")]  # 2013091 = 2013-04-01
    # edit types: 1 listed primaries only, 2 no list (CCCCC), 3 listed plus the contractor's
    assert rows(
        db_path,
        "SELECT edit_type, primary_code = 'CCCCC', COUNT(*) FROM addon_edits "
        "WHERE release = 'AOC 2026Q2' GROUP BY 1, 2",
    ) == [("1", 0, 8293), ("2", 1, 47), ("3", 0, 652), ("3", 1, 8)]
    # YYYYDDD day 366 of a leap year is December 31
    assert rows(
        db_path,
        "SELECT addon_deletion, deletion_date FROM addon_edits WHERE "
        "release = 'AOC 2026Q2' AND addon_code = '0172T'",
    ) == [("2016-12-31", "2016-12-31")]
    assert rows(
        db_path,
        "SELECT COUNT(*) FROM addon_edits WHERE notes LIKE '%Contractor Defined Primary Codes%'",
    ) == [(49,)]


def test_aoc_reimport_is_idempotent(db_path):
    import_one(db_path, cms_file(*AOC))
    before = snapshot(db_path)
    assert import_one(db_path, cms_file(*AOC)).row_count == 9000
    after = snapshot(db_path)
    assert {k: v for k, v in before.items() if k != "sources"} == {
        k: v for k, v in after.items() if k != "sources"
    }


def test_renamed_aoc_file_takes_its_quarter_from_the_data_and_says_so(db_path, tmp_path):
    renamed = tmp_path / "addons.xlsx"
    shutil.copyfile(cms_file(*AOC), renamed)
    loaded = import_one(db_path, renamed)
    assert (loaded.release, loaded.effective_date) == ("AOC 2026Q1", "2026-01-01")
    assert loaded.note == (
        "quarter from the newest effective date in the file (2026-01-01): "
        "the file name does not name it as CMS's does (AOC_V2026Q2-MCR.xlsx)"
    )
    given = ImportOptions(date(2026, 5, 2))
    assert import_one(db_path, renamed, options=given).release == "AOC 2026Q2"


def write_aoc(path: Path, *data: list[object]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "AOC_V2026Q2-MCR_xlsx"
    sheet.append(["Current Procedural Terminology (CPT) codes ... American Medical Association."])
    sheet.append(AOC_HEADER)
    for row in data:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("row", "where", "message"),
    [
        (
            ["4", "99292", None, "99291", None, "2013091", None, None],
            "column AOC_Edit_Type",
            "'4' is not an add-on edit type (1, 2 or 3)",
        ),
        (
            ["1", "99292", None, "99291", None, "2026400", None, None],
            "column AOC_Edit_EffDT",
            "'2026400' is not a date as YYYYDDD",
        ),
        (
            ["1", "99292", None, "99291", None, None, None, None],
            "column AOC_Edit_EffDT",
            "the edit has no effective date",
        ),
        (
            ["1", "99292", None, "critical care", None, "2013091", None, None],
            "column Primary_Code",
            "'critical care' is not a HCPCS code",
        ),
    ],
)
def test_a_bad_aoc_row_is_named_and_nothing_is_written(db_path, tmp_path, row, where, message):
    good = ["1", "99292", None, "99291", None, "2013091", None, None]
    path = write_aoc(tmp_path / "AOC_V2026Q2-MCR.xlsx", good, row)
    expect_refused(db_path, path, f"sheet AOC_V2026Q2-MCR_xlsx, row 4, {where}", message)


# ---- HCPCS Level II: the xlsx -----------------------------------------------------------------


def test_anweb_xlsx_gives_every_level_ii_code_and_modifier_its_description(db_path):
    loaded = import_one(db_path, cms_file(*ANWEB))
    assert described([loaded]) == [
        ("hcpcs", "HCPCS 2025 July", "2025-07-01", "2025-09-30", 8770, "hcpcs_codes", ANWEB[1])
    ]
    assert rows(
        db_path,
        "SELECT kind, COUNT(*) FROM hcpcs_codes WHERE release = ? GROUP BY 1",
        "HCPCS 2025 July",
    ) == [("modifier", 383), ("procedure", 8387)]
    descriptions = dict(
        rows(
            db_path,
            "SELECT code, long_description FROM hcpcs_codes WHERE release = 'HCPCS 2025 July'",
        )
    )
    assert descriptions["J0135"] == "Injection, adalimumab, 20 mg"
    assert descriptions["A1"] == "Dressing for one wound"  # '   A1' in CMS's file
    assert descriptions["G0439"].startswith("Annual wellness visit, includes a personalized")
    assert not [code for code in descriptions if len(code) == 5 and not code[0].isalpha()]
    assert not [code for code in descriptions if len(code) == 5 and code[0] == "D"]


def test_renamed_anweb_without_dates_needs_effective(db_path, tmp_path):
    renamed = tmp_path / "level2.xlsx"
    shutil.copyfile(cms_file(*ANWEB), renamed)
    expect_refused(
        db_path, renamed, "does not say which quarter", "HCPC2025_JUL_ANWEB.xlsx", "--effective"
    )
    loaded = import_one(db_path, renamed, options=ImportOptions(date(2025, 8, 15)))
    assert (loaded.release, loaded.note) == (
        "HCPCS 2025 July",
        "quarter from --effective 2025-08-15",
    )


# ---- HCPCS Level II: CMS's fixed-width .txt ------------------------------------------------

G0439 = (
    "Annual wellness visit, includes a personalized prevention plan of service (pps), "
    "subsequent visit"
)
GA = "Waiver of liability statement issued as required by payer policy, individual case"


def anweb_records() -> list[str]:
    return [
        *anweb_code(
            "A1",
            "Dressing for one wound",
            short="Dressing for one wound",
            added="20000101",
            action="N",
        ),
        *anweb_code(
            "GA",
            GA,
            short="Waiver of liability stmt",
            added="20020101",
            effective="20250701",
            action="C",
        ),
        *anweb_code("D0120", "Dental text, ADA copyright", short="Periodic oral evaluation"),
        *anweb_code("G0439", G0439, short="Ppps, subseq visit", added="20110101", action="N"),
        *anweb_code(
            "J0135",
            "Injection, adalimumab, 20 mg",
            short="Adalimumab injection",
            added="20050101",
            effective="20250701",
            terminated="20251231",
            action="D",
        ),
        anweb_record("99213", 10, "3", "Level I text (never stored)", "Level I"),
    ]


def test_anweb_txt_in_cms_record_layout(db_path, tmp_path):
    records = anweb_records()
    assert all(len(r) == ANWEB_RECORD for r in records)
    assert [r[10] for r in records] == ["7", "7", "8", "3", "3", "4", "3", "3"]
    path = write_anweb(tmp_path / "HCPC2025_OCT_ANWEB.txt", records)

    loaded, errors, _ = import_all(without_bundled(db_path, "hcpcs", "hcpcs_codes"), path)

    assert errors == []
    assert [(r.release, r.effective_date, r.end_date, r.row_count, r.note) for r in loaded] == [
        (
            "HCPCS 2025 October",
            "2025-10-01",
            "2025-12-31",
            4,
            "quarter from the file name; 1 CPT codes skipped (not public-domain text); 1 dental "
            "codes skipped (not public-domain text)",
        )
    ]
    assert rows(
        db_path,
        "SELECT code, kind, long_description, short_description, add_date, "
        "action_effective_date, termination_date, action_code, source_line "
        "FROM hcpcs_codes WHERE release = 'HCPCS 2025 October' "
        "ORDER BY source_line",
    ) == [
        (
            "A1",
            "modifier",
            "Dressing for one wound",
            "Dressing for one wound",
            "2000-01-01",
            None,
            None,
            "N",
            1,
        ),
        (
            "GA",
            "modifier",
            GA,
            "Waiver of liability stmt",
            "2002-01-01",
            "2025-07-01",
            None,
            "C",
            2,
        ),
        ("G0439", "procedure", G0439, "Ppps, subseq visit", "2011-01-01", None, None, "N", 5),
        (
            "J0135",
            "procedure",
            "Injection, adalimumab, 20 mg",
            "Adalimumab injection",
            "2005-01-01",
            "2025-07-01",
            "2025-12-31",
            "D",
            7,
        ),
    ]


def test_anweb_row_cut_short_is_refused_at_its_line(db_path, tmp_path):
    records = anweb_records()
    records[6] = records[6][:60]  # J0135's first record, cut in its description
    path = write_anweb(tmp_path / "HCPC2025_OCT_ANWEB.txt", records)
    error = expect_refused(
        db_path,
        path,
        "HCPC2025_OCT_ANWEB.txt, line 7: the record is cut short: 60 characters",
        "download it again",
    )
    assert error.line == 7


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda r: r[:1] + r[2:], "line 2: a continuation record of GA"),  # GA's first dropped
        (
            lambda r: r[:6] + [r[6][:276] + "2025-7-1" + r[6][284:]] + r[7:],
            "line 7, column Action Effective Date: '2025-7-1' is not a date (YYYYMMDD)",
        ),
        (lambda r: r[:6] + [r[6][:10] + "5" + r[6][11:]] + r[7:], "line 7: not an ANWEB record"),
    ],
)
def test_anweb_bad_records_are_named(db_path, tmp_path, edit, fragment):
    path = write_anweb(tmp_path / "HCPC2025_OCT_ANWEB.txt", edit(anweb_records()))
    expect_refused(db_path, path, fragment)
