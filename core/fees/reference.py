"""The reference data pricing needs, chosen by date of service."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..db import memoized
from ..sources import pfs
from .model import FeeError, Locality

NATIONAL = Locality("", "", "National (GPCI 1.000)", "", Decimal("1.000"), Decimal("1.000"),
                    Decimal("1.000"), "national", None)
_LOCALITY_RE = re.compile(r"^\s*(\d{4,5})\s*[-/ ]?\s*(\d{1,2})\s*$")


@dataclass(frozen=True)
class PfsRelease:
    release: str
    effective_date: str


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


def _pfs_release_for(conn: sqlite3.Connection, day: date) -> PfsRelease:
    """The newest PFS release of the date's calendar year that is in effect on that date."""
    row = conn.execute(
        "SELECT release, effective_date FROM sources WHERE source = 'pfs' "
        "AND effective_date <= ? AND substr(effective_date, 1, 4) = ? "
        "ORDER BY effective_date DESC LIMIT 1", (day.isoformat(), str(day.year))).fetchone()
    if row is None:
        loaded = ", ".join(f"{r[0]} (from {r[1]})" for r in conn.execute(
            "SELECT release, effective_date FROM sources WHERE source = 'pfs' "
            "ORDER BY effective_date")) or "none"
        raise FeeError(f"no PFS release loaded covers {day.isoformat()} (loaded: {loaded}); "
                       f"import the {day.year} PPRRVU file of that quarter, or give a date of "
                       "service the loaded data covers")
    return PfsRelease(row[0], row[1])


def _rvu_row(conn: sqlite3.Connection, release: str, code: str, modifier: str) -> RvuRow | None:
    columns = ", ".join(pfs.STORED_COLUMNS)
    row = conn.execute(f"SELECT {columns} FROM pfs_rvu WHERE release = ? AND hcpcs = ? "
                       "AND modifier = ?", (release, code, modifier)).fetchone()
    if row is None:
        return None
    return RvuRow(release, {c: str(v) for c, v in zip(pfs.STORED_COLUMNS, row, strict=True)})


def rvu_rows(conn: sqlite3.Connection, release: str) -> list[RvuRow]:
    """Every row of a release, in code order (for whole fee schedules)."""
    columns = ", ".join(pfs.STORED_COLUMNS)
    return [RvuRow(release, {c: str(v) for c, v in zip(pfs.STORED_COLUMNS, row, strict=True)})
            for row in conn.execute(f"SELECT {columns} FROM pfs_rvu WHERE release = ? "
                                    "ORDER BY hcpcs, modifier", (release,))]


def parse_locality(text: str) -> tuple[str, str]:
    match = _LOCALITY_RE.match(text)
    if not match:
        raise FeeError(f"'{text}' is not a locality: write CARRIER-LOCALITY, e.g. 13202-01 "
                       "(see 'python main.py localities')")
    return match.group(1).zfill(5), match.group(2).zfill(2)


def _locality(conn: sqlite3.Connection, key: str, day: date) -> Locality:
    carrier, number = parse_locality(key)
    release = f"GPCI{day.year}"
    row = conn.execute("SELECT * FROM gpci WHERE release = ? AND carrier = ? AND locality = ?",
                       (release, carrier, number)).fetchone()
    if row is None:
        if not conn.execute("SELECT 1 FROM gpci WHERE release = ?", (release,)).fetchone():
            raise FeeError(f"no GPCI file for {day.year} is loaded; import GPCI{day.year}.csv")
        raise FeeError(f"no Medicare locality {carrier}-{number} in {release}")
    return Locality(carrier, number, row["name"], row["state"], Decimal(row["work"]),
                    Decimal(row["pe"]), Decimal(row["mp"]), release, row["source_line"])


