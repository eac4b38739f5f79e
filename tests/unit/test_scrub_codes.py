"""CODE-UNKNOWN, CODE-NOT-EFFECTIVE, CODE-NOT-PAYABLE on the real 2025 PFS releases."""

from __future__ import annotations

from datetime import date

import pytest

from core.db import open_readonly
from tests.support.claims import claim, findings, line, rules


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
        full_pfs, claim(line(code="M1389", dos=date(2025, 3, 3))), as_of=date(2025, 4, 1))


def test_status_not_payable(conn):
    found = [f for f in findings(conn, claim(line(code="36415"))) if f.rule == "CODE-NOT-PAYABLE"]
    assert len(found) == 1 and found[0].severity == "error"
    assert "status X" in found[0].message and "PPRRVU line" in found[0].source
    assert "CODE-NOT-PAYABLE" not in rules(conn, claim(line(code="99213")))
