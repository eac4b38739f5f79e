"""Medicare payment localities: GPCIs by carrier + locality (GPCI file), their counties (LOCCO)
and ZIP codes (ZIP5), for the year of the date of service."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..db import memoized
from . import DataNotLoaded
from .releases import Applied, release_for, required_release


@dataclass(frozen=True)
class Locality:
    carrier: str
    locality: str
    name: str
    state: str
    work: Decimal
    pe: Decimal
    mp: Decimal
    release: str  # GPCI2026, or "national"
    source_line: int | None
    note: str = ""  # set when the GPCI release does not cover the date (releases.py)

    @property
    def key(self) -> str:
        return f"{self.carrier}-{self.locality}" if self.carrier else "national"


NATIONAL = Locality(
    "",
    "",
    "National (GPCI 1.000)",
    "",
    Decimal("1.000"),
    Decimal("1.000"),
    Decimal("1.000"),
    "national",
    None,
)


@dataclass(frozen=True)
class LocalityRow:
    key: str  # "13202-01"
    state: str  # "NY"
    name: str  # "MANHATTAN"
    state_name: str  # "NEW YORK" as LOCCO prints it ('' when no LOCCO release applies)
    counties: str


@dataclass(frozen=True)
class ZipLocality:
    key: str  # CARRIER-LOCALITY
    split: bool  # the ZIP is split between localities by ZIP+4
    applied: Applied  # the ZIP5 release used


def gpci_release(conn: sqlite3.Connection, day: date) -> Applied:
    return required_release(
        conn, "gpci", day, f"import GPCI{day.year}.csv (in CMS's RVU zip) or price nationally"
    )


def locality(conn: sqlite3.Connection, carrier: str, number: str, day: date) -> Locality:
    """The GPCIs of a carrier + locality for the date of service."""
    return memoized(
        conn, ("locality", carrier, number, day), lambda: _locality(conn, carrier, number, day)
    )


def _locality(conn: sqlite3.Connection, carrier: str, number: str, day: date) -> Locality:
    applied = gpci_release(conn, day)
    row = conn.execute(
        "SELECT name, state, work, pe, mp, source_line FROM gpci WHERE "
        "release = ? AND carrier = ? AND locality = ?",
        (applied.name, carrier, number),
    ).fetchone()
    if row is None:
        raise DataNotLoaded(f"no Medicare locality {carrier}-{number} in {applied.name}")
    return Locality(
        carrier,
        number,
        row[0],
        row[1],
        Decimal(row[2]),
        Decimal(row[3]),
        Decimal(row[4]),
        applied.name,
        row[5],
        applied.note,
    )


def locality_rows(conn: sqlite3.Connection, day: date) -> list[LocalityRow]:
    """Every locality of the GPCI release for `day`, with its LOCCO counties where loaded."""
    return memoized(conn, ("locality_rows", day), lambda: _locality_rows(conn, day))


def _locality_rows(conn: sqlite3.Connection, day: date) -> list[LocalityRow]:
    gpci = release_for(conn, "gpci", day)
    if gpci is None:
        return []
    locco = release_for(conn, "locality", day)
    rows = conn.execute(
        "SELECT g.carrier, g.locality, g.state, g.name, coalesce(l.state, ''), "
        "coalesce(l.counties, '') FROM gpci g LEFT JOIN localities l ON l.release = ? "
        "AND l.carrier = g.carrier AND l.locality = g.locality WHERE g.release = ? "
        "ORDER BY g.state, g.name",
        (locco.name if locco else "", gpci.name),
    )
    return [LocalityRow(f"{r[0]}-{r[1]}", r[2], r[3], r[4], r[5]) for r in rows]


def zip_locality(conn: sqlite3.Connection, zip_code: str, day: date) -> ZipLocality | None:
    """The locality of a 5-digit ZIP in the ZIP5 release for `day`; None when the ZIP is not in
    it or no ZIP5 release is loaded (`zip_file_loaded` tells which)."""
    return memoized(conn, ("zip", zip_code, day), lambda: _zip_locality(conn, zip_code, day))


def _zip_locality(conn: sqlite3.Connection, zip_code: str, day: date) -> ZipLocality | None:
    applied = release_for(conn, "zip5", day)
    if applied is None:
        return None
    row = conn.execute(
        "SELECT carrier, locality, plus_four FROM zip_locality WHERE release = ? AND zip = ?",
        (applied.name, zip_code),
    ).fetchone()
    return None if row is None else ZipLocality(f"{row[0]}-{row[1]}", bool(row[2]), applied)


def zip_file_loaded(conn: sqlite3.Connection) -> bool:
    return memoized(
        conn,
        ("zip_loaded",),
        lambda: conn.execute("SELECT 1 FROM zip_locality LIMIT 1").fetchone() is not None,
    )


def all_locality_keys(conn: sqlite3.Connection, day: date) -> list[str]:
    applied = gpci_release(conn, day)
    return [
        f"{r[0]}-{r[1]}"
        for r in conn.execute(
            "SELECT carrier, locality FROM gpci WHERE release = ? ORDER BY carrier, locality",
            (applied.name,),
        )
    ]
