"""The scrub tab's worklist kept in the user's workspace database, so it is there after a
restart. Each claim is one JSON row (claim_to_dict) in worklist order; saving replaces the
whole worklist in one transaction, so a failed save leaves the previous one intact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from core.claims.model import Claim
from core.claims.serialize import claim_from_dict, claim_to_dict
from core.db import transaction
from core.workspace import open_workspace

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scrub_worklist (
    position    INTEGER PRIMARY KEY,  -- 0-based order in the worklist
    claim_json  TEXT NOT NULL         -- claim_to_dict() as JSON
);
"""


def _open(path: Path | None) -> sqlite3.Connection:
    conn = open_workspace(path)
    conn.executescript(_SCHEMA)
    return conn


def save_worklist(claims: tuple[Claim, ...] | list[Claim], path: Path | None = None) -> None:
    """Replace the saved worklist with `claims` (an empty list clears it)."""
    rows = [(i, json.dumps(claim_to_dict(claim))) for i, claim in enumerate(claims)]
    conn = _open(path)
    try:
        with transaction(conn):
            conn.execute("DELETE FROM scrub_worklist")
            conn.executemany("INSERT INTO scrub_worklist (position, claim_json) VALUES (?, ?)",
                             rows)
    finally:
        conn.close()


def load_saved_worklist(path: Path | None = None) -> tuple[Claim, ...]:
    """The saved worklist in its order; rows that cannot be read back are skipped."""
    conn = _open(path)
    try:
        rows = conn.execute("SELECT claim_json FROM scrub_worklist ORDER BY position").fetchall()
    finally:
        conn.close()
    claims: list[Claim] = []
    for (text,) in rows:
        try:
            claims.append(claim_from_dict(json.loads(text)))
        except (ValueError, KeyError, TypeError):
            continue
    return tuple(claims)
