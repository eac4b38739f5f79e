"""The reference data pricing needs, read through core.refdata (one release policy), with a
missing release turned into a FeeError that says what to import."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from ..refdata import DataNotLoaded, pfs
from ..refdata import localities as loc_data
from ..refdata.codes import places_of_service
from ..refdata.localities import NATIONAL, Locality, ZipLocality
from ..refdata.releases import Applied
from .model import FeeError

T = TypeVar("T")
_LOCALITY_RE = re.compile(r"^\s*(\d{4,5})\s*[-/ ]?\s*(\d{1,2})\s*$")

__all__ = [
    "NATIONAL",
    "Locality",
    "locality",
    "parse_locality",
    "pfs_release",
    "pos_setting",
    "zip_locality",
]


def needs(question: Callable[..., T], *args: object) -> T:
    try:
        return question(*args)
    except DataNotLoaded as exc:
        raise FeeError(str(exc)) from None


def pfs_release(conn: sqlite3.Connection, day: date) -> Applied:
    return needs(pfs.pfs_release, conn, day)


def parse_locality(text: str) -> tuple[str, str]:
    match = _LOCALITY_RE.match(text)
    if not match:
        raise FeeError(
            f"'{text}' is not a locality: write CARRIER-LOCALITY, e.g. 13202-01, or a "
            "ZIP code (the fee tab's locality box and 'fee --zip' find them)"
        )
    return match.group(1).zfill(5), match.group(2).zfill(2)


def locality(conn: sqlite3.Connection, key: str, day: date) -> Locality:
    if key.strip().lower() == "national":
        return NATIONAL
    carrier, number = parse_locality(key)
    return needs(loc_data.locality, conn, carrier, number, day)


def zip_locality(conn: sqlite3.Connection, zip_code: str, day: date) -> ZipLocality:
    code = zip_code.strip()[:5]
    if not (len(code) == 5 and code.isdigit()):
        raise FeeError(f"'{zip_code}' is not a ZIP code (five digits)")
    if not loc_data.zip_file_loaded(conn):
        raise FeeError(
            "no ZIP5 file is loaded: import CMS's ZIP5 file (File > Import CMS "
            "release, or 'import-cms'), or give the locality instead"
        )
    found = loc_data.zip_locality(conn, code, day)
    if found is None:
        raise FeeError(
            f"ZIP {code} is not in the loaded ZIP5 file (the release for {day.isoformat()})"
        )
    return found


def pos_setting(conn: sqlite3.Connection, pos: str) -> tuple[bool, str]:
    code = pos.strip().zfill(2)
    place = places_of_service(conn).get(code)
    if place is None:
        raise FeeError(f"'{pos}' is not a place-of-service code")
    return place.facility, f"POS {code} {place.name}: {place.setting} rate"
