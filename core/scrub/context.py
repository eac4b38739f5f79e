"""What every rule gets: the reference connection, the day the check is made, the whole
worklist (NCCI, MUE and duplicates compare claims with each other) and each line's expected
Medicare allowed amount (the money at stake in a finding)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .model import Claim, ServiceLine


@dataclass
class ScrubContext:
    conn: sqlite3.Connection
    as_of: date
    claims: tuple[Claim, ...]
    # id(claim) -> line number -> allowed amount (None: not priced); filled by the engine
    line_amounts: dict[int, dict[int, Decimal | None]] = field(default_factory=dict)

    def amount(self, claim: Claim, line: ServiceLine) -> Decimal | None:
        return self.line_amounts.get(id(claim), {}).get(line.number)

    def same_day_lines(self, claim: Claim, line: ServiceLine) -> list[tuple[Claim, ServiceLine]]:
        """Every other line of the worklist for the same patient, rendering provider and date
        of service (this claim's and other claims'), in worklist order."""
        key = _day_key(claim, line)
        return [(other, other_line) for other in self.claims for other_line in other.lines
                if (other is not claim or other_line is not line)
                and _day_key(other, other_line) == key]


def _day_key(claim: Claim, line: ServiceLine) -> tuple[str, str, date]:
    return (claim.patient.id, claim.line_rendering_npi(line), line.dos)
