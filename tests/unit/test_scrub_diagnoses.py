"""Diagnosis rules on the real ICD-10-CM code sets by fiscal year (FY2025-FY2027), and diagnosis
pointers. Each rule: a claim that breaks it and one that does not, with the rule's source."""

from __future__ import annotations

from datetime import date

from core.claims.finding import ERROR, INFO, WARNING
from core.claims.model import ICD9, Diagnosis
from tests.support.claims import claim, findings, line, rules


def test_missing_diagnosis(conn):
    found = findings(conn, claim(line(pointers=()), dx=()))
    assert "DX-MISSING" in {f.rule for f in found}
    assert "DX-MISSING" not in rules(conn, claim())


def test_unknown_and_icd9_codes(conn):
    unknown = [f for f in findings(conn, claim(dx=("Q99.99",))) if f.rule == "DX-UNKNOWN"]
    assert len(unknown) == 1 and "not in the database" not in unknown[0].message  # FY2026 loaded
    assert unknown[0].source == "ICD-10-CM FY2026"
    icd9 = claim(diagnoses=(Diagnosis(1, "250.00", ICD9),))
    found = [f for f in findings(conn, icd9) if f.rule == "DX-UNKNOWN"]
    assert "ICD-9" in found[0].message
    assert "DX-NOT-CHECKED" not in rules(conn, icd9)  # no ICD-10-CM code to check
    assert "DX-UNKNOWN" not in rules(conn, claim(dx=("J44.9",)))


def test_a_date_outside_the_loaded_fiscal_years_is_said_out_loud(conn):
    old = claim(line(dos=date(2018, 11, 5)), dx=("Q99.99", "J44.9"))  # FY2019: not bundled
    found = findings(conn, old)
    unknown = [f for f in found if f.rule == "DX-UNKNOWN"]
    assert len(unknown) == 1 and "FY2019 code set is not in the database" in unknown[0].message
    notice = [f for f in found if f.rule == "DX-NOT-CHECKED"]
    assert len(notice) == 1 and notice[0].severity == INFO and "FY2025" in notice[0].message
    assert "DX-NOT-CHECKED" not in rules(conn, claim(dx=("J44.9",)))


def test_header_code_is_not_billable(conn):
    found = [f for f in findings(conn, claim(dx=("E11",))) if f.rule == "DX-NOT-BILLABLE"]
    assert len(found) == 1 and "more characters" in found[0].message
    assert "DX-NOT-BILLABLE" not in rules(conn, claim(dx=("E11.9",)))


def test_missing_seventh_character(conn):
    # Guidelines I.A.5 / I.B.2: a code is invalid without its required 7th character
    found = [f for f in findings(conn, claim(dx=("S72.001",))) if f.rule == "DX-NOT-BILLABLE"]
    assert len(found) == 1 and "7th character" in found[0].message
    assert "DX-NOT-BILLABLE" not in rules(conn, claim(dx=("S72.001A",)))


def test_excludes1_between_two_diagnoses(conn):
    found = [f for f in findings(conn, claim(dx=("E11.9", "E10.9"))) if f.rule == "DX-EXCLUDES1"]
    assert len(found) == 1 and "E11.9" in found[0].message and "E10.9" in found[0].message
    assert "DX-EXCLUDES1" not in rules(conn, claim(dx=("E11.9", "I10")))


# ---- the order of the diagnoses (ICD-10-CM Official Guidelines I.A.13, I.C.20.a.6) ----------


def code_first(conn, *dx: str) -> list:
    return [f for f in findings(conn, claim(dx=dx)) if f.rule == "DX-CODE-FIRST"]


def test_manifestation_listed_first(conn):
    # I.A.13: a manifestation ("in diseases classified elsewhere") is never first-listed
    found = code_first(conn, "G63", "E11.42")
    assert len(found) == 1 and "G63" in found[0].message and found[0].severity == ERROR
    assert "I.A.13" in found[0].source and "E85" in found[0].fix  # the note's etiologies
    assert code_first(conn, "E11.42", "G63") == []


def test_manifestation_titles_with_other_wordings_and_from_the_category(conn):
    # "in other diseases classified elsewhere" (F02.80), and D63.1 "Anemia in chronic kidney
    # disease", a manifestation by its category D63 "Anemia in chronic diseases classified
    # elsewhere"
    assert [f.severity for f in code_first(conn, "F02.80")] == [ERROR]
    alone = code_first(conn, "D63.1")
    assert len(alone) == 1 and "D63:" in alone[0].message and alone[0].severity == ERROR
    assert code_first(conn, "G30.9", "F02.80") == [] and code_first(conn, "N18.4", "D63.1") == []


def test_an_etiology_pair_out_of_order(conn):
    # I.A.13: the etiology is sequenced first, followed by the manifestation
    found = code_first(conn, "D63.1", "N18.4")
    assert len(found) == 1 and found[0].severity == ERROR
    assert "listed before B N18.4" in found[0].message
    assert found[0].fix == "list N18.4 before D63.1"


