"""Where search words come from beyond our own descriptions, and which codes are current: the
descriptors of a PPRRVU file the user imports (never bundled), the seams for CMS's HCPCS Level II
file, the NCCI add-on edits and ICD-10-CM by fiscal year, and codes deleted between loaded PFS
releases."""

from __future__ import annotations

import json
from datetime import date

import pytest

from core.db import open_readonly, open_writable, transaction
from core.lookup.search import search
from core.refdata.addons import addon_links
from core.refdata.code_history import CURRENT, DELETED, NOT_YET, icd_status, pfs_status
from core.refdata.descriptions import IMPORTED, procedure_text
from core.sources import search_index
from core.sources.imported_descriptors import store_imported_descriptors
from core.sources.importer import import_paths
from tests.conftest import cms_file
from tests.support.pending_data import load_addon_edits, load_hcpcs, pprrvu_descriptors


def reopen(db_path):
    return open_readonly(db_path)


def test_the_bundled_database_holds_no_cms_descriptor(conn):
    assert conn.execute("SELECT COUNT(*) FROM imported_descriptors").fetchone()[0] == 0
    assert procedure_text(conn, "32408") is None          # no description of ours yet
    assert not search(conn, "ndl bx lng").found
    indexed = {r[0] for r in conn.execute("SELECT code FROM code_search "
                                          "WHERE code_type IN ('cpt', 'hcpcs')")}
    assert indexed == {r[0] for r in conn.execute("SELECT code FROM procedure_codes")}


@pytest.fixture
def with_descriptors(db_path):
    path = cms_file("pfs", "PPRRVU2025_Oct.csv")
    writer = open_writable(db_path)
    try:
        import_paths(writer, [path])
        with transaction(writer):
            stored = store_imported_descriptors(writer, "RVU25D", pprrvu_descriptors(path))
    finally:
        writer.close()
    connection = reopen(db_path)
    yield connection, stored
    connection.close()


def test_imported_descriptors_are_searchable_and_marked(with_descriptors):
    conn, stored = with_descriptors
    assert stored >= 19000
    text = procedure_text(conn, "32408")
    assert text is not None and text.source == IMPORTED and "RVU25D" in text.label
    hit = next(h for h in search(conn, "core ndl bx lng").hits if h.code == "32408")
    assert hit.source == IMPORTED and hit.description == text.description
    assert "imported RVU25D" in hit.source_label
    own = search(conn, "77011").hits[0]                # our own text still wins where we have it
    assert own.source == "own" and own.description.startswith("CT imaging used to pinpoint")


def test_storing_a_release_again_replaces_it(with_descriptors, db_path):
    conn, stored = with_descriptors
    writer = open_writable(db_path)
    try:
        with transaction(writer):
            again = store_imported_descriptors(writer, "RVU25D", [("32408 ", "", "  Lung  bx "),
                                                                  ("32400", "", "")])
        rows = writer.execute("SELECT code, description FROM imported_descriptors").fetchall()
    finally:
        writer.close()
    assert again == 1 and [tuple(r) for r in rows] == [("32408", "Lung bx")]


def test_hcpcs_level_ii_descriptions_are_searchable_once_loaded(db_path):
    """Seam: the HCPCS importer's table (here filled from CMS's ANWEB file by a stand-in)."""
    path = cms_file("hcpcs", "HCPC2025_JUL_ANWEB_v3_4columns.xlsx")
    writer = open_writable(db_path)
    try:
        with transaction(writer):
            assert load_hcpcs(writer, path) > 8000
            search_index.rebuild(writer)
    finally:
        writer.close()
    conn = reopen(db_path)
    try:
        for query, expected in (("standard wheelchair", "K0001"), ("oxygen concentrator", "E1390"),
                                ("folding walker", "E0135"), ("ondansetron injection", "J2405")):
            hits = search(conn, query).hits[:5]
            assert expected in [h.code for h in hits], query
        wheelchair = search(conn, "K0001").hits[0]
        assert wheelchair.source == "hcpcs" and wheelchair.description == "Standard wheelchair"
        assert search(conn, "dressing for one wound").hits[0].code == "A1"   # a HCPCS modifier
        assert search(conn, "A1", "modifier").hits[0].description == "Dressing for one wound"
    finally:
        conn.close()


def test_add_on_links_are_none_until_add_on_edits_are_loaded(conn, db_path):
    assert addon_links(conn, "99292", date(2026, 5, 1)) is None
    writer = open_writable(db_path)
    try:
        with transaction(writer):
            load_addon_edits(writer, cms_file("ncci", "AOC_V2026Q2-MCR.xlsx"))
    finally:
        writer.close()
    loaded = reopen(db_path)
    try:
        critical = addon_links(loaded, "99292", date(2026, 5, 1))
        assert critical is not None and critical.primaries == ["99291"]
        assert critical.edit_type == "1" and critical.release == "AOC 2026Q2"
        assert "99292" in addon_links(loaded, "99291", date(2026, 5, 1)).addons
        guidance = addon_links(loaded, "77001", date(2026, 5, 1))
        assert guidance.edit_type == "2" and guidance.primaries == []
        assert "contractor decides" in guidance.edit_type_text
    finally:
        loaded.close()


