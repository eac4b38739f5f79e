"""The command line, run as a user runs it: a subprocess with exit status and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT, cms_file
from tests.support.faults import run_cli
from tests.unit.test_build import BUNDLED_RELEASES


def run(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it, with `home` as the user's data folder when given."""
    env = dict(os.environ)
    if home is not None:
        env["BILLING_ASSISTANT_HOME"] = str(home)
    return run_cli(*args, env=env)


def test_help_lists_the_subcommands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("build-db", "import-cms", "lookup", "releases"):
        assert command in result.stdout


def test_bad_usage_exits_2():
    assert run("no-such-command").returncode == 2
    assert run("lookup").returncode == 2


def test_lookup_json_for_a_procedure_code(built_db):
    result = run("lookup", "77011", "--db", str(built_db), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    first = data["results"][0]
    assert (first["code"], first["type"], first["match"]) == ("77011", "cpt", "exact")
    assert first["description"]
    [detail] = data["details"]
    rows = {line["modifier"]: line for line in detail["lines"]}
    # today (CY2026) the bundled RVU26C applies: (1.18 + 5.37 + 0.08) x 33.4009 = $221.45
    assert detail["release"] == "RVU26C" and detail["type"] == "cpt"
    assert set(rows) == {"", "26", "TC"}
    assert rows[""]["work_rvu"] == "1.18"
    assert rows[""]["amounts"]["non_facility"] == "221.45"
    assert detail["description"] and detail["ncci"]["release"] is None


def test_lookup_searches_prefixes_words_and_one_code_set(built_db):
    prefix = json.loads(run("lookup", "7701", "--db", str(built_db), "--json").stdout)
    assert [r["code"] for r in prefix["results"]] == ["77011", "77012", "77013", "77014"]
    assert prefix["details"] == []  # no exact code: no detail
    words = run("lookup", "office", "visit", "established", "--limit", "5", "--db", str(built_db))
    assert words.returncode == 0
    assert all(f"9921{n}" in words.stdout for n in range(1, 6))
    icd = json.loads(
        run("lookup", "J11", "--type", "icd10", "--db", str(built_db), "--json").stdout
    )
    assert {r["type"] for r in icd["results"]} == {"icd10"}
    detail = run("lookup", "ct localization", "--detail", "--db", str(built_db))
    assert "77011 \u2014 CPT, imaging guidance" in detail.stdout and "$221.45" in detail.stdout


def test_lookup_text_for_icd_modifier_and_pos(built_db):
    icd = run("lookup", "s72001a", "--db", str(built_db))
    assert icd.returncode == 0
    assert "S72.001A" in icd.stdout and "Billable: yes" in icd.stdout
    both = run("lookup", "22", "--db", str(built_db))
    assert "22 \u2014 modifier" in both.stdout and "22 \u2014 place of service" in both.stdout
    assert "facility: priced with the facility PE RVU" in both.stdout


def test_unknown_code_exits_2_with_one_line_reason(built_db):
    result = run("lookup", "ZZ999", "--db", str(built_db))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: no code 'ZZ999'")
    assert result.stdout.startswith("no match for 'ZZ999'") and "nearest codes:" in result.stdout
    assert "Z00" in result.stdout


def test_missing_database_is_a_clear_error(tmp_path):
    result = run("lookup", "99213", "--db", str(tmp_path / "nope.sqlite"))
    assert result.returncode == 2
    assert "reference database not found" in result.stderr and "build-db" in result.stderr


def test_default_database_is_built_on_first_use(tmp_path):
    result = run("releases", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (tmp_path / "reference.sqlite").exists()
    # CY2026 in the box: a fresh install works on today's date with no import
    assert data["summary"].startswith("PFS RVU26C, ICD-10-CM FY20")
    assert "GPCI2026" in data["summary"] and "MUE 2026Q2" in data["summary"]
    assert "NCCI missing" in data["summary"]  # NCCI PTP edits are never bundled
    states = {c["source"]: c["state"] for c in data["coverage"]}
    assert states["ncci_ptp"] == "missing" and states["pfs"] == "current"


def test_build_db_prints_tables_and_releases(tmp_path):
    target = tmp_path / "built.sqlite"
    result = run("build-db", "--db", str(target), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["tables"]["procedure_codes"] >= 600
    assert data["tables"]["gpci"] == 109 * 2
    assert data["tables"]["zip_locality"] == 42956 and data["tables"]["addon_edits"] == 9000
    shipped = {(r["source"], r["release"]) for r in data["releases"] if r["source"] != "icd10cm"}
    assert shipped == BUNDLED_RELEASES


def test_import_cms_prints_what_it_loaded(db_path):
    gpci = cms_file("pfs", "GPCI2025.csv")
    result = run("import-cms", "--db", str(db_path), str(gpci))
    assert result.returncode == 0, result.stderr
    assert "GPCI2025, 109 rows into gpci, effective 2025-01-01 to 2025-12-31" in result.stdout


def test_import_cms_of_a_bad_file_exits_2_and_names_it(db_path, tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n")
    result = run("import-cms", "--db", str(db_path), str(bad))
    assert result.returncode == 2
    assert "notes.csv: not a CMS release file" in result.stderr
    assert "nothing from this file was written" in result.stderr
    missing = run("import-cms", "--db", str(db_path), str(tmp_path / "absent.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_lookup_prices_for_a_locality_and_payer_and_explains_a_missing_code(built_db, tmp_path):
    home = tmp_path / "home"
    assert run("payer", "add", "Acme Health", "115", home=home).returncode == 0
    priced = run(
        "lookup",
        "99213",
        "--date",
        "2025-11-01",
        "--locality",
        "13202-01",
        "--payer",
        "Acme Health",
        "--db",
        str(built_db),
        home=home,
    )
    assert priced.returncode == 0, priced.stderr
    text = " ".join(priced.stdout.split())
    assert "Locality: NY MANHATTAN (13202-01), GPCI2025" in text and "$101.06" in text
    assert "Payer non-facility: $116.22 (Acme Health, 115% of Medicare)" in text
    unknown = run("lookup", "nobody", "--payer", "Nobody", "--db", str(built_db), home=home)
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: no payer profile")
    missing = run("lookup", "32405", "--db", str(built_db))
    assert missing.returncode == 2 and "32405 is in no loaded PFS release" in missing.stdout
    typo = run("lookup", "knee", "arthroscpy", "--db", str(built_db))
    assert "(spelling corrected: 'knee arthroscopy')" in typo.stdout


def test_output_piped_into_a_reader_that_stops_ends_quietly(built_db):
    """`python main.py lookup ... | head -1`: no BrokenPipeError traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen(
        [
            sys.executable,
            "main.py",
            "lookup",
            "--db",
            str(built_db),
            "--limit",
            "5000",
            "--type",
            "icd10",
            "--json",
            "E",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline()  # the reader takes one line (280 kB are coming)
    child.stdout.close()  # ... and stops, as head does
    errors = child.stderr.read().decode()
    assert child.wait(timeout=60) == 141
    assert errors == ""
