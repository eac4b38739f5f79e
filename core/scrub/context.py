"""What every rule gets: the reference connection, the day the check is made, the whole
worklist (NCCI, MUE, add-ons and duplicates compare claims with each other) and each line's
expected Medicare allowed amount (the money at stake in a finding). Lines are indexed by
patient, rendering provider and day once, so a large worklist is not compared pair by pair."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.claims.model import Claim, ServiceLine

from . import reference as ref

DayKey = tuple[str, str, date]   # patient id, rendering NPI, date of service


@dataclass
class ScrubContext:
    conn: sqlite3.Connection
    as_of: date
    claims: tuple[Claim, ...]
    # id(claim) -> line number -> allowed amount (None: not priced); filled by the engine
    line_amounts: dict[int, dict[int, Decimal | None]] = field(default_factory=dict)
    _by_day: dict[DayKey, list[tuple[Claim, ServiceLine]]] | None = field(default=None,
                                                                          repr=False)
    _releases: dict[tuple[str, date], ref.Release | None] = field(default_factory=dict,
                                                                   repr=False)

    _codes: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def modifiers(self) -> frozenset[str]:
        if "modifiers" not in self._codes:
            self._codes["modifiers"] = ref.modifier_codes(self.conn)
        return self._codes["modifiers"]

    def places_of_service(self) -> frozenset[str]:
        if "pos" not in self._codes:
            self._codes["pos"] = ref.place_of_service_codes(self.conn)
        return self._codes["pos"]

    def amount(self, claim: Claim, line: ServiceLine) -> Decimal | None:
        return self.line_amounts.get(id(claim), {}).get(line.number)

    def release(self, source: str, day: date) -> ref.Release | None:
        """The release of `source` in effect on `day` (cached for the run)."""
        key = (source, day)
        if key not in self._releases:
            self._releases[key] = ref.release_covering(self.conn, source, day)
        return self._releases[key]

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
