"""Our own code tables (modifiers, places of service, procedure descriptions) and procedure codes
by prefix. These do not change between releases, so answers are remembered per connection."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..db import memoized


@dataclass(frozen=True)
class Modifier:
    code: str
    category: str
    affects_payment: bool
    description: str
    payment_effect: str


@dataclass(frozen=True)
class PlaceOfService:
    code: str
    name: str
    setting: str  # facility | non-facility
    telehealth: bool
    description: str

    @property
    def facility(self) -> bool:
        return self.setting == "facility"

    @property
    def label(self) -> str:
        return f"POS {self.code} {self.name} ({self.setting})"


@dataclass(frozen=True)
class ProcedureDescription:
    code: str
    code_type: str  # cpt | hcpcs
    category: str
    description: str  # our plain-language text (never AMA's)


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for range scans:
    code >= prefix AND code < bound)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def modifiers(conn: sqlite3.Connection) -> dict[str, Modifier]:
    return memoized(
        conn,
        ("modifiers",),
        lambda: {
            r[0]: Modifier(r[0], r[1], bool(r[2]), r[3], r[4])
            for r in conn.execute(
                "SELECT code, category, affects_payment, description, payment_effect "
                "FROM modifiers ORDER BY code"
            )
        },
    )


def modifier_codes(conn: sqlite3.Connection) -> frozenset[str]:
    return frozenset(modifiers(conn))


def places_of_service(conn: sqlite3.Connection) -> dict[str, PlaceOfService]:
    return memoized(
        conn,
        ("places_of_service",),
        lambda: {
            r[0]: PlaceOfService(r[0], r[1], r[2], bool(r[3]), r[4])
            for r in conn.execute(
                "SELECT code, name, setting, telehealth, description FROM place_of_service "
                "ORDER BY code"
            )
        },
    )


def procedure_description(conn: sqlite3.Connection, code: str) -> ProcedureDescription | None:
    row = conn.execute(
        "SELECT code, code_type, category, description FROM procedure_codes WHERE code = ?", (code,)
    ).fetchone()
    return None if row is None else ProcedureDescription(*row)


def procedure_codes_starting(
    conn: sqlite3.Connection, prefix: str, limit: int
) -> list[tuple[str, str]]:
    """(code, our description or '') of procedure codes starting with `prefix` that are in a
    loaded fee schedule or among the codes we describe, in code order."""
    low, high = prefix, prefix_upper_bound(prefix)
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT c.code, coalesce(p.description, '') FROM ("
            "  SELECT DISTINCT hcpcs AS code FROM pfs_rvu WHERE hcpcs >= ? AND hcpcs < ?"
            "  UNION SELECT code FROM procedure_codes WHERE code >= ? AND code < ?"
            ") c LEFT JOIN procedure_codes p ON p.code = c.code ORDER BY c.code LIMIT ?",
            (low, high, low, high, limit),
        )
    ]
