"""Looking one code up in every code set (the raw rows behind the detail pages)."""

from __future__ import annotations

from core.detail_sections import detail_view
from core.lookup import lookup_code
from core.lookup_text import format_detail, format_results
from core.search import search


def test_procedure_code_with_all_its_pfs_rows(conn):
    result = lookup_code(conn, " 77011 ")
    assert result.procedure is not None
    assert [r.values["modifier"] for r in result.procedure.pfs_rows] == ["", "26", "TC"]
    assert result.procedure.category == "imaging guidance"
    assert result.icd10 is None and result.modifier is None


def test_icd_code_with_or_without_dot_and_any_case(conn):
    for query in ("C34.90", "c3490", "C3490"):
        info = lookup_code(conn, query).icd10
        assert info is not None and info.code == "C34.90" and info.billable


def test_non_billable_icd_header_lists_its_children(conn):
    info = lookup_code(conn, "C34").icd10
    assert info is not None and not info.billable
    assert "C34.9" in info.children and "C34.90" not in info.children
    assert info.excludes1


def test_seven_character_code_and_notes(conn):
    info = lookup_code(conn, "S72.001A").icd10
    assert info is not None and info.billable and info.parent == "S72.001"
    header = lookup_code(conn, "S72").icd10
    assert header.seven_chr_def["S"] == "sequela"


def test_code_in_two_sets_shows_both(conn):
    result = lookup_code(conn, "J1100")
    assert result.procedure is not None and result.procedure.code_type == "hcpcs"
    assert result.icd10 is not None and result.icd10.code == "J11.00"
    exact = search(conn, "J1100").exact
    assert [(hit.code, hit.type) for hit in exact] == [("J1100", "hcpcs"), ("J11.00", "icd10")]
    text = "\n\n".join(format_detail(detail_view(conn, hit.code, hit.type)) for hit in exact)
    assert "J1100 \u2014 HCPCS" in text and "J11.00 \u2014 ICD-10-CM" in text


def test_modifier_and_place_of_service(conn):
    result = lookup_code(conn, "11")
    assert result.pos is not None and result.pos.setting == "non-facility"
    assert lookup_code(conn, "tc").modifier.affects_payment is True


def test_unknown_or_malformed_query_finds_nothing(conn):
    for query in ("ZZ999", "", "7701", "hello world", "C99.99X"):
        result = lookup_code(conn, query)
        assert not result.found, query
    for query in ("ZZ999", "", "hello world", "C99.99X"):
        assert format_results(search(conn, query)).startswith(f"no match for '{query}'"), query
