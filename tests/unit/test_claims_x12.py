"""X12 837P in: all 25 sample interchanges of ../shared/reference/x12 import with the right claim
counts and values read from the files themselves; malformed input loses only what is broken."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from core.claims.model import ICD9, MINUTES, UNITS
from core.claims_io import load_worklist
from tests.support.worklists import X12_DIR, x12_file

# (folder, file, claims, service lines): CLM and SV1 counts of each sample (PROVENANCE.md 4)
SAMPLES = [
    ("databricks_x12-edi-parser", "837p.txt", 2, 2),
    ("databricks_x12-edi-parser", "CC_837P_EDI.txt", 1, 2),
    ("databricks_x12-edi-parser", "CHPW_Claimdata.txt", 5, 5),
    ("databricks_x12-edi-parser", "Molina_Mock_UP_837P_File.txt", 4, 5),
    ("imsweb_x12-parser", "x12_valid.txt", 2, 2),
    ("imsweb_x12-parser", "x12_complex.txt", 6, 10),
    ("imsweb_x12-parser", "x12_many_claims.txt", 820, 820),
    ("linuxforhealth_x12", "demo.ambulance.example5.837", 1, 4),
    ("linuxforhealth_x12", "demo.autoaccident.837", 1, 2),
    ("linuxforhealth_x12", "demo.cob.2ndary.example4.837", 1, 1),
    ("linuxforhealth_x12", "demo.cob.example3.A.837", 1, 3),
    ("linuxforhealth_x12", "demo.cob.example3.B.837", 1, 3),
    ("linuxforhealth_x12", "demo.cob.example3.C.837", 1, 3),
    ("linuxforhealth_x12", "demo.cob.example4.837", 1, 1),
    ("linuxforhealth_x12", "demo.drug.example10.1.837", 1, 2),
    ("linuxforhealth_x12", "demo.drug.example10.2.837", 1, 6),
    ("linuxforhealth_x12", "demo.drug.example10.3.837", 1, 6),
    ("linuxforhealth_x12", "demo.example1.837", 1, 4),
    ("linuxforhealth_x12", "demo.example11.837", 1, 2),
    ("linuxforhealth_x12", "demo.example12.837", 1, 1),
    ("linuxforhealth_x12", "demo.example2.837", 1, 4),
    ("linuxforhealth_x12", "demo.example6.837", 1, 1),
    ("linuxforhealth_x12", "demo.example7.837", 1, 2),
    ("linuxforhealth_x12", "demo.example8.837", 1, 1),
    ("linuxforhealth_x12", "demo.example9.837", 1, 1),
]


def load(folder: str, name: str):
    return load_worklist([x12_file(folder, name)])


@pytest.mark.parametrize("folder, name, claims, lines", SAMPLES, ids=[s[1] for s in SAMPLES])
def test_every_sample_imports_every_claim(folder, name, claims, lines):
    result = load(folder, name)
    assert len(result.claims) == claims and result.line_count == lines
    assert not any(c.incomplete for c in result.claims)
    assert all(p.kind == "segment" for p in result.problems)


def test_the_sample_set_is_complete():
    if not X12_DIR.exists():
        pytest.skip(f"{X12_DIR} not present (../shared/reference/x12 is needed)")
    # only the 837 interchanges: x12/ also holds 835 remittances and the CARC/RARC lists
    claims_files = sorted(
        p for p in X12_DIR.rglob("*") if p.is_file() and b"ST*837*" in p.read_bytes()[:4096]
    )
    assert sorted(p.name for p in claims_files) == sorted(s[1] for s in SAMPLES)
    result = load_worklist(claims_files)
    assert len(result.claims) == 858 and len(result.files_read) == 25


def test_820_claims_in_under_two_seconds():
    path = x12_file("imsweb_x12-parser", "x12_many_claims.txt")
    started = time.perf_counter()
    result = load_worklist([path])
    assert time.perf_counter() - started < 2.0
    assert len(result.claims) == 820


def test_basic_claim_values():
    first, second = load("databricks_x12-edi-parser", "837p.txt").claims
    assert (first.claim_id, first.total_charge, first.pos) == ("1000A", Decimal("140.00"), "19")
    assert (first.payer, first.payer_id, first.filing_indicator) == ("PAYER", "12345", "12")
    assert (first.patient.id, first.patient.name) == ("1234567890", "BLOGGS, JOE")
    assert (first.patient.dob, first.patient.sex) == (date(1957, 1, 11), "M")
    assert first.billing_npi == first.rendering_npi == "1122334455"  # no 2310B: billing renders
    assert first.service_zip == "60673"  # billing N4 ZIP+4
    assert [(d.code, d.code_set) for d in first.diagnoses] == [("I10", "ICD-10-CM")]
    (line,) = first.lines
    assert (line.dos, line.code, line.modifiers, line.units, line.unit_basis) == (
        date(2015, 11, 24),
        "99213",
        (),
        Decimal(1),
        UNITS,
    )
    assert (line.charge, line.pointers, line.pos, line.number) == (Decimal("140.00"), (1,), "", 1)
    assert first.source.describe() == "837p.txt, segment 23"
    assert line.source.row == 25 and line.source.kind == "segment"
    assert (second.claim_id, second.patient.dob) == ("1001A", date(1970, 6, 1))


def test_modifiers_units_range_dates_and_pointers():
    (claim,) = load("databricks_x12-edi-parser", "CC_837P_EDI.txt").claims
    assert [d.code for d in claim.diagnoses] == ["F34.1", "F43.10"]
    one, two = claim.lines
    assert (one.code, one.modifiers, one.units, one.charge, one.pos, one.pointers) == (
        "H0004",
        ("HO", "HQ"),
        Decimal(12),
        Decimal("300.00"),
        "11",
        (1, 2),
    )
    assert (one.dos, one.dos_end, two.dos) == (date(2018, 6, 25), None, date(2018, 6, 29))
    assert (claim.patient.dob, claim.patient.sex) == (date(1996, 2, 15), "F")


def test_rendering_facility_zip_and_anesthesia_minutes():
    claims = {
        c.claim_id: c
        for c in load("databricks_x12-edi-parser", "Molina_Mock_UP_837P_File.txt").claims
    }
    first = claims["ABC11111"]
    assert first.rendering_npi == "1234567891"  # NM1*82, not the referring NM1*DN
    assert first.billing_npi == "1222222220" and first.service_zip == "90802"
    (line,) = first.lines
    assert (line.code, line.modifiers, line.units, line.unit_basis, line.charge) == (
        "01710",
        ("QZ",),
        Decimal(88),
        MINUTES,
        Decimal("1800.00"),
    )
    last = claims["ABC111114"]
    assert [d.code for d in last.diagnoses] == ["Q42.3", "G89.18"]
    assert [(x.code, x.modifiers, x.unit_basis, x.pointers) for x in last.lines] == [
        ("00902", ("AA",), MINUTES, (1,)),
        ("62322", ("59",), UNITS, (2,)),
    ]


def test_several_transactions_in_one_interchange():
    claims = load("databricks_x12-edi-parser", "CHPW_Claimdata.txt").claims
    second = claims[1]
    assert (second.claim_id, second.total_charge, second.pos) == (
        "1805080AV3648347",
        Decimal("50.10"),
        "57",
    )
    assert second.rendering_npi == "1112223346" and second.service_zip == "98662"
    assert (second.lines[0].code, second.lines[0].modifiers, second.lines[0].units) == (
        "96153",
        ("HF",),
        Decimal(6),
    )
    assert [c.patient.sex for c in claims] == ["M", "F", "M", "F", "M"]


def test_dependent_patient_uses_the_patient_loop():
    (claim,) = load("linuxforhealth_x12", "demo.autoaccident.837").claims
    assert (claim.patient.id, claim.patient.name) == ("B99977791G", "DIMPSON, DJ")
    assert (claim.patient.dob, claim.patient.sex) == (date(1948, 6, 1), "M")
    assert (claim.billing_npi, claim.rendering_npi) == ("1253695747", "2366552595")
    assert claim.service_zip == "99622"
    assert [line.code for line in claim.lines] == ["99201", "26010"]


def test_other_payer_loops_do_not_override_the_claim():
    (claim,) = load("linuxforhealth_x12", "demo.cob.example3.C.837").claims
    assert claim.payer == "GREAT PRAIRIES HEALTH"  # 2010BB, not 2330B KEY INSURANCE
    assert claim.rendering_npi == "1999996666"  # the blank 2330D NM1*82 is skipped
    assert claim.patient.name == "SMITH, TED" and claim.filing_indicator == "CI"
    assert [d.code for d in claim.diagnoses] == ["477.9", "272.4", "278.0", "530.81"]


def test_old_icd9_qualifiers_and_split_hi_elements():
    result = load("imsweb_x12-parser", "x12_valid.txt")
    first = result.claims[0]
    assert [(d.code, d.code_set, d.raw) for d in first.diagnoses] == [
        ("890.1", ICD9, "8901"),
        ("872.00", ICD9, "87200"),
        ("555.9", ICD9, "5559"),
    ]
    (line,) = first.lines
    assert (line.code, line.modifiers, line.charge, line.pos) == (
        "99211",
        ("25",),
        Decimal("12.25"),
        "11",
    )
    assert (line.dos, line.dos_end) == (date(2005, 3, 14), date(2005, 3, 25))
    assert result.claims[1].lines[0].pointers == (1, 2, 3)
    (problem,) = result.problems
    assert (problem.row, problem.column) == (23, "HI01")
    assert "read as BK:8901" in problem.message and "4 times" in problem.message


def test_line_level_rendering_provider():
    claims = load("imsweb_x12-parser", "x12_complex.txt").claims
    second = claims[1]
    assert second.claim_id == "A37YH667" and second.patient.name == "JONES, STEVEN"
    assert [line.rendering_npi for line in second.lines] == ["303304"]
    assert second.line_rendering_npi(second.lines[0]) == "303304"
    assert claims[0].lines[0].rendering_npi == ""


def test_ambulance_pointers_and_icd9_e_codes():
    (claim,) = load("linuxforhealth_x12", "demo.ambulance.example5.837").claims
    assert claim.pos == "41"
    assert [d.code for d in claim.diagnoses] == ["862.8", "E888.8", "959.2", "854.0"]
    assert all(line.pointers == (1, 2, 3, 4) for line in claim.lines)
    assert [line.units for line in claim.lines] == [1, 21, 1, 1]


def test_component_separator_that_differs_from_isa16():
    result = load("linuxforhealth_x12", "demo.example9.837")
    (claim,) = result.claims
    (line,) = claim.lines
    assert (line.code, line.modifiers, line.unit_basis, line.units, line.pointers) == (
        "00142",
        ("QK", "QS", "P1"),
        MINUTES,
        Decimal(61),
        (1,),
    )  # SV107 written "1.00"
    assert (claim.pos, claim.rendering_npi, claim.service_zip) == ("22", "5678912345", "37232")
    (problem,) = result.problems
    assert problem.column == "ISA16" and "use '>'" in problem.message


def test_description_component_and_three_modifiers():
    (drug,) = load("linuxforhealth_x12", "demo.drug.example10.3.837").claims
    assert [(x.code, x.modifiers) for x in drug.lines][3] == ("J3490", ())
    assert drug.lines[0].dos_end == date(2004, 2, 7)
    (dme,) = load("linuxforhealth_x12", "demo.example8.837").claims
    assert dme.lines[0].modifiers == ("RR", "KH", "BR")
