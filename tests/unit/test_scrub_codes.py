"""CODE-UNKNOWN, CODE-NOT-EFFECTIVE, CODE-NOT-PAYABLE on the real 2025 PFS releases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.db import open_readonly
from core.workspace.payers import MEDICARE, PayerProfile
from tests.support.claims import claim, findings, line, rules, run


@pytest.fixture
def full_pfs(imported_db):
    """RVU25A (January) and RVU25D (October) as CMS published them."""
    conn = open_readonly(imported_db)
    yield conn
    conn.close()


def test_unknown_code_with_the_full_cms_file(full_pfs):
    found = findings(full_pfs, claim(line(code="99999")))
    assert [f.rule for f in found] == ["CODE-UNKNOWN"]
    assert found[0].line == 1 and "99999" in found[0].message and found[0].severity == "error"
    assert "RVU25D" in found[0].source
    assert "CODE-UNKNOWN" not in rules(full_pfs, claim(line(code="97597")))


def test_unknown_code_with_only_the_bundled_part_of_the_fee_schedule(conn):
    found = findings(conn, claim(line(code="99999")))
    assert [(f.rule, f.severity) for f in found] == [("CODE-UNKNOWN", "warning")]
    assert "bundled" in found[0].message
    malformed = [f for f in findings(conn, claim(line(code="478331"))) if f.rule == "CODE-UNKNOWN"]
    assert malformed[0].severity == "error"
    assert "CODE-UNKNOWN" not in rules(conn, claim(line(code="99213")))


def test_code_new_in_october_is_not_effective_in_march(full_pfs):
    march = date(2025, 3, 3)
    found = findings(full_pfs, claim(line(code="0948T", dos=march)), as_of=date(2025, 4, 1))
    codes = [f for f in found if f.rule == "CODE-NOT-EFFECTIVE"]
    assert len(codes) == 1 and "RVU25A" in codes[0].message and "RVU25D" in codes[0].message
    assert "CODE-NOT-EFFECTIVE" not in rules(full_pfs, claim(line(code="0948T")))


def test_code_dropped_in_october_is_not_effective_in_november(full_pfs):
    assert "CODE-NOT-EFFECTIVE" in rules(full_pfs, claim(line(code="M1389")))
    assert "CODE-NOT-EFFECTIVE" not in rules(
        full_pfs, claim(line(code="M1389", dos=date(2025, 3, 3))), as_of=date(2025, 4, 1)
    )


def test_status_not_payable(conn):
    """RVU read-me, Attachment A: N (non-covered) is never paid by Medicare."""
    found = [f for f in findings(conn, claim(line(code="58300"))) if f.rule == "CODE-NOT-PAYABLE"]
    assert len(found) == 1 and found[0].severity == "error"
    assert "status N" in found[0].message and "PPRRVU line" in found[0].source
    assert "Medicare claim (837 filing indicator SBR09 MB" in found[0].message
    assert "CODE-NOT-PAYABLE" not in rules(conn, claim(line(code="99213")))


@pytest.mark.parametrize("code, status", [("36415", "X"), ("80053", "X"), ("J1100", "E")])
def test_status_e_and_x_are_paid_under_another_fee_schedule(conn, code, status):
    """Attachment A: E (excluded by regulation) and X (statutory exclusion: labs, venipuncture,
    ambulance) are not physician fee schedule services; Medicare pays them elsewhere."""
    found = findings(conn, claim(line(code=code)))
    other = [f for f in found if f.rule == "CODE-OTHER-SCHEDULE"]
    assert len(other) == 1 and other[0].severity == "info" and other[0].money_at_stake is None
    assert f"status {status}" in other[0].message and "another fee schedule" in other[0].message
    assert "CODE-NOT-PAYABLE" not in {f.rule for f in found}
    assert "CODE-OTHER-SCHEDULE" not in rules(conn, claim(line(code="99213")))


@pytest.mark.parametrize("code", ["58300", "97014", "36415"])  # N, I, X
def test_status_rules_are_medicare_only(conn, code):
    commercial = claim(line(code=code), payer="Acme Health", filing_indicator="CI")
    assert not rules(conn, commercial) & {"CODE-NOT-PAYABLE", "CODE-OTHER-SCHEDULE"}
    advantage = claim(line(code=code), payer="Blue Senior", filing_indicator="16")
    assert not rules(conn, advantage) & {"CODE-NOT-PAYABLE", "CODE-OTHER-SCHEDULE"}


def test_an_unknown_payer_type_is_said_not_passed(conn):
    unknown = claim(line(code="58300"), payer="Acme Health", filing_indicator="")
    found = findings(conn, unknown)
    said = [f for f in found if f.rule == "PAYER-TYPE-UNKNOWN"]
    assert len(said) == 1 and said[0].severity == "info" and "Acme Health" in said[0].fix
    assert "CODE-NOT-PAYABLE" not in {f.rule for f in found}
    assert "PAYER-TYPE-UNKNOWN" not in rules(conn, claim(line(code="58300")))


def test_a_payer_profile_makes_a_claim_medicare(conn):
    unknown = claim(line(code="58300"), payer="Novitas JL", filing_indicator="")
    profile = PayerProfile("Novitas JL", Decimal(100), MEDICARE)
    checked = run(conn, unknown, payers=[profile])[0]
    found = [f for f in checked.findings if f.rule == "CODE-NOT-PAYABLE"]
    assert found and "payer profile 'Novitas JL'" in found[0].message
