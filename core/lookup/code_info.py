"""What the reference database holds for one procedure code, modifier or place of service.

ICD-10-CM codes have their own, richer detail (icd_detail.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..refdata.codes import procedure_description
from ..refdata.descriptions import hcpcs_record, procedure_text
from ..refdata.pfs import RvuRow, code_rows


@dataclass(frozen=True)
class PfsRow:
    """One PPRRVU row of one loaded release (figures as text, with its source line)."""

    release: str
    effective_date: str
    row: RvuRow


@dataclass(frozen=True)
class ProcedureInfo:
    code: str
    code_type: str
    category: str | None
    description: str | None        # None: no description of any source here
    pfs_rows: list[PfsRow]
    description_source: str = ""   # own | hcpcs | imported (refdata/descriptions.py)
    source_label: str = ""         # where a description not our own comes from


@dataclass(frozen=True)
class ModifierInfo:
    code: str
    category: str
    affects_payment: bool
    description: str
    payment_effect: str


@dataclass(frozen=True)
class PosInfo:
    code: str
    name: str
    setting: str
    telehealth: bool
    description: str


def procedure_info(conn: sqlite3.Connection, code: str) -> ProcedureInfo | None:
    code = code.strip().upper()
    if not code:
        return None
    described = procedure_description(conn, code)
    text = procedure_text(conn, code)
    rows = [PfsRow(*found) for found in code_rows(conn, code)]
    if text is None and not rows:
        return None
    code_type = described.code_type if described else ("cpt" if code[0].isdigit() else "hcpcs")
    return ProcedureInfo(code, code_type, described.category if described else None,
                         text.description if text else None, rows,
                         text.source if text else "", text.label if text else "")


def modifier_info(conn: sqlite3.Connection, code: str) -> ModifierInfo | None:
    """Our own modifier table, else CMS's HCPCS Level II modifier (once that data exists)."""
    code = code.strip().upper()
    row = conn.execute("SELECT * FROM modifiers WHERE code = ?", (code,)).fetchone()
    if row is not None:
        return ModifierInfo(row["code"], row["category"], bool(row["affects_payment"]),
                            row["description"], row["payment_effect"])
    record = hcpcs_record(conn, code, "modifier")
    if record is None:
        return None
    return ModifierInfo(code, f"HCPCS Level II, {record.release}", False,
                        record.long_description, "")


def pos_info(conn: sqlite3.Connection, code: str) -> PosInfo | None:
    row = conn.execute("SELECT * FROM place_of_service WHERE code = ?",
                       (code.strip(),)).fetchone()
    if row is None:
        return None
    return PosInfo(row["code"], row["name"], row["setting"], bool(row["telehealth"]),
                   row["description"])
