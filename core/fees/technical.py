"""The professional and technical dollars of one unit of a diagnostic line, for the reductions
that cut the technical component (TC) only: multiple procedure indicators 4 (imaging: TC -50%,
PC -5%), 6 (cardiovascular: TC -25%) and 7 (ophthalmology: TC -20%), RVU read-me (RVU25D),
"Multiple Procedure (Modifier 51)".

Where the split comes from, by PC/TC indicator (read-me Attachment A):
- 1: the 26 row is the professional part, the rest of the global amount the technical part;
- 2 (professional component only code): all professional; 3 (technical only): all technical;
- 4 (global test only code): the read-me says its RVUs equal the sum of the separate professional
  and technical codes, but the file does not say which codes those are. GLOBAL_ONLY_PARTS names
  them for the payable cardiovascular global-only codes of RVU25D/RVU26C; the split is used only
  when the loaded release confirms the identity (each RVU of the global = the sum of its parts),
  and the line says which codes made the split;
- anything else (or a global-only code not listed or not confirmed): the split is not guessed;
  the line is left out of the reduction, with a note.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from decimal import Decimal

from ..refdata.pfs import rvu_row
from .model import LinePrice

# global-only code -> (technical-only codes, professional-only codes); CPT code families.
GLOBAL_ONLY_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "93000": (("93005",), ("93010",)),  # ECG: tracing / interpretation
    "93015": (("93017",), ("93016", "93018")),  # stress test: tracing / supervision, report
    "93040": (("93041",), ("93042",)),  # rhythm ECG
    "93224": (("93225", "93226"), ("93227",)),  # 48-hour ECG: recording, scanning / review
    "93241": (("93242", "93243"), ("93244",)),  # 3-7 day ECG patch
    "93245": (("93246", "93247"), ("93248",)),  # 8-15 day ECG patch
    "93268": (("93270", "93271"), ("93272",)),  # event recorder
    "93784": (("93786", "93788"), ("93790",)),  # ambulatory blood pressure
}
RVU_COLUMNS = ("work_rvu", "nonfac_pe_rvu", "fac_pe_rvu", "mp_rvu")

Price = Callable[[LinePrice, str, str], Decimal]  # (line, code, modifier) -> one unit's dollars


def global_only_split(
    conn: sqlite3.Connection, release: str, code: str
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The technical and professional codes of a global-only code, when the release confirms
    that its RVUs are their sum (read-me, PC/TC indicator 4); None otherwise."""
    parts = GLOBAL_ONLY_PARTS.get(code)
    whole = rvu_row(conn, release, code)
    if parts is None or whole is None:
        return None
    rows = [rvu_row(conn, release, part) for part in parts[0] + parts[1]]
    if any(row is None or row["pctc"] not in ("2", "3") for row in rows):
        return None
    for column in RVU_COLUMNS:
        if sum((row.dec(column) for row in rows if row), Decimal(0)) != whole.dec(column):
            return None
    return parts


def split_pc_tc(
    conn: sqlite3.Connection, line: LinePrice, per_unit: Decimal, price: Price
) -> tuple[Decimal, Decimal] | str:
    """(professional, technical) dollars of one unit of `line`, or why they are not known."""
    pctc = line.indicators.get("pctc")
    if line.pfs_row == "TC" or pctc == "3":
        return Decimal(0), per_unit
    if line.pfs_row == "26" or pctc == "2":
        return per_unit, Decimal(0)
    if pctc == "1":
        professional = price(line, line.code, "26")
        return professional, per_unit - professional
    if pctc == "4":
        parts = global_only_split(conn, line.release, line.code)
        if parts is None:
            return (
                f"{line.code} is a global-only test (PC/TC indicator 4) and {line.release} "
                "does not say which codes are its technical and professional parts"
            )
        technical = sum((price(line, code, "") for code in parts[0]), Decimal(0))
        professional = sum((price(line, code, "") for code in parts[1]), Decimal(0))
        share = technical / (technical + professional) if technical + professional else 0
        technical_part = per_unit * share
        line.note_encounter(
            f"{line.code} is a global-only test (PC/TC indicator 4): its technical part is "
            f"taken as {' + '.join(parts[0])} (professional {' + '.join(parts[1])}), whose "
            f"RVUs add up to {line.code}'s in {line.release}"
        )
        return per_unit - technical_part, technical_part
    return (
        f"{line.code} has PC/TC indicator {pctc or 'blank'}: the file gives no technical "
        "part to reduce"
    )
