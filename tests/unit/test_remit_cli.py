"""`remit` and `import-codes` as a user runs them (a subprocess with its own data folder):
import with --json, again (nothing added), a file that is not an 835, the denials views, the
workbook, a contract fee schedule, and `scrub` warning from the practice's own denials."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.remittances import x_ray_answers
from tests.support.worklists import HEADER, visit_row, write_csv
from tests.support.x12_835_writer import Payment, write_835
from tests.unit.test_cli import run
from tests.unit.test_remit_835 import REMIT_DIR
from tests.unit.test_scrub_cli import findings_of

D = Decimal
CARC_CSV = REMIT_DIR.parent / "carc_rarc" / "carc_2025-11-01.csv"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    worklist = write_csv(
        tmp_path / "worklist.csv",
        [HEADER, *[visit_row(f"C{n}", f"P{n}", "71046", charge="90.00") for n in range(1, 5)]],
    )
    x_rays = x_ray_answers(paid_adjustments=(("CO", "45", D("50.00")), ("PR", "2", D("8.00"))))
    answer = tmp_path / "answer.835"
    write_835(answer, [Payment("EFT55", x_rays, payment_date=date(2025, 11, 20))])
    return worklist, answer


def remit_import(files: tuple[Path, Path], db: Path, home: Path, *options: str):
    """`remit import` of the answer, matched to the worklist (files), into `home`'s workspace."""
    worklist, answer = files
    return run(
        "remit",
        "import",
        str(answer),
        "--worklist",
        str(worklist),
        "--db",
        str(db),
        *options,
        home=home,
    )


def test_import_json_again_and_not_an_835(tmp_path, built_db, files):
    worklist, answer = files
    home = tmp_path / "home"
    result = remit_import(files, built_db, home, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    (remit,) = data["remittances"]
    assert (remit["trace"], remit["payer"], remit["paid"], remit["outcome"]) == (
        "EFT55",
        "MEDICARE PART B",
        "32.00",
        "stored",
    )
    claims = remit["claims"]
    assert [(c["claim_id"], c["status"], c["matched_claim"]) for c in claims] == [
        ("C1", "denied", "C1"),
        ("C2", "denied", "C2"),
        ("C3", "denied", "C3"),
        ("C4", "paid", "C4"),
    ]
    assert claims[3]["lines"][0]["adjustments"] == [
        {"group": "CO", "reason": "45", "amount": "50.00"},
        {"group": "PR", "reason": "2", "amount": "8.00"},
    ]
    assert claims[3]["patient_responsibility"] == "8.00" and data["problems"] == []
    again = run("remit", "import", str(answer), "--db", str(built_db), home=home)
    assert again.returncode == 0
    assert "stored 0 remittances" in again.stdout and "1 already imported" in again.stdout
    listed = json.loads(run("remit", "list", "--json", home=home).stdout)
    assert len(listed) == 1 and listed[0]["claims"] == 4
    wrong = run("remit", "import", str(worklist), "--db", str(built_db), home=home)
    assert wrong.returncode == 2
    assert "worklist.csv: this is not an X12 file" in wrong.stdout


def test_work_patterns_export_codes_and_the_next_scrub(tmp_path, built_db, files):
    worklist, answer = files
    home = tmp_path / "home"
    assert remit_import(files, built_db, home).returncode == 0
    if CARC_CSV.exists():
        codes = run("import-codes", str(CARC_CSV), home=home)
        assert codes.returncode == 0 and "imported 407 CARC texts" in codes.stdout
    bad = run("import-codes", str(answer), home=home)
    assert bad.returncode == 2 and "nothing imported" in bad.stderr
    work = json.loads(run("remit", "work", "--json", home=home).stdout)
    assert work["total"] == 3 and {i["reason"] for i in work["items"]} == {"4"}
    assert all(i["dollars"] == "90.00" for i in work["items"])
    (pattern,) = json.loads(
        run("remit", "patterns", "--json", "--from", "2025-11-01", home=home).stdout
    )
    assert (pattern["code"], pattern["denied"], pattern["billed"], pattern["rate"]) == (
        "71046",
        3,
        4,
        "75.0",
    )
    assert pattern["reason_in_words"].startswith("coding/modifier")
    later = json.loads(run("remit", "patterns", "--json", "--from", "2025-12-01", home=home).stdout)
    assert later == []
    out = tmp_path / "denials.xlsx"
    assert run("remit", "export", "-o", str(out), home=home).returncode == 0
    assert load_workbook(out).sheetnames == ["Summary", "Denied lines", "Underpayments", "Patterns"]
    scrubbed = run(
        "scrub", str(worklist), "--db", str(built_db), "--as-of", "2025-12-01", "--json", home=home
    )
    findings = findings_of(scrubbed, "DENIAL-HISTORY")
    assert (
        len(findings) == 4
        and "denied 71046 without a modifier 3 of 4 times" in findings[0]["message"]
    )
    quiet = run(
        "scrub",
        str(worklist),
        "--db",
        str(built_db),
        "--as-of",
        "2025-12-01",
        "--json",
        "--no-history",
        home=home,
    )
    assert "DENIAL-HISTORY" not in quiet.stdout


def test_a_contract_fee_schedule_for_a_payer_profile(tmp_path, built_db):
    home = tmp_path / "home"
    fees = write_csv(
        tmp_path / "acme.csv", [["code", "modifier", "amount"], ["99213", "", "84.50"]]
    )
    missing = run("remit", "contract", "Acme", str(fees), "--db", str(built_db), home=home)
    assert missing.returncode == 2 and "no payer profile named 'Acme'" in missing.stderr
    assert run("payer", "add", "Acme", "120", home=home).returncode == 0
    kept = run("remit", "contract", "Acme", str(fees), "--db", str(built_db), home=home)
    assert kept.returncode == 0 and "kept 1 contract fees for Acme" in kept.stdout
    shown = run("remit", "contract", "Acme", home=home)
    assert "99213" in shown.stdout and "84.50" in shown.stdout


def test_match_again_with_a_worklist(tmp_path, built_db, files):
    worklist, answer = files
    home = tmp_path / "home"
    assert run("remit", "import", str(answer), "--db", str(built_db), home=home).returncode == 0
    assert len(json.loads(run("remit", "unmatched", "--json", home=home).stdout)) == 4
    none = run("remit", "match", "--db", str(built_db), home=home)
    assert none.returncode == 2 and "no worklist to match against" in none.stderr
    matched = run("remit", "match", "--worklist", str(worklist), "--db", str(built_db), home=home)
    assert matched.returncode == 0, matched.stderr
    assert "matched 4 remittance claims to the worklist; 0 still unmatched" in matched.stdout
    assert json.loads(run("remit", "unmatched", "--json", home=home).stdout) == []
