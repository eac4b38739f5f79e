"""Recent lookups: the codes the user looked up last, newest first."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from ..db import transaction

RECENT_KEPT = 30


@dataclass(frozen=True)
class RecentLookup:
    code: str
    code_type: str
    description: str | None
    looked_up: str


def remember_lookup(
    conn: sqlite3.Connection, code: str, code_type: str, description: str | None
) -> None:
    """Put the code at the top of the recent list, keeping the newest RECENT_KEPT."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    with transaction(conn):
        conn.execute(
            "INSERT INTO recent_lookups (code, code_type, description, looked_up) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (code, code_type) DO UPDATE SET "
            "description = excluded.description, looked_up = excluded.looked_up",
            (code, code_type, description, now),
        )
        conn.execute(
            "DELETE FROM recent_lookups WHERE rowid NOT IN (SELECT rowid FROM recent_lookups "
            "ORDER BY looked_up DESC LIMIT ?)",
            (RECENT_KEPT,),
        )


def recent_lookups(conn: sqlite3.Connection, limit: int = RECENT_KEPT) -> list[RecentLookup]:
    rows = conn.execute(
        "SELECT code, code_type, description, looked_up FROM recent_lookups "
        "ORDER BY looked_up DESC LIMIT ?",
        (limit,),
    )
    return [RecentLookup(*row) for row in rows]
