"""NCCI procedure-to-procedure pairs and the MUE limit of one code, from the loaded releases.

Either may be missing for a date (CMS releases them quarterly): the results then say so
(`release is None`, or a `note` when an earlier quarter is used) instead of suggesting the code
has no edits.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ..refdata.codes import procedure_description
from ..refdata.ncci import PtpEdit, mue_row, ptp_edits_of
from ..refdata.releases import release_for

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
    other_description: str | None  # our plain-language text for the other code, when bundled
    effective_date: str
    deletion_date: str | None
    modifier_indicator: str
    rationale: str

    @property
    def modifier_short(self) -> str:
        return NCCI_MODIFIER_SHORT.get(self.modifier_indicator, "unknown")


@dataclass(frozen=True)
class NcciEdits:
    release: str | None  # None: no NCCI data loaded
    as_of: str  # the date the pairs were checked for
    requested: str  # the date asked for (as_of differs when the release ends first)
    as_column1: list[NcciPair]  # the code is column 1: the other code is the one denied
    column1_total: int
    as_column2: list[NcciPair]  # the code is column 2: this code is denied with the other
    column2_total: int
    note: str = ""  # set when the release does not cover the date asked for


@dataclass(frozen=True)
class MueLimit:
    release: str | None  # None: no MUE data loaded
    max_units: int | None  # None: the release has no MUE for this code
    mai: str = ""
    mai_text: str = ""
    rationale: str = ""
    note: str = ""  # set when the release does not cover the date asked for

    @property
    def adjudication(self) -> str:
        return MUE_ADJUDICATION.get(self.mai, self.mai_text)


def ncci_edits(
    conn: sqlite3.Connection, code: str, as_of: date | None = None, limit: int = 25
) -> NcciEdits:
    """Pairs active on `as_of` (today by default) in the release the policy gives for that date
    (core/refdata/releases.py), kept within the release's own dates, so a past release still
    shows the pairs it held on its last day."""
    day = as_of or date.today()
    applied = release_for(conn, "ncci_ptp", day)
    if applied is None:
        return NcciEdits(None, day.isoformat(), day.isoformat(), [], 0, [], 0)
    on = min(max(day, date.fromisoformat(applied.release.effective_date)), applied.covers_until)
    described = [
        (_pairs(conn, edits, code), total)
        for edits, total in (
            ptp_edits_of(conn, applied.name, code, side, on, limit)
            for side in ("column1", "column2")
        )
    ]
    (col1, col1_total), (col2, col2_total) = described
    return NcciEdits(
        applied.name,
        on.isoformat(),
        day.isoformat(),
        col1,
        col1_total,
        col2,
        col2_total,
        applied.note,
    )


def _pairs(conn: sqlite3.Connection, edits: list[PtpEdit], code: str) -> list[NcciPair]:
    pairs = []
    for edit in edits:
        other = edit.column2 if edit.column1 == code else edit.column1
        described = procedure_description(conn, other)
        pairs.append(
            NcciPair(
                edit.column1,
                edit.column2,
                described.description if described else None,
                edit.effective_date,
                edit.deletion_date,
                edit.modifier_indicator,
                edit.rationale,
            )
        )
    return pairs


def mue_limit(conn: sqlite3.Connection, code: str, as_of: date | None = None) -> MueLimit:
    applied = release_for(conn, "mue", as_of or date.today())
    if applied is None:
        return MueLimit(None, None)
    row = mue_row(conn, applied.name, code)
    if row is None:
        return MueLimit(applied.name, None, note=applied.note)
    return MueLimit(applied.name, row.max_units, row.mai, row.mai_text, row.rationale, applied.note)
