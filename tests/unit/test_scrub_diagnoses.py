"""Diagnosis rules on the real ICD-10-CM FY2026 tabular, and diagnosis pointers."""

from __future__ import annotations

from datetime import date

from core.scrub.model import ICD9, Diagnosis
from tests.unit.test_scrub_support import claim, findings, line, rules


def test_missing_diagnosis(conn):
    found = findings(conn, claim(line(pointers=()), dx=()))
    assert "DX-MISSING" in {f.rule for f in found}
    assert "DX-MISSING" not in rules(conn, claim())


def test_unknown_and_icd9_codes(conn):
    unknown = [f for f in findings(conn, claim(dx=("Q99.99",))) if f.rule == "DX-UNKNOWN"]
    assert len(unknown) == 1 and "outside" not in unknown[0].message    # FY2026 is loaded
    old = claim(line(dos=date(2018, 5, 4)), dx=("Q99.99",))
    assert "outside it" in [f for f in findings(conn, old) if f.rule == "DX-UNKNOWN"][0].message
    icd9 = claim(diagnoses=(Diagnosis(1, "250.00", ICD9),))
    found = [f for f in findings(conn, icd9) if f.rule == "DX-UNKNOWN"]
    assert "ICD-9" in found[0].message
    assert "DX-UNKNOWN" not in rules(conn, claim(dx=("J44.9",)))


def test_header_code_is_not_billable(conn):
    found = [f for f in findings(conn, claim(dx=("E11",))) if f.rule == "DX-NOT-BILLABLE"]
    assert len(found) == 1 and "more characters" in found[0].message
    assert "DX-NOT-BILLABLE" not in rules(conn, claim(dx=("E11.9",)))


def test_missing_seventh_character(conn):
    found = [f for f in findings(conn, claim(dx=("S72.001",))) if f.rule == "DX-NOT-BILLABLE"]
    assert len(found) == 1 and "7th character" in found[0].message
    assert "DX-NOT-BILLABLE" not in rules(conn, claim(dx=("S72.001A",)))


def test_excludes1_between_two_diagnoses(conn):
    found = [f for f in findings(conn, claim(dx=("E11.9", "E10.9"))) if f.rule == "DX-EXCLUDES1"]
    assert len(found) == 1 and "E11.9" in found[0].message and "E10.9" in found[0].message
    assert "DX-EXCLUDES1" not in rules(conn, claim(dx=("E11.9", "I10")))


def test_manifestation_listed_first(conn):
    found = [f for f in findings(conn, claim(dx=("G63", "E11.42")))
             if f.rule == "DX-CODE-FIRST"]
    assert len(found) == 1 and "G63" in found[0].message
    assert "DX-CODE-FIRST" not in rules(conn, claim(dx=("E11.42", "G63")))


def test_age_conflicts(conn):
    assert "DX-AGE" in rules(conn, claim(dx=("P07.30",)))           # newborn code, aged 75
    assert "DX-AGE" in rules(conn, claim(dx=("O80",), dob=date(1950, 1, 1)))
    assert "DX-AGE" not in rules(conn, claim(dx=("O80",), dob=date(1995, 1, 1)))
    assert "DX-AGE" not in rules(conn, claim(dx=("P07.30",), dob=date(2025, 10, 1)))


def test_sex_conflicts(conn):
    assert "DX-SEX" in rules(conn, claim(dx=("N40.0",), sex="F"))
    assert "DX-SEX" in rules(conn, claim(dx=("C56.1",), sex="M"))
    assert "DX-SEX" in rules(conn, claim(dx=("O80",), sex="M", dob=date(1995, 1, 1)))
    assert "DX-SEX" not in rules(conn, claim(dx=("N40.0",), sex="M"))
    assert "DX-SEX" not in rules(conn, claim(dx=("C56.1",), sex="F"))


def test_pointers(conn):
    none = [f for f in findings(conn, claim(line(pointers=()))) if f.rule == "DX-POINTER"]
    assert len(none) == 1 and none[0].line == 1
    absent = [f for f in findings(conn, claim(line(pointers=(2,)))) if f.rule == "DX-POINTER"]
    assert "diagnosis B" in absent[0].message
    five = claim(line(pointers=(1, 2, 3, 4, 5)), dx=("I10", "J44.9", "E11.9", "Z00.00", "R05.9"))
    assert "at most 4" in [f for f in findings(conn, five) if f.rule == "DX-POINTER"][0].message
    assert "DX-POINTER" not in rules(conn, claim(line(pointers=(1, 2)), dx=("I10", "J44.9")))
