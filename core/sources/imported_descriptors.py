"""The descriptors of a PPRRVU file the user imports, kept in that user's own database so code
search finds every code of the file by its words.

CMS prints a short descriptor for every code (DESCRIPTION column). For CPT codes that text is
AMA copyright: the bundled build never calls this module and ships no descriptor; the lookup
shows these texts marked as from the user's CMS file (core/refdata/descriptions.py).

The PPRRVU importer calls `store_imported_descriptors` inside its import transaction, after it
wrote the release's rows, with the release name and the (HCPCS, MOD, DESCRIPTION) of each row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from . import search_index

Descriptor = tuple[str, str, str]  # (code, modifier, description) as the file has them


def store_imported_descriptors(
    conn: sqlite3.Connection, release: str, rows: Iterable[Descriptor]
) -> int:
    """Replace `release`'s descriptors with `rows` and re-index the procedure codes; the number
    of descriptors stored. Blank descriptors are skipped; codes and modifiers are stripped and
    upper-cased. Call it inside the importer's transaction (it does not commit)."""
    clean = {}
    for code, modifier, description in rows:
        text = " ".join(str(description or "").split())
        key = (str(code).strip().upper(), str(modifier or "").strip().upper())
        if text and key[0]:
            clean[key] = text
    conn.execute("DELETE FROM imported_descriptors WHERE release = ?", (release,))
    conn.executemany(
        "INSERT INTO imported_descriptors (release, code, modifier, description) "
        "VALUES (?, ?, ?, ?)",
        ((release, code, modifier, text) for (code, modifier), text in clean.items()),
    )
    search_index.refresh_procedures(conn)
    return len(clean)
