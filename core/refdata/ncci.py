"""NCCI procedure-to-procedure edits and medically unlikely edits (MUE), by release."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..db import memoized


@dataclass(frozen=True)
class PtpEdit:
    release: str
    column1: str
    column2: str
    effective_date: str
    deletion_date: str | None
    modifier_indicator: str  # 0 never bypassed, 1 an NCCI-associated modifier may, 9 inactive
    rationale: str
    source_file: str
    source_line: int


@dataclass(frozen=True)
class MueRow:
    release: str
    hcpcs: str
    max_units: int
    mai: str  # 1 per line, 2 per day (policy), 3 per day (clinical)
    mai_text: str
    rationale: str
    source_line: int


_PTP_COLUMNS = (
    "release, column1, column2, effective_date, deletion_date, modifier_indicator, "
    "rationale, source_file, source_line"
)
_ACTIVE = "effective_date <= ? AND (deletion_date IS NULL OR deletion_date >= ?)"
# The edits of a code on one side: by the primary key (release, column1, ...) for column 1, by
# the index on column2 for column 2. "+release" keeps SQLite from scanning the release's whole
# primary key range instead, which it does on a table imported after the last ANALYZE (one
# detail page took 300 ms with a million edits).
_SIDE = {"column1": "release = ? AND column1 = ?", "column2": "+release = ? AND column2 = ?"}


def ptp_edit(
    conn: sqlite3.Connection, release: str, column1: str, column2: str, day: date
) -> PtpEdit | None:
    """The pair's edit of `release` active on `day` (effective on or before it, not deleted
    before it), or None."""
    on = day.isoformat()
    row = conn.execute(
        f"SELECT {_PTP_COLUMNS} FROM ncci_edits WHERE release = ? AND column1 = ? AND column2 = ? "
        f"AND {_ACTIVE} ORDER BY effective_date DESC LIMIT 1",
        (release, column1, column2, on, on),
    ).fetchone()
    return PtpEdit(*row) if row else None


def ptp_edits_among(
    conn: sqlite3.Connection, release: str, codes: Sequence[str], day: date
) -> dict[tuple[str, str], PtpEdit]:
    """Every edit of `release` active on `day` between two of `codes`, either way round, by
    (column 1, column 2): what ptp_edit gives for each pair, in one query for a day's codes."""
    if len(codes) < 2:
        return {}
    on = day.isoformat()
    marks = ", ".join("?" * len(codes))
    found: dict[tuple[str, str], PtpEdit] = {}
    for row in conn.execute(
        f"SELECT {_PTP_COLUMNS} FROM ncci_edits WHERE release = ? AND column1 IN ({marks}) "
        f"AND column2 IN ({marks}) AND {_ACTIVE} "
        "ORDER BY column1, column2, effective_date DESC",
        (release, *codes, *codes, on, on),
    ):
        found.setdefault((row[1], row[2]), PtpEdit(*row))
    return found


def ptp_edits_for_days(
    conn: sqlite3.Connection, release: str, days: Sequence[tuple[Sequence[str], date]]
) -> list[dict[tuple[str, str], PtpEdit]]:
    """ptp_edits_among for many days at once (a day: its codes and its date), in one query:
    every ordered pair of a day's codes goes into a temporary table joined to the edits."""
    asked = [
        (number, first, second, day.isoformat())
        for number, (codes, day) in enumerate(days)
        for first in codes
        for second in codes
        if first != second
    ]
    found: list[dict[tuple[str, str], PtpEdit]] = [{} for _ in days]
    if not asked:
        return found
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS ptp_asked "
        "(day INTEGER, column1 TEXT, column2 TEXT, on_date TEXT)"
    )
    try:
        conn.executemany("INSERT INTO temp.ptp_asked VALUES (?, ?, ?, ?)", asked)
        # The tables, not the ncci_edits view, joined in this order (CROSS JOIN fixes it):
        # each asked pair finds its release's files, then its edits through the whole index
        # key (column1, file_id, column2). Through the view SQLite scanned every edit for each
        # chunk of claims (48 s for 10,000 claims with a million edits,
        # bench/bench_scrub_process.py); with the files in a subquery it built a Bloom filter
        # over the million edits for each chunk (46 ms a chunk; 3.6 ms in this order).
        for row in conn.execute(
            "SELECT a.day, f.release, p.column1, p.column2, p.effective_date, p.deletion_date, "
            "p.modifier_indicator, r.text, f.file_name, p.source_line "
            "FROM temp.ptp_asked a CROSS JOIN ncci_files f "
            "CROSS JOIN ncci_ptp p INDEXED BY ncci_ptp_column1 "
            "ON p.column1 = a.column1 AND p.file_id = f.id AND p.column2 = a.column2 "
            "JOIN ncci_rationales r ON r.id = p.rationale_id "
            "WHERE f.release = ? AND p.effective_date <= a.on_date "
            "AND (p.deletion_date IS NULL OR p.deletion_date >= a.on_date) "
            "ORDER BY a.day, p.column1, p.column2, p.effective_date DESC",
            (release,),
        ):
            found[row[0]].setdefault((row[2], row[3]), PtpEdit(*row[1:]))
    finally:
        conn.execute("DELETE FROM temp.ptp_asked")
        conn.commit()
    return found


