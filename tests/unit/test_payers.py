"""Payer profiles in the workspace database, and the fee CLI using them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from decimal import Decimal

import pytest

from core.workspace import open_workspace
from core.workspace.payers import PayerError, delete_payer, find_payer, list_payers, save_payer
from tests.unit.test_cli import run as run_main


def test_save_update_list_find_and_delete(tmp_path):
    conn = open_workspace(tmp_path / "workspace.sqlite")
    save_payer(conn, "Acme  PPO", "115")
    save_payer(conn, "Blue HMO", Decimal("98.5"))
    save_payer(conn, "acme ppo", "120")  # same name, any case: updated, not duplicated
    assert [(p.name, p.percent) for p in list_payers(conn)] == [
        ("Acme PPO", Decimal("120")),
        ("Blue HMO", Decimal("98.5")),
    ]
    assert find_payer(conn, "ACME PPO").percent == Decimal("120")
    delete_payer(conn, "Blue HMO")
    assert [p.name for p in list_payers(conn)] == ["Acme PPO"]
    with pytest.raises(PayerError, match="no payer profile named 'Blue HMO'"):
        find_payer(conn, "Blue HMO")


@pytest.mark.parametrize(
    "name, percent, message",
    [
        ("", "100", "needs a name"),
        ("X", "abc", "not a percentage"),
        ("X", "0", "above 0"),
        ("X", "5000", "at most 1000"),
        ("X", "NaN", "percentage"),
    ],
)
def test_bad_profiles_are_refused(tmp_path, name, percent, message):
    conn = open_workspace(tmp_path / "workspace.sqlite")
    with pytest.raises(PayerError, match=message):
        save_payer(conn, name, percent)
    assert list_payers(conn) == []


def test_cli_payer_and_fee_with_a_saved_payer(tmp_path, built_db):
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_main(*args, home=tmp_path)  # the payer profiles kept in this test's folder

    assert run("payer", "add", "Acme PPO", "115").returncode == 0
    listed = json.loads(run("payer", "list", "--json").stdout)
    assert listed == [
        {"name": "Acme PPO", "percent": "115", "type": None, "timely_filing_days": None}
    ]
    typed = run("payer", "add", "Acme PPO", "115", "--type", "commercial", "--filing-days", "90")
    assert typed.returncode == 0 and "commercial, files within 90 days" in typed.stdout
    assert json.loads(run("payer", "list", "--json").stdout)[0]["timely_filing_days"] == 90
    priced = json.loads(
        run(
            "fee",
            "99213",
            "--date",
            "2025-11-03",
            "--db",
            str(built_db),
            "--payer",
            "acme ppo",
            "--json",
        ).stdout
    )
    expected = (Decimal(priced["unrounded_amount"]) * Decimal("1.15")).quantize(Decimal("0.01"))
    assert priced["payer_amount"] == str(expected) == "102.30"
    missing = run("fee", "99213", "--date", "2025-11-03", "--db", str(built_db), "--payer", "x")
    assert missing.returncode == 2 and "no payer profile named 'x'" in missing.stderr


def test_type_and_filing_limit_are_kept_when_only_the_percentage_changes(tmp_path):
    conn = open_workspace(tmp_path / "workspace.sqlite")
    save_payer(conn, "State Medicaid", "80", "medicaid", 365)
    save_payer(conn, "state medicaid", "85")  # the fee tab saves a percentage only
    found = find_payer(conn, "State Medicaid")
    assert (found.percent, found.payer_type, found.timely_filing_days) == (
        Decimal("85"),
        "medicaid",
        365,
    )
    with pytest.raises(PayerError, match="not a payer type"):
        save_payer(conn, "X", "100", "insurer")
    with pytest.raises(PayerError, match="not sensible"):
        save_payer(conn, "X", "100", "commercial", 0)


def test_an_older_workspace_gains_the_new_columns(tmp_path):
    path = tmp_path / "workspace.sqlite"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE payer_profiles (name TEXT PRIMARY KEY COLLATE NOCASE, percent TEXT NOT NULL)"
    )
    old.execute("INSERT INTO payer_profiles VALUES ('Acme', '110')")
    old.commit()
    old.close()
    conn = open_workspace(path)
    assert list_payers(conn)[0].payer_type is None
    save_payer(conn, "Acme", "110", "commercial", 180)
    assert find_payer(conn, "acme").timely_filing_days == 180
