"""What the cross-claim rules need to know about the rest of the worklist, and nothing more.

NCCI pairs, MUE day totals, duplicate lines, status T bundling and the global surgery window
compare a claim's lines with the other lines of the same patient and rendering provider (on the
same day, or within 90 days for global surgery). The worklist is read once to build this index:
each service line becomes a LineRef (claim position and id, line number, code, modifiers, units,
date), filed under its (patient, rendering NPI, date of service). The claims themselves are not
kept: the scrub reads them a second time, one at a time, and checks each against the index.

Codes, modifiers, units, dates and NPIs repeat across millions of lines: each distinct value is
stored once and shared, so a line costs its LineRef (a slotted object) and a slot in its day's
list, and a claim its id and a key per day (bench/bench_scrub_memory.py prints what a claim
costs)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from core.claims.model import UNITS, Claim, ServiceLine

DayKey = tuple[str, str, date]   # patient id, rendering NPI, date of service


class LineRef:
    """A service line of the worklist as the cross-claim rules see it."""

    __slots__ = ("claim_id", "code", "dos", "modifiers", "number", "ordinal", "unit_basis",
                 "units")

    def __init__(self, ordinal: int, claim_id: str, line: ServiceLine, code: str,
                 modifiers: tuple[str, ...], units: Decimal | None, dos: date) -> None:
        self.ordinal = ordinal          # the claim's position in the worklist (0-based)
        self.claim_id = claim_id
        self.number = line.number
        self.code = code
        self.modifiers = modifiers
        self.units = units
        self.unit_basis = line.unit_basis
        self.dos = dos

    def is_line(self, ordinal: int, line: ServiceLine) -> bool:
        return self.ordinal == ordinal and self.number == line.number

    def __repr__(self) -> str:
        return f"LineRef(claim {self.claim_id} #{self.ordinal}, line {self.number} {self.code})"


class WorklistIndex:
    """Every line of a worklist by (patient, rendering NPI, date), in worklist order."""

    def __init__(self) -> None:
        self.claims = 0
        self.kept: list[Claim] | None = None      # the claims themselves, for a small worklist
        self._days: dict[DayKey, list[LineRef]] = {}
        # one stored copy of each code, NPI, modifier set, date and units value; not claim or
        # patient ids, which hardly repeat (a shared copy would cost more than it saves)
        self._strings: dict[str, str] = {}
        self._modifiers: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._dates: dict[date, date] = {}
        self._units: dict[str, Decimal] = {}      # by their text: 1 and 1.0 stay apart

    def add(self, claim: Claim) -> int:
        """File the claim's lines; returns the claim's ordinal (its position in the worklist)."""
        ordinal = self.claims
        self.claims += 1
        strings, dates = self._strings, self._dates
        for line in claim.lines:
            dos = dates.setdefault(line.dos, line.dos)
            code = strings.setdefault(line.code, line.code)
            units = None if line.units is None else \
                self._units.setdefault(str(line.units), line.units)
            ref = LineRef(ordinal, claim.claim_id, line, code,
                          self._modifiers.setdefault(line.modifiers, line.modifiers), units, dos)
            if ref.unit_basis != UNITS:
                ref.unit_basis = strings.setdefault(ref.unit_basis, ref.unit_basis)
            npi = claim.line_rendering_npi(line)
            key = (claim.patient.id, strings.setdefault(npi, npi), dos)
            found = self._days.get(key)
            if found is None:
                self._days[key] = [ref]
            else:
                found.append(ref)
        return ordinal

    def day(self, key: DayKey) -> list[LineRef]:
        """The day's lines (this claim's and other claims'), in worklist order."""
        return self._days.get(key, [])

    def days(self) -> Iterator[tuple[DayKey, list[LineRef]]]:
        return iter(self._days.items())


def day_key(claim: Claim, line: ServiceLine) -> DayKey:
    return (claim.patient.id, claim.line_rendering_npi(line), line.dos)
