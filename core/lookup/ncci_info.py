"""NCCI procedure-to-procedure pairs and the MUE limit of one code, from the loaded releases.

Both tables may be empty (CMS releases them quarterly and the app bundles none): the results
then say so (`release is None`) instead of suggesting the code has no edits.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

NCCI_MODIFIER_INDICATOR: dict[str, str] = {
    "0": "no modifier allowed: the column 2 code is never paid with the column 1 code",
    "1": "an NCCI-associated modifier (59, XE, XS, XP, XU, 25, LT/RT, ...) may bypass the edit "
         "when the documentation supports it",
    "9": "edit not applicable (deleted)",
}

NCCI_MODIFIER_SHORT: dict[str, str] = {"0": "not allowed", "1": "allowed", "9": "not applicable"}

MUE_ADJUDICATION: dict[str, str] = {
    "1": "per claim line",
    "2": "per day, absolute limit set by policy (units above it are never paid)",
    "3": "per day, clinical limit (units above it can be paid on appeal with records)",
}


@dataclass(frozen=True)
class NcciPair:
    column1: str
    column2: str
    other_description: str | None   # our plain-language text for the other code, when bundled
    effective_date: str
    deletion_date: str | None
    modifier_indicator: str
    rationale: str

    @property
    def modifier_meaning(self) -> str:
        return NCCI_MODIFIER_INDICATOR.get(self.modifier_indicator, "unknown indicator")

    @property
    def modifier_short(self) -> str:
        return NCCI_MODIFIER_SHORT.get(self.modifier_indicator, "unknown")


@dataclass(frozen=True)
class NcciEdits:
    release: str | None          # None: no NCCI data loaded
    as_of: str                   # the date the pairs were checked for
    requested: str               # the date asked for (as_of differs when the release ends first)
    as_column1: list[NcciPair]   # the code is column 1: the other code is the one denied
    column1_total: int
    as_column2: list[NcciPair]   # the code is column 2: this code is denied with the other
    column2_total: int


@dataclass(frozen=True)
class MueLimit:
    release: str | None          # None: no MUE data loaded
    max_units: int | None        # None: the release has no MUE for this code
    mai: str = ""
    mai_text: str = ""
    rationale: str = ""

    @property
    def adjudication(self) -> str:
        return MUE_ADJUDICATION.get(self.mai, self.mai_text)


def _release(conn: sqlite3.Connection, source: str, on: str) -> sqlite3.Row | None:
    """The newest release in effect on the date; the newest one at all if none is yet."""
    return conn.execute(
        "SELECT release, effective_date, end_date FROM sources WHERE source = ? "
        "ORDER BY effective_date <= ? DESC, effective_date DESC LIMIT 1", (source, on)).fetchone()


def ncci_edits(conn: sqlite3.Connection, code: str, as_of: date | None = None,
               limit: int = 25) -> NcciEdits:
    """Pairs active on `as_of` (today by default) kept within the release's own dates, so a past
    release still shows the pairs it held on its last day."""
    today = (as_of or date.today()).isoformat()
    release = _release(conn, "ncci_ptp", today)
    if release is None:
        return NcciEdits(None, today, today, [], 0, [], 0)
    on = max(today, release["effective_date"])
    if release["end_date"]:
        on = min(on, release["end_date"])
    sides = []
    for mine, other in (("column1", "column2"), ("column2", "column1")):
        active = (f"n.release = ? AND n.{mine} = ? AND n.effective_date <= ? "
                  "AND (n.deletion_date IS NULL OR n.deletion_date >= ?)")
        params = (release["release"], code, on, on)
        total = conn.execute(f"SELECT COUNT(*) FROM ncci_ptp n WHERE {active}",
                             params).fetchone()[0]
        rows = conn.execute(
            "SELECT n.column1, n.column2, p.description, n.effective_date, n.deletion_date, "
            "n.modifier_indicator, n.rationale FROM ncci_ptp n "
            f"LEFT JOIN procedure_codes p ON p.code = n.{other} "
            f"WHERE {active} ORDER BY n.{other} LIMIT ?", (*params, limit)).fetchall()
        sides.append(([NcciPair(*row) for row in rows], total))
    (col1, col1_total), (col2, col2_total) = sides
    return NcciEdits(release["release"], on, today, col1, col1_total, col2, col2_total)


def mue_limit(conn: sqlite3.Connection, code: str, as_of: date | None = None) -> MueLimit:
    release = _release(conn, "mue", (as_of or date.today()).isoformat())
    if release is None:
        return MueLimit(None, None)
    row = conn.execute("SELECT max_units, mai, mai_text, rationale FROM mue "
                       "WHERE release = ? AND hcpcs = ?", (release["release"], code)).fetchone()
    if row is None:
        return MueLimit(release["release"], None)
    return MueLimit(release["release"], row["max_units"], row["mai"], row["mai_text"],
                    row["rationale"])
