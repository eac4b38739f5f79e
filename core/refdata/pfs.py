"""PFS relative value rows (PPRRVU) and conversion factors, by release and date of service."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..db import memoized
from ..sources import pfs as pfs_file
from .releases import Applied, covered_until, release_named, required_release

COLUMNS = pfs_file.STORED_COLUMNS


@dataclass(frozen=True)
class RvuRow:
    release: str
    values: dict[str, str]
    _decimals: dict[str, Decimal] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def dec(self, key: str) -> Decimal:
        """A figure as Decimal, parsed once (whole schedules reuse rows across localities)."""
        value = self._decimals.get(key)
        if value is None:
            value = self._decimals[key] = Decimal(self.values[key])
        return value


@dataclass(frozen=True)
class ConversionFactor:
    value: Decimal
    kind: str  # standard | qualifying_apm | anesthesia | anesthesia_qualifying_apm
    effective_from: str
    effective_to: str
    note: str  # the rule it comes from


def pfs_release(conn: sqlite3.Connection, day: date) -> Applied:
    """The PFS release to price `day` with (see releases.py); DataNotLoaded when none may be."""
    return required_release(
        conn,
        "pfs",
        day,
        f"import the {day.year} PPRRVU file of that quarter, or give a date of service the "
        "loaded data covers",
    )


def rvu_row(conn: sqlite3.Connection, release: str, code: str, modifier: str = "") -> RvuRow | None:
    key = ("rvu_row", release, code, modifier)
    return memoized(conn, key, _rvu_row, conn, release, code, modifier)


def _rvu_row(conn: sqlite3.Connection, release: str, code: str, modifier: str) -> RvuRow | None:
    row = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM pfs_rvu WHERE release = ? "
        "AND hcpcs = ? AND modifier = ?",
        (release, code, modifier),
    ).fetchone()
    if row is None:
        return None
    return RvuRow(release, {c: str(v) for c, v in zip(COLUMNS, row, strict=True)})


def rvu_rows(conn: sqlite3.Connection, release: str) -> list[RvuRow]:
    """Every row of a release, in code order (for whole fee schedules)."""
    return [
        RvuRow(release, {c: str(v) for c, v in zip(COLUMNS, row, strict=True)})
        for row in conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM pfs_rvu WHERE release = ? ORDER BY hcpcs, modifier",
            (release,),
        )
    ]


def code_rows(conn: sqlite3.Connection, code: str) -> list[tuple[str, str, RvuRow]]:
    """(release, effective date, row) of every loaded row of `code`, newest release first."""
    columns = ", ".join(f"r.{c}" for c in COLUMNS)
    return [
        (row[0], row[1], RvuRow(row[0], {c: str(v) for c, v in zip(COLUMNS, row[2:], strict=True)}))
        for row in conn.execute(
            f"SELECT r.release, s.effective_date, {columns} FROM pfs_rvu r "
            "JOIN sources s ON s.source = 'pfs' AND s.release = r.release "
            "WHERE r.hcpcs = ? ORDER BY s.effective_date DESC, r.modifier",
            (code,),
        )
    ]


def releases_with(conn: sqlite3.Connection, code: str) -> list[str]:
    """Every loaded PFS release that has a global row for `code`, oldest first."""
    return memoized(
        conn,
        ("pfs_releases_with", code),
        lambda: [
            r[0]
            for r in conn.execute(
                "SELECT r.release FROM pfs_rvu r JOIN sources s ON s.source = 'pfs' "
                "AND s.release = r.release WHERE r.hcpcs = ? AND r.modifier = '' "
                "ORDER BY s.effective_date",
                (code,),
            )
        ],
    )


def prefetch_rows(
    conn: sqlite3.Connection,
    release: str,
    codes: Iterable[str],
    modifiers: Iterable[str] = ("", "26", "TC", "53"),
) -> None:
    """Read every row of `codes` in `release` and the releases each code has a global row in,
    in a few queries, so the rvu_row and releases_with calls that follow (with one of
    `modifiers`) find them remembered."""
    memo = getattr(conn, "memo", None)
    if memo is None:
        return
    asked = tuple(modifiers)
    wanted = sorted(
        {
            code
            for code in codes
            if any(("rvu_row", release, code, m) not in memo for m in asked)
            or ("pfs_releases_with", code) not in memo
        }
    )
    for start in range(0, len(wanted), 900):
        batch = wanted[start : start + 900]
        marks = ", ".join("?" * len(batch))
        rows: dict[tuple[str, str], RvuRow] = {}
        for row in conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM pfs_rvu WHERE release = ? AND hcpcs IN ({marks})",
            (release, *batch),
        ):
            found = RvuRow(release, {c: str(v) for c, v in zip(COLUMNS, row, strict=True)})
            rows[found["hcpcs"], found["modifier"]] = found
        having: dict[str, list[str]] = {}
        for code, name in conn.execute(
            "SELECT r.hcpcs, r.release FROM pfs_rvu r JOIN sources s ON s.source = 'pfs' "
            f"AND s.release = r.release WHERE r.hcpcs IN ({marks}) AND r.modifier = '' "
            "ORDER BY s.effective_date",
            batch,
        ):
            having.setdefault(code, []).append(name)
        for code in batch:
            for modifier in asked:
                memo[("rvu_row", release, code, modifier)] = rows.get((code, modifier))
            memo[("pfs_releases_with", code)] = having.get(code, [])


def global_days_of(
    conn: sqlite3.Connection, release: str, codes: Sequence[str]
) -> dict[str, tuple[str, int]]:
    """(global days, PPRRVU line) of each of `codes` that has a global row (no modifier) in
    `release`, in a few queries: what a worklist's global-surgery index needs of every code,
    without reading their whole rows."""
    found: dict[str, tuple[str, int]] = {}
    for start in range(0, len(codes), 900):
        batch = codes[start : start + 900]
        for code, days, line in conn.execute(
            "SELECT hcpcs, global_days, source_line FROM pfs_rvu WHERE release = ? "
            f"AND modifier = '' AND hcpcs IN ({', '.join('?' * len(batch))})",
            (release, *batch),
        ):
            found[code] = (str(days), int(line))
    return found


def release_dates(conn: sqlite3.Connection, name: str) -> tuple[date, date] | None:
    """The dates a loaded PFS release covers."""
    found = release_named(conn, "pfs", name)
    if found is None:
        return None
    return date.fromisoformat(found.effective_date), covered_until(conn, found)


def conversion_factor(
    conn: sqlite3.Connection, day: date, qualifying_apm: bool = False, anesthesia: bool = False
) -> ConversionFactor | None:
    """The conversion factor in effect on `day` (CMS final rules; from 2026 a qualifying APM
    participant has its own), or None when the app knows none for that date."""
    return memoized(
        conn,
        ("cf", day, qualifying_apm, anesthesia),
        lambda: _conversion_factor(conn, day, qualifying_apm, anesthesia),
    )


def _conversion_factor(
    conn: sqlite3.Connection, day: date, qualifying_apm: bool, anesthesia: bool
) -> ConversionFactor | None:
    base = "anesthesia" if anesthesia else "standard"
    qualifying = "anesthesia_qualifying_apm" if anesthesia else "qualifying_apm"
    kinds = [qualifying, base] if qualifying_apm else [base]
    for kind in kinds:
        row = conn.execute(
            "SELECT conversion_factor, effective_from, effective_to, note FROM "
            "conversion_factors WHERE kind = ? AND effective_from <= ? AND effective_to >= ?",
            (kind, day.isoformat(), day.isoformat()),
        ).fetchone()
        if row:
            return ConversionFactor(Decimal(row[0]), kind, row[1], row[2], row[3])
    return None


def endoscopy_families(conn: sqlite3.Connection, release: str) -> dict[str, list[str]]:
    """Each endoscopic base code of a release with the codes that name it (ENDO BASE column),
    in code order (read once per connection)."""

    def load() -> dict[str, list[str]]:
        families: dict[str, list[str]] = {}
        for code, base in conn.execute(
            "SELECT hcpcs, endo_base FROM pfs_rvu WHERE release = ? AND modifier = '' "
            "AND endo_base != '' ORDER BY hcpcs",
            (release,),
        ):
            families.setdefault(base, []).append(code)
        return families

    return memoized(conn, ("endoscopy_families", release), load)
