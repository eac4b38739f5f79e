"""NCCI PTP and MUE rules on files written in CMS's published layouts (tests/cms_layouts.py) and
loaded by the real importer into a copy of the bundled database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.support.claims import DOS, claim, findings, line, rules, run
from tests.support.cms_layouts import edits_connection, ptp_line

MISUSE = "Misuse of column two code with column one code"
EXCLUSIVE = "Mutually exclusive procedures"
PTP = [
    ptp_line("20610", "76942", False, "20150101", "*", "1", MISUSE),
    ptp_line("20611", "20610", False, "20160101", "*", "0", EXCLUSIVE),
    ptp_line("64483", "76942", False, "20150101", "20250930", "1", MISUSE),  # deleted
    ptp_line("99213", "96372", False, "20150101", "*", "9", MISUSE),  # not active
    ptp_line("11042", "97597", False, "20251001", "*", "1", MISUSE),  # makes it 2025 Q4
    ptp_line("20610", "96372", False, "20251115", "*", "0", MISUSE),  # starts mid-quarter
]
MUE = [
    "20610,2,1 Line Edit,Anatomic Consideration",
    "76942,1,2 Date of Service Edit: Policy,CMS Policy",
    "96372,4,3 Date of Service Edit: Clinical,Clinical: Data",
]


@pytest.fixture
def edits(db_path, tmp_path):
    """The bundled database plus a 2025 Q4 practitioner PTP part and MUE table."""
    with edits_connection(db_path, tmp_path, PTP, MUE) as conn:
        yield conn


def test_not_checked_without_data(conn):
    checked = run(conn, claim())[0]
    notices = {f.rule: f for f in checked.findings}
    assert notices["NCCI-NOT-CHECKED"].severity == "info"
    assert "2025 Q4" in notices["NCCI-NOT-CHECKED"].message
    # MUE values carry no dates: the bundled 2026Q2 table is used for 2025, labelled
    assert notices["MUE-OTHER-RELEASE"].severity == "info"
    assert "MUE 2026Q2" in notices["MUE-OTHER-RELEASE"].message


def test_checked_when_the_release_covers_the_dos(edits):
    checked = run(edits, claim())[0]
    assert checked.findings == [] and checked.status == "clean" and checked.not_checked == []
    q3 = run(edits, claim(line(dos=date(2025, 9, 15))))[0]
    assert q3.not_checked == ["NCCI-NOT-CHECKED"]
    assert "2025 Q3" in next(f for f in q3.findings if f.rule == "NCCI-NOT-CHECKED").message
    # MUE values carry no dates: the only (later) release is used and labelled as such
    assert q3.other_releases == ["MUE-OTHER-RELEASE"]


def test_column2_line_is_denied_without_a_modifier(edits):
    found = [
        f
        for f in findings(edits, claim(line(code="20610"), line(2, "76942")))
        if f.rule == "NCCI-PTP"
    ]
    assert len(found) == 1 and found[0].line == 2 and found[0].severity == "error"
    assert "20610" in found[0].message and "76942" in found[0].message
    assert found[0].source == "NCCI PTP 2025Q4, ccipra-v313r0-f1.txt line 7"
    assert found[0].money_at_stake is not None and found[0].money_at_stake > Decimal(0)


def test_ncci_associated_modifier_bypasses_indicator_1_only(edits):
    assert "NCCI-PTP" not in rules(edits, claim(line(code="20610"), line(2, "76942", ("XU",))))
    never = claim(line(code="20611"), line(2, "20610", ("59",)))
    assert "NCCI-PTP" in rules(edits, never)  # indicator 0: never bypassed


def test_deleted_inactive_and_other_day_edits_do_not_apply(edits):
    assert "NCCI-PTP" not in rules(edits, claim(line(code="64483"), line(2, "76942")))
    assert "NCCI-PTP" not in rules(edits, claim(line(), line(2, "96372")))
    assert "NCCI-PTP" not in rules(
        edits, claim(line(code="20610"), line(2, "76942", dos=date(2025, 11, 4)))
    )


def test_ncci_compares_claims_of_the_same_patient_provider_and_day(edits):
    column1 = claim(line(code="20610"), claim_id="A")
    column2 = claim(line(code="76942"), claim_id="B")
    checked = run(edits, column1, column2)
    assert [f.rule for f in checked[1].findings] == ["NCCI-PTP"]
    assert "claim A line 1" in checked[1].findings[0].message
    other = claim(line(code="76942"), claim_id="B", patient_id="P2")
    assert run(edits, column1, other)[1].findings == []


def test_mue_per_line(edits):
    found = [
        f for f in findings(edits, claim(line(code="20610", units=Decimal(3)))) if f.rule == "MUE"
    ]
    assert len(found) == 1 and "per line" in found[0].message
    assert "MAI 1" in found[0].source and found[0].money_at_stake is not None
    two_lines = claim(
        line(code="20610", units=Decimal(2)), line(2, "20610", ("LT",), units=Decimal(2))
    )
    assert "MUE" not in rules(edits, two_lines)


def test_mue_per_day_adds_the_lines_of_the_day(edits):
    per_day = claim(line(code="76942"), line(2, "76942", ("76",)))
    found = [f for f in findings(edits, per_day) if f.rule == "MUE"]
    assert len(found) == 1 and "per day" in found[0].message and "never paid" in found[0].message
    assert "MUE" not in rules(edits, claim(line(code="76942")))
    clinical = claim(line(code="96372", units=Decimal(5)))
    assert "appeal" in [f for f in findings(edits, clinical) if f.rule == "MUE"][0].message
    assert "MUE" not in rules(
        edits,
        claim(
            line(code="96372", units=Decimal(4)),
            line(2, "96372", units=Decimal(4), dos=DOS.replace(day=4)),
        ),
    )


def test_anesthesia_minutes_count_as_one_service_for_the_mue(edits):
    minutes = claim(line(code="20610", units=Decimal(45), unit_basis="MJ"))
    assert "MUE" not in rules(edits, minutes)


def test_an_edit_applies_only_from_its_effective_date(edits):
    before = claim(line(code="20610"), line(2, "96372"))
    assert "NCCI-PTP" not in rules(edits, before)
    after = claim(
        line(code="20610", dos=date(2025, 11, 20)), line(2, "96372", dos=date(2025, 11, 20))
    )
    assert "NCCI-PTP" in rules(edits, after)


def test_units_above_the_mue_are_caught_with_another_quarters_release(edits):
    """No MUE release covers 2025 Q3 or 2026 Q1: the loaded one is used, labelled (the release
    policy, MUE-OTHER-RELEASE), and units above it are still reported (issue 10)."""
    for day in (date(2025, 9, 15), date(2026, 1, 15)):
        checked = run(
            edits, claim(line(code="20610", units=Decimal(3), dos=day)), as_of=date(2026, 2, 1)
        )[0]
        found = [f for f in checked.findings if f.rule == "MUE"]
        assert len(found) == 1 and "per line" in found[0].message
        assert "MUE-OTHER-RELEASE" in checked.other_releases
        assert "MUE" not in {
            f.rule
            for f in run(edits, claim(line(code="20610", dos=day)), as_of=date(2026, 2, 1))[
                0
            ].findings
        }


def test_clean_claims_of_each_kind_stay_clean(edits):
    """59/XS on the column 2 line of a modifier-indicator-1 edit, and 25 on an E/M billed with a
    minor procedure, are used correctly: the claims are clean (issue 10)."""
    for modifier in ("XS", "59"):
        distinct = claim(line(code="20610"), line(2, "76942", modifiers=(modifier,)))
        checked = run(edits, distinct)[0]
        assert checked.status == "clean", checked.findings
    separate_visit = claim(line(modifiers=("25",)), line(2, "11042"))
    checked = run(edits, separate_visit)[0]
    assert checked.status == "clean", checked.findings
    assert run(edits, claim(line(), line(2, "11042")))[0].status == "errors"
