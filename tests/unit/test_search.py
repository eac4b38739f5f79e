"""Code search ranking on the real bundled data (and on every imported PFS code)."""

from __future__ import annotations

import pytest

from core.db import open_readonly
from core.lookup.detail import NO_DESCRIPTION
from core.lookup.search import search
from core.lookup.synonyms import GROUPS, LAY, expansions
from core.lookup.text import format_results
from tests.support.lookup_codes import undescribed_code

TIERS = {"exact": 0, "prefix": 1, "words": 2}


def codes(result) -> list[str]:
    return [hit.code for hit in result.hits]


def test_exact_code_comes_first_with_its_description(conn):
    result = search(conn, " 77011 ")
    first = result.hits[0]
    assert (first.code, first.type, first.match, first.status) == ("77011", "cpt", "exact", "A")
    assert first.description.startswith("CT imaging used to pinpoint")


def test_prefix_lists_every_code_that_starts_with_it_in_code_order(conn):
    result = search(conn, "7701")
    assert codes(result) == ["77011", "77012", "77013", "77014"]
    assert {hit.match for hit in result.hits} == {"prefix"}
    assert not result.truncated


@pytest.mark.parametrize("query", ["c34.9", "C349", "C34.9", " c349 "])
def test_icd_with_or_without_the_dot_any_case(conn, query):
    result = search(conn, query)
    assert codes(result) == ["C34.9", "C34.90", "C34.91", "C34.92"]
    assert result.hits[0].match == "exact" and result.hits[0].billable is False
    assert all(hit.billable for hit in result.hits[1:])


def test_icd_category_then_its_codes_in_tabular_order(conn):
    result = search(conn, "M54", limit=200)
    assert result.hits[0].code == "M54" and result.hits[0].match == "exact"
    rest = codes(result)[1:]
    assert rest and all(code.startswith("M54.") for code in rest)
    assert rest == sorted(rest, key=lambda c: c.replace(".", ""))
    assert "M54.50" in rest and rest.index("M54.5") < rest.index("M54.50")


def test_words_in_any_order_and_as_prefixes(conn):
    for query in ("ct localization", "localization ct", "ct localiz", "CT Localization"):
        result = search(conn, query)
        assert result.hits[0].code == "77011", query
        assert result.hits[0].match == "words"


def test_office_visit_established_ranks_the_established_visits_first(conn):
    for query in ("office visit established", "established office visit"):
        top = codes(search(conn, query))[:5]
        assert set(top) == {"99211", "99212", "99213", "99214", "99215"}, query


def test_biller_words_find_the_code_set_words(conn):
    assert search(conn, "lung nodule").hits[0].code == "R91.1"  # "Solitary pulmonary nodule"
    assert "C34.90" in codes(search(conn, "lung cancer unspecified", limit=50))
    assert search(conn, "knee arthroscopy").hits[0].code.startswith("298")


def test_every_synonym_phrase_finds_codes(conn):
    for group in GROUPS:
        for phrase in group:
            assert search(conn, phrase).found, (group, phrase)
    for lay, targets in LAY.items():
        for phrase in (lay, *targets):
            assert search(conn, phrase).found, (lay, phrase)
    assert "pulmonary" in expansions("lung") and "lung" in expansions("pulmonary")
    assert expansions("ab") == []


def test_stopwords_do_not_change_the_answer(conn):
    with_stopword = codes(search(conn, "fracture of the femur"))[:10]
    assert with_stopword and with_stopword == codes(search(conn, "fracture femur"))[:10]


@pytest.mark.parametrize("query", ["25", "tc", "J11", "G0439", "ct", "22", "office", "M54"])
def test_exact_then_prefix_then_words(conn, query):
    tiers = [TIERS[hit.match] for hit in search(conn, query, limit=200).hits]
    assert tiers and tiers == sorted(tiers), query
    pairs = [(hit.code, hit.type) for hit in search(conn, query, limit=200).hits]
    assert len(pairs) == len(set(pairs)), "a code is listed once"


def test_a_code_in_two_code_sets_is_exact_in_both(conn):
    exact = search(conn, "G0439").exact
    assert [(h.code, h.type) for h in exact] == [("G0439", "hcpcs"), ("G04.39", "icd10")]


def test_an_exact_category_puts_its_code_set_first(conn):
    result = search(conn, "J11", limit=50)
    types = [hit.type for hit in result.hits]
    assert result.hits[0].code == "J11" and types[0] == "icd10"
    assert "hcpcs" in types and types.index("hcpcs") > max(
        i for i, t in enumerate(types) if t == "icd10"
    )


def test_code_set_filter(conn):
    assert {h.type for h in search(conn, "J11", "hcpcs").hits} == {"hcpcs"}
    assert {h.type for h in search(conn, "J11", "icd10").hits} == {"icd10"}
    assert codes(search(conn, "22", "modifier")) == ["22"]
    assert codes(search(conn, "2", "pos"))[:3] == ["20", "21", "22"]
    assert not search(conn, "99213", "hcpcs").found
    with pytest.raises(ValueError):
        search(conn, "99213", "dental")


def test_limit_marks_the_result_truncated(conn):
    result = search(conn, "M54", limit=5)
    assert len(result.hits) == 5 and result.truncated and result.hits[0].code == "M54"


def test_no_match_gives_the_nearest_codes(conn):
    result = search(conn, "ZZ999")
    assert not result.found and result.nearest
    assert all(h.code.startswith("Z") and h.match == "nearest" for h in result.nearest)
    near = search(conn, "C34.99")
    assert not near.found and [h.code for h in near.nearest][:2] == ["C34.9", "C34.90"]
    text = format_results(result)
    assert text.startswith("no match for 'ZZ999'") and "nearest codes:" in text


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "...",
        '"',
        "c34.9!!",
        "'; DROP TABLE icd10cm; --",
        'NEAR("a" "b")',
        "a*",
        "(",
        "-",
        "ÄÖÜ",
        "x" * 300,
    ],
)
def test_malformed_queries_never_raise(conn, query):
    result = search(conn, query)
    assert isinstance(result.hits, list) and isinstance(result.nearest, list)


@pytest.fixture(scope="module")
def full_conn(imported_db):
    connection = open_readonly(imported_db)
    yield connection
    connection.close()


def test_every_imported_pfs_code_is_found_by_code(full_conn):
    all_codes = [h.code for h in search(full_conn, "0", limit=100000).hits]
    for first in "123456789ABCDEGHJKLMPQRSUV":
        all_codes += [
            h.code
            for h in search(
                full_conn, first, "cpt" if first.isdigit() else "hcpcs", limit=100000
            ).hits
        ]
    procedure = [c for c in all_codes if len(c) == 5 and "." not in c]
    assert len(set(procedure)) >= 16000
    for code in procedure[::97]:
        hit = search(full_conn, code).hits[0]
        assert hit.code == code and hit.match == "exact"


def test_a_code_without_any_description_is_still_found(conn, full_conn):
    code = undescribed_code(conn)  # a payable CPT code of the fee schedule we do not describe
    result = search(conn, code)
    assert codes(result)[:1] == [code]
    assert result.hits[0].description is None and result.hits[0].status == "A"
    assert NO_DESCRIPTION in format_results(result)
    imported = search(full_conn, code).hits[0]  # a user who imported the PPRRVU files
    assert imported.source == "imported" and imported.description
    assert imported.source_label == "CMS descriptor from your imported RVU26C file"
