"""The word index behind code search: one FTS5 row per code of every code set.

Each row's `words` are the code's main text first, then " | " and further names: for a
procedure our own description (or CMS's HCPCS Level II description), then its category and the
other texts (the descriptor of a PPRRVU file the user imported is only ever a further name);
for an ICD-10-CM code its description, then its includes notes and inclusion terms; modifiers
and places of service with the words a biller puts before them ("modifier", "place of
service").

Rows have fixed rowid blocks in a deliberate order (procedures, modifiers, places of service,
ICD-10-CM categories, then ICD-10-CM codes from the shortest to the longest): for a very common
word core/lookup/search.py ranks only the first matches in rowid order, so the broad codes a
biller starts from come first. The procedure block can be rewritten alone (after a user imports
a PPRRVU file, imported_descriptors.py) and keeps its place.

search_vocab holds every indexed word with its row count, for spelling correction and ranking.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from ..db import has_table
from .descriptor_words import spelled_out

SEPARATOR = " | "
PROCEDURE_ROWIDS = (1, 100_000)
MODIFIER_ROWIDS = (100_000, 110_000)
POS_ROWIDS = (110_000, 120_000)
ICD_FIRST_ROWID = 200_000

_OWN = "SELECT code, category, description FROM procedure_codes"
_IMPORTED = (  # the newest imported descriptor of each code (its own row, no modifier); the
    # release being imported has no sources row yet: it is the newest
    "SELECT d.code, d.description FROM imported_descriptors d "
    "LEFT JOIN sources s ON s.source = 'pfs' AND s.release = d.release "
    "WHERE d.modifier = '' ORDER BY coalesce(s.effective_date, '9999'), d.release"
)
_HCPCS = (  # CMS's HCPCS Level II long descriptions, newest release last; the importer
    # rebuilds the index before it records the release being imported: that one is the newest
    "SELECT h.code, h.long_description FROM hcpcs_codes h "
    "LEFT JOIN sources s ON s.source = 'hcpcs' AND s.release = h.release "
    "WHERE h.kind = ? ORDER BY coalesce(s.effective_date, '9999'), h.release"
)
_ICD = (
    "SELECT code, description FROM icd10cm WHERE kind IN ('category', 'subcategory') "
    "ORDER BY kind = 'subcategory', length(code_nodot), code_nodot"
)


def rebuild(conn: sqlite3.Connection) -> int:
    """Index every code set from scratch; the number of rows indexed."""
    conn.execute("DELETE FROM code_search")
    _insert(conn, PROCEDURE_ROWIDS[0], _procedure_rows(conn))
    _insert(conn, MODIFIER_ROWIDS[0], _modifier_rows(conn))
    _insert(
        conn,
        POS_ROWIDS[0],
        (
            (code, "pos", _text(name, description, "place of service POS"))
            for code, name, description in conn.execute(
                "SELECT code, name, description FROM place_of_service ORDER BY code"
            )
        ),
    )
    _insert(conn, ICD_FIRST_ROWID, _icd_rows(conn))
    return _finish(conn)


def refresh_procedures(conn: sqlite3.Connection) -> int:
    """Re-index the procedure codes only (their texts changed: an imported PPRRVU file, HCPCS
    descriptions); the number of rows in the whole index."""
    conn.execute("DELETE FROM code_search WHERE rowid >= ? AND rowid < ?", PROCEDURE_ROWIDS)
    _insert(conn, PROCEDURE_ROWIDS[0], _procedure_rows(conn))
    return _finish(conn)


def _finish(conn: sqlite3.Connection) -> int:
    conn.execute("INSERT INTO code_search (code_search) VALUES ('optimize')")
    conn.execute("DELETE FROM search_vocab")
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.code_search_terms "
        "USING fts5vocab(main, code_search, row)"
    )
    conn.execute(
        "INSERT INTO search_vocab (term, docs) SELECT term, doc FROM temp.code_search_terms"
    )
    conn.execute("DROP TABLE temp.code_search_terms")
    return int(conn.execute("SELECT COUNT(*) FROM code_search").fetchone()[0])


def _insert(conn: sqlite3.Connection, first: int, rows: Iterable[tuple[str, str, str]]) -> None:
    conn.executemany(
        "INSERT INTO code_search (rowid, code, code_type, words) VALUES (?, ?, ?, ?)",
        ((first + n, *row) for n, row in enumerate(rows)),
    )


def _text(main: str, *more: str) -> str:
    """The main text, then each further name after a separator (ranking reads them apart).
    A code known only by a PPRRVU descriptor has no main text: CMS's abbreviated short
    descriptors rank after our own and CMS's HCPCS descriptions."""
    return SEPARATOR.join([main, *dict.fromkeys(m for m in more if m and m != main)])


def _hcpcs(conn: sqlite3.Connection, kind: str) -> dict[str, str]:
    """The newest HCPCS Level II description of each code or modifier (table hcpcs_codes:
    bundled, and written by the HCPCS importer); empty in a database without that table."""
    if not has_table(conn, "hcpcs_codes"):
        return {}
    return {code: " ".join(text.split()) for code, text in conn.execute(_HCPCS, (kind,))}


def _procedure_rows(conn: sqlite3.Connection) -> Iterator[tuple[str, str, str]]:
    own = {code: (category, description) for code, category, description in conn.execute(_OWN)}
    hcpcs = _hcpcs(conn, "procedure")
    imported = dict(conn.execute(_IMPORTED).fetchall())
    for code in sorted(own.keys() | hcpcs.keys() | imported.keys()):
        category, description = own.get(code, ("", ""))
        main = description or hcpcs.get(code, "")  # an imported descriptor is never main
        descriptor = imported.get(code, "")
        yield (
            code,
            "cpt" if code[0].isdigit() else "hcpcs",
            _text(main, category, hcpcs.get(code, ""), descriptor, spelled_out(descriptor)),
        )


def _modifier_rows(conn: sqlite3.Connection) -> Iterator[tuple[str, str, str]]:
    own = {
        code: f"{description} ({category})"
        for code, category, description in conn.execute(
            "SELECT code, category, description FROM modifiers"
        )
    }
    hcpcs = _hcpcs(conn, "modifier")
    for code in sorted(own.keys() | hcpcs.keys()):
        yield code, "modifier", _text(own.get(code) or hcpcs[code], "modifier", hcpcs.get(code, ""))


def _icd_rows(conn: sqlite3.Connection) -> Iterator[tuple[str, str, str]]:
    terms: dict[str, list[str]] = {}
    for code, term in conn.execute("SELECT code, term FROM icd10cm_terms"):
        terms.setdefault(code, []).append(term)
    for code, description in conn.execute(_ICD):
        yield code, "icd10", _text(description, *terms.get(code, ()))
