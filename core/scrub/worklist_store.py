"""The scrub tab's worklist kept in the user's workspace database, so it is there after a
restart. Each claim is one JSON row (Claim.to_dict) in worklist order; saving replaces the
whole worklist in one transaction, so a failed save leaves the previous one intact."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.db import transaction
from core.workspace import open_workspace

from .model import UNITS, Claim, Diagnosis, Patient, ServiceLine, Source

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scrub_worklist (
    position    INTEGER PRIMARY KEY,  -- 0-based order in the worklist
    claim_json  TEXT NOT NULL         -- Claim.to_dict() as JSON
);
"""


def _open(path: Path | None) -> sqlite3.Connection:
    conn = open_workspace(path)
    conn.executescript(_SCHEMA)
    return conn


def save_worklist(claims: tuple[Claim, ...] | list[Claim], path: Path | None = None) -> None:
    """Replace the saved worklist with `claims` (an empty list clears it)."""
    rows = [(i, json.dumps(claim.to_dict())) for i, claim in enumerate(claims)]
    conn = _open(path)
    try:
        with transaction(conn):
            conn.execute("DELETE FROM scrub_worklist")
            conn.executemany("INSERT INTO scrub_worklist (position, claim_json) VALUES (?, ?)",
                             rows)
    finally:
        conn.close()


def load_saved_worklist(path: Path | None = None) -> tuple[Claim, ...]:
    """The saved worklist in its order; rows that cannot be read back are skipped."""
    conn = _open(path)
    try:
        rows = conn.execute("SELECT claim_json FROM scrub_worklist ORDER BY position").fetchall()
    finally:
        conn.close()
    claims: list[Claim] = []
    for (text,) in rows:
        try:
            claims.append(claim_from_dict(json.loads(text)))
        except (ValueError, KeyError, TypeError):
            continue
    return tuple(claims)


def claim_from_dict(data: dict[str, Any]) -> Claim:
    """The inverse of Claim.to_dict."""
    patient = data["patient"]
    return Claim(
        claim_id=data["claim_id"], payer=data["payer"],
        patient=Patient(patient["id"], _date(patient["dob"]), patient["sex"],
                        patient.get("name", "")),
        billing_npi=data["billing_npi"], rendering_npi=data["rendering_npi"], pos=data["pos"],
        service_zip=data["service_zip"],
        diagnoses=tuple(Diagnosis(d["position"], d["code"], d["code_set"])
                        for d in data["diagnoses"]),
        lines=tuple(_line(line) for line in data["lines"]),
        source=_source(data["source"]), payer_id=data.get("payer_id", ""),
        filing_indicator=data.get("filing_indicator", ""),
        total_charge=_decimal(data.get("total_charge")),
        incomplete=bool(data.get("incomplete", False)))


def _line(data: dict[str, Any]) -> ServiceLine:
    dos = _date(data["dos"])
    if dos is None:
        raise ValueError("a service line without a date")
    return ServiceLine(
        number=data["number"], dos=dos, code=data["code"], modifiers=tuple(data["modifiers"]),
        units=_decimal(data["units"]), charge=_decimal(data["charge"]),
        pointers=tuple(data["pointers"]), source=_source(data["source"]),
        pos=data.get("pos", ""), rendering_npi=data.get("rendering_npi", ""),
        dos_end=_date(data.get("dos_end")), unit_basis=data.get("unit_basis", UNITS))


def _source(data: dict[str, Any]) -> Source:
    return Source(data["file"], data.get("sheet"), data.get("row"), data.get("kind", "row"))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
