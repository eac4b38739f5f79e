"""What every rule gets: the reference connection, the day the check is made, the worklist index
(NCCI, MUE, add-ons, duplicates and global surgery compare a claim with the other lines of the
same patient and provider: core/scrub/worklist_index.py), the claim being checked with each of
its lines' expected Medicare allowed amount (the money at stake in a finding), and the
practice's denial history when the caller has one.

The engine checks one claim at a time (`begin`): what is kept about the claim being checked is
replaced by the next one, so a scrub of a million claims holds the index, never the claims."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.claims.model import Claim, ServiceLine
from core.refdata.codes import modifier_codes, places_of_service
from core.refdata.releases import Applied, release_for
from core.remit.history import DenialHistory
from core.workspace.payers import PayerProfile

from .payer import ClaimPayer, claim_payer
from .worklist_index import DayKey, LineRef, WorklistIndex, day_key

__all__ = ["DayKey", "LineRef", "ScrubContext", "day_key"]
_UNPRICED = object()
KEPT_LINES = 20_000  # lines of recent days kept made up as LineRefs (_day)


@dataclass
class ScrubContext:
    conn: sqlite3.Connection
    as_of: date
    worklist: WorklistIndex
    # payer profiles by folded name (core.scrub.payer.profiles_by_name), given by the caller
    payer_profiles: dict[str, PayerProfile] = field(default_factory=dict)
    # this practice's denial patterns (core.remit.history), handed in by the caller
    denial_history: DenialHistory | None = None
    # indexes a rule family builds once per worklist (from `worklist`), by name
    indexes: dict[str, object] = field(default_factory=dict, repr=False)
    # the claim being checked: its position in the worklist, each line's allowed amount (None:
    # not priced), the ZIP its lines were priced in (None: national) and what each line pays
    # per unit with 26 in its facility setting; set by the engine (begin, priced)
    ordinal: int = -1
    line_amounts: dict[int, Decimal | None] = field(default_factory=dict, repr=False)
    professional: dict[int, Decimal] = field(default_factory=dict, repr=False)
    _priced_zip: object = field(default=_UNPRICED, repr=False)
    # what a rule family works out once for the claim being checked (cleared by begin), and
    # reads ahead for the chunk of claims being checked (cleared by the engine)
    per_claim: dict[Hashable, object] = field(default_factory=dict, repr=False)
    per_chunk: dict[Hashable, object] = field(default_factory=dict, repr=False)
    # the days of the last claims checked: their lines, and by code (_day)
    _days: OrderedDict[DayKey, tuple[list[LineRef], dict[str, list[LineRef]]]] = field(
        default_factory=OrderedDict, repr=False
    )
    _kept_lines: int = 0
    _payers: dict[tuple[str, str], ClaimPayer] = field(default_factory=dict, repr=False)
    _releases: dict[tuple[str, date], Applied | None] = field(default_factory=dict, repr=False)

    def begin(self, ordinal: int) -> None:
        """The engine starts on the claim at `ordinal`: forget what was kept for the last one."""
        self.ordinal = ordinal
        self.line_amounts = {}
        self.professional = {}
        self._priced_zip = _UNPRICED
        self.per_claim.clear()

    def priced(self, zip_code: str | None) -> None:
        self._priced_zip = zip_code

    @property
    def is_priced(self) -> bool:
        return self._priced_zip is not _UNPRICED

    @property
    def priced_zip(self) -> str | None:
        return self._priced_zip if isinstance(self._priced_zip, str) else None

    def modifiers(self) -> frozenset[str]:
        return modifier_codes(self.conn)

    def places_of_service(self) -> frozenset[str]:
        return frozenset(places_of_service(self.conn))

    def amount(self, claim: Claim, line: ServiceLine) -> Decimal | None:
        return self.line_amounts.get(line.number)

    def payer(self, claim: Claim) -> ClaimPayer:
        """The kind of payer of the claim and how it is known (core.scrub.payer)."""
        key = (claim.payer, claim.filing_indicator)
        found = self._payers.get(key)
        if found is None:
            found = self._payers[key] = claim_payer(claim, self.payer_profiles)
        return found

    def release(self, source: str, day: date) -> Applied | None:
        """The release of `source` to check `day` against (core.refdata.releases policy)."""
        key = (source, day)
        try:
            return self._releases[key]
        except KeyError:
            found = self._releases[key] = release_for(self.conn, source, day)
            return found

    def is_current(self, ref: LineRef) -> bool:
        """Whether the line is on the claim being checked."""
        return ref.ordinal == self.ordinal

    def where(self, ref: LineRef) -> str:
        """'line 2' on the claim being checked, else 'claim C7 line 2'."""
        return (
            f"line {ref.number}"
            if self.is_current(ref)
            else f"claim {ref.claim_id} line {ref.number}"
        )

    def lines_on(self, patient_id: str, npi: str, day: date) -> list[LineRef]:
        """Every line of the worklist for this patient, rendering provider and day."""
        return self._day((patient_id, npi, day))[0]

    def codes_on(self, key: DayKey) -> tuple[str, ...]:
        """The distinct codes of the day (patient, provider, date), in worklist order."""
        return tuple(self._day(key)[1])

    def lines_of(self, key: DayKey, code: str) -> list[LineRef]:
        """The lines of the day with `code`, in worklist order."""
        return self._day(key)[1].get(code, [])

    def _day(self, key: DayKey) -> tuple[list[LineRef], dict[str, list[LineRef]]]:
        """The day's lines, and by code: the days of the last claims are kept (a patient seen
        on many claims of one day is read from the index once)."""
        found = self._days.get(key)
        if found is not None:
            self._days.move_to_end(key)
            return found
        lines = self.worklist.day(key)
        by_code: dict[str, list[LineRef]] = {}
        for ref in lines:
            by_code.setdefault(ref.code, []).append(ref)
        found = self._days[key] = (lines, by_code)
        self._kept_lines += len(lines)
        while self._kept_lines > KEPT_LINES and len(self._days) > 1:
            _, (dropped, _) = self._days.popitem(last=False)
            self._kept_lines -= len(dropped)
        return found
