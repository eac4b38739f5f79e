"""NCCI add-on code edits: the primary procedures an add-on code may be billed with, and the
add-ons of a primary.

A seam: the add-on edit importer (CMS's AOC_V2026Q2-MCR.xlsx, table `addon_edits`) is not on
main yet. Until a release of it is loaded, `addon_links` returns None and callers say that no
add-on edit data is loaded; they never invent a pairing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ..db import has_table
from .releases import release_for

CONTRACTOR_DEFINED = "CCCCC"      # CMS's primary code for "the contractor decides" (type 2)
EDIT_TYPES = {
    "1": "only the primary codes CMS lists",
    "2": "no list: the Medicare contractor decides which primary codes apply",
    "3": "the primary codes CMS lists, and others the Medicare contractor allows",
}
_ACTIVE = "effective_date <= ?2 AND (deletion_date IS NULL OR deletion_date >= ?2)"


@dataclass(frozen=True)
class AddonLinks:
    release: str
    note: str                 # the release does not cover the date asked for ('' when it does)
    edit_type: str | None     # of the code as an add-on: 1 | 2 | 3; None: not an add-on code
    primaries: list[str]      # the code as an add-on: its listed primary codes
    addons: list[str]         # the code as a primary: the add-ons that list it

    @property
    def edit_type_text(self) -> str:
        return EDIT_TYPES.get(self.edit_type or "", "")


def addon_links(conn: sqlite3.Connection, code: str, day: date) -> AddonLinks | None:
    """The code's add-on edits active on `day`, in the release the policy gives for that date;
    None when no add-on edit data is loaded (or none may be used for the date)."""
    if not has_table(conn, "addon_edits"):
        return None
    applied = release_for(conn, "addon_edits", day)
    if applied is None:
        return None
    params = (applied.name, day.isoformat(), code)
    rows = conn.execute(f"SELECT primary_code, edit_type FROM addon_edits WHERE release = ?1 "
                        f"AND addon_code = ?3 AND {_ACTIVE} ORDER BY primary_code",
                        params).fetchall()
    addons = [r[0] for r in conn.execute(
        f"SELECT DISTINCT addon_code FROM addon_edits WHERE release = ?1 AND primary_code = ?3 "
        f"AND {_ACTIVE} ORDER BY addon_code", params)]
    edit_type = rows[0][1] if rows else None
    primaries = [r[0] for r in rows if r[0] != CONTRACTOR_DEFINED]
    return AddonLinks(applied.name, applied.note, edit_type, primaries, addons)
