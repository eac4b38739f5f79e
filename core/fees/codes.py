"""What the fee calculator offers to pick from: procedure codes by prefix, modifiers, places of
service, and the date of service to start from."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from . import reference as ref
from .model import FeeError


@dataclass(frozen=True)
class CodeChoice:
    code: str
    description: str      # our plain-language description; '' for codes we do not describe

    @property
    def label(self) -> str:
        return f"{self.code}  {self.description}" if self.description else self.code


@dataclass(frozen=True)
class ModifierChoice:
    code: str
    description: str
    affects_payment: bool


@dataclass(frozen=True)
class PlaceOfService:
    code: str
    name: str
    facility: bool

    @property
    def label(self) -> str:
        setting = "facility" if self.facility else "non-facility"
        return f"POS {self.code} {self.name} ({setting})"


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def code_completions(conn: sqlite3.Connection, prefix: str, limit: int = 50) -> list[CodeChoice]:
    """Procedure codes starting with `prefix` (case-insensitive) that are in a loaded fee
    schedule or among the codes we describe, in code order."""
    text = prefix.strip().upper()
    if not text:
        return []
    low, high = text, _upper_bound(text)
    rows = conn.execute(
        "SELECT c.code, coalesce(p.description, '') AS description FROM ("
        "  SELECT DISTINCT hcpcs AS code FROM pfs_rvu WHERE hcpcs >= ? AND hcpcs < ?"
        "  UNION SELECT code FROM procedure_codes WHERE code >= ? AND code < ?"
        ") c LEFT JOIN procedure_codes p ON p.code = c.code ORDER BY c.code LIMIT ?",
        (low, high, low, high, limit)).fetchall()
    return [CodeChoice(r["code"], r["description"]) for r in rows]


def modifier_choices(conn: sqlite3.Connection) -> list[ModifierChoice]:
    """Every modifier we know; those that change payment first."""
    rows = conn.execute("SELECT code, description, affects_payment FROM modifiers "
                        "ORDER BY affects_payment DESC, code").fetchall()
    return [ModifierChoice(r["code"], r["description"], bool(r["affects_payment"]))
            for r in rows]


def places_of_service(conn: sqlite3.Connection) -> list[PlaceOfService]:
    rows = conn.execute("SELECT code, name, setting FROM place_of_service ORDER BY code")
    return [PlaceOfService(r["code"], r["name"], r["setting"] == "facility") for r in rows]


def default_service_date(conn: sqlite3.Connection, today: date) -> date:
    """`today` when a loaded PFS release covers it, else the newest release's effective date
    (so the calculator opens on a date it can price)."""
    try:
        ref.pfs_release_for(conn, today)
        return today
    except FeeError:
        pass
    row = conn.execute("SELECT max(effective_date) FROM sources WHERE source = 'pfs'").fetchone()
    return date.fromisoformat(row[0]) if row and row[0] else today
