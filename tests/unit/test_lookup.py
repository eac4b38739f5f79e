"""Looking one code up in every code set (the raw rows behind the detail pages)."""

from __future__ import annotations

from core.lookup.code_info import modifier_info, pos_info, procedure_info
from core.lookup.detail import detail_view
from core.lookup.icd_detail import icd_detail
from core.lookup.search import search
from core.lookup.text import format_detail, format_results


def test_procedure_code_with_all_its_pfs_rows(conn):
    info = procedure_info(conn, " 77011 ")
    assert info is not None
    # the newest release first: the bundle carries RVU26C and RVU25D
    assert [(r.release, r.row["modifier"]) for r in info.pfs_rows] == [
        ("RVU26C", ""),
        ("RVU26C", "26"),
        ("RVU26C", "TC"),
        ("RVU25D", ""),
        ("RVU25D", "26"),
        ("RVU25D", "TC"),
    ]
    assert info.category == "imaging guidance"


def test_icd_code_with_or_without_dot_and_any_case(conn):
    for query in ("C34.90", "c3490", "C3490"):
        info = icd_detail(conn, query)
        assert info is not None and info.code == "C34.90" and info.billable


def test_non_billable_icd_header_lists_its_children(conn):
    info = icd_detail(conn, "C34")
    assert info is not None and not info.billable
    children = [child.code for child in info.children]
    assert "C34.9" in children and "C34.90" not in children
    assert any(note.kind == "Excludes1" for note in info.notes)


def test_seven_character_code_and_notes(conn):
    info = icd_detail(conn, "S72.001A")
    assert info is not None and info.billable and info.ancestors[-1].code == "S72.001"
    assert info.seventh_options["S"] == "sequela" and info.seventh_value == "A"


def test_code_in_two_sets_shows_both(conn):
    assert procedure_info(conn, "J1100").code_type == "hcpcs"
    assert icd_detail(conn, "J1100").code == "J11.00"
    exact = search(conn, "J1100").exact
    assert [(hit.code, hit.type) for hit in exact] == [("J1100", "hcpcs"), ("J11.00", "icd10")]
    text = "\n\n".join(format_detail(detail_view(conn, hit.code, hit.type)) for hit in exact)
    assert "J1100 \u2014 HCPCS" in text and "J11.00 \u2014 ICD-10-CM" in text


def test_modifier_and_place_of_service(conn):
    assert pos_info(conn, "11").setting == "non-facility"
    assert modifier_info(conn, "tc").affects_payment is True


def test_unknown_or_malformed_query_finds_nothing(conn):
    for query in ("ZZ999", "", "7701", "hello world"):
        assert procedure_info(conn, query) is None, query
    assert icd_detail(conn, "C99.99X") is None and modifier_info(conn, "ZZ") is None
    for query in ("ZZ999", "", "hello world", "C99.99X"):
        assert format_results(search(conn, query)).startswith(f"no match for '{query}'"), query
