"""What a payer should have paid for each line of a remittance claim, and by how much it paid less.

- Medicare (CLP06 MA/MB, or a payer named Medicare without a profile): the allowed amount the fee
  calculator computes for the claim's lines of that day (multiple-procedure rules included), with
  the date's release and the locality of the claim's service ZIP; expected payment = allowed -
  the patient's share (group PR) - sequestration (CARC 253), as the remittance states them.
- A payer with a profile: its contract fee schedule where the code is on it (amount x units),
  else the profile's percentage of that Medicare allowed amount; then the same deductions.
- Anything else, or a Medicare line without a locality (no ZIP on the matched claim, or no ZIP5
  file loaded), is not checked, and says why: a national amount would flag wrong underpayments.

A line is underpaid when the payer paid at least UNDERPAYMENT_FLOOR less than expected (smaller
differences are rounding between the payer's arithmetic and ours). Money is rounded once, half-up,
at the end."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from core.fees import FeeError, LineRequest, price_encounter
from core.fees.data import zip_locality
from core.fees.model import LinePrice, cents
from core.workspace.payers import PayerProfile

from .contracts import Contract

UNDERPAYMENT_FLOOR = Decimal("1.00")
MEDICARE_FILING = frozenset({"MA", "MB"})
ZERO = Decimal(0)
HUNDRED = Decimal(100)


class LineFacts(NamedTuple):
    code: str
    modifiers: tuple[str, ...]
    units: Decimal
    service_date: date | None
    paid: Decimal
    patient_share: Decimal  # group PR adjustments
    sequestration: Decimal  # CARC 253 adjustments
    denied: bool


@dataclass(frozen=True)
class ClaimFacts:
    payer_names: tuple[str, ...]  # the worklist claim's payer, then the 835's
    filing_indicator: str
    zip_code: str
    pos: str
    counted: bool  # not a reversal or pended
    lines: tuple[LineFacts, ...]


class Expectation(NamedTuple):
    paid: Decimal | None  # what should have been paid (None: not checked)
    allowed: Decimal | None
    basis: str  # how it was worked out, or why it was not
    underpaid: Decimal = ZERO  # expected - paid, when at least UNDERPAYMENT_FLOOR


class Expecter:
    """Works out expectations claim by claim; one per import (it remembers prices)."""

    def __init__(
        self,
        ref: sqlite3.Connection,
        profiles: Sequence[PayerProfile],
        contracts: dict[str, Contract],
    ) -> None:
        self.ref = ref
        self.profiles = {p.name.casefold(): p for p in profiles}
        self.contracts = contracts
        self._prices: dict[tuple, list[LinePrice]] = {}
        self._places: dict[tuple, str] = {}

    def claim(self, facts: ClaimFacts) -> list[Expectation]:
        if not facts.counted:
            return [
                Expectation(None, None, "not checked: a reversal or pended claim")
                for _ in facts.lines
            ]
        profile = next(
            (
                self.profiles[n.casefold()]
                for n in facts.payer_names
                if n and n.casefold() in self.profiles
            ),
            None,
        )
        if profile is None and not _medicare(facts):
            names = " / ".join(n for n in facts.payer_names if n) or "this payer"
            why = (
                f"not checked: no payer profile for {names} (add one with its percentage of "
                "Medicare, and its contract fee schedule)"
            )
            return [Expectation(None, None, why) for _ in facts.lines]
        contract = self.contracts.get(profile.name.casefold()) if profile else None
        medicare = self._medicare_allowed(facts)
        out = []
        for line, (amount, note) in zip(facts.lines, medicare, strict=True):
            allowed, basis = _allowed(line, profile, contract, amount, note)
            out.append(_expect(line, allowed, basis))
        return out

    def _medicare_allowed(self, facts: ClaimFacts) -> list[tuple[Decimal | None, str]]:
        """Each line's Medicare allowed amount (unrounded) and how, or None and why not."""
        found: list[tuple[Decimal | None, str]] = [(None, "")] * len(facts.lines)
        by_day: dict[date, list[int]] = defaultdict(list)
        for index, line in enumerate(facts.lines):
            if line.service_date is None:
                found[index] = (None, "not checked: the remittance gives no date of service")
            elif line.units <= 0 or line.units != line.units.to_integral_value():
                found[index] = (None, f"not checked: {line.units} units cannot be priced")
            else:
                by_day[line.service_date].append(index)
        for day, indexes in by_day.items():
            lines = [facts.lines[i] for i in indexes]
            for index, result in zip(indexes, self._price_day(facts, day, lines), strict=True):
                found[index] = result
        return found

    def _price_day(
        self, facts: ClaimFacts, day: date, lines: list[LineFacts]
    ) -> list[tuple[Decimal | None, str]]:
        """The claim's lines of one day priced together. Each line is priced alone first
        (remembered: remittances repeat the same services); only when the day's lines can
        interact (multiple-procedure indicators on two or more units, or a base endoscopy
        beside its family) is the day priced as one encounter, as the fee calculator does."""
        if not facts.zip_code:
            return [
                (
                    None,
                    "not checked: no service ZIP for this claim (match it to a worklist "
                    "claim that has one): the locality sets the Medicare amount",
                )
            ] * len(lines)
        try:
            place = self._locality(facts.zip_code, day)
        except FeeError as exc:
            return [(None, f"not checked: {exc}")] * len(lines)
        keys = [(day, facts.zip_code, facts.pos, x.code, x.modifiers, int(x.units)) for x in lines]
        prices = [self._remembered((key,))[0] for key in keys]
        if len(prices) > 1 and _interacting(prices):
            prices = self._remembered(tuple(keys))
        said = f"locality {place} (ZIP {facts.zip_code[:5]})"
        return [
            (None, f"not checked: {p.explanation}")
            if p.unrounded_amount is None
            else (p.unrounded_amount, f"Medicare {p.release}, {said}")
            for p in prices
        ]

    def _remembered(self, keys: tuple[tuple, ...]) -> list[LinePrice]:
        """The fee calculator's prices of these lines of one day, priced together."""
        found = self._prices.get(keys)
        if found is None:
            requests = [
                LineRequest(
                    code=code,
                    modifiers=modifiers,
                    units=units,
                    zip_code=zip5,
                    pos=pos or None,
                    date_of_service=day,
                )
                for day, zip5, pos, code, modifiers, units in keys
            ]
            found = self._prices[keys] = price_encounter(self.ref, requests).lines
        return found

    def _locality(self, zip_code: str, day: date) -> str:
        key = ("zip", zip_code, day)
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = zip_locality(self.ref, zip_code, day).key
        return found


