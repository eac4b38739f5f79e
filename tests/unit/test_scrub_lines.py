"""Lines, dates, NPI, place of service and patient rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.scrub.rules_lines import npi_valid
from tests.support.claims import claim, findings, line, rules, run


def test_units(conn):
    for units in (None, Decimal(0), Decimal(-1)):
        found = [f for f in findings(conn, claim(line(units=units))) if f.rule == "LINE-UNITS"]
        assert len(found) == 1 and found[0].line == 1
    assert "LINE-UNITS" not in rules(conn, claim(line(units=Decimal(2))))


def test_charge(conn):
    found = [f for f in findings(conn, claim(line(charge=None))) if f.rule == "LINE-CHARGE"]
    assert len(found) == 1 and found[0].money_at_stake is not None
    assert "LINE-CHARGE" in rules(conn, claim(line(charge=Decimal(0))))
    assert "LINE-CHARGE" not in rules(conn, claim(line(charge=Decimal("0.01"))))


def test_duplicate_line_in_the_claim_and_across_claims(conn):
    found = [f for f in findings(conn, claim(line(), line(2))) if f.rule == "LINE-DUPLICATE"]
    assert [f.line for f in found] == [2] and "line 1" in found[0].message
    first, second = claim(claim_id="A"), claim(claim_id="B")
    checked = {c.claim.claim_id: c for c in run(conn, first, second)}
    assert not [f for f in checked["A"].findings if f.rule == "LINE-DUPLICATE"]
    assert [f.rule for f in checked["B"].findings if f.rule == "LINE-DUPLICATE"]
    assert "LINE-DUPLICATE" not in rules(conn, claim(line(), line(2, modifiers=("76",))))
    assert "LINE-DUPLICATE" not in rules(conn, claim(line(), line(2, code="99214")))


def test_future_date_of_service(conn):
    found = [f for f in findings(conn, claim(), as_of=date(2025, 11, 2)) if f.rule == "DOS-FUTURE"]
    assert len(found) == 1 and "2025-11-03" in found[0].message
    assert "DOS-FUTURE" not in rules(conn, claim(), as_of=date(2025, 11, 3))


def test_timely_filing(conn):
    late = [
        f for f in findings(conn, claim(), as_of=date(2026, 11, 4)) if f.rule == "TIMELY-FILING"
    ]
    assert len(late) == 1 and late[0].severity == "error"
    assert late[0].money_at_stake is not None and late[0].money_at_stake > 0
    soon = [
        f for f in findings(conn, claim(), as_of=date(2026, 10, 20)) if f.rule == "TIMELY-FILING"
    ]
    # one calendar year after the DOS (2025-11-03), the anniversary included (42 CFR 424.44)
    assert soon[0].severity == "warning" and "14 days left to file" in soon[0].message
    last = [
        f for f in findings(conn, claim(), as_of=date(2026, 11, 2)) if f.rule == "TIMELY-FILING"
    ]
    assert "1 day left to file" in last[0].message
    assert "TIMELY-FILING" not in rules(conn, claim(), as_of=date(2026, 9, 1))


def test_npi_check_digit():
    assert npi_valid("1234567893") and npi_valid("1245319599")
    assert not npi_valid("1234567890") and not npi_valid("123456789") and not npi_valid("")


def test_invalid_npi(conn):
    found = [f for f in findings(conn, claim(billing_npi="1234567890")) if f.rule == "NPI-INVALID"]
    assert len(found) == 1 and "billing" in found[0].message and found[0].line is None
    on_line = claim(line(rendering_npi="12345"))
    assert [f.line for f in findings(conn, on_line) if f.rule == "NPI-INVALID"] == [1]
    assert "NPI-INVALID" not in rules(conn, claim(line(rendering_npi="1245319599")))


def test_place_of_service(conn):
    assert "POS-UNKNOWN" in rules(conn, claim(pos="98"))
    assert "POS-UNKNOWN" in rules(conn, claim(pos=""))
    assert [f.line for f in findings(conn, claim(line(pos="00"))) if f.rule == "POS-UNKNOWN"] == [1]
    assert "POS-UNKNOWN" not in rules(conn, claim(pos="22"))


def test_patient_incomplete(conn):
    found = [f for f in findings(conn, claim(dob=None, sex=None)) if f.rule == "PATIENT-INCOMPLETE"]
    assert len(found) == 1 and "date of birth, sex" in found[0].message
    assert "PATIENT-INCOMPLETE" in rules(conn, claim(patient_id=""))
    assert "PATIENT-INCOMPLETE" in rules(conn, claim(dob=date(2025, 12, 1)))
    assert "PATIENT-INCOMPLETE" not in rules(conn, claim())
