"""What the fee calculator offers to pick from: procedure codes by prefix, modifiers, places of
service, and the date of service to start from."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ..refdata.codes import Modifier, PlaceOfService, modifiers, procedure_codes_starting
from ..refdata.codes import places_of_service as refdata_places
from ..refdata.releases import release_for, releases


@dataclass(frozen=True)
class CodeChoice:
    code: str
    description: str  # our plain-language description; '' for codes we do not describe

    @property
    def label(self) -> str:
        return f"{self.code}  {self.description}" if self.description else self.code


def code_completions(conn: sqlite3.Connection, prefix: str, limit: int = 50) -> list[CodeChoice]:
    """Procedure codes starting with `prefix` (case-insensitive) that are in a loaded fee
    schedule or among the codes we describe, in code order."""
    text = prefix.strip().upper()
    if not text:
        return []
    return [
        CodeChoice(code, description)
        for code, description in procedure_codes_starting(conn, text, limit)
    ]


def modifier_choices(conn: sqlite3.Connection) -> list[Modifier]:
    """Every modifier we know; those that change payment first."""
    return sorted(modifiers(conn).values(), key=lambda m: (not m.affects_payment, m.code))


def places_of_service(conn: sqlite3.Connection) -> list[PlaceOfService]:
    return list(refdata_places(conn).values())


def default_service_date(conn: sqlite3.Connection, today: date) -> date:
    """`today` when a loaded PFS release may price it, else the newest release's effective date
    (so the calculator opens on a date it can price)."""
    if release_for(conn, "pfs", today) is not None:
        return today
    loaded = releases(conn, "pfs")
    return date.fromisoformat(loaded[-1].effective_date) if loaded else today
