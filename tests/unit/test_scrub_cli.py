"""`scrub` as a user runs it: a subprocess with exit status and output."""

from __future__ import annotations

import json
import subprocess

from tests.support.worklists import HEADER, worklist_row, write_csv, x12_file
from tests.unit.test_cli import run

CLEAN = worklist_row(service_zip="", dos="2025-11-03")
BAD = worklist_row(
    claim_id="1002",
    patient_id="P2",
    patient_dob="1960-01-01",
    patient_sex="M",
    billing_npi="1234567890",
    service_zip="",
    dos="2025-11-03",
    dx_pointers="B",
    dx1="N40.0",
)


def findings_of(scrubbed: subprocess.CompletedProcess[str], rule: str) -> list[dict]:
    """The findings of `rule` on every claim of `scrub --json`'s output."""
    claims = json.loads(scrubbed.stdout)["claims"]
    return [f for c in claims for f in c["findings"] if f["rule"] == rule]


def test_json_report_of_a_clean_and_a_bad_claim(tmp_path, built_db):
    path = write_csv(tmp_path / "w.csv", [HEADER, CLEAN, BAD])
    result = run("scrub", str(path), "--db", str(built_db), "--json", "--as-of", "2025-12-01")
    assert result.returncode == 0, result.stderr
    claims = {c["claim_id"]: c for c in json.loads(result.stdout)["claims"]}
    assert claims["1001"]["status"] == "clean"
    assert {f["rule"] for f in claims["1001"]["findings"]} == {
        "NCCI-NOT-CHECKED",
        "MUE-OTHER-RELEASE",
    }
    assert claims["1001"]["expected_amount"] is not None
    bad = {(f["rule"], f["line"]) for f in claims["1002"]["findings"]}
    assert {("NPI-INVALID", None), ("DX-POINTER", 1)} <= bad
    assert claims["1002"]["status"] == "errors"


def test_text_report_and_exit_status(tmp_path, built_db):
    path = write_csv(tmp_path / "w.csv", [HEADER, BAD])
    result = run("scrub", str(path), "--db", str(built_db), "--as-of", "2025-12-01")
    assert result.returncode == 0
    assert "claim 1002: errors (not checked: NCCI; other quarter: MUE)" in result.stdout
    assert "NPI-INVALID" in result.stdout and "fix:" in result.stdout
    # the CLI names its own command to import with (the GUI says File > Import CMS release...)
    assert "python main.py import-cms" in result.stdout and "File >" not in result.stdout


def test_bad_usage_exits_2(tmp_path, built_db):
    assert run("scrub", str(tmp_path / "missing.csv"), "--db", str(built_db)).returncode == 2
    path = write_csv(tmp_path / "w.csv", [HEADER, CLEAN])
    bad_date = run("scrub", str(path), "--db", str(built_db), "--as-of", "12/01/2025")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr


def test_sample_837(built_db, tmp_path):
    path = x12_file("imsweb_x12-parser", "x12_complex.txt")
    result = run(
        "scrub", str(path), "--db", str(built_db), "--json", "--as-of", "2025-12-01", home=tmp_path
    )
    assert result.returncode == 0
    claims = json.loads(result.stdout)["claims"]
    assert len(claims) == 6 and all(c["status"] == "errors" for c in claims)
    rules = {f["rule"] for c in claims for f in c["findings"]}
    assert {"DX-UNKNOWN", "NPI-INVALID", "NCCI-NOT-CHECKED"} <= rules
    # commercial claims (SBR09 CI): no filing limit is known until a payer profile gives one
    assert "TIMELY-FILING" not in rules
    saved = run(
        "payer",
        "add",
        "HEALTH INSURANCE COMPANY",
        "100",
        "--type",
        "commercial",
        "--filing-days",
        "365",
        home=tmp_path,
    )
    assert saved.returncode == 0, saved.stderr
    again = run(
        "scrub", str(path), "--db", str(built_db), "--json", "--as-of", "2025-12-01", home=tmp_path
    )
    late = findings_of(again, "TIMELY-FILING")
    assert late and all(
        "payer profile 'HEALTH INSURANCE COMPANY': 365 days" in f["source"] for f in late
    )
