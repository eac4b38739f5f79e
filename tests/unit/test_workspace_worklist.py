"""The scrub worklist saved in the workspace database comes back exactly as it was, and is saved
claim by claim."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal

from core.claims.model import MINUTES
from core.claims.serialize import claim_from_dict, claim_to_dict
from core.workspace import open_workspace
from core.workspace.worklist import (
    WorklistState,
    add_claim,
    insert_claim,
    load_worklist,
    mark_saved,
    remove_claim,
    replace_worklist,
    save_claim,
    worklist_state,
)
from tests.conftest import PROJECT_ROOT
from tests.support.claims import claim, line


def test_a_claim_round_trips_through_its_dict():
    original = claim(
        line(1, "99213", ("25",), units=Decimal("1.5"), pointers=(1, 2)),
        line(
            2,
            "00142",
            units=Decimal(30),
            unit_basis=MINUTES,
            dos_end=date(2025, 11, 4),
            pos="22",
            rendering_npi="1245319599",
        ),
        dx=("I10", "E11.9"),
        total_charge=Decimal("250.00"),
        payer_id="MCR01",
    )
    assert claim_from_dict(claim_to_dict(original)) == original


def claims_of(conn):
    return [item.claim for item in load_worklist(conn).claims]


def test_replace_then_edit_add_and_remove_claim_by_claim(tmp_path):
    path = tmp_path / "workspace.sqlite"
    conn = open_workspace(path)
    assert claims_of(conn) == []
    first = [claim(claim_id="A"), claim(claim_id="B", dob=None, sex=None)]
    keys = replace_worklist(conn, first)
    edited = replace(first[1], lines=(line(units=Decimal(2), charge=None),))
    save_claim(conn, keys[1], edited)
    added = add_claim(conn, claim(claim_id="C"))
    remove_claim(conn, keys[0])
    conn.close()
    again = open_workspace(path)  # a later launch
    saved = load_worklist(again)
    assert [item.claim for item in saved.claims] == [edited, claim(claim_id="C")]
    assert [item.key for item in saved.claims] == [keys[1], added]
    assert replace_worklist(again, []) == [] and claims_of(again) == []


def test_an_unreadable_row_is_reported_and_survives_edits_of_the_others(tmp_path):
    conn = open_workspace(tmp_path / "workspace.sqlite")
    keys = replace_worklist(conn, [claim(claim_id="A"), claim(claim_id="B")])
    conn.execute(
        "UPDATE worklist_claims SET claim_json = ? WHERE key = ?",
        (json.dumps({"claim_id": "B"}), keys[1]),
    )
    saved = load_worklist(conn)
    assert [item.claim.claim_id for item in saved.claims] == ["A"]
    assert [item.key for item in saved.unreadable] == [keys[1]]
    assert "KeyError" in saved.unreadable[0].reason
    save_claim(conn, keys[0], claim(claim_id="A2"))
    add_claim(conn, claim(claim_id="C"))
    assert len(load_worklist(conn).unreadable) == 1  # never deleted by saving others


def test_a_version_1_workspace_keeps_its_worklist(tmp_path):
    path = tmp_path / "workspace.sqlite"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE scrub_worklist (position INTEGER PRIMARY KEY, claim_json TEXT NOT NULL)"
    )
    old.executemany(
        "INSERT INTO scrub_worklist VALUES (?, ?)",
        [(i, json.dumps(claim_to_dict(claim(claim_id=c)))) for i, c in enumerate("XY")],
    )
    old.commit()
    old.close()
    conn = open_workspace(path)
    assert [c.claim_id for c in claims_of(conn)] == ["X", "Y"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'scrub_worklist'").fetchone()


def test_the_state_says_whether_the_worklist_changed_since_it_was_opened_or_saved(tmp_path):
    conn = open_workspace(tmp_path / "workspace.sqlite")
    assert worklist_state(conn) == WorklistState()
    keys = replace_worklist(conn, [claim(claim_id="A")], opened_from="/in/april.csv")
    assert worklist_state(conn) == WorklistState(None, "/in/april.csv", False)
    save_claim(conn, keys[0], claim(claim_id="A2"))
    assert worklist_state(conn).modified
    mark_saved(conn, "/out/april.xlsx")
    assert worklist_state(conn) == WorklistState("/out/april.xlsx", "/in/april.csv", False)
    remove_claim(conn, keys[0])
    assert load_worklist(conn).state.modified
    replace_worklist(conn, [])
    assert worklist_state(conn) == WorklistState()


def test_a_removed_claim_goes_back_to_its_place(tmp_path):
    conn = open_workspace(tmp_path / "workspace.sqlite")
    keys = replace_worklist(conn, [claim(claim_id=c) for c in "ABCD"])
    remove_claim(conn, keys[1])
    remove_claim(conn, keys[0])
    assert [c.claim_id for c in claims_of(conn)] == ["C", "D"]
    insert_claim(conn, 0, claim(claim_id="A"))
    insert_claim(conn, 1, claim(claim_id="B"))
    insert_claim(conn, 4, claim(claim_id="E"))
    assert [c.claim_id for c in claims_of(conn)] == ["A", "B", "C", "D", "E"]


CRASH_IN_SAVE = """
import os, sys
from pathlib import Path
from core.workspace import open_workspace
from core.workspace import worklist
from tests.support.claims import claim

def crash(conn, **values):
    os._exit(3)          # the app dies after the claim was written, before the commit

worklist._set_state = crash
conn = open_workspace(Path(sys.argv[1]))
key = worklist.load_worklist(conn).claims[0].key
worklist.save_claim(conn, key, claim(claim_id="EDITED"))
"""


def test_a_crash_in_the_middle_of_a_save_leaves_the_last_saved_worklist(tmp_path):
    path = tmp_path / "workspace.sqlite"
    conn = open_workspace(path)
    replace_worklist(conn, [claim(claim_id="A"), claim(claim_id="B")])
    conn.close()
    done = subprocess.run(
        [sys.executable, "-c", CRASH_IN_SAVE, str(path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    again = open_workspace(path)
    assert [c.claim_id for c in claims_of(again)] == ["A", "B"]
    assert not worklist_state(again).modified
