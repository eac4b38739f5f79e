"""ICD-10-CM by fiscal year in the bundled database: FY2025 (simple-icd-10-cm 1.4.0), FY2026
(1.5.0) and FY2027 (FY2026 plus CDC's order addenda), and a code's status on a date."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import pytest
import simple_icd_10_cm as icd

from core.db import open_writable
from core.lookup.detail import detail_view
from core.lookup.icd_detail import icd_detail
from core.lookup.search import search
from core.lookup.text import format_results
from core.refdata.icd_codes import (
    BILLABLE_IN,
    DELETED,
    HEADER,
    NOT_EFFECTIVE,
    UNKNOWN,
    VALID,
    VALID_IN,
    fiscal_year,
    icd_status,
)
from core.sources import icd10_age_sex, icd10_bundle
from core.sources.bundle import BundleError
from core.sources.icd10_order import parse_addenda
from core.sources.source_file import read_text
from tests.conftest import cms_file


def codes_in(conn: sqlite3.Connection, year: int, billable: int) -> int:
    return conn.execute(
        f"SELECT COUNT(*) FROM icd10cm c WHERE kind IN ('category', "
        f"'subcategory') AND {VALID_IN} AND {BILLABLE_IN} = ?2",
        (year, billable),
    ).fetchone()[0]


def test_october_first_starts_the_next_fiscal_year():
    assert fiscal_year(date(2026, 11, 30)) == 2027
    assert fiscal_year(date(2025, 9, 30)) == 2025 and fiscal_year(date(2025, 10, 1)) == 2026


def test_each_bundled_year_has_the_code_counts_cdc_publishes(conn):
    # CDC's own totals: icd10cm-codes-addenda-2025.txt "74260 codes in icd10cm_order_2025.txt";
    # icd10cm_order_addenda_2027.txt "74719 codes ... 2026", "74879 ... 2027", "23467 headers
    # ... 2026", "23524 headers ... 2027"
    rows = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT release, row_count, effective_date, end_date FROM sources "
            "WHERE source = 'icd10cm'"
        )
    }
    assert rows == {
        "ICD-10-CM FY2025": (74260, "2024-10-01", "2025-09-30"),
        "ICD-10-CM FY2026": (74719, "2025-10-01", "2026-09-30"),
        "ICD-10-CM FY2027": (74879, "2026-10-01", "2027-09-30"),
    }
    assert [codes_in(conn, year, 1) for year in (2025, 2026, 2027)] == [74260, 74719, 74879]
    assert (codes_in(conn, 2026, 0), codes_in(conn, 2027, 0)) == (23467, 23524)


def test_i42_0_is_a_header_from_fy2027_and_its_children_are_billable(conn):
    assert icd_status(conn, "I42.0", date(2026, 9, 30)).state == VALID
    header = icd_status(conn, "I420", date(2026, 11, 30))
    assert (header.state, header.fiscal_year, header.code) == (HEADER, 2027, "I42.0")
    assert header.replacements == ("I42.00", "I42.01", "I42.09")
    for child in header.replacements:
        assert icd_status(conn, child, date(2026, 11, 30)).state == VALID
        early = icd_status(conn, child, date(2026, 9, 30))
        assert (early.state, early.starts_fy) == (NOT_EFFECTIVE, 2027)
    row = conn.execute("SELECT parent, chapter, block FROM icd10cm WHERE code = 'I42.09'")
    assert tuple(row.fetchone()) == ("I42.0", "9", "I30-I5A")


def test_a_code_added_in_fy2026_starts_on_october_1_2025(conn):
    assert "E11.A" in icd.get_all_codes()  # in the FY2026 tabular (1.5.0)
    status = icd_status(conn, "E11.A", date(2025, 9, 15))
    assert (status.state, status.starts_fy) == (NOT_EFFECTIVE, 2026)
    assert icd_status(conn, "E11.A", date(2025, 10, 15)).state == VALID


def test_a_code_deleted_in_fy2026_stays_findable_with_its_dates(conn):
    # S30.1XXA is in simple-icd-10-cm 1.4.0 (FY2025) and not in 1.5.0 (FY2026)
    assert "S30.1XXA" not in icd.get_all_codes()
    deleted = icd_status(conn, "S30.1XXA", date(2025, 10, 15))
    assert (deleted.state, deleted.deleted_fy) == (DELETED, 2026)
    assert deleted.replacements == ("S30.11XA", "S30.12XA", "S30.13XA")
    assert icd_status(conn, "S30.1XXA", date(2025, 9, 15)).state == VALID
    page = detail_view(conn, "S30.1XXA", "icd10")
    assert page is not None and "deleted" in page.heading
    result = search(conn, "S30.1XXA", as_of=date(2026, 11, 30))
    assert result.exact and result.exact[0].note == "deleted from FY2026 (October 1, 2025)"
    assert "[deleted from FY2026 (October 1, 2025)]" in format_results(result)


def test_fy2027_deletions_get_the_new_codes_as_replacements(conn):
    # T52.8X- (other organic solvents) is split into T52.81- alkenes and T52.89- other
    gone = icd_status(conn, "T52.8X1A", date(2026, 12, 1))
    assert gone.state == DELETED and "T52.811A" in gone.replacements
    assert "icd10cm_order_addenda_2027.txt line 226" in gone.changed_by
    # QA1, the first category with a letter second: no block holds it, chapter 17 does
    qa1 = conn.execute("SELECT kind, chapter, valid_from_fy FROM icd10cm WHERE code = 'QA1'")
    assert tuple(qa1.fetchone()) == ("category", "17", 2027)


def test_dates_outside_the_loaded_years_use_the_nearest_and_say_so(conn):
    old = icd_status(conn, "J44.9", date(2018, 11, 5))
    assert (old.state, old.fiscal_year, old.judged_year) == (VALID, 2019, 2025)
    assert "FY2019 code set is not in the database" in old.note
    later = icd_status(conn, "I42.0", date(2027, 10, 5))
    assert (later.state, later.judged_year) == (HEADER, 2027) and "FY2028" in later.note
    assert icd_status(conn, "Q99.99", date(2026, 1, 2)).state == UNKNOWN


def test_detail_page_shows_the_fiscal_years(conn):
    history = dict(icd_detail(conn, "I42.0").history)
    assert history["Valid"].startswith("FY2025 or before, still valid")
    assert "became a header" in history["FY2027"] and "I42.00" in history["FY2027"]
    revised = dict(icd_detail(conn, "L03.312").history)["FY2027"]
    assert "was: Cellulitis of back [any part except buttock]" in revised


def test_the_bundled_changes_agree_with_the_package_and_the_cdc_file(conn):
    installed = set(icd.get_all_codes())
    fy2026 = icd10_bundle.read_changes(icd10_bundle.ICD_DIR / "fy2026.csv")
    assert {c.code for c in fy2026 if c.change == "added"} <= installed
    assert not {c.code for c in fy2026 if c.change == "deleted"} & installed
    addenda = cms_file("icd10cm", "icd10cm_order_addenda_2027.txt")
    assert icd10_bundle.read_changes(icd10_bundle.ICD_DIR / "fy2027.csv") == sorted(
        parse_addenda(addenda, read_text(addenda)),
        key=lambda c: (c.code.replace(".", ""), c.change),
    )


def test_the_age_and_sex_table_is_loaded_with_its_sources(conn):
    rows = conn.execute("SELECT first, last, sex, reason, citation FROM icd10cm_age_sex").fetchall()
    assert len(rows) >= 25 and all(r[3] and r[4] for r in rows)
    assert tuple(next(r for r in rows if r[0] == "D25")[:3]) == ("D25", "D28", "F")


def test_a_bad_age_sex_row_names_file_and_line(built_db, tmp_path):
    path = tmp_path / "reference.sqlite"
    shutil.copyfile(built_db, path)
    table = tmp_path / "icd10cm_age_sex.csv"
    lines = icd10_age_sex.AGE_SEX_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(lines[:3] + ["Z38,Z38,X,0,0,error,why,where\n"]), encoding="utf-8")
    conn = open_writable(path)
    try:
        with pytest.raises(BundleError, match="icd10cm_age_sex.csv, line 4: sex 'X'"):
            icd10_age_sex.load(conn, table)
    finally:
        conn.close()
