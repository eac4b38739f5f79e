"""An ICD-10-CM code on a date: valid, not yet effective, deleted, a header, or unknown.

HIPAA names the code set in effect on the date of service; ICD-10-CM changes every October 1,
so the fiscal year of the date picks the code set (2026-11-30 is in FY2027). The database holds
a range of fiscal years (resources/icd10cm, plus imported CDC addenda); a date outside them is
judged against the nearest one, and the answer says so.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..db import memoized
from .releases import fiscal_year

VALID, NOT_EFFECTIVE, DELETED, HEADER, UNKNOWN = (
    "valid",
    "not effective",
    "deleted",
    "header",
    "unknown",
)
MAX_LISTED = 12
_CODES = "kind IN ('category', 'subcategory')"
# The billable flag of icd10cm row `c` in fiscal year ?1: the row holds the newest flag; a later
# flip to 'header' means it was billable that year, a later flip to 'billable' that it was not.
BILLABLE_IN = (
    "COALESCE((SELECT ch.change = 'header' FROM icd10cm_changes ch WHERE ch.code = "
    "c.code AND ch.fiscal_year > ?1 AND ch.change IN ('header', 'billable') "
    "ORDER BY ch.fiscal_year LIMIT 1), c.billable)"
)
VALID_IN = "c.valid_from_fy <= ?1 AND (c.valid_to_fy IS NULL OR c.valid_to_fy >= ?1)"


def fiscal_year_start(year: int) -> date:
    return date(year - 1, 10, 1)


@dataclass(frozen=True)
class IcdStatus:
    code: str  # as the tabular writes it ("I42.0"); as asked when unknown
    state: str  # VALID | NOT_EFFECTIVE | DELETED | HEADER | UNKNOWN
    fiscal_year: int  # the fiscal year of the date asked about
    judged_year: int | None  # the code set used (None: no ICD-10-CM loaded)
    description: str = ""
    starts_fy: int | None = None  # NOT_EFFECTIVE: the first fiscal year it is valid
    deleted_fy: int | None = None  # DELETED: the first fiscal year it is no longer valid
    replacements: tuple[str, ...] = ()  # DELETED: codes added in its place; HEADER: codes under it
    note: str = ""  # the date's own code set is not in the database
    changed_by: str = ""  # the release file (and line) of the change that applies

    @property
    def release(self) -> str:
        return f"ICD-10-CM FY{self.judged_year}" if self.judged_year else "no ICD-10-CM loaded"


def loaded_years(conn: sqlite3.Connection) -> tuple[int, ...]:
    return memoized(
        conn,
        ("icd_years",),
        lambda: tuple(
            sorted(
                int(r[0][-4:])
                for r in conn.execute(
                    "SELECT release FROM sources WHERE source = 'icd10cm' "
                    "AND release LIKE 'ICD-10-CM FY%'"
                )
            )
        ),
    )


def icd_status(conn: sqlite3.Connection, code: str, day: date) -> IcdStatus:
    asked = fiscal_year(day)
    judged, note = judged_year(conn, day)
    if judged is None:
        return IcdStatus(code, UNKNOWN, asked, None, note=note)
    status = memoized(
        conn,
        ("icd_status", code.replace(".", "").upper(), judged),
        lambda: _status(conn, code, judged),
    )
    if not note:
        return status
    return IcdStatus(
        status.code,
        status.state,
        asked,
        judged,
        status.description,
        status.starts_fy,
        status.deleted_fy,
        status.replacements,
        note,
        status.changed_by,
    )


def prefetch_status(conn: sqlite3.Connection, codes: Iterable[str], year: int) -> None:
    """Read the fiscal-year status of `codes` in a few queries, so the icd_status calls that
    follow find the valid and unknown ones remembered (the rarer states are read as asked)."""
    memo = getattr(conn, "memo", None)
    if memo is None:
        return
    wanted: dict[str, str] = {}
    for code in codes:
        key = code.replace(".", "").upper()  # as icd_status remembers it
        if ("icd_status", key, year) not in memo and key == key.strip():
            wanted.setdefault(key, code)
    keys = list(wanted)
    for start in range(0, len(keys), 900):
        batch = keys[start : start + 900]
        marks = ", ".join(f"?{n}" for n in range(2, len(batch) + 2))
        found: dict[str, tuple[Any, ...]] = {}
        for row in conn.execute(
            f"SELECT code_nodot, code, description, valid_from_fy, valid_to_fy, "
            f"{BILLABLE_IN} FROM icd10cm c WHERE code_nodot IN ({marks}) AND {_CODES}",
            (year, *batch),
        ):
            found.setdefault(row[0], tuple(row[1:]))  # the row _status would read first
        for key in batch:
            row = found.get(key)
            if row is None:
                memo[("icd_status", key, year)] = IcdStatus(wanted[key], UNKNOWN, year, year)
            elif row[2] <= year and (row[3] is None or row[3] >= year) and row[4]:
                memo[("icd_status", key, year)] = IcdStatus(row[0], VALID, year, year, row[1])


def judged_year(conn: sqlite3.Connection, day: date) -> tuple[int | None, str]:
    """The loaded fiscal year a date is judged against, and a note when it is not the date's
    own (the nearest loaded year is used)."""
    years = loaded_years(conn)
    asked = fiscal_year(day)
    if not years:
        return None, "no ICD-10-CM code set is loaded"
    judged = min(max(asked, years[0]), years[-1])
    if judged == asked:
        return judged, ""
    side = "or before" if judged == years[0] else "or after"
    return judged, (
        f"the FY{asked} code set is not in the database: checked against "
        f"FY{judged}, the nearest loaded (codes valid in FY{judged} {side} may "
        "differ)"
    )


def _status(conn: sqlite3.Connection, code: str, year: int) -> IcdStatus:
    nodot = code.replace(".", "").strip().upper()
    row = conn.execute(
        f"SELECT code, description, valid_from_fy, valid_to_fy, billable, {BILLABLE_IN} "
        f"FROM icd10cm c WHERE code_nodot = ?2 AND {_CODES}",
        (year, nodot),
    ).fetchone()
    if row is None:
        return IcdStatus(code, UNKNOWN, year, year)
    found, description, first, last = row[0], row[1], row[2], row[3]
    if first > year:
        return IcdStatus(
            found,
            NOT_EFFECTIVE,
            year,
            year,
            description,
            starts_fy=first,
            changed_by=_change(conn, found, first, "added")[0],
        )
    if last is not None and last < year:
        source, replacements = _change(conn, found, last + 1, "deleted")
        return IcdStatus(
            found,
            DELETED,
            year,
            year,
            description,
            deleted_fy=last + 1,
            replacements=replacements,
            changed_by=source,
        )
    if not row[5]:
        return IcdStatus(
            found,
            HEADER,
            year,
            year,
            description,
            replacements=billable_under(conn, nodot, year),
            changed_by=_change(conn, found, year, "header")[0],
        )
    return IcdStatus(found, VALID, year, year, description)


def _change(
    conn: sqlite3.Connection, code: str, year: int, change: str
) -> tuple[str, tuple[str, ...]]:
    """Source and replacements of the code's `change` in `year` (a header: the latest flip to
    header up to `year`), or ('', ()) when the code set has always had it so."""
    row = conn.execute(
        "SELECT source, replacements FROM icd10cm_changes WHERE code = ? AND "
        "fiscal_year <= ? AND change = ? ORDER BY fiscal_year DESC LIMIT 1",
        (code, year, change),
    ).fetchone()
    if row is None:
        return "", ()
    return row[0], tuple(json.loads(row[1]))


def billable_under(conn: sqlite3.Connection, nodot: str, year: int) -> tuple[str, ...]:
    """The first billable codes below a header in fiscal year `year`."""
    after = nodot[:-1] + chr(ord(nodot[-1]) + 1)
    return tuple(
        r[0]
        for r in conn.execute(
            f"SELECT c.code FROM icd10cm c WHERE c.code_nodot > ?2 AND c.code_nodot < ?3 AND "
            f"c.{_CODES} AND {VALID_IN} AND {BILLABLE_IN} = 1 ORDER BY c.code_nodot LIMIT ?4",
            (year, nodot, after, MAX_LISTED),
        )
    )


def code_history(conn: sqlite3.Connection, code: str) -> list[tuple[str, str]]:
    """(fiscal year, what happened) for the detail page: validity, then each change."""
    row = conn.execute(
        f"SELECT code, valid_from_fy, valid_to_fy FROM icd10cm WHERE code_nodot = ? AND {_CODES}",
        (code.replace(".", "").upper(),),
    ).fetchone()
    years = loaded_years(conn)
    if row is None or not years:
        return []
    first = f"FY{row[1]}" + (" or before" if row[1] == years[0] else "")
    last = f"through FY{row[2]}" if row[2] is not None else "still valid"
    lines = [("Valid", f"{first}, {last} (code sets loaded: FY{years[0]}-FY{years[-1]})")]
    for year, change, previous, replacements in conn.execute(
        "SELECT fiscal_year, change, previous, replacements FROM icd10cm_changes WHERE "
        "code = ? ORDER BY fiscal_year",
        (row[0],),
    ):
        what = {
            "added": "added",
            "deleted": "deleted",
            "header": "became a header (not billable)",
            "billable": "became billable",
            "revised": "title revised",
        }[change]
        if previous:
            what += f" (was: {previous})"
        listed = json.loads(replacements)
        if listed:
            what += "; codes added in its place: " + ", ".join(listed)
        lines.append((f"FY{year}", f"{what} from {fiscal_year_start(year).isoformat()}"))
    return lines
