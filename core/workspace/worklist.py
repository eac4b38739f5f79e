"""The scrub tab's worklist kept in the workspace database, so it is there after a restart.

Each claim is one row (claim_to_dict as JSON) with a stable key; an edit saves that one claim
(an upsert), so a cell edit costs one small write however long the worklist is. Opening a new
worklist replaces the saved one in one transaction: a failed save leaves the previous one intact.
A row that cannot be read back (written by a newer version, damaged) is reported and kept: only
replacing the whole worklist removes it.
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
class SavedWorklist:
    claims: list[SavedClaim]
    unreadable: list[UnreadableClaim]


def load_worklist(conn: sqlite3.Connection) -> SavedWorklist:
    """The saved worklist in its order."""
    claims: list[SavedClaim] = []
    unreadable: list[UnreadableClaim] = []
    for key, position, text in conn.execute(
            "SELECT key, position, claim_json FROM worklist_claims ORDER BY position, key"):
        try:
            claims.append(SavedClaim(key, claim_from_dict(json.loads(text))))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            unreadable.append(UnreadableClaim(key, position, f"{type(exc).__name__}: {exc}"))
    return SavedWorklist(claims, unreadable)


def replace_worklist(conn: sqlite3.Connection, claims: Iterable[Claim]) -> list[int]:
    """A new worklist in place of the saved one; returns the claims' keys in order."""
    rows = [(position, _json(claim)) for position, claim in enumerate(claims)]
    with transaction(conn):
        conn.execute("DELETE FROM worklist_claims")
        return [conn.execute("INSERT INTO worklist_claims (position, claim_json) VALUES (?, ?)",
                             row).lastrowid or 0 for row in rows]


def save_claim(conn: sqlite3.Connection, key: int, claim: Claim) -> None:
    """Save one edited claim of the worklist."""
    with transaction(conn):
        changed = conn.execute("UPDATE worklist_claims SET claim_json = ? WHERE key = ?",
                               (_json(claim), key)).rowcount
        if not changed:
            raise KeyError(f"claim {claim.claim_id} (key {key}) is not in the saved worklist")


def add_claim(conn: sqlite3.Connection, claim: Claim) -> int:
    """Append a claim to the worklist; returns its key."""
    with transaction(conn):
        return conn.execute(
            "INSERT INTO worklist_claims (position, claim_json) VALUES "
            "((SELECT COALESCE(MAX(position), -1) + 1 FROM worklist_claims), ?)",
            (_json(claim),)).lastrowid or 0


def remove_claim(conn: sqlite3.Connection, key: int) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM worklist_claims WHERE key = ?", (key,))


def _json(claim: Claim) -> str:
    return json.dumps(claim_to_dict(claim), separators=(",", ":"))