@pytest.fixture
def two_releases(db_path):
    """The real January and October 2025 files (RVU25A, RVU25D)."""
    writer = open_writable(db_path)
    try:
        loaded, errors = import_paths(writer, [cms_file("pfs", "PPRRVU25_JAN1_excel-resaved.csv"),
                                               cms_file("pfs", "PPRRVU2025_Oct.csv")])
    finally:
        writer.close()
    assert not errors and [r.release for r in loaded] == ["RVU25A", "RVU25D"]
    connection = reopen(db_path)
    yield connection
    connection.close()


def test_a_code_dropped_between_releases_is_deleted_with_the_release(two_releases):
    status = pfs_status(two_releases, "M1389", date(2025, 11, 1))
    assert status.state == DELETED and status.release == "RVU25A"
    assert status.note == ("deleted by 2025-10-01: in RVU25A, not in RVU25D (the releases "
                           "between them are not loaded)")
    hit = search(two_releases, "M1389", as_of=date(2025, 11, 1)).hits[0]
    assert (hit.code, hit.match) == ("M1389", "exact") and hit.note == status.note
    assert pfs_status(two_releases, "M1389", date(2025, 3, 1)).state == CURRENT


def test_a_code_new_in_a_later_release_is_not_yet_effective(two_releases):
    status = pfs_status(two_releases, "0948T", date(2025, 3, 1))
    assert status.state == NOT_YET
    assert status.note == "not yet effective: new in RVU25D from 2025-10-01"
    assert pfs_status(two_releases, "0948T", date(2025, 10, 2)).state == CURRENT


def test_a_date_without_its_pfs_release_is_compared_with_the_newest(conn):
    status = pfs_status(conn, "77011", date(2026, 11, 30))
    assert status.state == CURRENT and status.release == "RVU25D"


def test_a_code_in_no_loaded_release_says_so(conn):
    result = search(conn, "32405")
    assert not result.found and "32405 is in no loaded PFS release (RVU25D)" in result.explanation
    assert [h.code for h in result.nearest][:1] == ["32400"] or result.nearest


def test_icd_fiscal_years_are_a_seam_until_the_columns_exist(conn, db_path):
    assert icd_status(conn, "I42.0", date(2026, 11, 30)) is None
    writer = open_writable(db_path)      # the layout of the ICD-10-CM by fiscal year work
    try:
        with transaction(writer):
            writer.execute("ALTER TABLE icd10cm ADD COLUMN valid_from_fy INTEGER NOT NULL "
                           "DEFAULT 2025")
            writer.execute("ALTER TABLE icd10cm ADD COLUMN valid_to_fy INTEGER")
            writer.execute("CREATE TABLE icd10cm_changes (code TEXT, fiscal_year INTEGER, "
                           "change TEXT, billable INTEGER, description TEXT, previous TEXT, "
                           "replacements TEXT, release TEXT, source TEXT)")
            writer.execute("UPDATE icd10cm SET valid_to_fy = 2026 WHERE code = 'I42.0'")
            writer.execute("UPDATE icd10cm SET valid_from_fy = 2027 WHERE code = 'I42.1'")
            writer.execute("INSERT INTO icd10cm_changes VALUES ('I42.0', 2027, 'deleted', 1, "
                           "'', '', ?, 'ICD-10-CM FY2027', 'test')",
                           (json.dumps(["I42.00", "I42.01", "I42.09"]),))
    finally:
        writer.close()
    years = reopen(db_path)
    try:
        deleted = icd_status(years, "I42.0", date(2026, 11, 30))
        assert deleted.state == DELETED and deleted.replacements == ("I42.00", "I42.01", "I42.09")
        assert deleted.note == "deleted from FY2027 (October 1, 2026)"
        assert icd_status(years, "I42.0", date(2026, 9, 30)).state == CURRENT
        assert icd_status(years, "I42.1", date(2026, 9, 30)).state == NOT_YET
        assert icd_status(years, "I10", date(2024, 1, 1)).state == CURRENT   # 2025 "or before"
        hit = search(years, "I42.0", as_of=date(2026, 11, 30)).hits[0]
        assert hit.note == deleted.note
    finally:
        years.close()


def test_codes_dropped_by_the_2026_release_are_deleted(imported_db):
    """Needs the imported database (all of ../shared/reference, RVU26C included)."""
    conn = open_readonly(imported_db)
    try:
        code = conn.execute(
            "SELECT d.hcpcs FROM pfs_rvu d WHERE d.release = 'RVU25D' AND d.modifier = '' "
            "AND NOT EXISTS (SELECT 1 FROM pfs_rvu n WHERE n.release = 'RVU26C' "
            "AND n.hcpcs = d.hcpcs AND n.modifier = '') ORDER BY d.hcpcs LIMIT 1").fetchone()[0]
        status = pfs_status(conn, code, date(2026, 11, 30))
        assert status.state == DELETED and status.release == "RVU25D"
        assert "not in RVU26C" in status.note
        assert search(conn, code, as_of=date(2026, 11, 30)).hits[0].note == status.note
    finally:
        conn.close()


def test_the_release_being_imported_is_the_newest_descriptor(db_path):
    """The importer stores descriptors before it records the release in `sources`."""
    writer = open_writable(db_path)
    try:
        with transaction(writer):
            store_imported_descriptors(writer, "RVU25D", [("32408", "", "Older words")])
            store_imported_descriptors(writer, "RVU26A", [("32408", "", "Newer words")])
        words = writer.execute("SELECT words FROM code_search WHERE code = '32408'").fetchone()[0]
    finally:
        writer.close()
    assert words.endswith("Newer words")
