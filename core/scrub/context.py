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
from core.workspace.payers import PayerProfile

from .payer import ClaimPayer, claim_payer

DayKey = tuple[str, str, date]   # patient id, rendering NPI, date of service


@dataclass
class ScrubContext:
    conn: sqlite3.Connection
    as_of: date
    claims: tuple[Claim, ...]
    # payer profiles by folded name (core.scrub.payer.profiles_by_name), given by the caller
    payer_profiles: dict[str, PayerProfile] = field(default_factory=dict)
    # id(claim) -> line number -> allowed amount (None: not priced); filled by the engine
    line_amounts: dict[int, dict[int, Decimal | None]] = field(default_factory=dict)
    # id(claim) -> the ZIP its lines were priced in (None: national); (id(claim), line number)
    # -> what the line pays per unit with 26 in its facility setting. Both filled by the engine.
    # What is kept for a whole worklist is kept flat and small: every garbage collection walks
    # the objects a scrub keeps alive, so a priced line per line would cost more than the rules.
    priced_zip: dict[int, str | None] = field(default_factory=dict)
    professional: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    # indexes the rules build once per worklist, by name
    indexes: dict[str, object] = field(default_factory=dict, repr=False)
    _payers: dict[tuple[str, str], ClaimPayer] = field(default_factory=dict, repr=False)
    # this practice's denial patterns (core.remit.history), handed in by the caller
    denial_history: DenialHistory | None = None
    _by_day: dict[DayKey, list[tuple[Claim, ServiceLine]]] | None = field(default=None,
                                                                          repr=False)
    _day_codes: dict[DayKey, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _code_positions: dict[tuple[str, str, date, str], tuple[int, ...]] = field(
        default_factory=dict, repr=False)

    def modifiers(self) -> frozenset[str]:
        return modifier_codes(self.conn)

    def places_of_service(self) -> frozenset[str]:
        return frozenset(places_of_service(self.conn))

    def amount(self, claim: Claim, line: ServiceLine) -> Decimal | None:
        return self.line_amounts.get(id(claim), {}).get(line.number)

    def payer(self, claim: Claim) -> ClaimPayer:
        """The kind of payer of the claim and how it is known (core.scrub.payer)."""
        key = (claim.payer, claim.filing_indicator)
        found = self._payers.get(key)
        if found is None:
            found = self._payers[key] = claim_payer(claim, self.payer_profiles)
        return found

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

    def codes_on(self, key: DayKey) -> tuple[str, ...]:
        """The distinct codes of the day (patient, provider, date), in worklist order."""
        self._group(key)
        return self._day_codes[key]

    def lines_of(self, key: DayKey, code: str) -> list[tuple[Claim, ServiceLine]]:
        """The lines of the day with `code`, in worklist order."""
        self._group(key)
        day = self.lines_on(*key)
        return [day[i] for i in self._code_positions.get((*key, code), ())]

    def _group(self, key: DayKey) -> None:
        if key in self._day_codes:
            return
        groups: dict[str, list[int]] = {}
        for position, (_, line) in enumerate(self.lines_on(*key)):
            groups.setdefault(line.code, []).append(position)
        self._day_codes[key] = tuple(groups)
        for code, positions in groups.items():
            self._code_positions[(*key, code)] = tuple(positions)

    def same_day_lines(self, claim: Claim, line: ServiceLine) -> list[tuple[Claim, ServiceLine]]:
        """Every other line of the worklist for the same patient, rendering provider and date
        of service (this claim's and other claims'), in worklist order."""
        return [(other, other_line) for other, other_line in self.lines_on(*day_key(claim, line))
                if other is not claim or other_line is not line]


def day_key(claim: Claim, line: ServiceLine) -> DayKey:
    return (claim.patient.id, claim.line_rendering_npi(line), line.dos)
