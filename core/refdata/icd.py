"""ICD-10-CM entries and their ancestors, as the diagnosis rules read them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from ..db import has_table, memoized


@dataclass(frozen=True)
class IcdEntry:
    code: str
    kind: str
    billable: bool
    description: str
    parent: str | None
    excludes1: tuple[str, ...]
    code_first: str
    seven_chr: bool            # this entry defines 7th characters for the codes under it


def icd_entry(conn: sqlite3.Connection, code: str) -> IcdEntry | None:
    """A category or subcategory (any code of the tabular below the block), dot optional."""
    return memoized(conn, ("icd_entry", code), lambda: _icd_entry(conn, code))


def _icd_entry(conn: sqlite3.Connection, code: str) -> IcdEntry | None:
    row = conn.execute(
        "SELECT code, kind, billable, description, parent, excludes1, code_first, seven_chr_def "
        "FROM icd10cm WHERE code_nodot = ? AND kind IN ('category', 'subcategory')",
        (code.replace(".", "").upper(),)).fetchone()
    if row is None:
        return None
    return IcdEntry(row[0], row[1], bool(row[2]), row[3], row[4],
                    tuple(json.loads(row[5] or "[]")), row[6] or "",
                    bool(json.loads(row[7] or "{}")))


def icd_lineage(conn: sqlite3.Connection, code: str) -> list[IcdEntry]:
    """The code and its ancestors up to its 3-character category, the code first."""
    chain: list[IcdEntry] = []
    entry = icd_entry(conn, code)
    while entry is not None and len(chain) < 8:
        chain.append(entry)
        if entry.kind == "category" or not entry.parent:
            break
        entry = icd_entry(conn, entry.parent)
    return chain


def other_names(conn: sqlite3.Connection, code: str) -> list[tuple[str, str]]:
    """(kind, name) of the other names the tabular gives a code: its "Includes" notes and
    inclusion terms (table icd10cm_terms; empty in a database built before it existed)."""
    if not has_table(conn, "icd10cm_terms"):
        return []
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT kind, term FROM icd10cm_terms WHERE code = ? ORDER BY kind, term", (code,))]
