"""What the reference database holds for one procedure code, modifier or place of service.

ICD-10-CM codes have their own, richer detail (icd_detail.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..sources import pfs


@dataclass(frozen=True)
class PfsRow:
    """One PPRRVU row as stored (decimal figures kept as text), with its source line."""

    release: str
    effective_date: str
    values: dict[str, object]


@dataclass(frozen=True)
class ProcedureInfo:
    code: str
    code_type: str
    category: str | None
    description: str | None        # None: not in our bundled descriptions
    pfs_rows: list[PfsRow]


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
    described = conn.execute(
        "SELECT code_type, category, description FROM procedure_codes WHERE code = ?", (code,)
    ).fetchone()
    columns = ", ".join(f"r.{c}" for c in pfs.STORED_COLUMNS)
    rows = conn.execute(
        f"SELECT r.release, s.effective_date, {columns} FROM pfs_rvu r "
        "JOIN sources s ON s.source = 'pfs' AND s.release = r.release "
        "WHERE r.hcpcs = ? ORDER BY s.effective_date DESC, r.modifier", (code,)
    ).fetchall()
    if described is None and not rows:
        return None
    pfs_rows = [PfsRow(row[0], row[1], dict(zip(pfs.STORED_COLUMNS, row[2:], strict=True)))
                for row in rows]
    code_type = described["code_type"] if described else ("cpt" if code[0].isdigit() else "hcpcs")
    return ProcedureInfo(code, code_type, described["category"] if described else None,
                         described["description"] if described else None, pfs_rows)


def modifier_info(conn: sqlite3.Connection, code: str) -> ModifierInfo | None:
    row = conn.execute("SELECT * FROM modifiers WHERE code = ?",
                       (code.strip().upper(),)).fetchone()
    if row is None:
        return None
    return ModifierInfo(row["code"], row["category"], bool(row["affects_payment"]),
                        row["description"], row["payment_effect"])


def pos_info(conn: sqlite3.Connection, code: str) -> PosInfo | None:
    row = conn.execute("SELECT * FROM place_of_service WHERE code = ?",
                       (code.strip(),)).fetchone()
    if row is None:
        return None
    return PosInfo(row["code"], row["name"], row["setting"], bool(row["telehealth"]),
                   row["description"])
