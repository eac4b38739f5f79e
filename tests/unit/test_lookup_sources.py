"""Where search words come from beyond our own descriptions, and which codes are current: the
descriptors of a PPRRVU file the user imports (never bundled; the PPRRVU importer stores them),
CMS's HCPCS Level II file and the NCCI add-on edits (bundled, and imported by their importers),
ICD-10-CM by fiscal year, and codes deleted between loaded PFS releases."""

from __future__ import annotations

import json
from datetime import date

import pytest

from core.db import open_readonly, open_writable, transaction
from core.lookup.search import search
from core.refdata.addons import addon_links
from core.refdata.code_history import (
    CURRENT,
    DELETED,
    NOT_YET,
    hcpcs_status,
    icd_status,
    pfs_reference,
    pfs_status,
)
from core.refdata.descriptions import HCPCS, IMPORTED, procedure_text
from core.sources.imported_descriptors import store_imported_descriptors
from core.sources.importer import ImportOptions, import_paths
from tests.conftest import cms_file
from tests.support.cms_layouts import anweb_code, write_anweb
from tests.support.imports import import_pprrvu_2025
from tests.support.lookup_codes import imported_descriptor, undescribed_code


def reopen(db_path):
    return open_readonly(db_path)


def test_the_bundled_database_holds_no_cms_descriptor(conn):
    assert conn.execute("SELECT COUNT(*) FROM imported_descriptors").fetchone()[0] == 0
    code = undescribed_code(conn)  # a payable CPT code we do not describe
    assert procedure_text(conn, code) is None
    assert search(conn, code).hits[0].description is None
    assert not search(conn, "ndl bx lng").found  # CMS's abbreviations are nowhere
    indexed = {
        r[0]
        for r in conn.execute("SELECT code FROM code_search WHERE code_type IN ('cpt', 'hcpcs')")
    }
    assert indexed == {
        r[0]
        for r in conn.execute(
            "SELECT code FROM procedure_codes UNION SELECT code FROM hcpcs_codes "
            "WHERE kind = 'procedure'"
        )
    }


@pytest.fixture
def with_descriptors(db_path):
    """A copy of the bundled database with CMS's October 2025 file imported by the real
    importer, which stores the file's descriptors in the user's database."""
    writer = open_writable(db_path)
    try:
        loaded, errors = import_paths(writer, [cms_file("pfs", "PPRRVU2025_Oct.csv")])
        stored = writer.execute(
            "SELECT COUNT(*) FROM imported_descriptors WHERE release = 'RVU25D'"
        ).fetchone()[0]
    finally:
        writer.close()
    assert not errors and [r.release for r in loaded] == ["RVU25D"]
    connection = reopen(db_path)
    yield connection, stored
    connection.close()


def test_imported_descriptors_are_searchable_and_marked(with_descriptors):
    conn, stored = with_descriptors
    assert stored >= 19000
    code = undescribed_code(conn)
    descriptor = imported_descriptor(conn, code, "RVU25D")
    text = procedure_text(conn, code)
    assert text is not None and text.source == IMPORTED and "RVU25D" in text.label
    assert text.description == descriptor
    hit = next(h for h in search(conn, descriptor).hits if h.code == code)
    assert hit.source == IMPORTED and hit.description == descriptor
    assert "imported RVU25D" in hit.source_label
    own = search(conn, "77011").hits[0]  # our own text still wins where we have it
    assert own.source == "own" and own.description.startswith("CT imaging used to pinpoint")
    lung = search(conn, "core ndl bx lng").hits[0]  # ... and CMS's words still find it
    assert (lung.code, lung.source) == ("32408", "own")


def test_storing_a_release_again_replaces_it(with_descriptors, db_path):
    conn, stored = with_descriptors
    writer = open_writable(db_path)
    try:
        with transaction(writer):
            again = store_imported_descriptors(
                writer, "RVU25D", [("32408 ", "", "  Lung  bx "), ("32400", "", "")]
            )
        rows = writer.execute("SELECT code, description FROM imported_descriptors").fetchall()
    finally:
        writer.close()
    assert again == 1 and [tuple(r) for r in rows] == [("32408", "Lung bx")]


