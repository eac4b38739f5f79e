"""The detail page of one code: procedure amounts and indicators, NCCI/MUE, ICD-10-CM."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.db import open_readonly
from core.lookup.detail import NO_DESCRIPTION, detail_view
from core.lookup.icd_detail import icd_detail
from core.lookup.procedure_detail import procedure_detail
from core.lookup.text import format_detail
from core.refdata import pfs_indicators as ind
from core.sources import pfs
from tests.support.cms_layouts import import_edits, ptp_line
from tests.support.lookup_codes import imported_descriptor, undescribed_code


def text(conn, code: str, code_type: str, as_of: date | None = None) -> str:
    view = detail_view(conn, code, code_type, as_of)
    assert view is not None, code
    return format_detail(view)


# The domain brief's known 2025 values: the bundle carries RVU25D beside RVU26C (CY2026 is in
# the box), so these tests ask for a 2025 date of service.
DOS_2025 = date(2025, 11, 15)


def test_77011_national_amounts_rvus_and_indicators(conn):
    d = procedure_detail(conn, "77011", DOS_2025)
    assert d.release == "RVU25D" and d.status == "A"
    assert [line.modifier for line in d.lines] == ["", "26", "TC"]
    assert d.lines[0].amounts.non_facility == Decimal("211.55")
    assert d.lines[0].amounts.facility_na
    values = {i.column: i.value for i in d.indicators}
    assert values["pctc"] == "1" and values["global_days"] == "XXX"
    assert "26 pays the professional part" in d.pctc_modifiers and not d.add_on
    page = text(conn, "77011", "cpt", DOS_2025)
    for expected in (
        "National non-facility: $211.55",
        "PC/TC indicator:",
        "Global days:",
        "Bilateral (50):",
        "Assistant at surgery",
        "Co-surgeons (62):",
        "Team surgery (66):",
        "no NCCI data loaded",
        "Release:   MUE 2026Q2",
        "Source: PPRRVU RVU25D, lines",
    ):
        assert expected in page, expected


def test_99213_national_non_facility_and_facility(conn):
    amounts = procedure_detail(conn, "99213", DOS_2025).lines[0].amounts
    assert (amounts.non_facility, amounts.facility) == (Decimal("88.95"), Decimal("63.72"))
    assert "National facility:     $63.72" in text(conn, "99213", "cpt", DOS_2025)


def test_99213_in_2026_from_the_bundle_with_no_import(conn):
    # RVU26C: (1.30 + 1.46 + 0.09) x 33.4009 = $95.19; facility (1.30 + 0.33 + 0.09) = $57.45
    d = procedure_detail(conn, "99213", date(2026, 11, 30))
    assert d.release == "RVU26C"
    amounts = d.lines[0].amounts
    assert (amounts.non_facility, amounts.facility) == (Decimal("95.19"), Decimal("57.45"))


def test_non_facility_na_is_paid_at_the_facility_rate(conn):
    line = procedure_detail(conn, "29881", DOS_2025).lines[0]
    assert line.nonfac_na and line.amounts.non_facility_uses_facility_pe
    # (7.03 + 8.22 + 1.39) RVU x 32.3465 = 538.2458 -> $538.25, non-facility and facility alike
    assert line.amounts.non_facility == line.amounts.facility == Decimal("538.25")
    assert "paid at the facility rate in every setting" in text(conn, "29881", "cpt", DOS_2025)


@pytest.mark.parametrize(
    ("code", "status"),
    [("J1100", "E"), ("77013", "C"), ("36000", "B"), ("36415", "X"), ("77061", "I")],
)
def test_unpaid_statuses_get_an_explanation_instead_of_an_amount(conn, code, status):
    d = procedure_detail(conn, code)
    assert d.status == status and d.lines[0].amounts is None
    page = text(conn, code, "cpt" if code[0].isdigit() else "hcpcs")
    assert f"none: status {status} is not paid under the fee schedule" in page
    assert ind.STATUS[status].split(":")[0] in page
    assert "National non-facility" not in page


def test_add_on_code(conn):
    d = procedure_detail(conn, "11045")
    assert d.add_on and "Add-on code: yes" in text(conn, "11045", "cpt")


def test_every_indicator_value_the_importer_accepts_has_a_meaning():
    for column, _, kind in pfs.COLUMNS:
        if kind.startswith("choice:") and column in ind.INDICATORS:
            for value in kind.removeprefix("choice:").split(","):
                assert "not defined" not in ind.meaning(column, value), (column, value)
    for value in pfs.GLOBAL_DAYS:
        assert "not defined" not in ind.meaning("global_days", value)
    assert {"A", "R", "T"} == ind.PAYABLE_STATUSES


def test_every_indicator_value_in_the_real_file_has_a_meaning(imported_db):
    conn = open_readonly(imported_db)
    try:
        for column in ind.INDICATORS:
            values = {r[0] for r in conn.execute(f"SELECT DISTINCT {column} FROM pfs_rvu")}
            missing = {v for v in values if "not defined" in ind.meaning(column, v)}
            assert not missing, (column, missing)
        code = undescribed_code(conn, releases=3)  # in RVU25A, RVU25D and RVU26C
        d = procedure_detail(conn, code)
        assert d.other_releases == ["RVU25D", "RVU25A"]
        assert d.description == imported_descriptor(conn, code, "RVU26C")  # the user's file
        view = detail_view(conn, code, "cpt")
        assert "CMS descriptor from your imported RVU26C file" in format_detail(view)
    finally:
        conn.close()


def test_a_code_we_do_not_describe_says_why(conn):
    code = undescribed_code(conn, releases=2)  # in both bundled releases
    d = procedure_detail(conn, code)
    assert d.description is None and d.other_releases == ["RVU25D"]
    view = detail_view(conn, code, "cpt")
    assert view.description.startswith(NO_DESCRIPTION) and "AMA" in view.description


PTP = [
    ptp_line("99213", "36415", False, "20200101", "*", "1", "Standards of medical practice"),
    ptp_line("99213", "99211", False, "20251001", "*", "0", "Mutually exclusive procedures"),
    ptp_line("99213", "G0463", False, "20150101", "20250930", "9", "Misuse of column two"),
    ptp_line("99214", "99213", False, "20200101", "*", "0", "Mutually exclusive procedures"),
]
MUE = [
    "99213,1,3 Date of Service Edit: Clinical,Clinical: Data",
    "J1100,100,3 Date of Service Edit: Clinical,Prescribing Information",
]


@pytest.fixture
def edits_conn(db_path, tmp_path):
    assert len(import_edits(db_path, tmp_path, PTP, MUE)) == 2
    conn = open_readonly(db_path)
    yield conn
    conn.close()


def test_ncci_pairs_and_mue_when_loaded(edits_conn):
    d = procedure_detail(edits_conn, "99213", as_of=date(2025, 11, 1))
    assert d.ncci.release == "NCCI PTP 2025Q4" and d.ncci.as_of == "2025-11-01"
    assert [p.column2 for p in d.ncci.as_column1] == ["36415", "99211"]  # G0463 was deleted
    assert d.ncci.column1_total == 2 and d.ncci.as_column1[1].modifier_indicator == "0"
    assert [p.column1 for p in d.ncci.as_column2] == ["99214"]
    assert d.ncci.as_column1[1].other_description.startswith("Established patient")
    assert (d.mue.max_units, d.mue.mai) == (1, "3")
    page = text(edits_conn, "99213", "cpt", date(2025, 11, 1))
    assert "1 unit per day, clinical limit" in page
    assert "NCCI: 99213 as column 1" in page and "0 \u2014 not allowed" in page
    assert "Modifier 0: no modifier allowed" in page
    assert "no NCCI data loaded" not in page


def test_ncci_pairs_are_limited_with_a_count(edits_conn):
    d = procedure_detail(edits_conn, "99213", as_of=date(2025, 11, 1))
    from core.lookup.ncci_info import ncci_edits

    few = ncci_edits(edits_conn, "99213", date(2025, 11, 1), limit=1)
    assert len(few.as_column1) == 1 and few.column1_total == d.ncci.column1_total == 2


def test_ncci_after_the_release_ends_keeps_its_last_day(edits_conn):
    edits = procedure_detail(edits_conn, "99213", as_of=date(2026, 11, 23)).ncci
    assert edits.as_of == "2025-12-31" and edits.column1_total == 2
    page = " ".join(text(edits_conn, "99213", "cpt", date(2026, 11, 23)).split())
    assert (
        "pairs active on 2025-12-31 (the release does not cover 2026-11-23: no newer NCCI "
        "data loaded)" in page
    )


def test_code_without_mue_in_a_loaded_release(edits_conn):
    assert "no MUE for this code in MUE" in text(edits_conn, "77011", "cpt", date(2025, 11, 1))


def test_icd_header_lists_its_billable_codes_and_hierarchy(conn):
    d = icd_detail(conn, "c34")
    assert not d.billable and d.billable_total == 16
    assert all(r.billable and r.code.startswith("C34.") for r in d.billable_codes)
    assert (d.chapter.code, d.block.code) == ("2", "C30-C39") and d.ancestors == []
    assert any(n.kind == "Excludes1" and "Kaposi" in n.text for n in d.notes)
    page = text(conn, "C34", "icd10")
    assert "no: a header; use one of the 16 billable codes" in page and "C34.92" in page


def test_icd_leaf_inherits_notes_and_shows_its_ancestors(conn):
    d = icd_detail(conn, "C3490")
    assert (
        d.billable and d.billable_codes == [] and [a.code for a in d.ancestors] == ["C34", "C34.9"]
    )
    assert any(n.from_code == "C34" and n.kind == "Excludes1" for n in d.notes)
    page = text(conn, "C34.90", "icd10")
    assert "Billable: yes" in page and "Excludes1 (from C34)" in page
    assert "Chapter:     2 \u2014 Neoplasms" in page


def test_icd_seventh_character(conn):
    d = icd_detail(conn, "S72.001A")
    assert d.seventh_from == "S72" and d.seventh_value == "A" and "S" in d.seventh_options
    header = icd_detail(conn, "S72.001")
    assert not header.billable and header.seventh_value is None
    assert header.billable_total == len(header.seventh_options)
    assert "This code's 7th character: A \u2014 initial encounter" in text(
        conn, "S72.001A", "icd10"
    )


def test_icd_code_first_and_use_additional_notes(conn):
    kinds = {n.kind for n in icd_detail(conn, "E11.9").notes}
    assert "Use additional code" in kinds and "Excludes1" in kinds


def test_modifier_and_place_of_service_pages(conn):
    page = text(conn, "26", "modifier")
    assert "Changes payment: yes" in page
    assert "non-facility: priced with the non-facility PE RVU" in text(conn, "11", "pos")
    assert "facility: priced with the facility PE RVU" in text(conn, "22", "pos")
    assert detail_view(conn, "ZZ", "modifier") is None
    assert detail_view(conn, "Z99.99", "icd10") is None
    assert detail_view(conn, "ZZ999", "cpt") is None
