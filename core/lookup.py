"""Everything the reference database holds for one code, in any code set."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field

from .sources import pfs

_PROCEDURE_RE = re.compile(r"^[0-9A-Z]{5}$")
_ICD_RE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$")


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
class IcdInfo:
    code: str
    kind: str
    billable: bool
    description: str
    parent: str | None
    chapter: str | None
    block: str | None
    excludes1: list[str]
    excludes2: list[str]
    code_first: str
    use_additional: str
    code_also: str
    seven_chr_note: str
    seven_chr_def: dict[str, str]
    children: list[str] = field(default_factory=list)


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


@dataclass(frozen=True)
class CodeLookup:
    query: str
    procedure: ProcedureInfo | None
    icd10: IcdInfo | None
    modifier: ModifierInfo | None
    pos: PosInfo | None

    @property
    def found(self) -> bool:
        return any((self.procedure, self.icd10, self.modifier, self.pos))

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def lookup_code(conn: sqlite3.Connection, query: str) -> CodeLookup:
    code = query.strip().upper()
    return CodeLookup(
        query=query,
        procedure=_procedure(conn, code) if _PROCEDURE_RE.match(code) else None,
        icd10=_icd(conn, code) if _ICD_RE.match(code) else None,
        modifier=_modifier(conn, code) if len(code) == 2 else None,
        pos=_pos(conn, code) if len(code) == 2 and code.isdigit() else None,
    )


def _procedure(conn: sqlite3.Connection, code: str) -> ProcedureInfo | None:
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


def _icd(conn: sqlite3.Connection, code: str) -> IcdInfo | None:
    row = conn.execute(
        "SELECT * FROM icd10cm WHERE (code = ? OR code_nodot = ?) "
        "AND kind IN ('category', 'subcategory')", (code, code.replace(".", ""))
    ).fetchone()
    if row is None:
        return None
    children = [r[0] for r in conn.execute(
        "SELECT code FROM icd10cm WHERE parent = ? ORDER BY code", (row["code"],))]
    return IcdInfo(
        code=row["code"], kind=row["kind"], billable=bool(row["billable"]),
        description=row["description"], parent=row["parent"], chapter=row["chapter"],
        block=row["block"], excludes1=json.loads(row["excludes1"]),
        excludes2=json.loads(row["excludes2"]), code_first=row["code_first"],
        use_additional=row["use_additional"], code_also=row["code_also"],
        seven_chr_note=row["seven_chr_note"], seven_chr_def=json.loads(row["seven_chr_def"]),
        children=children,
    )


def _modifier(conn: sqlite3.Connection, code: str) -> ModifierInfo | None:
    row = conn.execute("SELECT * FROM modifiers WHERE code = ?", (code,)).fetchone()
    if row is None:
        return None
    return ModifierInfo(row["code"], row["category"], bool(row["affects_payment"]),
                        row["description"], row["payment_effect"])


def _pos(conn: sqlite3.Connection, code: str) -> PosInfo | None:
    row = conn.execute("SELECT * FROM place_of_service WHERE code = ?", (code,)).fetchone()
    if row is None:
        return None
    return PosInfo(row["code"], row["name"], row["setting"], bool(row["telehealth"]),
                   row["description"])
