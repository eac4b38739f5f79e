"""ICD-10-CM by fiscal year: the package's tabular plus each year's changes.

The icd10cm table keeps one row per code: the newest tabular data (notes, excludes, 7th
characters), the first and last fiscal year it is valid, and its newest billable flag. Each
year's changes go to icd10cm_changes, from which a code's flag in an earlier year is read back.
Years up to the tabular's own are applied backwards (the tabular already holds their result);
later years roll the code set forward, as an imported CDC addenda or order file does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..refdata.icd_codes import BILLABLE_IN, VALID_IN
from .icd10_order import Change, dotted
from .source_file import SourceError
from .store import LoadedRelease

_CODES = "kind IN ('category', 'subcategory')"
MAX_REPLACEMENTS = 12


def release_name(fiscal_year: int) -> str:
    return f"ICD-10-CM FY{fiscal_year}"


def loaded_years(conn: sqlite3.Connection) -> list[int]:
    """The fiscal years of ICD-10-CM the database holds, oldest first."""
    return sorted(
        int(r[0][-4:])
        for r in conn.execute(
            "SELECT release FROM sources WHERE source = 'icd10cm' AND release LIKE 'ICD-10-CM FY%'"
        )
    )


def annotate_year(
    conn: sqlite3.Connection,
    fiscal_year: int,
    changes: Sequence[Change],
    earliest: int,
    path: Path,
    source: str,
) -> None:
    """Record year `fiscal_year` behind a tabular that already holds it (or a later year)."""
    for change in changes:
        row = _row(conn, change.code)
        if change.change == "deleted":
            if row is not None:
                raise SourceError(
                    path,
                    f"{change.code} is deleted in FY{fiscal_year} but the installed tabular has it",
                    change.line,
                )
            _insert(conn, change, earliest, fiscal_year - 1)
        elif row is None:
            raise SourceError(
                path,
                f"{change.code} ({change.change} in FY{fiscal_year}) is not "
                "in the installed tabular",
                change.line,
            )
        elif change.change == "added":
            conn.execute(
                f"UPDATE icd10cm SET valid_from_fy = ? WHERE code = ? AND {_CODES}",
                (fiscal_year, change.code),
            )
    _record(conn, fiscal_year, changes, source)


def roll_forward(
    conn: sqlite3.Connection, fiscal_year: int, changes: Sequence[Change], path: Path, source: str
) -> None:
    """Apply year `fiscal_year` on top of the code set of the year before it. `path` names the
    file in errors; `source` (the release file's name) is recorded with each change."""
    before = fiscal_year - 1
    ordered = sorted(changes, key=lambda c: (c.change != "added", len(c.code), c.code))
    for change in ordered:
        row = _row(conn, change.code)
        valid = row is not None and (row["valid_to_fy"] is None or row["valid_to_fy"] >= before)
        if change.change == "added":
            if valid:
                raise SourceError(
                    path,
                    f"{change.code} is added in FY{fiscal_year} but is "
                    f"already in the FY{before} code set",
                    change.line,
                )
            if row is not None:  # deleted once, back now: its earlier years are not kept
                conn.execute(f"DELETE FROM icd10cm WHERE code = ? AND {_CODES}", (change.code,))
            _insert(conn, change, fiscal_year, None)
            continue
        if not valid:
            raise SourceError(
                path,
                f"{change.code} is {change.change} in FY{fiscal_year} but is "
                f"not in the FY{before} code set",
                change.line,
            )
        if change.change == "deleted":
            conn.execute(
                f"UPDATE icd10cm SET valid_to_fy = ? WHERE code = ? AND {_CODES}",
                (before, change.code),
            )
        elif change.change in ("header", "billable"):
            conn.execute(
                f"UPDATE icd10cm SET billable = ? WHERE code = ? AND {_CODES}",
                (int(change.billable), change.code),
            )
        else:
            conn.execute(
                f"UPDATE icd10cm SET description = ? WHERE code = ? AND {_CODES}",
                (change.description, change.code),
            )
    _record(conn, fiscal_year, changes, source)


def code_set_changes(
    conn: sqlite3.Connection, fiscal_year: int, records: Iterable[tuple[str, bool, str, int]]
) -> list[Change]:
    """The changes that turn the database's code set of the year before into `records`
    (code, billable, long description, line) of a whole order file."""
    before = {
        r[0]: (bool(r[1]), r[2])
        for r in conn.execute(
            f"SELECT code, {BILLABLE_IN}, description FROM icd10cm c WHERE {_CODES} AND {VALID_IN}",
            (fiscal_year - 1,),
        )
    }
    changes: list[Change] = []
    for code, billable, description, line in records:
        old = before.pop(code, None)
        if old is None:
            changes.append(Change(code, "added", billable, description, "", line))
            continue
        if old[0] != billable:
            changes.append(
                Change(code, "billable" if billable else "header", billable, description, "", line)
            )
        elif old[1] != description:
            changes.append(Change(code, "revised", billable, description, old[1], line))
    changes += [Change(code, "deleted", flag, text) for code, (flag, text) in before.items()]
    return changes


def index_new_codes(conn: sqlite3.Connection, fiscal_year: int) -> None:
    """Make the year's new and revised codes findable by word search."""
    changed = (
        "SELECT code FROM icd10cm_changes WHERE fiscal_year = ? AND change IN ('added', 'revised')"
    )
    conn.execute(
        f"DELETE FROM code_search WHERE code_type = 'icd10' AND code IN ({changed})", (fiscal_year,)
    )
    conn.execute(
        f"INSERT INTO code_search (code, code_type, words) SELECT code, 'icd10', "
        f"description FROM icd10cm WHERE {_CODES} AND code IN ({changed})",
        (fiscal_year,),
    )


def billable_count(conn: sqlite3.Connection, fiscal_year: int) -> int:
    return conn.execute(
        f"SELECT COUNT(*) FROM icd10cm c WHERE {_CODES} AND {VALID_IN} AND {BILLABLE_IN} = 1",
        (fiscal_year,),
    ).fetchone()[0]


def year_release(conn: sqlite3.Connection, fiscal_year: int, file_name: str) -> LoadedRelease:
    """What the sources table records for one fiscal year (its billable codes as row count)."""
    return LoadedRelease(
        "icd10cm",
        release_name(fiscal_year),
        f"{fiscal_year - 1}-10-01",
        f"{fiscal_year}-09-30",
        billable_count(conn, fiscal_year),
        "icd10cm",
        file_name,
    )


def mismatches(conn: sqlite3.Connection, fiscal_year: int, changes: Sequence[Change]) -> list[str]:
    """Codes whose state in the database's `fiscal_year` disagrees with `changes` (used before
    saying a file is already applied)."""
    wrong = []
    for change in changes:
        row = _row(conn, change.code)
        valid = (
            row is not None
            and row["valid_from_fy"] <= fiscal_year
            and (row["valid_to_fy"] is None or row["valid_to_fy"] >= fiscal_year)
        )
        if valid == (change.change == "deleted"):
            wrong.append(change.code)
    return wrong


def _row(conn: sqlite3.Connection, code: str) -> sqlite3.Row | None:
    cursor = conn.execute(
        f"SELECT code, valid_from_fy, valid_to_fy FROM icd10cm WHERE code = ? AND {_CODES}", (code,)
    )
    cursor.row_factory = sqlite3.Row
    return cursor.fetchone()


def _insert(
    conn: sqlite3.Connection, change: Change, valid_from: int, valid_to: int | None
) -> None:
    """A code the tabular does not have: its placement comes from the codes around it."""
    nodot = change.code.replace(".", "")
    parent, chapter, block = _placement(conn, nodot)
    conn.execute(
        "INSERT INTO icd10cm (code, code_nodot, kind, billable, description, parent, chapter, "
        "block, excludes1, excludes2, code_first, use_additional, code_also, seven_chr_note, "
        "seven_chr_def, valid_from_fy, valid_to_fy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', "
        "'', '', '', '', '{}', ?, ?)",
        (
            dotted(nodot),
            nodot,
            "category" if len(nodot) == 3 else "subcategory",
            int(change.billable),
            change.description,
            parent,
            chapter,
            block,
            valid_from,
            valid_to,
        ),
    )


def _placement(conn: sqlite3.Connection, nodot: str) -> tuple[str | None, str | None, str | None]:
    """Parent = the longest code the new code starts with (I42.00 -> I42.0); a new category
    goes under the block whose range holds it, else (QA1) the chapter of the category before."""
    for length in range(len(nodot) - 1, 2, -1):
        row = conn.execute(
            f"SELECT code, chapter, block FROM icd10cm WHERE code_nodot = ? AND {_CODES}",
            (nodot[:length],),
        ).fetchone()
        if row:
            return row[0], row[1], row[2]
    block = conn.execute(
        "SELECT code, chapter FROM icd10cm WHERE kind = 'block' AND substr(code, 1, 3) <= ?1 "
        "AND substr(code, -3) >= ?1 ORDER BY substr(code, 1, 3) DESC, substr(code, -3) LIMIT 1",
        (nodot[:3],),
    ).fetchone()
    if block:
        return block[0], block[1], block[0]
    before = conn.execute(
        "SELECT chapter FROM icd10cm WHERE kind = 'category' AND code < ? "
        "ORDER BY code DESC LIMIT 1",
        (nodot[:3],),
    ).fetchone()
    return None, before[0] if before else None, None


def _record(
    conn: sqlite3.Connection, fiscal_year: int, changes: Sequence[Change], source: str
) -> None:
    replaced = _replacements(conn, fiscal_year, changes)
    conn.executemany(
        "INSERT OR REPLACE INTO icd10cm_changes (code, fiscal_year, change, billable, "
        "description, previous, replacements, release, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.code,
                fiscal_year,
                c.change,
                int(c.billable),
                c.description,
                c.previous,
                json.dumps(replaced.get(c.code, [])),
                release_name(fiscal_year),
                source + (f" line {c.line}" if c.line else ""),
            )
            for c in changes
        ],
    )


