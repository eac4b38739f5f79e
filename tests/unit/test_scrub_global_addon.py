"""Global surgery and add-on rules with the real RVU25D global days."""

from __future__ import annotations

from datetime import timedelta

from tests.support.claims import DOS, claim, findings, line, rules, run


def test_em_same_day_as_minor_procedure_needs_25(conn):
    found = [f for f in findings(conn, claim(line(), line(2, "11042")))
             if f.rule == "GLOBAL-EM-SAME-DAY"]
    assert len(found) == 1 and found[0].line == 1 and "11042" in found[0].message
    assert found[0].money_at_stake is not None
    assert "GLOBAL-EM-SAME-DAY" not in rules(conn, claim(line(modifiers=("25",)),
                                                          line(2, "11042")))


def test_em_day_before_major_surgery_needs_57(conn):
    surgery = line(2, "27447", dos=DOS + timedelta(days=1))
    found = [f for f in findings(conn, claim(line(), surgery)) if f.rule == "GLOBAL-EM-SAME-DAY"]
    assert len(found) == 1 and "57" in found[0].message and "day before" in found[0].message
    assert "GLOBAL-EM-SAME-DAY" not in rules(conn, claim(line(modifiers=("57",)), surgery))
    assert "GLOBAL-EM-SAME-DAY" not in rules(conn, claim(line(), line(2, "71046")))


def test_add_on_without_primary(conn):
    found = [f for f in findings(conn, claim(line(code="11045")))
             if f.rule == "ADDON-WITHOUT-PRIMARY"]
    assert len(found) == 1 and found[0].line == 1
    assert "ADDON-WITHOUT-PRIMARY" not in rules(conn, claim(line(code="11042"),
                                                             line(2, "11045")))


def test_add_on_primary_on_another_claim_of_the_same_day_counts(conn):
    primary = claim(line(code="11042"), claim_id="A")
    add_on = claim(line(code="11045"), claim_id="B")
    checked = run(conn, add_on, primary)
    assert not [f for f in checked[0].findings if f.rule == "ADDON-WITHOUT-PRIMARY"]
    other_doctor = claim(line(code="11042"), claim_id="A", rendering_npi="1234567893")
    checked = run(conn, add_on, other_doctor)
    assert [f for f in checked[0].findings if f.rule == "ADDON-WITHOUT-PRIMARY"]
