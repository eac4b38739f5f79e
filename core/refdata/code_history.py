"""Whether a code is current, deleted or not yet effective on a date, with the release that
says so.

- CPT/HCPCS from the loaded PFS releases: a code in an older release and not in the release for
  the date was deleted ("deleted 2025-10-01 (not in RVU25D)"); a code only in later releases is
  not yet effective. Without a release for the date (none loaded for its year) the newest
  loaded release is the reference, and the note says so.
- HCPCS Level II from the newest HCPCS file loaded (table `hcpcs_codes`): its add and
  termination dates (CMS's fixed-width file has them; the bundled 4-column copy does not).
- ICD-10-CM by fiscal year (core/refdata/icd_codes.py: FY2025-FY2027 bundled, later years
  imported): valid, deleted (with the codes added in its place) or not yet effective in the
  fiscal year of the date, and billable or a header that year.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..db import memoized
from ..sources.quarters import quarter_start
from . import icd_codes
from .descriptions import hcpcs_record
from .releases import Release, release_for, releases

CURRENT, DELETED, NOT_YET = "current", "deleted", "not yet effective"


@dataclass(frozen=True)
class CodeStatus:
    state: str  # current | deleted | not yet effective
    note: str  # "" when current and nothing to say
    status: str | None = None  # PFS status code in the release shown
    release: str | None = None  # the release the answer comes from
    replacements: tuple[str, ...] = ()  # codes CMS names in place of a deleted one; the
    #                                     billable codes under an ICD-10-CM header
    billable: bool | None = None  # ICD-10-CM: billable in the fiscal year of the date


@dataclass(frozen=True)
class _Presence:
    rows: dict[str, str]  # release -> status of the code's global row


def pfs_reference(conn: sqlite3.Connection, day: date) -> tuple[Release | None, str]:
    """The PFS release a code is judged against on `day`, and a note when it is not the
    date's own (the newest loaded release then stands in)."""
    applied = release_for(conn, "pfs", day)
    if applied is not None:
        return applied.release, applied.note
    loaded = releases(conn, "pfs")
    if not loaded:
        return None, ""
    newest = loaded[-1]
    return newest, f"no PFS release for {day.isoformat()} is loaded; compared with {newest.name}"


@dataclass(frozen=True)
class SearchProfile:
    """What the newest loaded PFS release holding each procedure code says of it that search
    ranking uses: its status, its global period (ZZZ: an add-on code) and the base code of its
    endoscopy family (ENDO BASE)."""

    statuses: dict[str, str]
    global_days: dict[str, str]
    endoscopy_bases: dict[str, str]  # member -> base, for the members of a family


def search_profile(conn: sqlite3.Connection, codes: Iterable[str]) -> SearchProfile:
    """These procedure codes as the newest loaded PFS release holding each has them: one
    query for the ~100 candidates a search ranks (reading every code's took 60 ms a
    connection, most of a one-shot `lookup`)."""
    wanted = sorted(set(codes))
    if not wanted:
        return SearchProfile({}, {}, {})
    marks = ", ".join("?" for _ in wanted)
    return _profile(
        conn.execute(
            "SELECT r.hcpcs, r.status, r.global_days, r.endo_base, MAX(s.effective_date) "
            "FROM pfs_rvu r JOIN sources s ON s.source = 'pfs' AND s.release = r.release "
            f"WHERE r.modifier = '' AND r.hcpcs IN ({marks}) GROUP BY r.hcpcs",
            wanted,
        ).fetchall()
    )  # SQLite takes the row of the MAX


def any_pfs_loaded(conn: sqlite3.Connection) -> bool:
    return memoized(
        conn,
        ("any_pfs_loaded",),
        lambda: (
            conn.execute("SELECT 1 FROM sources WHERE source = 'pfs' LIMIT 1").fetchone()
            is not None
        ),
    )


def _profile(rows: list[sqlite3.Row]) -> SearchProfile:
    return SearchProfile(
        {r[0]: r[1] for r in rows},
        {r[0]: r[2] for r in rows},
        {r[0]: r[3] for r in rows if r[3] and r[3] != r[0]},
    )


