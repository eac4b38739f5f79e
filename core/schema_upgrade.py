"""Reference databases of an earlier schema, upgraded in place when opened for writing (the app
does so on start-up), so that an update of the app keeps the releases a user imported. Each
upgrade is one transaction: a process killed midway leaves the database as it was."""

from __future__ import annotations

import sqlite3

# Version 3 repeated the release, the rationale and the file name on every NCCI edit; version 4
# names the part file and the rationale by number (schema.sql).
_V3_TO_V4_BEFORE = """
DROP INDEX IF EXISTS ncci_ptp_column2;
ALTER TABLE ncci_ptp RENAME TO ncci_ptp_v3;
"""
_V3_TO_V4_AFTER = """
INSERT INTO ncci_files (release, file_name, row_count)
    SELECT release, source_file, COUNT(*) FROM ncci_ptp_v3 GROUP BY release, source_file;
INSERT INTO ncci_rationales (text) SELECT DISTINCT rationale FROM ncci_ptp_v3;
INSERT INTO ncci_ptp (file_id, column1, column2, prior_1996, effective_date, deletion_date,
                      modifier_indicator, rationale_id, source_line)
    SELECT f.id, o.column1, o.column2, o.prior_1996, o.effective_date, o.deletion_date,
           o.modifier_indicator, r.id, o.source_line
    FROM ncci_ptp_v3 o
    JOIN ncci_files f ON f.release = o.release AND f.file_name = o.source_file
    JOIN ncci_rationales r ON r.text = o.rationale
    ORDER BY f.id, o.source_line;
DROP TABLE ncci_ptp_v3;
UPDATE meta SET value = '4' WHERE key = 'schema_version';
"""


def schema_version(conn: sqlite3.Connection) -> str | None:
    """The schema version a database records (None: a new or foreign file)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        return None  # no meta table yet: a new database
    return row[0] if row else None


def upgrade(conn: sqlite3.Connection, schema_sql: str) -> None:
    """Bring a database of an earlier version to this one (nothing when there is none)."""
    if schema_version(conn) != "3":
        return
    try:
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{_V3_TO_V4_BEFORE}\n{schema_sql}\n{_V3_TO_V4_AFTER}\nCOMMIT;"
        )
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
