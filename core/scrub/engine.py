"""Run every rule over a worklist. `scrub_steps` is a generator yielding progress then each
checked claim (the tab runs it in a worker); `scrub` returns the checked claims in order."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.claims.checked import CheckedClaim
from core.claims.finding import SEVERITIES, Finding, status_of
from core.claims.model import MINUTES, Claim, ServiceLine
from core.fees import FeeError, LineRequest, price_encounter
from core.fees.data import zip_locality
from core.refdata.localities import zip_file_loaded
from core.remit.history import DenialHistory

from . import (
    rules_codes,
    rules_denial_history,
    rules_diagnoses,
    rules_global_addon,
    rules_lines,
    rules_modifiers,
    rules_ncci_mue,
)
from .context import ScrubContext

Rule = Callable[[ScrubContext, Claim], Iterable[Finding]]

RULE_FAMILIES: tuple[Rule, ...] = (
    rules_codes.check, rules_diagnoses.check, rules_lines.check, rules_modifiers.check,
    rules_global_addon.check, rules_ncci_mue.check, rules_denial_history.check,
)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int


def scrub(conn: sqlite3.Connection, claims: Iterable[Claim], as_of: date,
          denial_history: DenialHistory | None = None) -> list[CheckedClaim]:
    """`denial_history` (core.remit.history.load_denial_history) turns on DENIAL-HISTORY."""
    return [step for step in scrub_steps(conn, claims, as_of, denial_history)
            if isinstance(step, CheckedClaim)]


def scrub_steps(conn: sqlite3.Connection, claims: Iterable[Claim], as_of: date,
                denial_history: DenialHistory | None = None
                ) -> Iterator[Progress | CheckedClaim]:
    worklist = tuple(claims)
    ctx = ScrubContext(conn, as_of, worklist, denial_history=denial_history)
    notes: dict[int, tuple[Decimal | None, list[str]]] = {}
    total = len(worklist)
    yield Progress(0, total)
    for claim in worklist:   # price first: rules use every line's amount as money at stake
        notes[id(claim)] = _price(ctx, claim)
    for done, claim in enumerate(worklist, start=1):
        findings = [f for family in RULE_FAMILIES for f in family(ctx, claim)]
        findings.sort(key=lambda f: (SEVERITIES.index(f.severity),
                                     f.line if f.line is not None else 0))
        amount, amount_notes = notes[id(claim)]
        yield CheckedClaim(claim, findings, status_of(findings), amount, amount_notes,
                           ctx.line_amounts.get(id(claim), {}))
        yield Progress(done, total)


def _price(ctx: ScrubContext, claim: Claim) -> tuple[Decimal | None, list[str]]:
    """Each line's allowed amount (kept in the context) and the claim's total with notes."""
    notes: list[str] = []
    zip_code = None
    if claim.service_zip and zip_file_loaded(ctx.conn) and claim.lines:
        try:
            zip_locality(ctx.conn, claim.service_zip, claim.lines[0].dos)
            zip_code = claim.service_zip
        except FeeError as exc:
            notes.append(f"{exc}: national amounts used")
    elif claim.service_zip:
        notes.append("no ZIP5 file is loaded: national amounts (all GPCIs 1.000); import CMS's "
                     "ZIP5 file for local amounts")
    else:
        notes.append("no service ZIP on the claim: national amounts (all GPCIs 1.000)")
    priced_lines = [line for line in claim.lines if _service_units(line) is not None]
    requests = [LineRequest(code=line.code, modifiers=line.modifiers,
                            units=_service_units(line) or 1, zip_code=zip_code,
                            pos=claim.line_pos(line) or None, date_of_service=line.dos)
                for line in priced_lines]
    amounts: dict[int, Decimal | None] = {line.number: None for line in claim.lines}
    try:
        encounter = price_encounter(ctx.conn, requests)
    except FeeError as exc:   # e.g. an unknown place of service: price without it
        notes.append(str(exc))
        return None, notes
    for line, price in zip(priced_lines, encounter.lines, strict=True):
        amounts[line.number] = price.amount
        if price.amount is None:
            notes.append(f"line {line.number} {line.code}: no amount ({price.explanation})")
    ctx.line_amounts[id(claim)] = amounts
    known = [a for a in amounts.values() if a is not None]
    return (sum(known, Decimal(0)) if known else None), notes


def _service_units(line: ServiceLine) -> int | None:
    """Whole units to price; anesthesia minutes (MJ) price as one service."""
    units = line.units
    if units is None or units <= 0:
        return None
    if line.unit_basis == MINUTES:
        return 1
    if units != units.to_integral_value():
        return None
    return int(units)