def pfs_statuses(
    conn: sqlite3.Connection, codes: Iterable[str], day: date
) -> dict[str, CodeStatus]:
    """Each code found in a loaded PFS release, judged on `day`."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return {}
    reference, _ = pfs_reference(conn, day)
    presence: dict[str, dict[str, str]] = {}
    marks = ", ".join("?" for _ in wanted)
    for code, release, status in conn.execute(
        f"SELECT hcpcs, release, status FROM pfs_rvu WHERE modifier = '' AND hcpcs IN ({marks})",
        wanted,
    ):
        presence.setdefault(code, {})[release] = status
    ordered = releases(conn, "pfs")
    return {code: _judge(rows, ordered, reference) for code, rows in presence.items()}


def pfs_status(conn: sqlite3.Connection, code: str, day: date) -> CodeStatus | None:
    return pfs_statuses(conn, [code], day).get(code)


def _judge(rows: dict[str, str], ordered: list[Release], reference: Release | None) -> CodeStatus:
    holding = [r for r in ordered if r.name in rows]
    if reference is None or reference.name in rows:
        shown = reference if reference is not None else holding[-1]
        status = rows[shown.name]
        note = f"deleted: status D in {shown.name}" if status == "D" else ""
        return CodeStatus(DELETED if status == "D" else CURRENT, note, status, shown.name)
    earlier = [r for r in holding if r.effective_date < reference.effective_date]
    if earlier:
        last = earlier[-1]
        dropped = next(r for r in ordered if r.effective_date > last.effective_date)
        when = dropped.effective_date
        if _next_quarter(last, dropped):
            note = f"deleted {when} (not in {dropped.name})"
        else:
            note = (
                f"deleted by {when}: in {last.name}, not in {dropped.name} (the releases "
                "between them are not loaded)"
            )
        return CodeStatus(DELETED, note, rows[last.name], last.name)
    first = holding[0]
    return CodeStatus(
        NOT_YET,
        f"not yet effective: new in {first.name} from {first.effective_date}",
        rows[first.name],
        first.name,
    )


def _next_quarter(last: Release, dropped: Release) -> bool:
    start = quarter_start(date.fromisoformat(last.effective_date))
    month = start.month + 3
    following = date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return date.fromisoformat(dropped.effective_date) <= following


def hcpcs_status(conn: sqlite3.Connection, code: str, day: date) -> CodeStatus | None:
    """A Level II code's dates from CMS's HCPCS file (None: a code the file does not have)."""
    record = hcpcs_record(conn, code)
    if record is None:
        return None
    on = day.isoformat()
    if record.termination_date and record.termination_date < on:
        return CodeStatus(
            DELETED,
            f"terminated {record.termination_date} ({record.release})",
            release=record.release,
        )
    if record.add_date and record.add_date > on:
        return CodeStatus(
            NOT_YET,
            f"not yet effective: added {record.add_date} ({record.release})",
            release=record.release,
        )
    return CodeStatus(CURRENT, "", release=record.release)


def icd_status(conn: sqlite3.Connection, code: str, day: date) -> CodeStatus | None:
    """An ICD-10-CM code's validity in the fiscal year of `day` (core/refdata/icd_codes.py),
    with the codes that replace a deleted one, and whether it is billable that year (I42.0 is
    billable in FY2026 and a header over I42.00-I42.09 from FY2027); None when the code is not
    in the code sets."""
    found = icd_codes.icd_status(conn, code, day)
    if found.state == icd_codes.UNKNOWN:
        return None
    said = f" ({found.note})" if found.note else ""
    release = f"ICD-10-CM FY{found.judged_year}"
    if found.state == icd_codes.DELETED and found.deleted_fy is not None:
        return CodeStatus(
            DELETED,
            f"deleted from FY{found.deleted_fy} (October 1, {found.deleted_fy - 1}){said}",
            release=f"ICD-10-CM FY{found.deleted_fy}",
            replacements=found.replacements,
        )
    if found.state == icd_codes.NOT_EFFECTIVE and found.starts_fy is not None:
        return CodeStatus(
            NOT_YET,
            f"not yet effective: valid from FY{found.starts_fy} "
            f"(October 1, {found.starts_fy - 1}){said}",
            release=f"ICD-10-CM FY{found.starts_fy}",
        )
    year = found.judged_year or found.fiscal_year
    if found.state == icd_codes.HEADER:
        since = _header_year(conn, found.code, year, later=False)
        note = f"a header from FY{since} (October 1, {since - 1})" if since else ""
        return CodeStatus(
            CURRENT,
            "; ".join(filter(None, (note, found.note))),
            release=release,
            replacements=found.replacements,
            billable=False,
        )
    header = _header_year(conn, found.code, year, later=True)
    note = (
        f"billable in FY{year}; a header from FY{header} (October 1, {header - 1})"
        if header
        else ""
    )
    return CodeStatus(
        CURRENT, "; ".join(filter(None, (note, found.note))), release=release, billable=True
    )


def _header_year(conn: sqlite3.Connection, code: str, year: int, later: bool) -> int | None:
    """The fiscal year an ICD-10-CM code last became a header up to `year`, or first becomes
    one after it (`later`); None when it did not (read once per connection and code)."""
    return memoized(
        conn,
        ("icd_header_year", code, year, later),
        lambda: _read_header_year(conn, code, year, later),
    )


def _read_header_year(conn: sqlite3.Connection, code: str, year: int, later: bool) -> int | None:
    sql = (
        "SELECT MIN(fiscal_year) FROM icd10cm_changes WHERE code = ? AND change = 'header' "
        "AND fiscal_year > ?"
        if later
        else "SELECT MAX(fiscal_year) FROM icd10cm_changes "
        "WHERE code = ? AND change = 'header' AND fiscal_year <= ?"
    )
    row = conn.execute(sql, (code, year)).fetchone()
    return int(row[0]) if row and row[0] is not None else None
