"""Payer profiles: a payer the user pays attention to, defined as a percentage of Medicare, with
its type (Medicare, Medicare Advantage, Medicaid, commercial: the scrubber runs Medicare-only
rules on Medicare claims only) and its timely filing limit in days (other payers' limits come
from here; none by default). The user enters them; the app ships no payer rates. Stored in the
workspace database."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..db import transaction


class PayerError(Exception):
    """A profile name or percentage the user must correct."""


MEDICARE = "medicare"
MEDICARE_ADVANTAGE = "medicare_advantage"
MEDICAID = "medicaid"
COMMERCIAL = "commercial"
PAYER_TYPES = {
    MEDICARE: "Medicare",
    MEDICARE_ADVANTAGE: "Medicare Advantage",
    MEDICAID: "Medicaid",
    COMMERCIAL: "commercial",
}
_COLUMNS = "name, percent, payer_type, timely_filing_days"


@dataclass(frozen=True)
class PayerProfile:
    name: str
    percent: Decimal
    payer_type: str | None = None  # a PAYER_TYPES key; None: not said
    timely_filing_days: int | None = None  # None: no limit known

    @classmethod
    def from_row(cls, row: tuple) -> PayerProfile:
        return cls(row[0], Decimal(row[1]), row[2], row[3])

    def describe(self) -> str:
        kind = (
            f", {PAYER_TYPES.get(self.payer_type or '', self.payer_type)}"
            if self.payer_type
            else ""
        )
        limit = (
            f", files within {self.timely_filing_days} days"
            if self.timely_filing_days is not None
            else ""
        )
        return f"{self.name}: {self.percent}% of Medicare{kind}{limit}"


def parse_payer_type(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in PAYER_TYPES:
        raise PayerError(f"'{text}' is not a payer type: use one of {', '.join(PAYER_TYPES)}")
    return key


def parse_filing_days(value: int | str | None) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        days = int(str(value).strip())
    except ValueError:
        raise PayerError(f"'{value}' is not a number of days (e.g. 90)") from None
    if not 1 <= days <= 3650:
        raise PayerError(f"a timely filing limit of {days} days is not sensible: use 1 to 3650")
    return days


def parse_percent(text: str) -> Decimal:
    try:
        value = Decimal(str(text).strip().rstrip("%"))
    except InvalidOperation:
        raise PayerError(f"'{text}' is not a percentage (e.g. 115 for 115% of Medicare)") from None
    if not value.is_finite() or not Decimal(0) < value <= Decimal(1000):
        raise PayerError(
            f"{text}% is not a sensible percentage of Medicare: use above 0 and at most 1000"
        )
    return value


def list_payers(conn: sqlite3.Connection) -> list[PayerProfile]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM payer_profiles ORDER BY name")
    return [PayerProfile.from_row(row) for row in rows]


def find_payer(conn: sqlite3.Connection, name: str) -> PayerProfile:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM payer_profiles WHERE name = ?", (name.strip(),)
    ).fetchone()
    if row is None:
        known = ", ".join(p.name for p in list_payers(conn)) or "none saved yet"
        raise PayerError(f"no payer profile named '{name}' (saved: {known})")
    return PayerProfile.from_row(row)


def save_payer(
    conn: sqlite3.Connection,
    name: str,
    percent: Decimal | str,
    payer_type: str | None = None,
    timely_filing_days: int | str | None = None,
) -> PayerProfile:
    """Save or update a profile; a type or filing limit not given keeps the saved one."""
    clean = " ".join(name.split())
    if not clean:
        raise PayerError("a payer profile needs a name")
    if len(clean) > 80:
        raise PayerError("a payer profile name is at most 80 characters")
    value = parse_percent(str(percent))
    kind, days = parse_payer_type(payer_type), parse_filing_days(timely_filing_days)
    with transaction(conn):
        conn.execute(
            "INSERT INTO payer_profiles (name, percent, payer_type, timely_filing_days) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            "percent = excluded.percent, "
            "payer_type = COALESCE(excluded.payer_type, payer_type), "
            "timely_filing_days = COALESCE(excluded.timely_filing_days, "
            "timely_filing_days)",
            (clean, str(value), kind, days),
        )
    return find_payer(conn, clean)


def delete_payer(conn: sqlite3.Connection, name: str) -> None:
    with transaction(conn):
        deleted = conn.execute(
            "DELETE FROM payer_profiles WHERE name = ?", (name.strip(),)
        ).rowcount
    if not deleted:
        raise PayerError(f"no payer profile named '{name}'")
