"""The scrubber and the fee calculator agree on payment modifiers (issue 10): for every payable
code of the bundled RVU25D rows and each payment modifier, a line the calculator refuses to pay
because of its modifier is never a clean line in the scrubber."""

from __future__ import annotations

from datetime import date

from core.claims.finding import ERROR, WARNING
from core.fees import LineRequest, price_line
from core.scrub.engine import scrub
from tests.support.claims import AS_OF, DOS, claim, line

MODIFIERS = ("26", "TC", "53", "80", "AS", "62", "66")
MODIFIER_RULES = {"MOD-PCTC", "MOD-53", "MOD-ASSISTANT", "MOD-COSURGEON", "MOD-TEAM"}


def test_every_modifier_the_calculator_refuses_is_a_finding(conn):
    codes = [
        row[0]
        for row in conn.execute(
            "SELECT hcpcs FROM pfs_rvu WHERE release = 'RVU25D' AND modifier = '' "
            "AND status IN ('A', 'R', 'T') ORDER BY hcpcs"
        )
    ]
    refused: list[tuple[str, str]] = []
    for code in codes:
        for modifier in MODIFIERS:
            priced = price_line(conn, LineRequest(code, (modifier,), date_of_service=DOS))
            if priced.amount is None:
                refused.append((code, modifier))
    assert len(refused) > 1000  # plenty of real refusals to check
    claims = [
        claim(
            line(code=code, modifiers=(modifier,)),
            claim_id=f"{code}-{modifier}",
            patient_id=f"P{number}",
        )
        for number, (code, modifier) in enumerate(refused)
    ]
    unreported = [
        item.claim.claim_id
        for item in scrub(conn, claims, AS_OF)
        if not any(
            f.rule in MODIFIER_RULES and f.severity in (ERROR, WARNING) for f in item.findings
        )
    ]
    assert unreported == []


def test_paid_modifiers_are_not_reported(conn):
    paid = [("27447", "80"), ("27447", "62"), ("71046", "26"), ("45378", "53")]
    for code, modifier in paid:
        assert price_line(conn, LineRequest(code, (modifier,), date_of_service=DOS)).amount
    checked = scrub(
        conn,
        [
            claim(line(code=c, modifiers=(m,)), claim_id=f"{c}-{m}", patient_id=f"{c}-{m}")
            for c, m in paid
        ],
        date(2025, 12, 1),
    )
    by_claim = {
        item.claim.claim_id: {f.rule for f in item.findings} & MODIFIER_RULES for item in checked
    }
    assert by_claim == {
        "27447-80": set(),
        "27447-62": {"MOD-COSURGEON"},  # 1: documents
        "71046-26": set(),
        "45378-53": set(),
    }