def test_code_first_underlying_condition_first_listed_alone_is_a_warning(conn):
    # I.A.13, second paragraph: "the underlying condition should be sequenced first, if known";
    # F05 Delirium due to known physiological condition: code first the underlying condition
    alone = code_first(conn, "F05")
    assert [f.severity for f in alone] == [WARNING] and "F05" in alone[0].message
    assert [f.severity for f in code_first(conn, "F05", "F03.90")] == [ERROR]  # named, after
    assert code_first(conn, "F03.90", "F05") == []
    # a note that is not about an etiology ("code first, if applicable, ...") is left alone
    assert code_first(conn, "A41.9") == []


def test_external_cause_code_is_never_first_listed(conn):
    # I.C.20.a.6: an external cause code can never be a principal (first-listed) diagnosis
    found = [
        f for f in findings(conn, claim(dx=("W19.XXXA", "S72.001A"))) if f.rule == "DX-FIRST-LISTED"
    ]
    assert len(found) == 1 and "W19.XXXA" in found[0].message and "I.C.20.a.6" in found[0].source
    assert "DX-FIRST-LISTED" not in rules(conn, claim(dx=("S72.001A", "W19.XXXA")))


# ---- age and sex (resources/icd10cm_age_sex.csv) -------------------------------------------


def age(conn, code: str, dob: date, dos: date = date(2025, 11, 3)) -> list:
    return [
        f for f in findings(conn, claim(line(dos=dos), dx=(code,), dob=dob)) if f.rule == "DX-AGE"
    ]


def test_age_conflicts(conn):
    assert "DX-AGE" in rules(conn, claim(dx=("P07.30",)))  # newborn code, aged 75
    assert "DX-AGE" in rules(conn, claim(dx=("O80",), dob=date(1950, 1, 1)))
    assert "DX-AGE" not in rules(conn, claim(dx=("O80",), dob=date(1995, 1, 1)))
    assert "DX-AGE" not in rules(conn, claim(dx=("P07.30",), dob=date(2025, 10, 1)))


def test_perinatal_codes_on_an_adult_are_a_warning_maternity_out_of_range_an_error(conn):
    # I.C.16.a.4: a perinatal condition may be coded at any age when it began then
    assert [f.severity for f in age(conn, "P07.30", date(1950, 3, 14))] == [WARNING]
    # chapter 15, maternal record; ages 9-64 (MCE maternity)
    found = age(conn, "O80", date(1950, 1, 1))
    assert [f.severity for f in found] == [ERROR] and "ages 9-64" in found[0].message
    assert "I.C.15.a.1" in found[0].source and "icd10cm_age_sex.csv line" in found[0].source


def test_newborn_only_codes(conn):
    # I.C.16.a.2 / tabular Z38: the newborn's birth record only
    found = age(conn, "Z38.00", date(2024, 1, 1))
    assert len(found) == 1 and "I.C.16.a.2" in found[0].source
    assert age(conn, "Z38.00", date(2025, 11, 1)) == []
    # Z00.110 newborn exam (under 29 days): the most specific range (Z00.11) applies
    assert "under 1 year old" in age(conn, "Z00.110", date(2023, 1, 1))[0].message
    assert age(conn, "Z00.110", date(2025, 10, 30)) == []


def test_pediatric_and_adult_health_exams_around_the_18th_birthday(conn):
    # a patient turns 18 on the birthday: on that date they are 18 (Z00.1- ends at 17)
    birthday, dob = date(2025, 11, 3), date(2007, 11, 3)
    assert age(conn, "Z00.00", dob, birthday) == []
    found = age(conn, "Z00.129", dob, birthday)
    assert len(found) == 1 and "the patient is 18" in found[0].message
    assert age(conn, "Z00.129", dob, date(2025, 11, 2)) == []  # still 17 the day before
    assert len(age(conn, "Z00.00", date(2012, 1, 1))) == 1  # aged 13: adult exam


def test_sex_conflicts(conn):
    assert "DX-SEX" in rules(conn, claim(dx=("N40.0",), sex="F"))
    assert "DX-SEX" in rules(conn, claim(dx=("C56.1",), sex="M"))
    assert "DX-SEX" in rules(conn, claim(dx=("O80",), sex="M", dob=date(1995, 1, 1)))
    assert "DX-SEX" not in rules(conn, claim(dx=("N40.0",), sex="M"))
    assert "DX-SEX" not in rules(conn, claim(dx=("C56.1",), sex="F"))


