"""ICD-10-CM entries and their ancestors, as the diagnosis rules read them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

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
    seven_chr: bool  # this entry defines 7th characters for the codes under it


def icd_entry(conn: sqlite3.Connection, code: str) -> IcdEntry | None:
    """A category or subcategory (any code of the tabular below the block), dot optional."""
    return memoized(conn, ("icd_entry", code), _icd_entry, conn, code)


def _icd_entry(conn: sqlite3.Connection, code: str) -> IcdEntry | None:
    row = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM icd10cm WHERE code_nodot = ? AND kind IN ('category', "
        "'subcategory')",
        (code.replace(".", "").upper(),),
    ).fetchone()
    return None if row is None else _entry(row)


_ENTRY_COLUMNS = "code, kind, billable, description, parent, excludes1, code_first, seven_chr_def"
_BATCH = 900  # codes a query asks for at once (SQLite allows 999 parameters and more)


def _entry(row: Sequence[Any]) -> IcdEntry:
    excludes, seven = row[5], row[7]
    return IcdEntry(
        row[0],
        row[1],
        bool(row[2]),
        row[3],
        row[4],
        () if excludes in _EMPTY else tuple(json.loads(excludes)),
        row[6] or "",
        False if seven in _EMPTY else bool(json.loads(seven)),
    )


_EMPTY = (None, "", "[]", "{}", "null")


def prefetch_entries(conn: sqlite3.Connection, codes: Iterable[str]) -> None:
    """Read the entries of `codes` and their ancestors in a few queries (one per level), so
    the icd_entry and icd_lineage calls that follow find them remembered."""
    memo = getattr(conn, "memo", None)
    if memo is None:
        return
    wanted = {code for code in codes if ("icd_entry", code) not in memo}
    for _ in range(8):
        if not wanted:
            return
        by_nodot: dict[str, list[str]] = {}
        for code in wanted:
            by_nodot.setdefault(code.replace(".", "").upper(), []).append(code)
        found: dict[str, IcdEntry] = {}
        keys = list(by_nodot)
        for start in range(0, len(keys), _BATCH):
            batch = keys[start : start + _BATCH]
            for row in conn.execute(
                f"SELECT code_nodot, {_ENTRY_COLUMNS} FROM icd10cm WHERE code_nodot IN "
                f"({', '.join('?' * len(batch))}) AND kind IN ('category', 'subcategory')",
                batch,
            ):
                found.setdefault(row[0], _entry(row[1:]))
        parents = set()
        for nodot, asked in by_nodot.items():
            entry = found.get(nodot)
            for code in asked:
                memo[("icd_entry", code)] = entry
            if entry is not None and entry.kind != "category" and entry.parent:
                parents.add(entry.parent)
        wanted = {code for code in parents if ("icd_entry", code) not in memo}


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
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT kind, term FROM icd10cm_terms WHERE code = ? ORDER BY kind, term", (code,)
        )
    ]
