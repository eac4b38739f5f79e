"""What every rule gets: the reference connection, the day the check is made, the whole
worklist (NCCI, MUE, add-ons and duplicates compare claims with each other) and each line's
expected Medicare allowed amount (the money at stake in a finding), and the practice's denial
history when the caller has one. Lines are indexed by
patient, rendering provider and day once, so a large worklist is not compared pair by pair."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.claims.model import Claim, ServiceLine
from core.refdata.codes import modifier_codes, places_of_service
from core.refdata.releases import Applied, release_for
from core.remit.history import DenialHistory

DayKey = tuple[str, str, date]   # patient id, rendering NPI, date of service


@dataclass
class ScrubContext:
    conn: sqlite3.Connection
    as_of: date
    claims: tuple[Claim, ...]
    # id(claim) -> line number -> allowed amount (None: not priced); filled by the engine
    line_amounts: dict[int, dict[int, Decimal | None]] = field(default_factory=dict)
    # this practice's denial patterns (core.remit.history), handed in by the caller
    denial_history: DenialHistory | None = None
    _by_day: dict[DayKey, list[tuple[Claim, ServiceLine]]] | None = field(default=None,
                                                                          repr=False)

    def modifiers(self) -> frozenset[str]:
        return modifier_codes(self.conn)

    def places_of_service(self) -> frozenset[str]:
        return frozenset(places_of_service(self.conn))

    def amount(self, claim: Claim, line: ServiceLine) -> Decimal | None:
        return self.line_amounts.get(id(claim), {}).get(line.number)

    def release(self, source: str, day: date) -> Applied | None:
        """The release of `source` to check `day` against (core.refdata.releases policy)."""
        return release_for(self.conn, source, day)

    def lines_on(self, patient_id: str, npi: str, day: date) -> list[tuple[Claim, ServiceLine]]:
        """Every line of the worklist for this patient, rendering provider and day."""
        if self._by_day is None:
            self._by_day = defaultdict(list)
            for claim in self.claims:
                for line in claim.lines:
                    self._by_day[day_key(claim, line)].append((claim, line))
        return self._by_day.get((patient_id, npi, day), [])

    def same_day_lines(self, claim: Claim, line: ServiceLine) -> list[tuple[Claim, ServiceLine]]:
        """Every other line of the worklist for the same patient, rendering provider and date
        of service (this claim's and other claims'), in worklist order."""
        return [(other, other_line) for other, other_line in self.lines_on(*day_key(claim, line))
                if other is not claim or other_line is not line]


def day_key(claim: Claim, line: ServiceLine) -> DayKey:
    return (claim.patient.id, claim.line_rendering_npi(line), line.dos)