def test_sex_conflict_is_a_warning_since_medicare_dropped_its_edit(conn):
    # uterine leiomyoma D25 is female; the MCE no longer applies its sex edit (FY2025 on)
    found = [f for f in findings(conn, claim(dx=("D25.9",), sex="M")) if f.rule == "DX-SEX"]
    assert len(found) == 1 and found[0].severity == WARNING
    assert "other payers may deny" in found[0].message and "D25-D28" in found[0].source
    assert "DX-SEX" not in rules(conn, claim(dx=("D25.9",), sex="F"))
    assert "DX-SEX" not in rules(conn, claim(dx=("D25.9",), sex="U"))


def test_pointers(conn):
    none = [f for f in findings(conn, claim(line(pointers=()))) if f.rule == "DX-POINTER"]
    assert len(none) == 1 and none[0].line == 1
    absent = [f for f in findings(conn, claim(line(pointers=(2,)))) if f.rule == "DX-POINTER"]
    assert "diagnosis B" in absent[0].message
    five = claim(line(pointers=(1, 2, 3, 4, 5)), dx=("I10", "J44.9", "E11.9", "Z00.00", "R05.9"))
    assert "at most 4" in [f for f in findings(conn, five) if f.rule == "DX-POINTER"][0].message
    assert "DX-POINTER" not in rules(conn, claim(line(pointers=(1, 2)), dx=("I10", "J44.9")))


# ---- each code on its date of service (HIPAA: the code set in effect on the DOS) -------------

LATER = date(2026, 12, 1)


def dated(conn, code: str, dos: date, as_of: date = LATER) -> list:
    return [
        f
        for f in findings(conn, claim(line(dos=dos), dx=(code,)), as_of=as_of)
        if f.rule.startswith("DX-")
    ]


def test_a_code_becomes_a_header_when_children_are_added(conn):
    # FY2027 addenda: I42.0 becomes a header over I42.00 / I42.01 / I42.09
    found = dated(conn, "I42.0", date(2026, 11, 30))
    assert [f.rule for f in found] == ["DX-NOT-BILLABLE"]
    assert "I42.00, I42.01, I42.09" in found[0].fix and "FY2027" in found[0].source
    assert "icd10cm_order_addenda_2027.txt line 12" in found[0].source
    assert dated(conn, "I42.0", date(2026, 9, 30)) == []
    assert dated(conn, "I42.09", date(2026, 11, 30)) == []


def test_a_code_added_in_fy2026_is_not_effective_before_october_2025(conn):
    found = dated(conn, "E11.A", date(2025, 9, 15), as_of=date(2025, 12, 1))
    assert [f.rule for f in found] == ["DX-NOT-EFFECTIVE"] and found[0].severity == ERROR
    assert "starts in FY2026 (October 1, 2025)" in found[0].message
    assert dated(conn, "E11.A", date(2025, 10, 15), as_of=date(2025, 12, 1)) == []


def test_a_code_deleted_in_fy2026_names_its_replacements(conn):
    # simple-icd-10-cm 1.4.0 (FY2025) has S30.1XXA; 1.5.0 (FY2026) splits S30.1 by site
    found = dated(conn, "S30.1XXA", date(2025, 10, 15), as_of=date(2025, 12, 1))
    assert [f.rule for f in found] == ["DX-DELETED"] and found[0].severity == ERROR
    assert "deleted from FY2026" in found[0].message and "S30.11XA" in found[0].message
    assert dated(conn, "S30.1XXA", date(2025, 9, 15), as_of=date(2025, 12, 1)) == []


def test_each_line_date_is_judged_in_its_own_fiscal_year(conn):
    before, after = date(2026, 9, 28), date(2026, 10, 2)
    two = claim(
        line(1, dos=before, pointers=(1,)),
        line(2, "99214", dos=after, pointers=(2,)),
        dx=("I42.0", "I42.00"),
    )
    assert {f.rule for f in findings(conn, two, as_of=LATER) if f.rule.startswith("DX-")} == set()
    swapped = claim(
        line(1, dos=before, pointers=(2,)),
        line(2, "99214", dos=after, pointers=(1,)),
        dx=("I42.0", "I42.00"),
    )
    found = {f.rule for f in findings(conn, swapped, as_of=LATER) if f.rule.startswith("DX-")}
    assert found == {"DX-NOT-BILLABLE", "DX-NOT-EFFECTIVE"}


def test_a_clean_claim_of_each_kind_stays_clean(conn):
    def dx_rules(c) -> set[str]:
        return {r for r in rules(conn, c) if r.startswith("DX-")}

    assert dx_rules(claim(dx=("S72.001A",))) == set()  # valid 7th character
    assert dx_rules(claim(dx=("E11.42", "G63"))) == set()  # etiology, manifestation
    assert dx_rules(claim(dx=("N18.4", "D63.1"))) == set()
    assert dx_rules(claim(dx=("Z00.00",), dob=date(2007, 11, 3))) == set()  # 18 on the DOS
    assert dx_rules(claim(dx=("O80", "Z3A.39", "Z37.0"), dob=date(1995, 1, 1))) == set()