_FAMILIES = {
    "1": "surgery",
    "2": "surgery",
    "3": "surgery",
    "4": "imaging",
    "5": "therapy",
    "6": "cardiovascular",
    "7": "ophthalmology",
}


def _interacting(prices: list[LinePrice]) -> bool:
    """Can the encounter rules (core/fees/encounter.py) change any of these lines' amounts?
    Only two or more units of one family (surgery and endoscopy ranking, imaging, therapy,
    cardiovascular, ophthalmology) or a base endoscopy beside its family can."""
    units: dict[str, int] = {}
    bases: set[str] = set()
    for p in prices:
        family = _FAMILIES.get(p.indicators.get("mult_proc", "")) if p.payable else None
        if family:
            units[family] = units.get(family, 0) + p.units
            bases.add(p.indicators.get("endo_base", ""))
    return any(n >= 2 for n in units.values()) or any(p.code in bases for p in prices if p.payable)


def _medicare(facts: ClaimFacts) -> bool:
    return facts.filing_indicator in MEDICARE_FILING or any(
        "MEDICARE" in n.upper() for n in facts.payer_names
    )


def _allowed(
    line: LineFacts,
    profile: PayerProfile | None,
    contract: Contract | None,
    medicare: Decimal | None,
    note: str,
) -> tuple[Decimal | None, str]:
    if contract is not None:
        row = contract.amount(line.code, line.modifiers)
        if row is not None:
            amount, modifier = row
            what = f"{line.code}{'-' + modifier if modifier else ''}"
            return amount * line.units, (
                f"{contract.payer} contract fee schedule ({what} {amount} a unit, {contract.file})"
            )
    if medicare is None:
        return None, note
    if profile is None:
        return medicare, note
    return medicare * profile.percent / HUNDRED, f"{profile.name}: {profile.percent}% of {note}"


def _expect(line: LineFacts, allowed: Decimal | None, basis: str) -> Expectation:
    if allowed is None:
        return Expectation(None, None, basis)
    rounded = cents(allowed)  # the allowed amount is a figure in cents, like CMS's
    paid = max(rounded - line.patient_share - line.sequestration, ZERO)
    short = paid - line.paid
    underpaid = short if not line.denied and short >= UNDERPAYMENT_FLOOR else ZERO
    return Expectation(paid, rounded, basis, underpaid)
