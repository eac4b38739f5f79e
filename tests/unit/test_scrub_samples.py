"""Every sample X12 837P file of ../shared/reference/x12 scrubbed end to end."""

from __future__ import annotations

from datetime import date

import pytest

from core.claims.finding import CLEAN, ERRORS, SEVERITIES, WARNINGS
from core.claims_io import load_worklist
from core.scrub.engine import scrub
from tests.support.worklists import x12_file
from tests.unit.test_claims_x12 import SAMPLES

RULE_IDS = {
    "CODE-UNKNOWN",
    "CODE-NOT-EFFECTIVE",
    "CODE-NOT-PAYABLE",
    "DX-MISSING",
    "DX-UNKNOWN",
    "DX-NOT-BILLABLE",
    "DX-EXCLUDES1",
    "DX-CODE-FIRST",
    "DX-AGE",
    "DX-SEX",
    "DX-POINTER",
    "DX-NOT-EFFECTIVE",
    "DX-DELETED",
    "DX-FIRST-LISTED",
    "DX-NOT-CHECKED",
    "NCCI-PTP",
    "MUE",
    "NCCI-NOT-CHECKED",
    "MUE-NOT-CHECKED",
    "ADDON-WITHOUT-PRIMARY",
    "GLOBAL-EM-SAME-DAY",
    "MOD-UNKNOWN",
    "MOD-PCTC",
    "MOD-BILATERAL",
    "MOD-ASSISTANT",
    "MOD-COSURGEON",
    "MOD-25-NOT-EM",
    "MOD-CONFLICT",
    "LINE-DUPLICATE",
    "LINE-UNITS",
    "LINE-CHARGE",
    "DOS-FUTURE",
    "TIMELY-FILING",
    "NPI-INVALID",
    "POS-UNKNOWN",
    "PATIENT-INCOMPLETE",
    "CODE-OTHER-SCHEDULE",
    "PAYER-TYPE-UNKNOWN",
    "GLOBAL-POSTOP",
    "MOD-53",
    "MOD-TEAM",
    "PCTC-FACILITY",
    "NCCI-OTHER-RELEASE",
    "MUE-OTHER-RELEASE",
}


@pytest.mark.parametrize(
    "folder, name, claims, lines", SAMPLES, ids=[f"{s[0]}/{s[1]}" for s in SAMPLES]
)
def test_each_sample_837_scrubs_end_to_end(conn, folder, name, claims, lines):
    loaded = load_worklist([x12_file(folder, name)])
    checked = scrub(conn, loaded.claims, date(2025, 12, 1))
    assert len(checked) == len(loaded.claims) == claims
    for item in checked:
        assert item.status in (CLEAN, WARNINGS, ERRORS)
        rules = {f.rule for f in item.findings}
        assert rules <= RULE_IDS
        # no NCCI PTP data is bundled, and the bundled MUE quarter (2026Q2) is not the
        # samples' (2004-2017): never presented as fully checked
        assert "NCCI-NOT-CHECKED" in rules and "MUE-OTHER-RELEASE" in rules
        for finding in item.findings:
            assert finding.severity in SEVERITIES and finding.message and finding.fix
            assert finding.line is None or 1 <= finding.line <= len(item.claim.lines)
