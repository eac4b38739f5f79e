"""NCCI add-on code edits (CMS's AOC file): the primaries each add-on code may be billed with.

The seam for the importer that loads CMS's add-on code edit file (not on main yet). Until it
does, `addon_primaries` answers None ("no add-on edit data loaded") and the scrubber falls back
to its own rule (core/scrub/rules_addon.py). Edit types, as CMS defines them: 1 = only the listed
primary codes; 2 = no primary list, the contractor decides; 3 = the listed primaries plus others
the contractor may allow."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

ONLY_LISTED = "1"
CONTRACTOR_DEFINED = "2"
LISTED_AND_OTHERS = "3"


@dataclass(frozen=True)
class AddonEdit:
    addon: str
    edit_type: str                 # "1", "2" or "3" (above)
    primaries: frozenset[str]      # active on the date asked; empty for type 2
    release: str                   # e.g. "AOC 2026Q2"
    source: str                    # file and rows, for the finding
    note: str = ""                 # the release policy's note when it does not cover the date


def addon_primaries(conn: sqlite3.Connection, code: str, day: date) -> AddonEdit | None:
    """The add-on edit of `code` active on `day` under the release policy (releases.py, source
    "addon_edits"), or None when no add-on edit data is loaded for it.

    Not filled yet: no importer loads the AOC file; the lead fills this in when it does."""
    return None
