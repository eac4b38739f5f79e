"""NCCI add-on code edits (CMS's AOC file): the primaries each add-on code may be billed with,
and the add-ons of a primary.

The AOC file is bundled (2026Q2) and imported quarterly (core/sources/aoc.py, table
addon_edits), read through the release policy (releases.py, source "aoc"). A code the release
does not list, or a date no release may be used for, answers None: the scrubber then falls back
to its own rule (core/scrub/rules_addon.py) and the lookup says no add-on edit data applies;
neither invents a pairing. Edit types, as CMS defines them: 1 = only the listed primary codes;
2 = no primary list, the contractor decides; 3 = the listed primaries plus others the
contractor may allow."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ..db import memoized
from .releases import release_for

ONLY_LISTED = "1"
CONTRACTOR_DEFINED = "2"
LISTED_AND_OTHERS = "3"
CONTRACTOR_DEFINED_CODE = "CCCCC"  # the AOC file's primary code for type 2 edits
EDIT_TYPES = {
    ONLY_LISTED: "only the primary codes CMS lists",
    CONTRACTOR_DEFINED: "no list: the Medicare contractor decides which primary codes apply",
    LISTED_AND_OTHERS: "the primary codes CMS lists, and others the Medicare contractor allows",
}
_ACTIVE = "effective_date <= ?2 AND (deletion_date IS NULL OR deletion_date >= ?2)"


@dataclass(frozen=True)
class AddonEdit:
    addon: str
    edit_type: str  # "1", "2" or "3" (above)
    primaries: frozenset[str]  # active on the date asked; empty for type 2
    release: str  # e.g. "AOC 2026Q2"
    source: str  # file and rows, for the finding
    note: str = ""  # the release policy's note when it does not cover the date


@dataclass(frozen=True)
class AddonLinks:
    release: str
    note: str  # the release does not cover the date asked for ('' when it does)
    edit_type: str | None  # of the code as an add-on: 1 | 2 | 3; None: not an add-on code
    primaries: list[str]  # the code as an add-on: its listed primary codes
    addons: list[str]  # the code as a primary: the add-ons that list it

    @property
    def edit_type_text(self) -> str:
        return EDIT_TYPES.get(self.edit_type or "", "")


def addon_primaries(conn: sqlite3.Connection, code: str, day: date) -> AddonEdit | None:
    """The add-on edit of `code` active on `day` in the release the policy gives for that date,
    or None when that release does not list the code."""
    return memoized(conn, ("addon", code, day), lambda: _addon_primaries(conn, code, day))


def _addon_primaries(conn: sqlite3.Connection, code: str, day: date) -> AddonEdit | None:
    applied = release_for(conn, "aoc", day)
    if applied is None:
        return None
    on = day.isoformat()
    rows = conn.execute(
        "SELECT primary_code, edit_type, primary_deletion, source_line FROM addon_edits "
        f"WHERE release = ?1 AND addon_code = ?3 AND {_ACTIVE} "
        "AND (addon_deletion IS NULL OR addon_deletion >= ?2) ORDER BY source_line",
        (applied.name, on, code),
    ).fetchall()
    if not rows:
        return None
    primaries = frozenset(
        r[0] for r in rows if r[0] != CONTRACTOR_DEFINED_CODE and (r[2] is None or r[2] >= on)
    )
    edit_type = min(r[1] for r in rows)  # a listed type (1, 3) wins over "contractor" (2)
    lines = [r[3] for r in rows]
    where = f"AOC rows {lines[0]}-{lines[-1]}" if len(lines) > 1 else f"AOC row {lines[0]}"
    return AddonEdit(code, edit_type, primaries, applied.name, where, applied.note)


def addon_links(conn: sqlite3.Connection, code: str, day: date) -> AddonLinks | None:
    """The code's add-on edits active on `day` both ways (its primaries as an add-on, the
    add-ons listing it as a primary); None when no add-on edit release applies to the date."""
    applied = release_for(conn, "aoc", day)
    if applied is None:
        return None
    params = (applied.name, day.isoformat(), code)
    rows = conn.execute(
        f"SELECT primary_code, edit_type FROM addon_edits WHERE release = ?1 "
        f"AND addon_code = ?3 AND {_ACTIVE} ORDER BY primary_code",
        params,
    ).fetchall()
    addons = [
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT addon_code FROM addon_edits WHERE release = ?1 AND primary_code = ?3 "
            f"AND {_ACTIVE} ORDER BY addon_code",
            params,
        )
    ]
    edit_type = min((r[1] for r in rows), default=None)
    primaries = [r[0] for r in rows if r[0] != CONTRACTOR_DEFINED_CODE]
    return AddonLinks(applied.name, applied.note, edit_type, primaries, addons)
