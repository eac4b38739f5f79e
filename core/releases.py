"""Which data releases a reference database holds, for the status bar, About box and reports."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

AMA_NOTICE = (
    "CPT codes only are copyright American Medical Association. All rights reserved. "
    "CPT is a registered trademark of the AMA. This app does not include AMA descriptors: "
    "its procedure descriptions are its own plain-language summaries. Applicable FARS/DFARS "
    "restrictions apply to government use."
)

_LABELS = {"pfs": "PFS", "gpci": "GPCI", "locality": "Localities", "anesthesia": "Anesthesia CF",
           "oppscap": "OPPS cap", "zip5": "ZIP5", "ncci_ptp": "NCCI", "mue": "MUE",
           "pfs_qpp": "PFS qualifying APM CF from", "aoc": "NCCI add-on edits", "hcpcs": "HCPCS",
           "icd10cm": "", "procedure_codes": "Procedure descriptions", "modifiers": "Modifiers",
           "place_of_service": "Places of service", "conversion_factors": "Conversion factors"}
_SUMMARY_ORDER = ["pfs", "icd10cm", "gpci", "zip5", "ncci_ptp", "mue"]


@dataclass(frozen=True)
class SourceRelease:
    source: str
    release: str
    effective_date: str
    end_date: str | None
    row_count: int
    origin: str
    file_name: str
    imported_at: str

    @property
    def is_own_table(self) -> bool:
        """Written for this app (modifiers, POS...), not a dated release of an outside source."""
        return self.release.startswith("bundle ")

    @property
    def dates(self) -> str:
        if self.is_own_table:
            return f"built {self.effective_date}"
        until = f" to {self.end_date}" if self.end_date else ""
        return f"effective {self.effective_date}{until}"

    @property
    def label(self) -> str:
        prefix = _LABELS.get(self.source, self.source)
        if self.is_own_table:
            return prefix  # the bundle fingerprint means nothing to a user
        return f"{prefix} {self.release}".strip() if prefix not in self.release else self.release


def loaded_releases(conn: sqlite3.Connection) -> list[SourceRelease]:
    rows = conn.execute(
        "SELECT source, release, effective_date, end_date, row_count, origin, file_name, "
        "imported_at FROM sources ORDER BY source, effective_date DESC")
    return [SourceRelease(*row) for row in rows]


def release_summary(conn: sqlite3.Connection) -> str:
    """The newest release of each main source, e.g. 'PFS RVU25D, ICD-10-CM FY2026 ...'."""
    newest: dict[str, SourceRelease] = {}
    for item in loaded_releases(conn):
        newest.setdefault(item.source, item)
    parts = [newest[s].label for s in _SUMMARY_ORDER if s in newest]
    missing = [name for source, name in (("ncci_ptp", "NCCI"), ("mue", "MUE"))
               if source not in newest]
    if missing:
        parts.append(f"no {' / '.join(missing)} data loaded")
    return ", ".join(parts)