def locality_for_zip(conn: sqlite3.Connection, zip_code: str, day: date) -> tuple[str, bool]:
    """(CARRIER-LOCALITY, split by ZIP+4) of the newest ZIP5 release in effect on the date."""
    code = zip_code.strip()[:5]
    if not (len(code) == 5 and code.isdigit()):
        raise FeeError(f"'{zip_code}' is not a ZIP code (five digits)")
    if not conn.execute("SELECT 1 FROM zip_locality LIMIT 1").fetchone():
        raise FeeError("no ZIP5 file is loaded: import CMS's ZIP5_*.txt with "
                       "'python main.py import-cms', or give the locality instead")
    found = zip_locality_key(conn, code, day)
    if found is None:
        raise FeeError(f"ZIP {code} is not in the loaded ZIP5 file")
    return found


def _zip_locality_key(conn: sqlite3.Connection, code: str, day: date) -> tuple[str, bool] | None:
    """(CARRIER-LOCALITY, split by ZIP+4) from the newest ZIP5 release in effect on the date
    (or the newest at all), None when the ZIP is not in any."""
    row = conn.execute(
        "SELECT z.carrier, z.locality, z.plus_four FROM zip_locality z "
        "JOIN sources s ON s.source = 'zip5' AND s.release = z.release "
        "WHERE z.zip = ? ORDER BY (s.effective_date <= ?) DESC, s.effective_date DESC LIMIT 1",
        (code, day.isoformat())).fetchone()
    return None if row is None else (f"{row[0]}-{row[1]}", bool(row[2]))


def _conversion_factor(conn: sqlite3.Connection, day: date, qualifying_apm: bool,
                      anesthesia: bool = False) -> tuple[Decimal, str] | None:
    kinds = ["anesthesia"] if anesthesia else (
        ["qualifying_apm", "standard"] if qualifying_apm else ["standard"])
    for kind in kinds:
        row = conn.execute(
            "SELECT conversion_factor, note FROM conversion_factors WHERE kind = ? "
            "AND effective_from <= ? AND effective_to >= ?",
            (kind, day.isoformat(), day.isoformat())).fetchone()
        if row:
            return Decimal(row[0]), row[1]
    return None


def _pos_setting(conn: sqlite3.Connection, pos: str) -> tuple[bool, str]:
    code = pos.strip().zfill(2)
    row = conn.execute("SELECT name, setting FROM place_of_service WHERE code = ?",
                       (code,)).fetchone()
    if row is None:
        raise FeeError(f"'{pos}' is not a place-of-service code")
    return row["setting"] == "facility", f"POS {code} {row['name']}: {row['setting']} rate"


def _known_modifiers(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT code FROM modifiers")}


# Remembered per read-only reference connection (core.db.memoized): pricing a worklist asks
# the same few questions tens of thousands of times.

def pfs_release_for(conn: sqlite3.Connection, day: date) -> PfsRelease:
    return memoized(conn, ("pfs_release", day), lambda: _pfs_release_for(conn, day))


def rvu_row(conn: sqlite3.Connection, release: str, code: str, modifier: str) -> RvuRow | None:
    return memoized(conn, ("rvu_row", release, code, modifier),
                    lambda: _rvu_row(conn, release, code, modifier))


def locality(conn: sqlite3.Connection, key: str, day: date) -> Locality:
    return memoized(conn, ("locality", key, day.year), lambda: _locality(conn, key, day))


def zip_locality_key(conn: sqlite3.Connection, code: str, day: date) -> tuple[str, bool] | None:
    return memoized(conn, ("zip", code, day), lambda: _zip_locality_key(conn, code, day))


def pos_setting(conn: sqlite3.Connection, pos: str) -> tuple[bool, str]:
    return memoized(conn, ("pos", pos), lambda: _pos_setting(conn, pos))


def known_modifiers(conn: sqlite3.Connection) -> set[str]:
    return memoized(conn, ("modifiers",), lambda: _known_modifiers(conn))


def conversion_factor(conn: sqlite3.Connection, day: date, qualifying_apm: bool,
                      anesthesia: bool = False) -> tuple[Decimal, str] | None:
    return memoized(conn, ("cf", day, qualifying_apm, anesthesia),
                    lambda: _conversion_factor(conn, day, qualifying_apm, anesthesia))
