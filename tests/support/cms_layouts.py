"""Write NCCI practitioner PTP and practitioner MUE files in CMS's published layouts.

CMS's files are not on this machine, so the tests and the benchmark write their own in the exact
layout (see ../shared/docs/domain.md, section 3):

- NCCI PTP (ccipra-v313r0-f1.txt ...): tab-separated, CRLF, banner lines, a header line, three
  header continuation lines, then one edit per line.
- Practitioner MUE (MCR_MUE_PractitionerServices_Eff_10-01-2025.csv): a first row holding one
  quoted cell with a multi-line AMA notice, the header row, then one code per row (CRLF between
  records; the line breaks inside the quoted notice are bare LF, as Excel writes them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

CRLF = "\r\n"

AMA_LINE = (
    "CPT codes, descriptions and other data only are copyright 2024 American Medical "
    "Association. All rights reserved."
)

PTP_BANNER = [AMA_LINE, ""]
PTP_HEADER = [
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier"
    "\tPTP Edit Rationale",
    "\t\t\t\t*=no data\t0=not allowed\t",
    "\t\t\t\t\t1=allowed\t",
    "\t\t\t\t\t9=not applicable\t",
]
PTP_HEADER_LINE = len(PTP_BANNER) + 1  # 3: the "Column 1 <tab> Column 2" line
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
MUE_HEADER = (
    "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale"
)
MUE_HEADER_LINE = MUE_NOTICE.count("\n") + 2  # 6: the notice takes lines 1-5
MUE_FIRST_DATA_LINE = MUE_HEADER_LINE + 1  # 7


def ptp_line(
    column1: str,
    column2: str,
    prior_1996: bool,
    effective: str,
    deletion: str,
    modifier: str,
    rationale: str,
) -> str:
    """One edit as CMS prints it: prior-1996 '*' or blank, deletion date YYYYMMDD or '*'."""
    return "\t".join(
        (column1, column2, "*" if prior_1996 else "", effective, deletion, modifier, rationale)
    )


def write_ptp(
    path: Path, data_lines: Iterable[str], *, final_newline: bool = True, encoding: str = "cp1252"
) -> Path:
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


def import_edits(
    db_path: Path, folder: Path, ptp_lines: Iterable[str], mue_rows: Iterable[str]
) -> list:
    """Write a 2025 Q4 PTP part and MUE table in the CMS layouts and import both into the
    database with the real importer; returns what was loaded (fails on any import error)."""
    from tests.support.imports import import_all

    ptp = write_ptp(folder / "ccipra-v313r0-f1.txt", ptp_lines)
    mue = write_mue(folder / "MCR_MUE_PractitionerServices_Eff_10-01-2025.csv", mue_rows)
    loaded, errors, _ = import_all(db_path, ptp, mue)
    assert errors == [], errors
    return loaded


@contextmanager
def edits_connection(
    db_path: Path, folder: Path, ptp_lines: Iterable[str], mue_rows: Iterable[str]
) -> Iterator[sqlite3.Connection]:
    """import_edits(), then a read-only connection to the database, closed on leaving."""
    from core.db import open_readonly

    import_edits(db_path, folder, ptp_lines, mue_rows)
    conn = open_readonly(db_path)
    try:
        yield conn
    finally:
        conn.close()


# ---- HCPCS Level II (ANWEB) fixed-width .txt -------------------------------------------------
# CMS's HCPCyyyy_recordlayout.txt: 320 characters a record. Code 1-5 (a modifier in 4-5, after
# three blanks), sequence number 6-10, record id 11 (3 first line of a code, 4 its continuation
# lines; 7 and 8 for a modifier), long description 12-91, short description 92-119, pricing and
# coverage fields 120-268, code added date 269-276, action effective date 277-284, termination
# date 285-292 (YYYYMMDD), action code 293, filler to 320. Continuation records carry only the
# long description.

ANWEB_RECORD = 320


def anweb_record(
    code: str,
    sequence: int,
    record_id: str,
    long: str,
    short: str = "",
    added: str = "",
    effective: str = "",
    terminated: str = "",
    action: str = "",
) -> str:
    first = record_id in ("3", "7")
    line = (
        code.rjust(5)
        + f"{sequence:05d}"
        + record_id
        + long.ljust(80)[:80]
        + (short.ljust(28)[:28] if first else " " * 28)
    )
    line = line.ljust(268)
    if first:
        line += added.ljust(8) + effective.ljust(8) + terminated.ljust(8) + action.ljust(1)
    return line.ljust(ANWEB_RECORD)


def anweb_code(code: str, long: str, **first_fields: str) -> list[str]:
    """All the records of one code: the long description cut at word boundaries into lines of
    80 characters (record id 3 then 4s; 7 then 8s for a two-character modifier)."""
    import textwrap

    parts = textwrap.wrap(long, 80)
    ids = ("7", "8") if len(code) == 2 else ("3", "4")
    return [
        anweb_record(code, 10 * (n + 1), ids[n > 0], part, **(first_fields if n == 0 else {}))
        for n, part in enumerate(parts)
    ]


def write_anweb(path: Path, records: Iterable[str]) -> Path:
    path.write_bytes((CRLF.join(records) + CRLF).encode("cp1252"))
    return path
