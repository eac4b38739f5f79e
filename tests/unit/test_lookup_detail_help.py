"""The detail page says what to do with a code: billing tips with their dollars (from the fee
calculator), related codes, the chosen payer beside Medicare, and for ICD-10-CM the code set of
the date and the code's other names (real bundled data; real CMS files where named)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.db import open_readonly
from core.lookup.detail import DetailPricing, detail_view
from core.lookup.pricing import pricer
from core.lookup.procedure_detail import procedure_detail
from core.lookup.related import related_codes
from core.lookup.text import format_detail
from core.lookup.tips import billing_tips
from core.workspace.payers import PayerProfile
from tests.conftest import cms_file
from tests.support.cms_layouts import edits_connection, ptp_line
from tests.support.imports import import_all

DAY = date(2025, 11, 1)  # RVU25D (bundled) covers it


def tips(conn, code: str, pricing: DetailPricing | None = None, day: date = DAY) -> dict:
    d = procedure_detail(conn, code, day)
    price, _ = pricer(conn, code, d.release, day, pricing or DetailPricing())
    return {t.topic: t for t in billing_tips(conn, d, price, day)}


def page(conn, code: str, code_type: str = "cpt", day: date = DAY, **pricing) -> str:
    """The page as the CLI prints it, with its wrapping and alignment undone."""
    text = format_detail(detail_view(conn, code, code_type, day, DetailPricing(**pricing)))
    return " ".join(text.split())


def test_pc_tc_split_with_the_dollars_of_each_part(conn):
    split = tips(conn, "77011")["Professional / technical split"]
    assert "For a hospital patient (facility) bill 26" in split.advice
    assert split.effect == "26 (facility) $59.19, TC $152.35, global $211.55"


def test_major_surgery_global_period_bilateral_assistant_and_co_surgeons(conn):
    found = tips(conn, "27447")
    assert "add 57" in found["Global period 090"].advice
    assert "surgical care only (54) $993.53" in found["Global period 090"].effect
    assert found["Both sides"].effect == "with 50: $1,886.45"  # 150% of $1,257.63
    assert found["Several procedures the same day"].effect == "when not the highest: $628.82"
    assert found["Assistant at surgery"].effect.startswith("80: $201.22, AS: $171.04")
    assert found["Co-surgeons"].effect == "each: $786.02 (facility)"  # 62.5%


def test_endoscopy_family_pays_its_amount_minus_the_base(conn):
    family = tips(conn, "43239")["Endoscopy family"]
    assert family.effect == "with another endoscopy of base 43235: $357.11 - $276.24 = $80.87"


def test_visits_get_no_surgical_tips(conn):
    found = tips(conn, "99213")
    assert "Assistant at surgery" not in found and "Both sides" not in found
    assert found["Medicare status"].effect == "pays $88.95 in an office, $63.72 in a facility"


def test_a_status_medicare_does_not_pay_says_other_payers_may(conn):
    status = tips(conn, "36415")["Medicare status"]  # status X
    assert status.advice.startswith("X: Statutory exclusion") and "Other payers" in status.advice


def test_tips_use_the_bundled_edits_and_say_what_is_missing(conn):
    """MUE and add-on edits 2026Q2 are bundled, NCCI PTP edits are not."""
    found = tips(conn, "11045", day=date(2026, 5, 1))
    assert (
        "primary codes: 11042 (AOC 2026Q2: only the primary codes CMS lists)"
        in found["Add-on code"].advice
    )
    assert found["Units (MUE)"].advice.startswith("At most ")
    assert found["Units (MUE)"].advice.endswith("MUE 2026Q2.")
    assert "No NCCI PTP release is loaded" in found["NCCI pairs"].advice
    earlier = tips(conn, "11045")  # 2025-11-01
    assert (
        "not listed: no NCCI add-on edits release loaded covers 2025-11-01 (loaded: AOC "
        "2026Q2 (2026-04-01 to 2026-06-30))"
    ) in earlier["Add-on code"].advice
    assert (
        "MUE 2026Q2 (from 2026-04-01) used for 2025-11-01: no earlier release is loaded"
        in earlier["Units (MUE)"].advice
    )  # MUE values carry no dates


def test_mue_tip_from_the_real_file(db_path):
    loaded, errors, _ = import_all(
        db_path, cms_file("ncci", "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")
    )
    assert not errors
    conn = open_readonly(db_path)
    try:
        units = tips(conn, "99213", day=date(2026, 4, 15))["Units (MUE)"]
        assert units.advice.startswith("At most ") and loaded[0].release in units.advice
    finally:
        conn.close()


def test_ncci_tip_counts_what_a_modifier_can_bypass(db_path, tmp_path):
    ptp = [
        ptp_line("99214", "99213", False, "20200101", "*", "0", "Mutually exclusive"),
        ptp_line("20610", "99213", False, "20200101", "*", "1", "Standards of practice"),
        ptp_line("99213", "36415", False, "20200101", "*", "1", "Standards of practice"),
    ]
    mue = ["99213,1,3 Date of Service Edit: Clinical,Clinical"]
    with edits_connection(db_path, tmp_path, ptp, mue) as conn:
        ncci = tips(conn, "99213")["NCCI pairs"].advice
        assert ncci.startswith("99213 is denied (column 2) with 2 other code(s)")
        assert "1 can be bypassed with a modifier" in ncci and "XS: separate structure" in ncci
        assert "1 never" in ncci and "It denies 1 other code(s)" in ncci


def test_related_codes_family_components_and_endoscopy(conn):
    groups = {
        g.title: [c for c, _ in g.codes]
        for g in related_codes(conn, procedure_detail(conn, "77011", DAY), DAY)
    }
    assert groups["Same family (7701x)"] == ["77012", "77013", "77014"]
    assert groups["Component rows"] == ["77011-26", "77011-TC"]
    em = {
        g.title: [c for c, _ in g.codes]
        for g in related_codes(conn, procedure_detail(conn, "99213", DAY), DAY)
    }
    assert em["Same family (9921x)"] == ["99211", "99212", "99214", "99215"]
    endo = {g.title: g for g in related_codes(conn, procedure_detail(conn, "43239", DAY), DAY)}
    family = endo["Endoscopy family (base 43235, RVU25D)"]
    codes = [c for c, _ in family.codes]
    bases = {
        r[0]
        for r in conn.execute(
            "SELECT hcpcs FROM pfs_rvu WHERE release = 'RVU25D' "
            "AND modifier = '' AND endo_base = '43235'"
        )
    }
    assert codes[0] == "43235" and "43239" not in codes and set(codes[1:]) <= bases
    assert family.note == f"{len(bases)} codes share this base"  # more than are listed


def test_add_on_codes_and_primaries_from_the_bundled_add_on_edits(conn):
    day = date(2026, 5, 1)
    add_on = {
        g.title: [c for c, _ in g.codes]
        for g in related_codes(conn, procedure_detail(conn, "11045", day), day)
    }
    assert add_on["Primary codes of this add-on (AOC 2026Q2)"][:1] == ["11042"]
    primary = {
        g.title: [c for c, _ in g.codes]
        for g in related_codes(conn, procedure_detail(conn, "11042", day), day)
    }
    assert "11045" in primary["Add-on codes for this primary (AOC 2026Q2)"]
    before = {g.title: g for g in related_codes(conn, procedure_detail(conn, "11045", DAY), DAY)}
    assert before["Primary codes of this add-on"].note.startswith(
        "Not listed: no NCCI add-on edits release loaded covers 2025-11-01"
    )


def test_payer_beside_medicare_in_a_locality(conn):
    acme = PayerProfile("Acme Health", Decimal("115"))
    text = page(conn, "99213", locality="13202-01", payer=acme)
    assert "Locality: NY MANHATTAN (13202-01), GPCI2025" in text
    assert "Non-facility: $101.06" in text  # CMS's 2025 figure
    assert "Payer non-facility: $116.22 (Acme Health, 115% of Medicare)" in text
    assert "National non-facility" not in text
    national = page(conn, "99213", payer=acme)
    assert "National non-facility: $88.95" in national
    assert "$102.30 (Acme Health" in national  # 115% of the unrounded amount, as `fee` says


def test_a_locality_the_data_lacks_is_said(conn):
    text = page(conn, "99213", locality="99999-99")
    assert "not priced: no Medicare locality 99999-99 in GPCI2025" in text


def test_icd_page_code_set_of_the_date_and_other_names(conn):
    text = page(conn, "N20.0", "icd10", date(2026, 11, 30))
    assert "2026-11-30, fiscal year 2027" in text and "Validity: valid in ICD-10-CM FY2027" in text
    assert "Valid: FY2025 or before, still valid (code sets loaded: FY2025-FY2027)" in text
    assert "Inclusion term: Stone in kidney" in text


def test_icd_page_is_billable_as_of_the_date(conn):
    """I42.0 is billable in FY2026 and a header over I42.00-I42.09 from FY2027 (CDC's FY2027
    addenda, bundled)."""
    header = page(conn, "I42.0", "icd10", date(2026, 11, 30))
    assert header.startswith("I42.0 \u2014 ICD-10-CM subcategory (header)")
    assert "no: a header; use one of the 3 billable codes below it" in header
    assert "I42.00 Dilated cardiomyopathy, unspecified" in header
    assert "Validity: a header from FY2027 (October 1, 2026)" in header
    assert (
        "FY2027: became a header (not billable); codes added in its place: I42.00, I42.01, "
        "I42.09 from 2026-10-01" in header
    )
    billable = page(conn, "I42.0", "icd10", date(2026, 9, 30))
    assert billable.startswith("I42.0 \u2014 ICD-10-CM code")
    assert (
        "yes: a complete code for a claim on this date (billable in FY2026; a header from "
        "FY2027 (October 1, 2026))"
    ) in billable
    later = page(conn, "I42.00", "icd10", date(2026, 9, 30))
    assert "Validity: not yet effective: valid from FY2027 (October 1, 2026)" in later


@pytest.mark.parametrize("code", ["77011", "99213", "27447", "43239", "11045", "J1100", "G0439"])
def test_every_page_names_where_its_tips_come_from(conn, code):
    text = page(conn, code, "cpt" if code[0].isdigit() else "hcpcs")
    assert "Billing tips (Medicare)" in text and "RVU25D" in text
    assert "Other payers (commercial, Medicaid) may use other rules" in text
