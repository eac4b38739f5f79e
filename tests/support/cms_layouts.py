"""Write NCCI practitioner PTP and practitioner MUE files in CMS's published layouts.

CMS's files are not on this machine, so the tests and the benchmark write their own in the exact
layout (see ../shared/docs/domain.md, section 3):

- NCCI PTP (ccipra-v314r0-f1.txt ...): tab-separated, CRLF, banner lines, a header line, three
  header continuation lines, then one edit per line.
- Practitioner MUE (MCR_MUE_PractitionerServices_Eff_10-01-2025.csv): a first row holding one
  quoted cell with a multi-line AMA notice, the header row, then one code per row (CRLF between
  records; the line breaks inside the quoted notice are bare LF, as Excel writes them).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

CRLF = "\r\n"

AMA_LINE = ("CPT codes, descriptions and other data only are copyright 2024 American Medical "
            "Association. All rights reserved.")

PTP_BANNER = [AMA_LINE, ""]
PTP_HEADER = [
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier"
    "\tPTP Edit Rationale",
    "\t\t\t\t*=no data\t0=not allowed\t",
    "\t\t\t\t\t1=allowed\t",
    "\t\t\t\t\t9=not applicable\t",
]
PTP_HEADER_LINE = len(PTP_BANNER) + 1                      # 3: the "Column 1 <tab> Column 2" line
PTP_FIRST_DATA_LINE = len(PTP_BANNER) + len(PTP_HEADER) + 1  # 7

MUE_NOTICE = (
    "CPT codes, descriptions and other data only are copyright 2024 American Medical Association."
    " All Rights Reserved. Applicable FARS/HHSARS Apply.\n"
    "Fee schedules, relative value units, conversion factors and/or related components are not "
    "assigned by the AMA, are not part of CPT, and the AMA is not recommending their use.\n"
    "The AMA does not directly or indirectly practice medicine or dispense medical services.\n"
    "The AMA assumes no liability for data contained or not contained herein.\n"
    "CPT is a registered trademark of the American Medical Association."
)
MUE_HEADER = ("HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,"
              "MUE Rationale")
MUE_HEADER_LINE = MUE_NOTICE.count("\n") + 2               # 6: the notice takes lines 1-5
MUE_FIRST_DATA_LINE = MUE_HEADER_LINE + 1                  # 7


def ptp_line(column1: str, column2: str, prior_1996: bool, effective: str, deletion: str,
             modifier: str, rationale: str) -> str:
    """One edit as CMS prints it: prior-1996 '*' or blank, deletion date YYYYMMDD or '*'."""
    return "\t".join((column1, column2, "*" if prior_1996 else "", effective, deletion, modifier,
                      rationale))


def write_ptp(path: Path, data_lines: Iterable[str], *, final_newline: bool = True,
              encoding: str = "cp1252") -> Path:
    """Write an NCCI practitioner PTP part; data_lines are tab-separated edits (no line end).
    Streams, so it also writes the benchmark's million-line file."""
    with path.open("w", encoding=encoding, newline="") as out:
        out.write(CRLF.join(PTP_BANNER + PTP_HEADER))
        for line in data_lines:
            out.write(CRLF)
            out.write(line)
        if final_newline:
            out.write(CRLF)
    return path


def ptp_text(data_lines: Iterable[str]) -> str:
    return CRLF.join([*PTP_BANNER, *PTP_HEADER, *data_lines]) + CRLF


def write_mue(path: Path, data_rows: Iterable[str], *, header: str = MUE_HEADER) -> Path:
    """Write a practitioner MUE csv; data_rows are comma-separated rows (no line end)."""
    records = [f'"{MUE_NOTICE}"', header, *data_rows]
    path.write_bytes((CRLF.join(records) + CRLF).encode("cp1252"))
    return path


def import_edits(db_path: Path, folder: Path, ptp_lines: Iterable[str],
                 mue_rows: Iterable[str]) -> list:
    """Write a 2025 Q4 PTP part and MUE table in the CMS layouts and import both into the
    database with the real importer; returns what was loaded (fails on any import error)."""
    from core.db import open_writable
    from core.sources.importer import import_paths

    ptp = write_ptp(folder / "ccipra-v314r0-f1.txt", ptp_lines)
    mue = write_mue(folder / "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv", mue_rows)
    conn = open_writable(db_path)
    try:
        loaded, errors = import_paths(conn, [ptp, mue])
    finally:
        conn.close()
    assert errors == [], errors
    return loaded
