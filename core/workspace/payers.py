"""Payer profiles: a payer the user pays attention to, defined as a percentage of Medicare.
The user enters them; the app ships no payer rates. Stored in the workspace database."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..db import transaction


class PayerError(Exception):
    """A profile name or percentage the user must correct."""


@dataclass(frozen=True)
class PayerProfile:
    name: str
    percent: Decimal


def parse_percent(text: str) -> Decimal:
    try:
        value = Decimal(str(text).strip().rstrip("%"))
    except InvalidOperation:
        raise PayerError(f"'{text}' is not a percentage (e.g. 115 for 115% of Medicare)") from None
    if not value.is_finite() or not Decimal(0) < value <= Decimal(1000):
        raise PayerError(f"{text}% is not a sensible percentage of Medicare: use above 0 and at "
                         "most 1000")
    return value


def list_payers(conn: sqlite3.Connection) -> list[PayerProfile]:
    rows = conn.execute("SELECT name, percent FROM payer_profiles ORDER BY name")
    return [PayerProfile(name, Decimal(percent)) for name, percent in rows]


def find_payer(conn: sqlite3.Connection, name: str) -> PayerProfile:
    row = conn.execute("SELECT name, percent FROM payer_profiles WHERE name = ?",
                       (name.strip(),)).fetchone()
    if row is None:
        known = ", ".join(p.name for p in list_payers(conn)) or "none saved yet"
        raise PayerError(f"no payer profile named '{name}' (saved: {known})")
    return PayerProfile(row[0], Decimal(row[1]))


def save_payer(conn: sqlite3.Connection, name: str, percent: Decimal | str) -> PayerProfile:
    clean = " ".join(name.split())
    if not clean:
        raise PayerError("a payer profile needs a name")
    if len(clean) > 80:
        raise PayerError("a payer profile name is at most 80 characters")
    value = parse_percent(str(percent))
    with transaction(conn):
        conn.execute("INSERT INTO payer_profiles (name, percent) VALUES (?, ?) "
                     "ON CONFLICT (name) DO UPDATE SET percent = excluded.percent",
                     (clean, str(value)))
    return PayerProfile(clean, value)


def delete_payer(conn: sqlite3.Connection, name: str) -> None:
    with transaction(conn):
        deleted = conn.execute("DELETE FROM payer_profiles WHERE name = ?",
                               (name.strip(),)).rowcount
    if not deleted:
        raise PayerError(f"no payer profile named '{name}'")
