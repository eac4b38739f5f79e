"""`claims` and `template` as a user runs them: a subprocess with exit status and output."""

from __future__ import annotations

import json

from tests.support.worklists import HEADER, worklist_row, write_csv, x12_file
from tests.unit.test_cli import run

ROW = worklist_row(modifiers="25")


def test_help_lists_the_claims_subcommands():
    result = run("--help")
    assert "claims" in result.stdout and "template" in result.stdout


def test_template_then_claims_on_it(tmp_path):
    out = tmp_path / "claims_template.xlsx"
    made = run("template", "-o", str(out))
    assert made.returncode == 0 and out.exists() and "wrote" in made.stdout
    again = run("template", "-o", str(out))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert run("template", "-o", str(out), "--force").returncode == 0
    empty = run("claims", str(out))
    assert empty.returncode == 2
    assert "0 claims" in empty.stdout and "no claims could be loaded" in empty.stderr


def test_claims_text_output_with_problems(tmp_path):
    bad = [*ROW[:9], "02/30/2025", *ROW[10:]]
    path = write_csv(tmp_path / "w.csv", [HEADER, ROW, bad])
    result = run("claims", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 claim, 1 service line, 1 problem" in result.stdout
    assert "1001" in result.stdout and "(incomplete: see problems)" in result.stdout
    assert "w.csv, row 3, column J (dos): '02/30/2025' is not a calendar date" in result.stdout


def test_claims_json(tmp_path):
    path = write_csv(tmp_path / "w.csv", [HEADER, ROW])
    result = run("claims", str(path), "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["problems"] == [] and data["files_read"] == [str(path)]
    (claim,) = data["claims"]
    assert claim["claim_id"] == "1001" and claim["lines"][0]["modifiers"] == ["25"]
    assert claim["lines"][0]["source"] == {"file": "w.csv", "sheet": None, "row": 2, "kind": "row"}


def test_claims_on_an_837(tmp_path):
    path = x12_file("databricks_x12-edi-parser", "CHPW_Claimdata.txt")
    result = run("claims", str(path), "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert len(data["claims"]) == 5 and data["claims"][0]["claim_id"] == "1805080AV3648339"


def test_nothing_loadable_exits_2(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("nothing\n")
    result = run("claims", str(path), str(tmp_path / "missing.xlsx"))
    assert result.returncode == 2
    assert "no worklist header row" in result.stdout and "file not found" in result.stdout
    assert result.stderr.startswith("error: no claims could be loaded")
    assert run("claims").returncode == 2
