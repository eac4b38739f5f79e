"""The workspace database: recent lookups kept between launches, in the user data folder."""

from __future__ import annotations

import sqlite3

import pytest

from core import workspace
from core.workspace import open_workspace, recents
from core.workspace.recents import recent_lookups, remember_lookup


def test_recent_lookups_newest_first_without_duplicates(tmp_path):
    path = tmp_path / "ws.sqlite"
    conn = open_workspace(path)
    remember_lookup(conn, "99213", "cpt", "Office visit")
    remember_lookup(conn, "C34.90", "icd10", "Malignant neoplasm")
    remember_lookup(conn, "99213", "cpt", "Office visit")
    conn.close()
    again = open_workspace(path)  # a later launch
    recent = recent_lookups(again)
    assert [(r.code, r.code_type) for r in recent] == [("99213", "cpt"), ("C34.90", "icd10")]
    assert recent[0].description == "Office visit"
    again.close()


def test_the_same_code_in_two_code_sets_is_two_entries(tmp_path):
    conn = open_workspace(tmp_path / "ws.sqlite")
    remember_lookup(conn, "22", "modifier", "Increased procedural services")
    remember_lookup(conn, "22", "pos", "On Campus-Outpatient Hospital")
    assert [r.code_type for r in recent_lookups(conn)] == ["pos", "modifier"]
    conn.close()


def test_only_the_newest_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(recents, "RECENT_KEPT", 3)
    conn = open_workspace(tmp_path / "ws.sqlite")
    for number in range(5):
        remember_lookup(conn, f"9921{number}", "cpt", None)
    assert [r.code for r in recent_lookups(conn)] == ["99214", "99213", "99212"]
    assert conn.execute("SELECT COUNT(*) FROM recent_lookups").fetchone()[0] == 3
    conn.close()


def test_default_workspace_lives_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(tmp_path / "home"))
    conn = open_workspace()
    remember_lookup(conn, "77011", "cpt", None)
    conn.close()
    assert (tmp_path / "home" / "workspace.sqlite").exists()
    assert workspace.default_workspace() == tmp_path / "home" / "workspace.sqlite"


def test_a_failed_write_changes_nothing(tmp_path):
    conn = open_workspace(tmp_path / "ws.sqlite")
    remember_lookup(conn, "99213", "cpt", None)
    with pytest.raises(sqlite3.IntegrityError):
        remember_lookup(conn, None, "cpt", None)  # type: ignore[arg-type]  # NOT NULL fails
    assert [r.code for r in recent_lookups(conn)] == ["99213"]
    assert not conn.in_transaction
    conn.close()
