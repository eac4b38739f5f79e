"""Everything a biller needs about one ICD-10-CM code: billable or not (and the billable codes
under a header), its place in the tabular (chapter > block > category > ...), its own and its
ancestors' instructional notes, and the 7th character options that apply to it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from ..refdata.icd_codes import code_history

_CODES = "kind IN ('category', 'subcategory')"
_CURRENT = "valid_to_fy IS NULL"  # lists under a header leave deleted codes out
_NOTE_COLUMNS = [
    ("excludes1", "Excludes1"),
    ("excludes2", "Excludes2"),
    ("code_first", "Code first"),
    ("use_additional", "Use additional code"),
    ("code_also", "Code also"),
]


@dataclass(frozen=True)
class IcdRef:
    code: str
    description: str
    billable: bool = False


@dataclass(frozen=True)
class IcdNote:
    kind: str  # Excludes1 | Excludes2 | Code first | Use additional code | Code also
    text: str
    from_code: str  # the code (or block) whose note it is: notes apply to all codes below


@dataclass(frozen=True)
class IcdDetail:
    code: str
    description: str
    billable: bool
    kind: str  # category | subcategory
    chapter: IcdRef | None
    block: IcdRef | None
    ancestors: list[IcdRef]  # category first, down to the parent
    children: list[IcdRef]  # the codes one level below
    billable_codes: list[IcdRef]  # billable codes below a header (first ones)
    billable_total: int
    notes: list[IcdNote] = field(default_factory=list)
    seventh_note: str = ""
    seventh_from: str | None = None  # the code that defines the 7th characters
    seventh_options: dict[str, str] = field(default_factory=dict)
    seventh_value: str | None = None  # this code's own 7th character, if it has one
    valid_to_fy: int | None = None  # deleted: the last fiscal year it was valid
    history: list[tuple[str, str]] = field(default_factory=list)  # fiscal year, what changed


def icd_detail(conn: sqlite3.Connection, code: str, limit: int = 30) -> IcdDetail | None:
    undotted = code.strip().upper().replace(".", "")
    row = conn.execute(
        f"SELECT * FROM icd10cm WHERE code_nodot = ? AND {_CODES}", (undotted,)
    ).fetchone()
    if row is None:
        return None
    chain = _ancestors(conn, row)  # parent first, up to the category
    below = (undotted, undotted[:-1] + chr(ord(undotted[-1]) + 1))
    billable = (
        []
        if row["billable"]
        else [
            IcdRef(r[0], r[1], True)
            for r in conn.execute(
                f"SELECT code, description FROM icd10cm WHERE code_nodot > ? AND code_nodot < ? "
                f"AND billable = 1 AND {_CODES} AND {_CURRENT} ORDER BY code_nodot LIMIT ?",
                (*below, limit),
            )
        ]
    )
    total = (
        0
        if row["billable"]
        else conn.execute(
            "SELECT COUNT(*) FROM icd10cm WHERE code_nodot > ? AND code_nodot < ? "
            f"AND billable = 1 AND {_CODES} AND {_CURRENT}",
            below,
        ).fetchone()[0]
    )
    children = [
        IcdRef(r[0], r[1], bool(r[2]))
        for r in conn.execute(
            f"SELECT code, description, billable FROM icd10cm WHERE parent = ?1 AND code != ?1 "
            f"AND {_CODES} AND {_CURRENT} ORDER BY code_nodot",
            (row["code"],),
        )
    ]
    block = _named(conn, row["block"], "block")
    notes: list[IcdNote] = []
    for source in [row, *chain, *_block_rows(conn, row["block"])]:
        notes += [
            n
            for n in _notes(source)
            if (n.kind, n.text) not in {(seen.kind, seen.text) for seen in notes}
        ]
    seventh = next((r for r in [row, *chain] if json.loads(r["seven_chr_def"])), None)
    options = json.loads(seventh["seven_chr_def"]) if seventh else {}
    own = (
        undotted[-1] if seventh is not None and seventh is not row and len(undotted) == 7 else None
    )
    return IcdDetail(
        code=row["code"],
        description=row["description"],
        billable=bool(row["billable"]),
        kind=row["kind"],
        chapter=_named(conn, row["chapter"], "chapter"),
        block=block,
        ancestors=[
            IcdRef(r["code"], r["description"], bool(r["billable"])) for r in reversed(chain)
        ],
        children=children,
        billable_codes=billable,
        billable_total=total,
        notes=notes,
        seventh_note=" ".join(seventh["seven_chr_note"].split()) if seventh else "",
        seventh_from=seventh["code"] if seventh else None,
        seventh_options=options,
        seventh_value=own if own in options else None,
        valid_to_fy=row["valid_to_fy"],
        history=code_history(conn, row["code"]),
    )


def _ancestors(conn: sqlite3.Connection, row: sqlite3.Row) -> list[sqlite3.Row]:
    """Parent first, up to the category. A few categories share their code with their block
    (category B10's parent is block B10), so the walk stops at a code it has seen."""
    chain = []
    seen = {row["code"]}
    parent = row["parent"]
    while parent and parent not in seen:
        up = conn.execute(
            f"SELECT * FROM icd10cm WHERE code = ? AND {_CODES}", (parent,)
        ).fetchone()
        if up is None:
            break
        chain.append(up)
        seen.add(parent)
        parent = up["parent"]
    return chain


def _block_rows(conn: sqlite3.Connection, block: str | None) -> list[sqlite3.Row]:
    if not block:
        return []
    return conn.execute(
        "SELECT * FROM icd10cm WHERE code = ? AND kind = 'block'", (block,)
    ).fetchall()


def _named(conn: sqlite3.Connection, code: str | None, kind: str) -> IcdRef | None:
    if not code:
        return None
    row = conn.execute(
        "SELECT code, description FROM icd10cm WHERE code = ? AND kind = ?", (code, kind)
    ).fetchone()
    return IcdRef(row[0], row[1]) if row else None


def _notes(row: sqlite3.Row) -> list[IcdNote]:
    notes = []
    for column, kind in _NOTE_COLUMNS:
        value = row[column]
        texts = json.loads(value) if column.startswith("excludes") else [value]
        notes += [IcdNote(kind, _tidy(text), row["code"]) for text in texts if text.strip()]
    return notes


def _tidy(text: str) -> str:
    """Collapse spaces but keep the note's lines ("code to identify:" then one item a line)."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
