"""The reference data the scrub rules read, behind named functions (parameterized SQL, plain
dataclasses back). Each answer carries the release it came from so a finding can cite it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date

from core.db import memoized
from core.fees.reference import RvuRow, rvu_row


@dataclass(frozen=True)
class Release:
    release: str
    effective_date: str
    end_date: str | None
    origin: str = "imported"     # bundled releases may hold only part of CMS's file


@dataclass(frozen=True)
class IcdEntry:
    code: str
    kind: str
    billable: bool
    description: str
    parent: str | None
    excludes1: tuple[str, ...]
    code_first: str
    seven_chr: bool            # this entry defines 7th characters for the codes under it


def releases(conn: sqlite3.Connection, source: str) -> list[Release]:
    return [Release(r[0], r[1], r[2], r[3]) for r in conn.execute(
        "SELECT release, effective_date, end_date, origin FROM sources WHERE source = ? "
        "ORDER BY effective_date", (source,))]


def release_covering(conn: sqlite3.Connection, source: str, day: date) -> Release | None:
    """The newest release of `source` in effect on `day` (its end date, when known, not
    passed). PFS releases also stop at the end of their calendar year."""
    on = day.isoformat()
    for found in reversed(releases(conn, source)):
        if found.effective_date > on:
            continue
        if found.end_date and found.end_date < on:
            continue
        if source == "pfs" and found.effective_date[:4] != on[:4]:
            continue
        return found
    return None


def pfs_row(conn: sqlite3.Connection, release: str, code: str, modifier: str = "") -> RvuRow | None:
    return rvu_row(conn, release, code, modifier)


def pfs_releases_with(conn: sqlite3.Connection, code: str) -> list[str]:
    """Every loaded PFS release that has a global row for `code`, oldest first."""
    return [r[0] for r in conn.execute(
        "SELECT r.release FROM pfs_rvu r JOIN sources s ON s.source = 'pfs' "
        "AND s.release = r.release WHERE r.hcpcs = ? AND r.modifier = '' "
        "ORDER BY s.effective_date", (code,))]


def procedure_described(conn: sqlite3.Connection, code: str) -> bool:
    return conn.execute("SELECT 1 FROM procedure_codes WHERE code = ?",
                        (code,)).fetchone() is not None


def icd_entry(conn: sqlite3.Connection, code: str) -> IcdEntry | None:
    """A category or subcategory (any code of the tabular below the block), dot optional."""
    return memoized(conn, ("icd_entry", code), lambda: _icd_entry(conn, code))


def _icd_entry(conn: sqlite3.Connection, code: str) -> IcdEntry | None:
    """A category or subcategory (any code of the tabular below the block), dot optional."""
    row = conn.execute(
        "SELECT code, kind, billable, description, parent, excludes1, code_first, seven_chr_def "
        "FROM icd10cm WHERE code_nodot = ? AND kind IN ('category', 'subcategory')",
        (code.replace(".", "").upper(),)).fetchone()
    if row is None:
        return None
    return IcdEntry(row[0], row[1], bool(row[2]), row[3], row[4],
                    tuple(json.loads(row[5] or "[]")), row[6] or "",
                    bool(json.loads(row[7] or "{}")))


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


def modifier_codes(conn: sqlite3.Connection) -> frozenset[str]:
    return frozenset(r[0] for r in conn.execute("SELECT code FROM modifiers"))


def place_of_service_codes(conn: sqlite3.Connection) -> frozenset[str]:
    return frozenset(r[0] for r in conn.execute("SELECT code FROM place_of_service"))


def zip_file_loaded(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM zip_locality LIMIT 1").fetchone() is not None


@dataclass(frozen=True)
class PtpEdit:
    release: str
    column1: str
    column2: str
    effective_date: str
    deletion_date: str | None
    modifier_indicator: str
    rationale: str
    source_file: str
    source_line: int


@dataclass(frozen=True)
class MueRow:
    release: str
    hcpcs: str
    max_units: int
    mai: str
    mai_text: str
    rationale: str
    source_line: int


def ptp_edit(conn: sqlite3.Connection, release: str, column1: str, column2: str,
             day: date) -> PtpEdit | None:
    """The pair's edit of `release` active on `day` (effective on or before it, not deleted
    before it), or None."""
    on = day.isoformat()
    row = conn.execute(
        "SELECT release, column1, column2, effective_date, deletion_date, modifier_indicator, "
        "rationale, source_file, source_line FROM ncci_ptp WHERE release = ? AND column1 = ? "
        "AND column2 = ? AND effective_date <= ? AND (deletion_date IS NULL "
        "OR deletion_date >= ?) ORDER BY effective_date DESC LIMIT 1",
        (release, column1, column2, on, on)).fetchone()
    return PtpEdit(*row) if row else None


def mue_row(conn: sqlite3.Connection, release: str, code: str) -> MueRow | None:
    row = conn.execute(
        "SELECT release, hcpcs, max_units, mai, mai_text, rationale, source_line FROM mue "
        "WHERE release = ? AND hcpcs = ?", (release, code)).fetchone()
    return MueRow(*row) if row else None
