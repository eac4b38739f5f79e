"""The word index behind code search: one FTS5 row per code of every code set."""

from __future__ import annotations

import sqlite3

# (code set, SQL giving code + searchable words)
_SOURCES = [
    ("procedure", "SELECT code, code_type, category || ' ' || description FROM procedure_codes"),
    ("icd10", "SELECT code, 'icd10', description FROM icd10cm "
              "WHERE kind IN ('category', 'subcategory')"),
    ("modifier", "SELECT code, 'modifier', category || ' ' || description FROM modifiers"),
    ("pos", "SELECT code, 'pos', name || ' ' || description FROM place_of_service"),
]


def rebuild(conn: sqlite3.Connection) -> int:
    conn.execute("DELETE FROM code_search")
    for _, query in _SOURCES:
        conn.execute(f"INSERT INTO code_search (code, code_type, words) {query}")
    conn.execute("INSERT INTO code_search (code_search) VALUES ('optimize')")
    return conn.execute("SELECT COUNT(*) FROM code_search").fetchone()[0]
