"""Which release of each reference source applies on a date: the one release policy of the app.

Every CMS/CDC source is loaded as releases, side by side, each recorded in the `sources` table
with its effective date (and end date where the source has one). For a date of service D:

- A release covers its dates. The yearly PFS (RVUyyA-D) runs from its effective date until the
  next release of the same calendar year, or to December 31. Yearly files (GPCI, LOCCO, ANES)
  cover their calendar year; quarterly ones (NCCI PTP, MUE, add-on code edits, ZIP5, HCPCS,
  OPPS cap) cover their quarter; ICD-10-CM covers its fiscal year (October 1 to September 30).
  When two releases cover D, the newest (latest effective date) applies.
- When no release covers D, it depends on what the source is for:
  - Pricing (PFS, GPCI, anesthesia CF, OPPS cap; the conversion factor has its own dated table):
    a release of another calendar year is never used, because the amounts would be wrong. Within
    D's year the nearest release is used (a DOS in March with only the July release loaded),
    with a note.
  - Edits, code sets and crosswalks (NCCI PTP, MUE, add-on edits, HCPCS, ICD-10-CM, ZIP5,
    localities): the newest earlier release is used and the answer says so ("checked against
    MUE 2026Q2; no newer quarter loaded"). It is never silent and never called a pass.
    Crosswalks (ZIP5, localities) and MUE values (which carry no dates of their own) with nothing
    earlier use the oldest later release, labelled as such; NCCI PTP and add-on edits, HCPCS and
    ICD-10-CM with nothing earlier are not checked at all.
- Every amount and finding names the release it used (`Applied.name`) and carries its note.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from ..db import memoized
from ..sources.quarters import quarter_end, quarter_start
from . import DataNotLoaded

PRICING = "pricing"  # never across a calendar year
CHECKING = "checking"  # edits and code sets: an older release, said out loud
CROSSWALK = "crosswalk"  # like checking, and a later release when nothing earlier is loaded

# source -> (what it is for, the user's name for it)
SOURCES: dict[str, tuple[str, str]] = {
    "pfs": (PRICING, "PFS relative values (PPRRVU)"),
    "gpci": (PRICING, "GPCI"),
    "anesthesia": (PRICING, "Anesthesia CF"),
    "oppscap": (PRICING, "OPPS cap"),
    "locality": (CROSSWALK, "Localities (LOCCO)"),
    "zip5": (CROSSWALK, "ZIP5 (ZIP to locality)"),
    "ncci_ptp": (CHECKING, "NCCI PTP edits"),
    "mue": (CROSSWALK, "MUE"),
    "aoc": (CHECKING, "NCCI add-on code edits"),
    "hcpcs": (CHECKING, "HCPCS Level II"),
    "icd10cm": (CHECKING, "ICD-10-CM"),
}
_SHORT = {
    "pfs": "PFS",
    "gpci": "GPCI",
    "locality": "Localities",
    "anesthesia": "Anesthesia CF",
    "oppscap": "OPPS cap",
    "zip5": "ZIP5",
    "ncci_ptp": "NCCI",
    "mue": "MUE",
    "aoc": "NCCI add-on edits",
    "hcpcs": "HCPCS",
    "icd10cm": "",
    "pfs_qpp": "PFS qualifying APM CF from",
    "procedure_codes": "Procedure descriptions",
    "modifiers": "Modifiers",
    "place_of_service": "Places of service",
    "conversion_factors": "Conversion factors",
}


@dataclass(frozen=True)
class Release:
    """One loaded release of one source, as the `sources` table records it."""

    source: str
    name: str  # RVU26C, GPCI2026, MUE 2026Q2, ICD-10-CM FY2027 ...
    effective_date: str  # ISO
    end_date: str | None  # ISO, as the source gives it (None: until replaced)
    row_count: int
    origin: str  # bundled | imported
    file_name: str
    imported_at: str

    @property
    def is_own_table(self) -> bool:
        """Written for this app (modifiers, POS...), not a dated release of an outside source."""
        return self.name.startswith("bundle ")

    @property
    def label(self) -> str:
        prefix = _SHORT.get(self.source, self.source)
        if self.is_own_table:
            return prefix  # the bundle fingerprint means nothing to a user
        return f"{prefix} {self.name}".strip() if prefix not in self.name else self.name

    @property
    def dates(self) -> str:
        if self.is_own_table:
            return f"built {self.effective_date}"
        until = f" to {self.end_date}" if self.end_date else ""
        return f"effective {self.effective_date}{until}"


@dataclass(frozen=True)
class Applied:
    """The release used for a date, and why when it does not cover that date."""

    release: Release
    day: date
    covers_until: date  # the last day the release covers
    note: str = ""  # "" when the release covers `day`

    @property
    def name(self) -> str:
        return self.release.name

    @property
    def covers(self) -> bool:
        return not self.note


def loaded_releases(conn: sqlite3.Connection) -> list[Release]:
    """Every release of every source, newest first within a source."""
    return memoized(
        conn,
        ("releases",),
        lambda: [
            Release(*row)
            for row in conn.execute(
                "SELECT source, release, effective_date, end_date, row_count, origin, file_name, "
                "imported_at FROM sources ORDER BY source, effective_date DESC, release DESC"
            )
        ],
    )


def releases(conn: sqlite3.Connection, source: str) -> list[Release]:
    """The releases of one source, oldest first."""
    return [r for r in reversed(loaded_releases(conn)) if r.source == source]


def release_for(conn: sqlite3.Connection, source: str, day: date) -> Applied | None:
    """The release of `source` to use for `day` under the policy above; None when none may be
    used (say so with `missing_reason`)."""
    return memoized(conn, ("release_for", source, day), _release_for, conn, source, day)


def required_release(conn: sqlite3.Connection, source: str, day: date, to_do: str) -> Applied:
    """The release of `source` to use for `day`; DataNotLoaded, saying why none may be used and
    `to_do` (what to import), when there is none."""
    applied = release_for(conn, source, day)
    if applied is None:
        raise DataNotLoaded(f"{missing_reason(conn, source, day)}; {to_do}")
    return applied


def release_named(conn: sqlite3.Connection, source: str, name: str) -> Release | None:
    return next((r for r in releases(conn, source) if r.name == name), None)


def covered_until(conn: sqlite3.Connection, release: Release) -> date:
    """The last day `release` covers: its end date, the day before the next release of the same
    yearly file, or the end of its year, quarter or fiscal year."""
    start = date.fromisoformat(release.effective_date)
    if release.source == "pfs":
        later = [
            date.fromisoformat(r.effective_date)
            for r in releases(conn, "pfs")
            if r.effective_date > release.effective_date
            and r.effective_date[:4] == release.effective_date[:4]
        ]
        return min(later) - timedelta(days=1) if later else date(start.year, 12, 31)
    if release.end_date:
        return date.fromisoformat(release.end_date)
    if release.source == "icd10cm":
        return date(start.year + (start.month >= 10), 9, 30)
    if release.source in ("gpci", "anesthesia", "locality"):
        return date(start.year, 12, 31)
    return quarter_end(quarter_start(start))


def _release_for(conn: sqlite3.Connection, source: str, day: date) -> Applied | None:
    loaded = [
        (r, date.fromisoformat(r.effective_date), covered_until(conn, r))
        for r in releases(conn, source)
    ]
    covering = [item for item in loaded if item[1] <= day <= item[2]]
    if covering:
        release, _, until = covering[-1]
        return Applied(release, day, until)
    purpose = SOURCES.get(source, (CHECKING, source))[0]
    if purpose == PRICING:
        same_year = sorted(
            (item for item in loaded if item[1].year == day.year),
            key=lambda item: abs((item[1] - day).days),
        )
        if not same_year:
            return None
        release, start, until = same_year[0]
        return Applied(
            release,
            day,
            until,
            f"{release.name} (effective {start.isoformat()}) used for "
            f"{day.isoformat()}: no {day.year} release covering that date is loaded",
        )
    earlier = [item for item in loaded if item[2] < day]
    if earlier:
        release, _, until = earlier[-1]
        said = "used" if source in ("zip5", "locality") else "checked against"
        return Applied(
            release,
            day,
            until,
            f"{said} {release.name} (to {until.isoformat()}); no newer release "
            f"loaded for {day.isoformat()}",
        )
    later = [item for item in loaded if item[1] > day]
    if purpose == CROSSWALK and later:
        release, start, until = later[0]
        return Applied(
            release,
            day,
            until,
            f"{release.name} (from {start.isoformat()}) used for {day.isoformat()}: "
            "no earlier release is loaded",
        )
    return None


def missing_reason(conn: sqlite3.Connection, source: str, day: date) -> str:
    """Why nothing applies on `day`, naming what is loaded."""
    name = _SHORT.get(source) or SOURCES.get(source, (CHECKING, source))[1]
    loaded = ", ".join(
        f"{r.name} ({r.effective_date} to {covered_until(conn, r).isoformat()})"
        for r in releases(conn, source)
    )
    return f"no {name} release loaded covers {day.isoformat()} (loaded: {loaded or 'none'})"


def fiscal_year(day: date) -> int:
    """The federal fiscal year of a date: October 1 starts the next one (ICD-10-CM's year)."""
    return day.year + (day.month >= 10)
