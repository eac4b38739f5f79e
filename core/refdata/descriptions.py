"""The text shown for a procedure code or modifier, and where it comes from.

In order of preference:
- our own plain-language description (resources/procedure_codes, resources/modifiers.csv);
- CMS's HCPCS Level II long description (public domain) of the newest HCPCS release loaded
  (table `hcpcs_codes`: bundled, and written by the HCPCS importer);
- the short descriptor of a PPRRVU file the user imported into their own database
  (`imported_descriptors`); CPT descriptors are AMA text, so these are never bundled and are
  always shown marked as from the CMS file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..db import has_table, memoized

OWN, HCPCS, IMPORTED = "own", "hcpcs", "imported"


@dataclass(frozen=True)
class CodeText:
    description: str
    source: str  # own | hcpcs | imported
    release: str = ""  # the HCPCS or PPRRVU release it was read from

    @property
    def label(self) -> str:
        """Where the text comes from, for a reader ('' for our own)."""
        if self.source == HCPCS:
            return f"CMS HCPCS description ({self.release})"
        if self.source == IMPORTED:
            return f"CMS descriptor from your imported {self.release} file"
        return ""


@dataclass(frozen=True)
class HcpcsRecord:
    """A HCPCS Level II code or modifier as CMS's HCPCS file gives it."""

    code: str
    kind: str  # procedure | modifier
    long_description: str
    add_date: str | None
    termination_date: str | None
    release: str


_HCPCS_SQL = (
    "SELECT h.code, h.kind, h.long_description, h.add_date, h.termination_date, h.release "
    "FROM hcpcs_codes h LEFT JOIN sources s ON s.source = 'hcpcs' AND s.release = h.release "
    "WHERE h.code = ? AND h.kind = ? ORDER BY s.effective_date DESC, h.release DESC LIMIT 1"
)
_IMPORTED_SQL = (
    "SELECT d.code, d.description, d.release FROM imported_descriptors d "
    "LEFT JOIN sources s ON s.source = 'pfs' AND s.release = d.release "
    "WHERE d.modifier = '' AND d.code IN ({marks}) ORDER BY s.effective_date, d.release"
)


def hcpcs_record(
    conn: sqlite3.Connection, code: str, kind: str = "procedure"
) -> HcpcsRecord | None:
    """The newest HCPCS file's record of a Level II code or modifier; None when no loaded file
    has it (or the database has no HCPCS table)."""
    if not has_table(conn, "hcpcs_codes"):
        return None
    return memoized(conn, ("hcpcs_record", code, kind), lambda: _hcpcs(conn, code, kind))


def _hcpcs(conn: sqlite3.Connection, code: str, kind: str) -> HcpcsRecord | None:
    row = conn.execute(_HCPCS_SQL, (code, kind)).fetchone()
    return (
        None
        if row is None
        else HcpcsRecord(row[0], row[1], " ".join(row[2].split()), row[3], row[4], row[5])
    )


def procedure_texts(conn: sqlite3.Connection, codes: Iterable[str]) -> dict[str, CodeText]:
    """The text to show for each procedure code that has one."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    found: dict[str, CodeText] = {}
    if has_table(conn, "imported_descriptors"):
        for code, text, release in conn.execute(_IMPORTED_SQL.format(marks=marks), wanted):
            found[code] = CodeText(" ".join(text.split()), IMPORTED, release)  # newest last
    for code in wanted:
        record = hcpcs_record(conn, code) if not code[0].isdigit() else None
        if record is not None:
            found[code] = CodeText(record.long_description, HCPCS, record.release)
    for code, text in conn.execute(
        f"SELECT code, description FROM procedure_codes WHERE code IN ({marks})", wanted
    ):
        found[code] = CodeText(text, OWN)
    return found


def procedure_categories(conn: sqlite3.Connection) -> dict[str, str]:
    """The category of each procedure code we describe ("imaging guidance" for 77011-77014),
    read once per connection (search ranking reads it for every word query)."""
    return memoized(
        conn,
        ("procedure_categories",),
        lambda: dict(conn.execute("SELECT code, category FROM procedure_codes").fetchall()),
    )


def procedure_text(conn: sqlite3.Connection, code: str) -> CodeText | None:
    return procedure_texts(conn, [code]).get(code)


def modifier_text(conn: sqlite3.Connection, code: str) -> CodeText | None:
    row = conn.execute("SELECT description FROM modifiers WHERE code = ?", (code,)).fetchone()
    if row is not None:
        return CodeText(row[0], OWN)
    record = hcpcs_record(conn, code, "modifier")
    return CodeText(record.long_description, HCPCS, record.release) if record else None
