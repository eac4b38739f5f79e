"""Codes related to a procedure code, from the data itself: its family (codes sharing its first
four characters: 77011-77014, the E/M levels 99211-99215), its professional and technical rows,
its endoscopy family (same base code in the PFS file), its add-on codes or primary codes (the
NCCI add-on edits of the date) and the codes whose descriptions read most like its own."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ..refdata.addons import addon_links
from ..refdata.codes import procedure_codes_starting
from ..refdata.descriptions import procedure_texts
from ..refdata.pfs import endoscopy_families
from ..refdata.releases import missing_reason
from .procedure_detail import ProcedureDetail
from .search import similar

FAMILY_LIMIT = 12
SIMILAR_LIMIT = 6
_COMPONENTS = {
    "26": "professional component (interpretation)",
    "TC": "technical component (equipment, staff)",
    "53": "discontinued procedure",
}


@dataclass(frozen=True)
class RelatedGroup:
    title: str
    codes: list[tuple[str, str]]  # (code, description or what the row is)
    note: str = ""


def related_codes(conn: sqlite3.Connection, d: ProcedureDetail, day: date) -> list[RelatedGroup]:
    """The groups that have codes (or something to say), add-on links first; a code may be in
    several groups, but "similar descriptions" lists only codes not shown already."""
    groups = [
        g
        for g in (*_addons(conn, d, day), _family(conn, d), _components(d), _endoscopy(conn, d))
        if g is not None
    ]
    shown = {d.code} | {c for g in groups for c, _ in g.codes}
    similar_ones = _similar(conn, d, shown)
    if similar_ones is not None:
        groups.append(similar_ones)
    return [g for g in groups if g.codes or g.note]


def _described(conn: sqlite3.Connection, codes: list[str]) -> list[tuple[str, str]]:
    """Each code with its text, a text not our own marked with where it comes from."""
    texts = procedure_texts(conn, codes)
    found = []
    for code in codes:
        text = texts.get(code)
        label = f" [{text.label}]" if text and text.label else ""
        found.append((code, f"{text.description}{label}" if text else ""))
    return found


def _family(conn: sqlite3.Connection, d: ProcedureDetail) -> RelatedGroup | None:
    if len(d.code) < 5:
        return None
    found = [
        code
        for code, _ in procedure_codes_starting(conn, d.code[:4], FAMILY_LIMIT + 1)
        if code != d.code
    ]
    return RelatedGroup(f"Same family ({d.code[:4]}x)", _described(conn, found[:FAMILY_LIMIT]))


def _components(d: ProcedureDetail) -> RelatedGroup | None:
    rows = [
        (f"{d.code}-{line.modifier}", _COMPONENTS.get(line.modifier, line.modifier))
        for line in d.lines
        if line.modifier
    ]
    return RelatedGroup("Component rows", rows) if rows else None


def _endoscopy(conn: sqlite3.Connection, d: ProcedureDetail) -> RelatedGroup | None:
    if d.release is None:
        return None
    base = d.endo_base or d.code
    members = endoscopy_families(conn, d.release).get(base, [])
    if not members:
        return None
    codes = ([] if base == d.code else [base]) + [m for m in members if m != d.code]
    return RelatedGroup(
        f"Endoscopy family (base {base}, {d.release})",
        _described(conn, codes[:FAMILY_LIMIT]),
        f"{len(members)} codes share this base" if len(members) > FAMILY_LIMIT else "",
    )


def _addons(conn: sqlite3.Connection, d: ProcedureDetail, day: date) -> list[RelatedGroup]:
    links = addon_links(conn, d.code, day)
    if links is None:
        if d.add_on:
            return [
                RelatedGroup(
                    "Primary codes of this add-on",
                    [],
                    f"Not listed: {missing_reason(conn, 'aoc', day)}. Import "
                    "CMS's AOC file for that quarter to list them.",
                )
            ]
        return []
    groups = []
    if links.edit_type is not None:
        groups.append(
            RelatedGroup(
                f"Primary codes of this add-on ({links.release})",
                _described(conn, links.primaries[:FAMILY_LIMIT]),
                "; ".join(filter(None, (links.edit_type_text, links.note))),
            )
        )
    if links.addons:
        groups.append(
            RelatedGroup(
                f"Add-on codes for this primary ({links.release})",
                _described(conn, links.addons[:FAMILY_LIMIT]),
            )
        )
    return groups


def _similar(conn: sqlite3.Connection, d: ProcedureDetail, shown: set[str]) -> RelatedGroup | None:
    """Codes whose own descriptions read most like this one's (our descriptions only)."""
    if not d.description or d.description_source != "own":
        return None
    hits = similar(conn, d.description, d.code_type, SIMILAR_LIMIT + len(shown))
    codes = [h.code for h in hits if h.code not in shown]
    return RelatedGroup("Similar descriptions", _described(conn, codes[:SIMILAR_LIMIT]))
