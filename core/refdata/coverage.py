"""What the loaded reference data covers on a date: for each source, the release in use and
whether it is current, stale (an earlier quarter, or another release of the year) or missing,
with the CMS file to import. The Data page, `releases` and the status bar show it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from .releases import SOURCES, Applied, fiscal_year, release_for, releases

CURRENT = "current"
STALE = "stale"
MISSING = "missing"

_MONTHS = ("Jan", "Apr", "Jul", "Oct")


@dataclass(frozen=True)
class SourceCoverage:
    source: str
    name: str  # "PFS relative values (PPRRVU)"
    state: str  # current | stale | missing
    applied: Applied | None
    detail: str  # what is used, or why nothing is
    to_import: str  # the CMS file that would make it current ('' when current)


def coverage(conn: sqlite3.Connection, day: date) -> list[SourceCoverage]:
    return [_coverage(conn, source, name, day) for source, (_, name) in SOURCES.items()]


def _coverage(conn: sqlite3.Connection, source: str, name: str, day: date) -> SourceCoverage:
    applied = release_for(conn, source, day)
    wanted = expected_file(source, day)
    if applied is None:
        loaded = releases(conn, source)
        detail = (
            "nothing loaded"
            if not loaded
            else "loaded: " + ", ".join(r.name for r in loaded) + f"; none usable for "
            f"{day.isoformat()}"
        )
        return SourceCoverage(source, name, MISSING, None, detail, wanted)
    if applied.note:
        return SourceCoverage(source, name, STALE, applied, applied.note, wanted)
    return SourceCoverage(
        source,
        name,
        CURRENT,
        applied,
        f"{applied.name} ({applied.release.origin}), to {applied.covers_until.isoformat()}",
        "",
    )


def expected_file(source: str, day: date) -> str:
    """CMS's name for the file that covers `day`."""
    quarter = (day.month - 1) // 3
    month, year, yy = _MONTHS[quarter], day.year, day.year % 100
    files = {
        "pfs": f"PPRRVU{year}_{month}.csv (RVU{yy:02d}{'ABCD'[quarter]}, in CMS's "
        f"rvu{yy:02d}{'abcd'[quarter]} zip)",
        "gpci": f"GPCI{year}.csv (in CMS's RVU zip)",
        "anesthesia": f"ANES{year}.csv (in CMS's RVU zip)",
        "oppscap": f"OPPSCAP_{month}.csv (in CMS's RVU zip)",
        "locality": f"{yy:02d}LOCCO.csv (in CMS's RVU zip)",
        "zip5": f"ZIP5_{month.upper()}{year}.xlsx (CMS's ZIP code to carrier locality zip)",
        "ncci_ptp": f"the {year} Q{quarter + 1} practitioner PTP edit files "
        f"(ccipra-v{year - 1994}{quarter}r0-f1..f4)",
        "mue": f"MCR_MUE_PractitionerServices_Eff_{3 * quarter + 1:02d}-01-{year}.xlsx",
        "aoc": f"AOC_V{year}Q{quarter + 1}-MCR.xlsx (NCCI add-on code edits)",
        "hcpcs": f"HCPC{year}_{month.upper()}_ANWEB.xlsx (CMS's HCPCS quarterly update)",
        "icd10cm": f"icd10cm_order_addenda_{fiscal_year(day)}.txt (CDC/CMS ICD-10-CM "
        f"FY{fiscal_year(day)})",
    }
    return files.get(source, source)


def release_summary(
    conn: sqlite3.Connection, day: date | None = None, with_gaps: bool = True
) -> str:
    """One line for the status bar and exports: the release in use for each main source on
    `day` (today), and (with_gaps) what is missing or stale."""
    day = day or date.today()
    parts: list[str] = []
    gaps: list[str] = []
    by_source = {item.source: item for item in coverage(conn, day)}
    for source in _SUMMARY_ORDER:
        item = by_source[source]
        newest = (
            item.applied.release
            if item.applied
            else next(iter(reversed(releases(conn, item.source))), None)
        )
        if newest is not None:
            parts.append(newest.label)
        if item.state != CURRENT:
            gaps.append(f"{_short(item.source)} {item.state}")
    if gaps and with_gaps:
        parts.append(f"for {day.isoformat()}: " + ", ".join(gaps))
    return ", ".join(parts)


_SUMMARY_ORDER = ("pfs", "icd10cm", "gpci", "zip5", "ncci_ptp", "mue")


def _short(source: str) -> str:
    return {
        "pfs": "PFS",
        "icd10cm": "ICD-10-CM",
        "gpci": "GPCI",
        "zip5": "ZIP5",
        "ncci_ptp": "NCCI",
        "mue": "MUE",
    }.get(source, source)