def test_hcpcs_level_ii_descriptions_are_bundled_and_searchable(conn):
    for query, expected in (
        ("standard wheelchair", "K0001"),
        ("oxygen concentrator", "E1390"),
        ("folding walker", "E0135"),
        ("ondansetron injection", "J2405"),
    ):
        assert expected in [h.code for h in search(conn, query).hits[:5]], query
    wheelchair = search(conn, "K0001").hits[0]
    assert wheelchair.source == HCPCS and wheelchair.description == "Standard wheelchair"
    assert wheelchair.source_label == "CMS HCPCS description (HCPCS 2025 July)"
    assert search(conn, "dressing for one wound").hits[0].code == "A1"  # a HCPCS modifier
    assert search(conn, "A1", "modifier").hits[0].description == "Dressing for one wound"


ADALIMUMAB = "Injection, adalimumab (biosimilar or reference product), 20 mg, revised wording"


def test_an_imported_hcpcs_file_is_searchable_at_once_and_dates_its_codes(db_path, tmp_path):
    """CMS's fixed-width ANWEB file, imported by the HCPCS importer (which rebuilds the word
    index): the newest release's text is shown and found, and its termination dates count.
    A release of one code next to the bundled 8,770 looks cut short: accepted as partial."""
    path = write_anweb(
        tmp_path / "HCPC2025_OCT_ANWEB.txt",
        [
            *anweb_code(
                "J0135",
                ADALIMUMAB,
                short="Adalimumab injection",
                added="20050101",
                effective="20251001",
                terminated="20251231",
                action="C",
            )
        ],
    )
    writer = open_writable(db_path)
    try:
        loaded, errors = import_paths(writer, [path], options=ImportOptions(accept_partial=True))
    finally:
        writer.close()
    assert not errors and [r.release for r in loaded] == ["HCPCS 2025 October"]
    conn = reopen(db_path)
    try:
        hit = search(conn, "adalimumab revised wording", as_of=date(2025, 11, 1)).hits[0]
        assert (hit.code, hit.description, hit.note) == ("J0135", ADALIMUMAB, "")
        assert hit.source_label == "CMS HCPCS description (HCPCS 2025 October)"
        ended = hcpcs_status(conn, "J0135", date(2026, 2, 1))
        assert ended is not None and ended.state == DELETED
        assert ended.note == "terminated 2025-12-31 (HCPCS 2025 October)"
        assert search(conn, "J0135", as_of=date(2026, 2, 1)).hits[0].note == ended.note
    finally:
        conn.close()


def test_add_on_links_from_the_bundled_add_on_edits(conn):
    """CMS's AOC 2026Q2 is bundled: 99292 (each additional 30 minutes of critical care) is
    billed with 99291 only; 77001 is a type 2 edit (the contractor decides)."""
    day = date(2026, 5, 1)
    critical = addon_links(conn, "99292", day)
    assert critical is not None and critical.primaries == ["99291"]
    assert critical.edit_type == "1" and critical.release == "AOC 2026Q2" and critical.note == ""
    assert "99292" in addon_links(conn, "99291", day).addons
    guidance = addon_links(conn, "77001", day)
    assert guidance.edit_type == "2" and guidance.primaries == []
    assert "contractor decides" in guidance.edit_type_text
    later = addon_links(conn, "99292", date(2026, 11, 30))  # no newer quarter: said, not silent
    assert later.primaries == ["99291"]
    assert later.note == (
        "checked against AOC 2026Q2 (to 2026-06-30); no newer release loaded for 2026-11-30"
    )
    assert addon_links(conn, "99292", date(2025, 11, 1)) is None  # no earlier release: none


@pytest.fixture
def two_releases(db_path):
    """The real January and October 2025 files (RVU25A, RVU25D)."""
    import_pprrvu_2025(db_path)
    connection = reopen(db_path)
    yield connection
    connection.close()


def test_a_code_dropped_between_releases_is_deleted_with_the_release(two_releases):
    status = pfs_status(two_releases, "M1389", date(2025, 11, 1))
    assert status.state == DELETED and status.release == "RVU25A"
    assert status.note == (
        "deleted by 2025-10-01: in RVU25A, not in RVU25D (the releases between them are not loaded)"
    )
    hit = search(two_releases, "M1389", as_of=date(2025, 11, 1)).hits[0]
    assert (hit.code, hit.match) == ("M1389", "exact") and hit.note == status.note
    assert pfs_status(two_releases, "M1389", date(2025, 3, 1)).state == CURRENT


