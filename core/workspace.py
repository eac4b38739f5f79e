"""The user's workspace database: what the app remembers between launches (recent lookups,
payer profiles).

It lives in the user data directory (core.paths.user_data_dir(), BILLING_ASSISTANT_HOME in
tests), never in the read-only reference database and never in resources/. The schema is
created on open; every write is one transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .db import transaction
from .paths import user_data_dir

WORKSPACE_FILE = "workspace.sqlite"
RECENT_KEPT = 30

_SCHEMA = """
CREATE TABLE IF NOT EXISTS recent_lookups (
    code        TEXT NOT NULL,
    code_type   TEXT NOT NULL,       -- cpt | hcpcs | icd10 | modifier | pos
    description TEXT,                -- as shown when it was looked up (NULL: none bundled)
    looked_up   TEXT NOT NULL,       -- ISO timestamp, UTC
    PRIMARY KEY (code, code_type)
);
CREATE INDEX IF NOT EXISTS recent_lookups_time ON recent_lookups (looked_up);
CREATE TABLE IF NOT EXISTS payer_profiles (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    percent     TEXT NOT NULL        -- percentage of the Medicare allowed amount, e.g. "115"
);
"""


@dataclass(frozen=True)
class RecentLookup:
    code: str
    code_type: str
    description: str | None
    looked_up: str


def default_workspace() -> Path:
    return user_data_dir() / WORKSPACE_FILE


def open_workspace(path: Path | None = None) -> sqlite3.Connection:
    target = path or default_workspace()
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)  # transactions are explicit
    conn.executescript(_SCHEMA)
    return conn


def remember_lookup(conn: sqlite3.Connection, code: str, code_type: str,
                    description: str | None) -> None:
    """Put the code at the top of the recent list, keeping the newest RECENT_KEPT."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    with transaction(conn):
        conn.execute(
            "INSERT INTO recent_lookups (code, code_type, description, looked_up) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (code, code_type) DO UPDATE SET "
            "description = excluded.description, looked_up = excluded.looked_up",
            (code, code_type, description, now))
        conn.execute(
            "DELETE FROM recent_lookups WHERE rowid NOT IN (SELECT rowid FROM recent_lookups "
            "ORDER BY looked_up DESC LIMIT ?)", (RECENT_KEPT,))


def recent_lookups(conn: sqlite3.Connection, limit: int = RECENT_KEPT) -> list[RecentLookup]:
    rows = conn.execute("SELECT code, code_type, description, looked_up FROM recent_lookups "
                        "ORDER BY looked_up DESC LIMIT ?", (limit,))
    return [RecentLookup(*row) for row in rows]


def clear_recent(conn: sqlite3.Connection) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM recent_lookups")
