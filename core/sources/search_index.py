"""The word index behind code search: one FTS5 row per code of every code set.

Rows go in a deliberate order (procedures, modifiers, places of service, ICD-10-CM categories,
then ICD-10-CM codes from the shortest to the longest): for a very common word core/search.py
ranks only the first matches in this order, so the broad codes a biller starts from come first.
"""

from __future__ import annotations

import sqlite3

# (code set, SQL giving code + code type + searchable words, in index order)
_SOURCES = [
    ("procedure", "SELECT code, code_type, category || ' ' || description FROM procedure_codes "
                  "ORDER BY code"),
    ("modifier", "SELECT code, 'modifier', category || ' ' || description FROM modifiers "
                 "ORDER BY code"),
    ("pos", "SELECT code, 'pos', name || ' ' || description FROM place_of_service ORDER BY code"),
    ("icd10", "SELECT code, 'icd10', description FROM icd10cm "
              "WHERE kind IN ('category', 'subcategory') "
              "ORDER BY kind = 'subcategory', length(code_nodot), code_nodot"),
]


def rebuild(conn: sqlite3.Connection) -> int:
    conn.execute("DELETE FROM code_search")
    for _, query in _SOURCES:
        conn.execute(f"INSERT INTO code_search (code, code_type, words) {query}")
    conn.execute("INSERT INTO code_search (code_search) VALUES ('optimize')")
    return conn.execute("SELECT COUNT(*) FROM code_search").fetchone()[0]
