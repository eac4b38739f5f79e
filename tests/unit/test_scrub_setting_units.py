"""PC/TC by place of service and fractional units (issue 10), on the RVU25D rows."""

from __future__ import annotations

from decimal import Decimal

from core.fees import LineRequest, price_line
from tests.support.claims import DOS, claim, findings, line, rules


def pctc(conn, *lines, **kw) -> list:
    return [f for f in findings(conn, claim(*lines, **kw)) if f.rule == "PCTC-FACILITY"]


def test_global_test_in_a_hospital_outpatient_setting_is_an_error(conn):
    """PC/TC indicator 1 (RVU read-me, Attachment A) at POS 22: the hospital bills the TC."""
    found = pctc(conn, line(code="71046"), pos="22")
    assert len(found) == 1 and found[0].severity == "error"
    pc = price_line(conn, LineRequest("71046", ("26",), pos="22", date_of_service=DOS)).amount
    glob = price_line(conn, LineRequest("71046", pos="22", date_of_service=DOS)).amount
    assert f"with 26 it pays ${pc:,.2f}" in found[0].message
    assert found[0].money_at_stake == glob and "PC/TC indicator 1" in found[0].source
    technical = pctc(conn, line(code="71046", modifiers=("TC",)), pos="21")
    assert len(technical) == 1 and "with TC" in technical[0].message


def test_the_professional_part_or_an_office_is_clean(conn):
    assert not pctc(conn, line(code="71046", modifiers=("26",)), pos="22")
    assert not pctc(conn, line(code="71046"), pos="11")  # office: global is right
    assert not pctc(conn, line(code="99213"), pos="22")  # PC/TC 0: not a test
    assert not pctc(conn, line(code="93000"), pos="22")  # PC/TC 4: global-only code
    assert not pctc(conn, line(code="71046", pos="11"), pos="22")  # the line's own POS wins


def test_fractional_units_of_a_code_counted_in_whole_units(conn):
    found = [f for f in findings(conn, claim(line(units=Decimal("1.5")))) if f.rule == "LINE-UNITS"]
    assert len(found) == 1 and "1.5 units" in found[0].message
    assert "LINE-UNITS" not in rules(conn, claim(line(units=Decimal(2))))


def test_anesthesia_time_may_be_a_fraction(conn):
    assert "LINE-UNITS" not in rules(conn, claim(line(code="00142", units=Decimal("3.5"))))
    assert "LINE-UNITS" not in rules(
        conn, claim(line(code="00142", units=Decimal("47"), unit_basis="MJ"))
    )
