"""The engine and the finding model: status, expected amount, progress, JSON shape."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.claims.finding import Finding, status_of
from core.db import open_readonly
from core.fees import LineRequest, price_encounter
from core.jobs import Cancelled
from core.scrub.engine import scrub
from tests.support.claims import AS_OF, DOS, NOT_CHECKED, claim, line, run


def test_clean_claim_has_only_the_not_checked_notices(conn):
    checked = run(conn, claim())[0]
    assert {f.rule for f in checked.findings} == NOT_CHECKED
    assert all(f.severity == "info" for f in checked.findings)
    assert checked.status == "clean"
    assert checked.not_checked == ["NCCI-NOT-CHECKED"]
    assert checked.other_releases == ["MUE-OTHER-RELEASE"]


def test_expected_amount_is_the_fee_calculators_national_amount_without_zip(conn):
    checked = run(conn, claim(line(), line(2, "71046", ("26",))))[0]
    expected = price_encounter(
        conn,
        [
            LineRequest("99213", (), 1, pos="11", date_of_service=DOS),
            LineRequest("71046", ("26",), 1, pos="11", date_of_service=DOS),
        ],
    ).total
    assert checked.expected_amount == expected and expected > Decimal(0)
    assert any("national" in note for note in checked.amount_notes)


def test_expected_amount_uses_the_service_zip_when_the_zip5_file_is_loaded(imported_db):
    conn = open_readonly(imported_db)
    try:
        checked = run(conn, claim(service_zip="60611"))[0]
        local = price_encounter(
            conn, [LineRequest("99213", (), 1, zip_code="60611", pos="11", date_of_service=DOS)]
        ).total
        national = price_encounter(
            conn, [LineRequest("99213", (), 1, pos="11", date_of_service=DOS)]
        ).total
    finally:
        conn.close()
    assert checked.expected_amount == local != national
    assert not any("national" in note for note in checked.amount_notes)


def test_status_follows_the_worst_severity():
    def f(severity: str) -> Finding:
        return Finding("X", severity, "C1", None, "m", "f", "s")

    assert status_of([]) == "clean" and status_of([f("info")]) == "clean"
    assert status_of([f("info"), f("warning")]) == "warnings"
    assert status_of([f("warning"), f("error")]) == "errors"


def test_scrub_reports_progress_and_stops_when_cancelled(conn):
    reports: list[tuple[str, float]] = []
    claims = [claim(claim_id="A"), claim(claim_id="B")]
    checked = scrub(
        conn, claims, AS_OF, progress=lambda text, fraction: reports.append((text, fraction))
    )
    assert [c.claim.claim_id for c in checked] == ["A", "B"]
    fractions = [fraction for _, fraction in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert reports[-1][0] == "Scrubbed 2 of 2 claims"

    def cancel_at_scrubbing(text: str, fraction: float) -> None:
        if text.startswith("Scrubbed"):
            raise Cancelled()

    with pytest.raises(Cancelled):
        scrub(conn, claims, AS_OF, progress=cancel_at_scrubbing)


def test_to_dict_has_the_documented_shape(conn):
    data = run(conn, claim(line(units=None)))[0].to_dict()
    assert data["claim_id"] == "C1" and data["status"] == "errors"
    finding = next(f for f in data["findings"] if f["rule"] == "LINE-UNITS")
    assert {"rule", "severity", "line", "message", "fix"} <= set(finding)
    assert finding["line"] == 1 and finding["severity"] == "error"


def test_expected_amounts_follow_the_same_day_rules(conn):
    """Status T beside a visit is $0 (RVU read-me, Attachment A) and an RT/LT pair of a
    bilateral indicator 1 code is 150% (read-me, bilateral indicator), said in the notes."""
    checked = run(
        conn, claim(line(), line(2, "94760"), line(3, "20610", ("RT",)), line(4, "20610", ("LT",)))
    )[0]
    visit, oximetry, right, left = (checked.line_amounts[n] for n in (1, 2, 3, 4))
    assert visit == Decimal("88.95") and oximetry == Decimal("0.00")
    assert left is not None and right is not None and left < right
    assert any("line 2 94760: bundled" in note for note in checked.amount_notes)
    assert any("line 3 20610" in note and "bilateral" in note for note in checked.amount_notes)
    other_provider = claim(line(), line(2, "94760", rendering_npi="1234567893"))
    assert run(conn, other_provider)[0].line_amounts[2] > 0
    # the visit on another claim of the same patient, provider and day bundles it too
    split = run(conn, claim(line(1, "94760"), claim_id="T"), claim(line(), claim_id="V"))
    assert split[0].line_amounts[1] == Decimal("0.00")
    assert any("claim V" in note and "bundled" in note for note in split[0].amount_notes)
    alone = run(
        conn, claim(line(1, "94760"), claim_id="T"), claim(line(), claim_id="V", patient_id="P2")
    )
    assert alone[0].line_amounts[1] > 0
