"""What the reference database holds for one procedure code, modifier or place of service
(modifiers and places of service are core.refdata.codes' own types).

ICD-10-CM codes have their own, richer detail (icd_detail.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..refdata.codes import (
    Modifier,
    PlaceOfService,
    modifiers,
    places_of_service,
    procedure_description,
)
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
    description: str | None  # None: no description of any source here
    pfs_rows: list[PfsRow]
    description_source: str = ""  # own | hcpcs | imported (refdata/descriptions.py)
    source_label: str = ""  # where a description not our own comes from


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
    return ProcedureInfo(
        code,
        code_type,
        described.category if described else None,
        text.description if text else None,
        rows,
        text.source if text else "",
        text.label if text else "",
    )


def modifier_info(conn: sqlite3.Connection, code: str) -> Modifier | None:
    """Our own modifier table, else CMS's HCPCS Level II modifier."""
    code = code.strip().upper()
    own = modifiers(conn).get(code)
    if own is not None:
        return own
    record = hcpcs_record(conn, code, "modifier")
    if record is None:
        return None
    return Modifier(code, f"HCPCS Level II, {record.release}", False, record.long_description, "")


def pos_info(conn: sqlite3.Connection, code: str) -> PlaceOfService | None:
    return places_of_service(conn).get(code.strip())
