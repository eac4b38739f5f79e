"""The user's workspace database: what the app remembers between launches (recent lookups,
payer profiles, the scrub worklist), in one schema (schema.sql).

It lives in the user data directory (core.paths.user_data_dir(), BILLING_ASSISTANT_HOME in
tests), never in the read-only reference database and never in resources/. Every write is one
transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..paths import user_data_dir

WORKSPACE_FILE = "workspace.sqlite"
SCHEMA_VERSION = 2
_SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def default_workspace() -> Path:
    return user_data_dir() / WORKSPACE_FILE


def open_workspace(path: Path | None = None) -> sqlite3.Connection:
    target = path or default_workspace()
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(target, isolation_level=None)  # transactions are explicit
    conn.executescript(_SCHEMA_SQL.read_text(encoding="utf-8"))
    if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        _upgrade(conn)
    _add_columns(conn)
    return conn


# Columns added to a table after it was first released: added in place when missing (no
# version number needed; each is nullable).
_ADDED_COLUMNS = {"payer_profiles": (("payer_type", "TEXT"), ("timely_filing_days", "INTEGER"))}


def _add_columns(conn: sqlite3.Connection) -> None:
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, kind in columns:
            if name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def _upgrade(conn: sqlite3.Connection) -> None:
    """Version 1 kept the worklist in scrub_worklist(position, claim_json)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        old = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'scrub_worklist'").fetchone()
        if old:
            conn.execute("INSERT INTO worklist_claims (position, claim_json) "
                         "SELECT position, claim_json FROM scrub_worklist ORDER BY position")
            conn.execute("DROP TABLE scrub_worklist")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