def _replacements(
    conn: sqlite3.Connection, fiscal_year: int, changes: Sequence[Change]
) -> dict[str, list[str]]:
    """Billable codes added the same year in place of a deleted code or a new header.

    The addenda do not name replacements: we take the new codes under the old one (I42.0 ->
    I42.00, I42.01, I42.09); else the new codes of the same length under its nearest ancestor
    still valid, those agreeing with it in the most positions (T52.8X1A -> T52.811A, T52.891A)."""
    added = sorted(c.code.replace(".", "") for c in changes if c.change == "added" and c.billable)
    found: dict[str, list[str]] = {}
    for change in changes:
        if change.change not in ("deleted", "header"):
            continue
        nodot = change.code.replace(".", "")
        under = [a for a in added if a.startswith(nodot) and a != nodot]
        if not under and change.change == "deleted":
            under = _closest(nodot, _surviving_ancestor(conn, nodot, fiscal_year), added)
        found[change.code] = [dotted(a) for a in under[:MAX_REPLACEMENTS]]
    return found


def _surviving_ancestor(conn: sqlite3.Connection, nodot: str, fiscal_year: int) -> str:
    for length in range(len(nodot) - 1, 2, -1):
        if conn.execute(
            f"SELECT 1 FROM icd10cm WHERE code_nodot = ? AND {_CODES} AND "
            "(valid_to_fy IS NULL OR valid_to_fy >= ?)",
            (nodot[:length], fiscal_year),
        ).fetchone():
            return nodot[:length]
    return nodot[:3]


def _closest(nodot: str, ancestor: str, added: list[str]) -> list[str]:
    start = len(ancestor)
    scored = [
        (sum(x == y for x, y in zip(nodot[start:], a[start:], strict=True)), a)
        for a in added
        if a.startswith(ancestor) and len(a) == len(nodot)
    ]
    best = max((score for score, _ in scored), default=0)
    return [a for score, a in scored if score == best]
