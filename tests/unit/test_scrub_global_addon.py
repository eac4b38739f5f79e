"""Global surgery and add-on rules with the real RVU25D global days."""

from __future__ import annotations

import time
from datetime import timedelta

from core.refdata.addons import addon_primaries
from tests.support.claims import DOS, claim, findings, line, rules, run


def test_em_same_day_as_minor_procedure_needs_25(conn):
    found = [
        f for f in findings(conn, claim(line(), line(2, "11042"))) if f.rule == "GLOBAL-EM-SAME-DAY"
    ]
    assert len(found) == 1 and found[0].line == 1 and "11042" in found[0].message
    assert found[0].money_at_stake is not None
    assert "GLOBAL-EM-SAME-DAY" not in rules(conn, claim(line(modifiers=("25",)), line(2, "11042")))


def test_em_day_before_major_surgery_needs_57(conn):
    surgery = line(2, "27447", dos=DOS + timedelta(days=1))
    found = [f for f in findings(conn, claim(line(), surgery)) if f.rule == "GLOBAL-EM-SAME-DAY"]
    assert len(found) == 1 and "57" in found[0].message and "day before" in found[0].message
    assert "GLOBAL-EM-SAME-DAY" not in rules(conn, claim(line(modifiers=("57",)), surgery))
    assert "GLOBAL-EM-SAME-DAY" not in rules(conn, claim(line(), line(2, "71046")))


def test_add_on_without_primary(conn):
    found = [
        f for f in findings(conn, claim(line(code="11045"))) if f.rule == "ADDON-WITHOUT-PRIMARY"
    ]
    assert len(found) == 1 and found[0].line == 1
    assert "ADDON-WITHOUT-PRIMARY" not in rules(conn, claim(line(code="11042"), line(2, "11045")))


def test_add_on_primary_on_another_claim_of_the_same_day_counts(conn):
    primary = claim(line(code="11042"), claim_id="A")
    add_on = claim(line(code="11045"), claim_id="B")
    checked = run(conn, add_on, primary)
    assert not [f for f in checked[0].findings if f.rule == "ADDON-WITHOUT-PRIMARY"]
    other_doctor = claim(line(code="11042"), claim_id="A", rendering_npi="1234567893")
    checked = run(conn, add_on, other_doctor)
    assert [f for f in checked[0].findings if f.rule == "ADDON-WITHOUT-PRIMARY"]


# ---- post-operative period (Pub 100-04 ch.12 §40.1-40.2; RVU read-me global days) -------------


def postop(conn, *lines, **kw) -> list:
    return [f for f in findings(conn, claim(*lines, **kw)) if f.rule == "GLOBAL-POSTOP"]


def test_em_in_the_post_operative_period_needs_24(conn):
    surgery = line(1, "27447", dos=DOS)
    visit = line(2, dos=DOS + timedelta(days=30))
    found = postop(conn, surgery, visit)
    assert len(found) == 1 and found[0].line == 2 and "24" in found[0].message
    assert "day 30 of the 90-day post-operative period of 27447" in found[0].message
    assert "§40" in found[0].source and "PPRRVU line" in found[0].source
    assert not postop(conn, surgery, line(2, modifiers=("24",), dos=DOS + timedelta(days=30)))
    assert not postop(conn, surgery, line(2, dos=DOS + timedelta(days=91)))  # period over


def test_ten_day_period_and_surgeries_on_other_claims(conn):
    minor = claim(line(1, "10060", dos=DOS), claim_id="S")
    day_10 = claim(line(1, dos=DOS + timedelta(days=10)), claim_id="V")
    day_11 = claim(line(1, dos=DOS + timedelta(days=11)), claim_id="W")
    checked = {c.claim.claim_id: c for c in run(conn, minor, day_10, day_11)}
    found = [f for f in checked["V"].findings if f.rule == "GLOBAL-POSTOP"]
    assert found and "claim S line 1" in found[0].message
    assert not [f for f in checked["W"].findings if f.rule == "GLOBAL-POSTOP"]
    other_doctor = claim(
        line(1, dos=DOS + timedelta(days=5)), claim_id="X", rendering_npi="1234567893"
    )
    assert not [f for f in run(conn, other_doctor, minor)[0].findings if f.rule == "GLOBAL-POSTOP"]