def ptp_edits_of(
    conn: sqlite3.Connection, release: str, code: str, side: str, day: date, limit: int
) -> tuple[list[PtpEdit], int]:
    """Edits active on `day` where `code` is column1 or column2 (`side`), the other code's
    order, at most `limit`, with the total count."""
    if side not in ("column1", "column2"):
        raise ValueError(side)
    other = "column2" if side == "column1" else "column1"
    on = day.isoformat()
    where = f"{_SIDE[side]} AND {_ACTIVE}"
    params = (release, code, on, on)
    total = conn.execute(f"SELECT COUNT(*) FROM ncci_edits WHERE {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {_PTP_COLUMNS} FROM ncci_edits WHERE {where} ORDER BY {other} LIMIT ?",
        (*params, limit),
    ).fetchall()
    return [PtpEdit(*row) for row in rows], total


def mue_row(conn: sqlite3.Connection, release: str, code: str) -> MueRow | None:
    return memoized(conn, ("mue", release, code), lambda: _mue_row(conn, release, code))


def prefetch_mue(conn: sqlite3.Connection, release: str, codes: Iterable[str]) -> None:
    """Read the MUE rows of `codes` in one query, so the mue_row calls that follow find them
    remembered."""
    memo = getattr(conn, "memo", None)
    if memo is None:
        return
    wanted = sorted({code for code in codes if ("mue", release, code) not in memo})
    for start in range(0, len(wanted), 900):
        batch = wanted[start : start + 900]
        found = {
            row[1]: MueRow(*row)
            for row in conn.execute(
                f"SELECT {_MUE_COLUMNS} FROM mue WHERE release = ? AND hcpcs IN "
                f"({', '.join('?' * len(batch))})",
                (release, *batch),
            )
        }
        for code in batch:
            memo[("mue", release, code)] = found.get(code)


_MUE_COLUMNS = "release, hcpcs, max_units, mai, mai_text, rationale, source_line"


def _mue_row(conn: sqlite3.Connection, release: str, code: str) -> MueRow | None:
    row = conn.execute(
        "SELECT release, hcpcs, max_units, mai, mai_text, rationale, source_line FROM mue "
        "WHERE release = ? AND hcpcs = ?",
        (release, code),
    ).fetchone()
    return MueRow(*row) if row else None


def ptp_indicator_counts(
    conn: sqlite3.Connection, release: str, code: str, side: str, day: date
) -> dict[str, int]:
    """How many edits active on `day` have `code` as column1 or column2 (`side`), by modifier
    indicator (0 never bypassed, 1 bypassed by an NCCI-associated modifier, 9 inactive)."""
    if side not in ("column1", "column2"):
        raise ValueError(side)
    on = day.isoformat()
    return {
        row[0]: row[1]
        for row in conn.execute(
            f"SELECT modifier_indicator, COUNT(*) FROM ncci_edits WHERE {_SIDE[side]} "
            f"AND {_ACTIVE} GROUP BY modifier_indicator",
            (release, code, on, on),
        )
    }
