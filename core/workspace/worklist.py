"""The scrub tab's worklist kept in the workspace database, so it is there after a restart.

Each claim is one row (claim_to_dict as JSON) with a stable key; an edit saves that one claim
(an upsert), so a cell edit costs one small write however long the worklist is. Opening a new
worklist replaces the saved one in one transaction: a failed save leaves the previous one intact.
A row that cannot be read back (written by a newer version, damaged) is reported and kept: only
replacing the whole worklist removes it. Every change also records that the worklist is modified
(not yet saved to a file), in the same transaction; see WorklistState.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from core.claims.model import Claim
from core.claims.serialize import claim_from_dict, claim_to_dict
from core.db import transaction


@dataclass(frozen=True)
class SavedClaim:
    key: int
    claim: Claim


@dataclass(frozen=True)
class UnreadableClaim:
    key: int
    position: int
    reason: str


@dataclass(frozen=True)
class WorklistState:
    save_to: str | None = None  # the file Save writes (set by a Save As); None: ask
    opened_from: str = ""  # the file it was read from (Save As suggests its name)
    modified: bool = False  # changed since it was opened or saved to a file


@dataclass(frozen=True)
class SavedWorklist:
    claims: list[SavedClaim]
    unreadable: list[UnreadableClaim]
    state: WorklistState = WorklistState()


def load_worklist(conn: sqlite3.Connection) -> SavedWorklist:
    """The saved worklist in its order."""
    claims: list[SavedClaim] = []
    unreadable: list[UnreadableClaim] = []
    for key, position, text in conn.execute(
        "SELECT key, position, claim_json FROM worklist_claims ORDER BY position, key"
    ):
        try:
            claims.append(SavedClaim(key, claim_from_dict(json.loads(text))))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            unreadable.append(UnreadableClaim(key, position, f"{type(exc).__name__}: {exc}"))
    return SavedWorklist(claims, unreadable, worklist_state(conn))


def worklist_state(conn: sqlite3.Connection) -> WorklistState:
    values = dict(conn.execute("SELECT key, value FROM worklist_state").fetchall())
    return WorklistState(
        values.get("save_to") or None, values.get("opened_from", ""), values.get("modified") == "1"
    )


def replace_worklist(
    conn: sqlite3.Connection, claims: Iterable[Claim], opened_from: str = ""
) -> list[int]:
    """A new worklist in place of the saved one (not modified, no file to save to yet);
    returns the claims' keys in order."""
    rows = [(position, _json(claim)) for position, claim in enumerate(claims)]
    with transaction(conn):
        conn.execute("DELETE FROM worklist_claims")
        keys = [
            conn.execute(
                "INSERT INTO worklist_claims (position, claim_json) VALUES (?, ?)", row
            ).lastrowid
            or 0
            for row in rows
        ]
        _set_state(conn, save_to="", opened_from=opened_from, modified="0")
        return keys


def mark_saved(conn: sqlite3.Connection, path: str, modified: bool = False) -> None:
    """The worklist was written to `path`: Save writes there from now on. `modified`: it was
    changed again while it was being written."""
    with transaction(conn):
        _set_state(conn, save_to=path, modified="1" if modified else "0")


def save_claim(conn: sqlite3.Connection, key: int, claim: Claim) -> None:
    """Save one edited claim of the worklist."""
    with transaction(conn):
        changed = conn.execute(
            "UPDATE worklist_claims SET claim_json = ? WHERE key = ?", (_json(claim), key)
        ).rowcount
        if not changed:
            raise KeyError(f"claim {claim.claim_id} (key {key}) is not in the saved worklist")
        _set_state(conn, modified="1")


def add_claim(conn: sqlite3.Connection, claim: Claim) -> int:
    """Append a claim to the worklist; returns its key."""
    with transaction(conn):
        _set_state(conn, modified="1")
        return (
            conn.execute(
                "INSERT INTO worklist_claims (position, claim_json) VALUES "
                "((SELECT COALESCE(MAX(position), -1) + 1 FROM worklist_claims), ?)",
                (_json(claim),),
            ).lastrowid
            or 0
        )


def insert_claim(conn: sqlite3.Connection, index: int, claim: Claim) -> int:
    """Put a claim back at `index` of the worklist's order (undoing a removal); returns its
    new key."""
    with transaction(conn):
        positions = [
            row[0]
            for row in conn.execute("SELECT position FROM worklist_claims ORDER BY position, key")
        ]
        if index >= len(positions):
            position = (positions[-1] + 1) if positions else 0
        else:
            position = positions[index]
            conn.execute(
                "UPDATE worklist_claims SET position = position + 1 WHERE position >= ?",
                (position,),
            )
        _set_state(conn, modified="1")
        return (
            conn.execute(
                "INSERT INTO worklist_claims (position, claim_json) VALUES (?, ?)",
                (position, _json(claim)),
            ).lastrowid
            or 0
        )


def remove_claim(conn: sqlite3.Connection, key: int) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM worklist_claims WHERE key = ?", (key,))
        _set_state(conn, modified="1")


def _set_state(conn: sqlite3.Connection, **values: str) -> None:
    conn.executemany(
        "INSERT INTO worklist_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        values.items(),
    )


def _json(claim: Claim) -> str:
    return json.dumps(claim_to_dict(claim), separators=(",", ":"))
