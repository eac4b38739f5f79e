"""NCCI add-on code edits (CMS's AOC file): the primaries each add-on code may be billed with.

The AOC file is bundled (2026Q2) and imported quarterly (core/sources/aoc.py, table
addon_edits). A code the release does not list, or a date no release may be used for, answers
None and the scrubber falls back to its own rule (core/scrub/rules_addon.py). Edit types, as
CMS defines them: 1 = only the listed primary codes; 2 = no primary list, the contractor
decides; 3 = the listed primaries plus others the contractor may allow."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ..db import memoized
from .releases import release_for

ONLY_LISTED = "1"
CONTRACTOR_DEFINED = "2"
LISTED_AND_OTHERS = "3"
CONTRACTOR_DEFINED_CODE = "CCCCC"   # the AOC file's primary code for type 2 edits


@dataclass(frozen=True)
class AddonEdit:
    addon: str
    edit_type: str                 # "1", "2" or "3" (above)
    primaries: frozenset[str]      # active on the date asked; empty for type 2
    release: str                   # e.g. "AOC 2026Q2"
    source: str                    # file and rows, for the finding
    note: str = ""                 # the release policy's note when it does not cover the date


def addon_primaries(conn: sqlite3.Connection, code: str, day: date) -> AddonEdit | None:
    """The add-on edit of `code` active on `day` in the release the policy gives for that date
    (releases.py, source "aoc"), or None when that release does not list the code."""
    return memoized(conn, ("addon", code, day), lambda: _addon_primaries(conn, code, day))


def _addon_primaries(conn: sqlite3.Connection, code: str, day: date) -> AddonEdit | None:
    applied = release_for(conn, "aoc", day)
    if applied is None:
        return None
    on = day.isoformat()
    rows = conn.execute(
        "SELECT primary_code, edit_type, primary_deletion, source_line FROM addon_edits "
        "WHERE release = ? AND addon_code = ? AND effective_date <= ? "
        "AND (deletion_date IS NULL OR deletion_date >= ?) "
        "AND (addon_deletion IS NULL OR addon_deletion >= ?) ORDER BY source_line",
        (applied.name, code, on, on, on)).fetchall()
    if not rows:
        return None
    primaries = frozenset(r[0] for r in rows if r[0] != CONTRACTOR_DEFINED_CODE
                          and (r[2] is None or r[2] >= on))
    edit_type = min(r[1] for r in rows)   # a listed type (1, 3) wins over "contractor" (2)
    lines = [r[3] for r in rows]
    where = f"AOC rows {lines[0]}-{lines[-1]}" if len(lines) > 1 else f"AOC row {lines[0]}"
    return AddonEdit(code, edit_type, primaries, applied.name, where, applied.note)
