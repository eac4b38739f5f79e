"""What the cross-claim rules need to know about the rest of the worklist, and nothing more.

NCCI pairs, MUE day totals, duplicate lines, status T bundling and the global surgery window
compare a claim's lines with the other lines of the same patient and rendering provider (on the
same day, or within 90 days for global surgery). The worklist is read once to build this index;
the claims themselves are not kept: the scrub reads them a second time, one at a time, and
checks each against the index.

The index is kept in columns, not objects, so a million claims fit in a few hundred MB: each
service line is a few numbers in arrays (its claim's position, line number, and the ids of its
code, modifiers, units and date in tables of the distinct values), the lines of one patient,
provider and day are chained in worklist order from their first line, and a day is found by a
text key. A claim costs its id and about 400 bytes (bench/bench_scrub_memory.py prints it). The
rules see the lines of a day as LineRef objects, made when asked (`day`)."""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterator
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from core.claims.model import UNITS, Claim, ServiceLine

DayKey = tuple[str, str, date]  # patient id, rendering NPI, date of service
V = TypeVar("V", bound=Hashable)


class LineRef:
    """A service line of the worklist as the cross-claim rules see it."""

    __slots__ = (
        "claim_id",
        "code",
        "dos",
        "index",
        "modifiers",
        "number",
        "ordinal",
        "unit_basis",
        "units",
    )

    def __init__(
        self,
        index: int,
        ordinal: int,
        claim_id: str,
        number: int,
        code: str,
        modifiers: tuple[str, ...],
        units: Decimal | None,
        unit_basis: str,
        dos: date,
    ) -> None:
        self.index = index  # the line's position in the worklist (0-based)
        self.ordinal = ordinal  # its claim's position in the worklist (0-based)
        self.claim_id = claim_id
        self.number = number
        self.code = code
        self.modifiers = modifiers
        self.units = units
        self.unit_basis = unit_basis
        self.dos = dos

    def is_line(self, ordinal: int, line: ServiceLine) -> bool:
        return self.ordinal == ordinal and self.number == line.number

    def __repr__(self) -> str:
        return f"LineRef(claim {self.claim_id} #{self.ordinal}, line {self.number} {self.code})"


class _Table(Generic[V]):
    """Distinct values by id: each value is stored once, a line keeps its id."""

    def __init__(self, first: V) -> None:
        self.values: list[V] = [first]
        self._ids: dict[object, int] = {self._key(first): 0}

    @staticmethod
    def _key(value: object) -> object:
        # 1 and 1.0 are different units as written (equal as Decimals); a date and a datetime
        # never compare equal, so dates are their own keys
        return (Decimal, str(value)) if type(value) is Decimal else value

    def id(self, value: V) -> int:
        key = self._key(value)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self.values)
            self.values.append(value)
        return found


class WorklistIndex:
    """Every line of a worklist by (patient, rendering NPI, date), in worklist order."""

    def __init__(self) -> None:
        self.claims = 0
        self.lines = 0
        self.kept: list[Claim] | None = None  # the claims themselves, for a small worklist
        self.claim_ids: list[str] = []
        # per line, by its position in the worklist
        self._ordinal = array("I")
        self._number = array("I")
        self._code = array("I")
        self._modifiers = array("I")
        self._units = array("I")
        self._basis = array("B")
        self._dos = array("I")
        self._next = array("i")  # the next line of the same day, or -1
        self.codes: _Table[str] = _Table("")
        self._modifier_sets: _Table[tuple[str, ...]] = _Table(())
        self._unit_values: _Table[Decimal | None] = _Table(None)
        self._bases: _Table[str] = _Table(UNITS)
        self._dates: _Table[date] = _Table(date.min)
        self._days: dict[str, int] = {}  # day key -> its first line
        self._long_days: dict[int, int] = {}  # first line -> last, for days of many lines

    def add(self, claim: Claim) -> int:
        """File the claim's lines; returns the claim's ordinal (its position in the worklist)."""
        ordinal = self.claims
        self.claims += 1
        self.claim_ids.append(claim.claim_id)
        for line in claim.lines:
            index = self.lines
            self.lines += 1
            dos = self._dates.id(line.dos)
            self._ordinal.append(ordinal)
            self._number.append(line.number)
            self._code.append(self.codes.id(line.code))
            self._modifiers.append(self._modifier_sets.id(line.modifiers))
            self._units.append(self._unit_values.id(line.units))
            self._basis.append(self._bases.id(line.unit_basis))
            self._dos.append(dos)
            self._next.append(-1)
            key = _day_text(claim.patient.id, claim.line_rendering_npi(line), dos)
            first = self._days.setdefault(key, index)
            if first != index:
                self._append(first, index)
        return ordinal

    def _append(self, first: int, index: int) -> None:
        """Chain a line to the end of its day (a day of many lines remembers its end)."""
        last = self._long_days.get(first, first)
        steps = 0
        while self._next[last] >= 0:
            last = self._next[last]
            steps += 1
        self._next[last] = index
        if steps > 16 or first in self._long_days:
            self._long_days[first] = index

    def day(self, key: DayKey) -> list[LineRef]:
        """The day's lines (this claim's and other claims'), in worklist order."""
        patient, npi, day = key
        dos = self._dates._ids.get(self._dates._key(day))
        if dos is None:
            return []
        found = self._days.get(_day_text(patient, npi, dos), -1)
        lines = []
        while found >= 0:
            lines.append(self.line(found))
            found = self._next[found]
        return lines

    def line(self, index: int) -> LineRef:
        ordinal = self._ordinal[index]
        return LineRef(
            index,
            ordinal,
            self.claim_ids[ordinal],
            self._number[index],
            self.codes.values[self._code[index]],
            self._modifier_sets.values[self._modifiers[index]],
            self._unit_values.values[self._units[index]],
            self._bases.values[self._basis[index]],
            self._dates.values[self._dos[index]],
        )

    def providers(self) -> Iterator[tuple[str, list[int]]]:
        """(patient and provider key, the first line of each of their days) for every patient
        and rendering provider of the worklist."""
        by_provider: dict[str, list[int]] = {}
        for key, first in self._days.items():
            by_provider.setdefault(key[: key.rindex(":") + 1], []).append(first)
        yield from by_provider.items()

    def chain(self, first: int) -> Iterator[int]:
        """The lines of a day from its first line, in worklist order."""
        while first >= 0:
            yield first
            first = self._next[first]

    def dates(self) -> list[date]:
        """Every date of service of the worklist."""
        return self._dates.values[1:]

    def code_id(self, index: int) -> int:
        return self._code[index]

    def dos(self, index: int) -> date:
        return self._dates.values[self._dos[index]]

    def modifiers(self, index: int) -> tuple[str, ...]:
        return self._modifier_sets.values[self._modifiers[index]]


def provider_key(patient: str, npi: str) -> str:
    """The text naming a patient and rendering provider (unambiguous: lengths come first)."""
    return f"{len(patient)}.{patient}{len(npi)}.{npi}:"


def _day_text(patient: str, npi: str, dos: int) -> str:
    return f"{provider_key(patient, npi)}{dos}"


def day_key(claim: Claim, line: ServiceLine) -> DayKey:
    return (claim.patient.id, claim.line_rendering_npi(line), line.dos)
