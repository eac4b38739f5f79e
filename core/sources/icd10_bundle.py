"""The bundled ICD-10-CM years: the package's tabular, then resources/icd10cm/ on top of it.

resources/icd10cm/releases.csv lists the fiscal years the app ships, oldest first, each with the
file of its changes from the year before (none for the oldest) and the release it came from.
resources/tools/extract_icd10.py writes these files; nothing here goes online.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..jobs import Progress
from ..paths import RESOURCES
from . import icd10_years
from .bundle import BundleError, read_rows
from .icd10_order import CHANGES, Change
from .store import LoadedRelease, record_source

ICD_DIR = RESOURCES / "icd10cm"
MANIFEST = ICD_DIR / "releases.csv"
CHANGE_COLUMNS = ["code", "change", "billable", "description", "previous", "source_line"]


@dataclass(frozen=True)
class BundledYear:
    fiscal_year: int
    changes_file: Path | None  # changes from the year before; None for the oldest year
    source: str  # the release the year's code set comes from


def manifest() -> list[BundledYear]:
    years = [
        BundledYear(
            int(r["fiscal_year"]), ICD_DIR / r["changes"] if r["changes"] else None, r["source"]
        )
        for _, r in read_rows(MANIFEST)
    ]
    for before, after in zip(years, years[1:], strict=False):
        if after.fiscal_year != before.fiscal_year + 1 or after.changes_file is None:
            raise BundleError(
                f"{MANIFEST.name}: FY{after.fiscal_year} must follow "
                f"FY{before.fiscal_year} with a changes file"
            )
    return years


def read_changes(path: Path) -> list[Change]:
    changes = []
    for line, row in read_rows(path):
        if row["change"] not in CHANGES or row["billable"] not in ("0", "1"):
            raise BundleError(
                f"{path.name}, line {line}: change must be one of "
                f"{', '.join(CHANGES)} and billable 0 or 1"
            )
        changes.append(
            Change(
                row["code"],
                row["change"],
                row["billable"] == "1",
                row["description"],
                row["previous"],
                int(row["source_line"]) if row["source_line"] else None,
            )
        )
    return changes


def write_changes(path: Path, changes: Sequence[Change]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CHANGE_COLUMNS)
        for c in sorted(changes, key=lambda c: (c.code.replace(".", ""), c.change)):
            writer.writerow(
                [c.code, c.change, int(c.billable), c.description, c.previous, c.line or ""]
            )


def load(
    conn: sqlite3.Connection, report: Progress, through_fy: int | None = None
) -> list[LoadedRelease]:
    """Insert the tabular, apply every bundled year (up to `through_fy`) and record them."""
    from . import icd10  # the package parses its whole tabular on import: only when building

    tabular = icd10.release()
    tabular_fy = int(re.search(r"FY(\d{4})", tabular.release).group(1))  # type: ignore[union-attr]
    years = [y for y in manifest() if through_fy is None or y.fiscal_year <= through_fy]
    if tabular_fy not in [y.fiscal_year for y in years]:
        raise BundleError(
            f"{MANIFEST.name} has no FY{tabular_fy}, the year of the installed "
            f"simple-icd-10-cm tabular ({tabular.data_file})"
        )
    earliest = years[0].fiscal_year
    report(f"loading {tabular.release}", 0.3)
    columns = [*icd10.STORED_COLUMNS, "valid_from_fy"]
    conn.executemany(
        f"INSERT INTO icd10cm ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        ((*row, earliest) for row in icd10.rows()),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO icd10cm_terms (code, kind, term) VALUES (?, ?, ?)",
        icd10.other_names(),
    )
    for year in reversed(years):
        if year.changes_file and year.fiscal_year <= tabular_fy:
            icd10_years.annotate_year(
                conn,
                year.fiscal_year,
                read_changes(year.changes_file),
                earliest,
                year.changes_file,
                year.source,
            )
    for year in years:
        if year.changes_file and year.fiscal_year > tabular_fy:
            report(f"rolling ICD-10-CM forward to FY{year.fiscal_year}", 0.35)
            icd10_years.roll_forward(
                conn,
                year.fiscal_year,
                read_changes(year.changes_file),
                year.changes_file,
                year.source,
            )
    loaded = []
    for year in years:
        release = icd10_years.year_release(conn, year.fiscal_year, year.source)
        record_source(conn, release, origin="bundled")
        loaded.append(release)
    return loaded