def test_a_code_new_in_a_later_release_is_not_yet_effective(two_releases):
    status = pfs_status(two_releases, "0948T", date(2025, 3, 1))
    assert status.state == NOT_YET
    assert status.note == "not yet effective: new in RVU25D from 2025-10-01"
    assert pfs_status(two_releases, "0948T", date(2025, 10, 2)).state == CURRENT


def test_a_date_without_its_pfs_release_is_compared_with_the_newest(conn):
    """The bundle holds RVU25D and RVU26C: a 2024 date has no PFS release of its year."""
    assert pfs_status(conn, "77011", date(2026, 11, 30)).release == "RVU26C"
    assert pfs_status(conn, "77011", date(2025, 11, 30)).release == "RVU25D"
    release, note = pfs_reference(conn, date(2024, 6, 1))
    assert release.name == "RVU26C"
    assert note == "no PFS release for 2024-06-01 is loaded; compared with RVU26C"
    status = pfs_status(conn, "77011", date(2024, 6, 1))
    assert status.state == CURRENT and status.release == "RVU26C"


def test_a_code_in_no_loaded_release_says_so(conn):
    result = search(conn, "32405")
    assert not result.found
    assert "32405 is in no loaded PFS release (RVU25D to RVU26C)" in result.explanation
    assert [h.code for h in result.nearest][:1] == ["32400"]


def test_icd_code_set_by_fiscal_year(conn):
    """FY2025-FY2027 are bundled (FY2027 from CDC's order addenda): I42.0 is billable until
    September 30, 2026 and a header over I42.00-I42.09 from October 1, 2026."""
    header = icd_status(conn, "I42.0", date(2026, 11, 30))
    assert header.state == CURRENT and header.billable is False
    assert header.replacements == ("I42.00", "I42.01", "I42.09")
    assert header.note == "a header from FY2027 (October 1, 2026)"
    before = icd_status(conn, "I42.0", date(2026, 9, 30))
    assert before.state == CURRENT and before.billable is True
    assert before.note == "billable in FY2026; a header from FY2027 (October 1, 2026)"
    new = icd_status(conn, "I42.00", date(2026, 9, 30))
    assert new.state == NOT_YET
    assert new.note == "not yet effective: valid from FY2027 (October 1, 2026)"
    assert icd_status(conn, "I10", date(2024, 1, 1)).state == CURRENT  # FY2025 or before
    assert icd_status(conn, "I10", date(2024, 1, 1)).release == "ICD-10-CM FY2025"
    assert icd_status(conn, "X99.999", date(2026, 11, 30)) is None
    hits = {h.code: h for h in search(conn, "I42.0", as_of=date(2026, 11, 30)).hits}
    assert hits["I42.0"].note == header.note and hits["I42.0"].billable is False
    assert hits["I42.00"].billable is True and hits["I42.00"].note == ""
    earlier = {h.code: h for h in search(conn, "I42.0", as_of=date(2026, 9, 30)).hits}
    assert earlier["I42.0"].billable is True and earlier["I42.00"].note == new.note


def test_an_icd_code_deleted_in_fy2027_is_deleted_with_its_replacements(conn):
    code, replacements = conn.execute(
        "SELECT code, replacements FROM icd10cm_changes WHERE fiscal_year = 2027 AND change = "
        "'deleted' AND replacements != '[]' ORDER BY code LIMIT 1"
    ).fetchone()
    deleted = icd_status(conn, code, date(2026, 11, 30))
    assert deleted.state == DELETED and deleted.release == "ICD-10-CM FY2027"
    assert deleted.note == "deleted from FY2027 (October 1, 2026)"
    assert list(deleted.replacements) == json.loads(replacements)
    assert icd_status(conn, code, date(2026, 9, 30)).state == CURRENT
    assert search(conn, code, as_of=date(2026, 11, 30)).hits[0].note == deleted.note


def test_codes_dropped_by_the_2026_release_are_deleted(imported_db):
    """Needs the imported database (all of ../shared/reference, RVU26C included)."""
    conn = open_readonly(imported_db)
    try:
        code = conn.execute(
            "SELECT d.hcpcs FROM pfs_rvu d WHERE d.release = 'RVU25D' AND d.modifier = '' "
            "AND NOT EXISTS (SELECT 1 FROM pfs_rvu n WHERE n.release = 'RVU26C' "
            "AND n.hcpcs = d.hcpcs AND n.modifier = '') ORDER BY d.hcpcs LIMIT 1"
        ).fetchone()[0]
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