def test_procedure_in_the_post_operative_period_needs_58_78_or_79(conn):
    surgery = line(1, "27447", dos=DOS)
    injection = line(2, "20610", dos=DOS + timedelta(days=20))
    found = postop(conn, surgery, injection)
    assert len(found) == 1 and all(m in found[0].fix for m in ("58", "78", "79"))
    for modifier in ("58", "78", "79"):
        assert not postop(
            conn, surgery, line(2, "20610", modifiers=(modifier,), dos=DOS + timedelta(days=20))
        )
    assert not postop(conn, surgery, line(2, "71046", dos=DOS + timedelta(days=20)))  # a test


def test_surgical_care_only_leaves_the_post_operative_care_to_another(conn):
    assert not postop(
        conn, line(1, "27447", modifiers=("54",)), line(2, dos=DOS + timedelta(days=30))
    )


def test_critical_care_unrelated_to_the_surgery_takes_ft(conn):
    surgery = line(1, "27447", dos=DOS)
    assert postop(conn, surgery, line(2, "99291", dos=DOS + timedelta(days=3)))
    assert not postop(
        conn, surgery, line(2, "99291", modifiers=("FT",), dos=DOS + timedelta(days=3))
    )


def test_decision_for_surgery_the_day_before_keeps_57(conn):
    surgery = line(2, "27447", dos=DOS + timedelta(days=1))
    assert "GLOBAL-EM-SAME-DAY" not in rules(conn, claim(line(modifiers=("57",)), surgery))
    assert not postop(conn, line(modifiers=("57",)), surgery)


def test_one_patients_large_worklist_is_indexed_not_compared_pair_by_pair(conn):
    """2,000 claims of one patient the same day: indexed, linear work (the issue measured
    153 s when every E/M was compared with every line of the day)."""
    many = [
        claim(line(1, dos=DOS), line(2, "93000", dos=DOS), claim_id=f"C{i}") for i in range(2000)
    ]
    start = time.perf_counter()
    checked = run(conn, *many)
    assert len(checked) == 2000 and time.perf_counter() - start < 10


# ---- add-on codes: the fallback without CMS's add-on edit file ----------------------------------


def addon(conn, *lines) -> list:
    return [f for f in findings(conn, claim(*lines)) if f.rule == "ADDON-WITHOUT-PRIMARY"]


def test_g2211_goes_with_an_office_visit(conn):
    assert not addon(conn, line(1, "99213"), line(2, "G2211"))
    found = addon(conn, line(1, "G2211"))
    assert len(found) == 1 and "office/outpatient E/M" in found[0].message
    assert "no NCCI add-on code edit data is loaded" in found[0].source
    assert addon(conn, line(1, "99223"), line(2, "G2211"))  # hospital visit: not a primary


def test_99292_goes_with_99291(conn):
    assert not addon(conn, line(1, "99291"), line(2, "99292"))
    assert addon(conn, line(1, "99213"), line(2, "99292"))


def test_psychotherapy_add_ons_go_with_an_e_m(conn):
    assert not addon(conn, line(1, "99214"), line(2, "90833"))
    assert addon(conn, line(1, "90833"))
    assert not addon(conn, line(1, "99214"), line(2, "90833"), line(3, "90785"))
    assert addon(conn, line(1, "99214"), line(2, "90785"))  # interactive complexity alone


def test_other_add_ons_still_need_a_procedure_not_a_visit(conn):
    assert addon(conn, line(1, "99213"), line(2, "11045"))
    assert not addon(conn, line(1, "11042"), line(2, "11045"))


def test_no_add_on_edit_data_is_loaded_yet(conn):
    assert addon_primaries(conn, "11045", DOS) is None
