"""Modifier rules against the RVU25D indicators of the real PPRRVU rows."""

from __future__ import annotations

from tests.support.claims import claim, findings, line, rules


def one(conn, rule: str, *lines) -> list:
    return [f for f in findings(conn, claim(*lines)) if f.rule == rule]


def test_unknown_modifier(conn):
    found = one(conn, "MOD-UNKNOWN", line(modifiers=("9Z",)))
    assert len(found) == 1 and "9Z" in found[0].message
    assert "MOD-UNKNOWN" not in rules(conn, claim(line(code="71046", modifiers=("26",))))


def test_pctc(conn):
    found = one(conn, "MOD-PCTC", line(modifiers=("26",)))  # 99213: PC/TC indicator 0
    assert len(found) == 1 and "indicator 0" in found[0].message
    assert "RVU25D" in found[0].source
    assert "MOD-PCTC" not in rules(conn, claim(line(code="71046", modifiers=("TC",))))


def test_bilateral(conn):
    found = one(conn, "MOD-BILATERAL", line(code="10060", modifiers=("50",)))  # indicator 0
    assert len(found) == 1 and found[0].severity == "error"
    assert "MOD-BILATERAL" not in rules(conn, claim(line(code="20610", modifiers=("50",))))


def test_assistant(conn):
    never = one(conn, "MOD-ASSISTANT", line(code="20610", modifiers=("80",)))  # indicator 1
    assert never[0].severity == "error"
    documented = one(conn, "MOD-ASSISTANT", line(code="11045", modifiers=("AS",)))  # 0
    assert documented[0].severity == "warning"
    assert "MOD-ASSISTANT" not in rules(conn, claim(line(code="27447", modifiers=("80",))))


def test_co_surgeon(conn):
    assert one(conn, "MOD-COSURGEON", line(code="20610", modifiers=("62",)))[0].severity == "error"
    assert (
        one(conn, "MOD-COSURGEON", line(code="27447", modifiers=("62",)))[0].severity == "warning"
    )
    assert "MOD-COSURGEON" not in rules(conn, claim(line(code="27447")))


def test_25_only_on_em(conn):
    found = one(conn, "MOD-25-NOT-EM", line(code="20610", modifiers=("25",)))
    assert len(found) == 1 and found[0].money_at_stake is not None
    assert "MOD-25-NOT-EM" not in rules(conn, claim(line(modifiers=("25",))))


def test_conflicting_modifiers(conn):
    assert one(conn, "MOD-CONFLICT", line(code="20610", modifiers=("59", "XS")))
    assert one(conn, "MOD-CONFLICT", line(code="20610", modifiers=("LT", "RT")))
    assert one(conn, "MOD-CONFLICT", line(code="71046", modifiers=("26", "TC")))
    assert "MOD-CONFLICT" not in rules(conn, claim(line(code="20610", modifiers=("XS", "RT"))))


def test_team_surgery_against_its_indicator(conn):
    """RVU read-me, Team Surgery: 0 not permitted; 1 with documentation, priced by report."""
    refused = one(conn, "MOD-TEAM", line(code="27447", modifiers=("66",)))  # indicator 0
    assert len(refused) == 1 and refused[0].severity == "error"
    by_report = one(conn, "MOD-TEAM", line(code="65855", modifiers=("66",)))  # indicator 1
    assert len(by_report) == 1 and by_report[0].severity == "warning"
    assert "by report" in by_report[0].message
    assert "MOD-TEAM" not in rules(conn, claim(line(code="65855")))


def test_discontinued_without_a_53_row_is_priced_by_the_contractor(conn):
    found = one(conn, "MOD-53", line(modifiers=("53",)))
    assert len(found) == 1 and found[0].severity == "warning"
    assert "MOD-53" not in rules(conn, claim(line(code="45378", modifiers=("53",))))


def test_ambulance_origin_and_destination_pairs(conn):
    """Pub 100-04 ch.15 §30.A: one-letter origin and destination codes in pairs (RH)."""
    assert "MOD-UNKNOWN" not in rules(conn, claim(line(code="A0427", modifiers=("RH",))))
    assert "MOD-UNKNOWN" not in rules(conn, claim(line(code="A0425", modifiers=("SH", "GY"))))
    on_a_visit = one(conn, "MOD-UNKNOWN", line(modifiers=("RH",)))
    assert len(on_a_visit) == 1 and "ambulance" in on_a_visit[0].message
    assert one(conn, "MOD-UNKNOWN", line(code="A0427", modifiers=("RZ",)))
