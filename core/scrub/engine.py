"""Run every rule over a worklist: `scrub` returns the checked claims in order, reporting
progress (core.jobs) after each claim; raising Cancelled from it stops the scrub."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from core.claims.checked import CheckedClaim
from core.claims.finding import SEVERITIES, Finding, status_of
from core.claims.model import MINUTES, Claim, ServiceLine
from core.fees import FeeError, LineRequest, price_encounter
from core.fees.data import zip_locality
from core.fees.encounter import OTHER_PFS_SERVICES
from core.jobs import Progress, no_progress
from core.refdata.localities import zip_file_loaded
from core.refdata.pfs import rvu_row
from core.remit.history import DenialHistory
from core.workspace.payers import PayerProfile

from . import (
    rules_addon,
    rules_codes,
    rules_denial_history,
    rules_diagnoses,
    rules_global,
    rules_lines,
    rules_modifiers,
    rules_ncci_mue,
    rules_setting,
)
from .context import ScrubContext, day_key
from .payer import profiles_by_name

Rule = Callable[[ScrubContext, Claim], Iterable[Finding]]

RULE_FAMILIES: tuple[Rule, ...] = (
    rules_codes.check, rules_diagnoses.check, rules_lines.check, rules_modifiers.check,
    rules_global.check, rules_addon.check, rules_ncci_mue.check, rules_setting.check,
    rules_denial_history.check,
)
PRICING_SHARE = 0.3     # of the progress bar: pricing every line before the rules run


def scrub(conn: sqlite3.Connection, claims: Iterable[Claim], as_of: date,
          payers: Iterable[PayerProfile] = (), progress: Progress | None = None,
          denial_history: DenialHistory | None = None) -> list[CheckedClaim]:
    """Check every claim; progress (core.jobs) after each claim, raising Cancelled from it
    stops the scrub. `payers`: the user's payer profiles (their type and filing limit);
    `denial_history` (core.remit.history.load_denial_history) turns on DENIAL-HISTORY. The
    caller reads both from the workspace: the engine never opens it."""
    report = progress or no_progress
    worklist = tuple(claims)
    ctx = ScrubContext(conn, as_of, worklist, profiles_by_name(payers),
                       denial_history=denial_history)
    notes: dict[int, tuple[Decimal | None, list[str]]] = {}
    total = len(worklist)
    for done, claim in enumerate(worklist, start=1):
        notes[id(claim)] = _price(ctx, claim)   # first: rules use each line's amount at stake
        report(f"Priced {done} of {total} claims", PRICING_SHARE * done / total)
    checked: list[CheckedClaim] = []
    for done, claim in enumerate(worklist, start=1):
        findings = [f for family in RULE_FAMILIES for f in family(ctx, claim)]
        findings.sort(key=lambda f: (SEVERITIES.index(f.severity),
                                     f.line if f.line is not None else 0))
        amount, amount_notes = notes[id(claim)]
        checked.append(CheckedClaim(claim, findings, status_of(findings), amount, amount_notes,
                                    ctx.line_amounts.get(id(claim), {})))
        report(f"Scrubbed {done} of {total} claims",
               PRICING_SHARE + (1 - PRICING_SHARE) * done / total)
    return checked



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
                            pos=claim.line_pos(line) or None, date_of_service=line.dos,
                            provider=claim.line_rendering_npi(line))
                for line in priced_lines]
    amounts: dict[int, Decimal | None] = {line.number: None for line in claim.lines}
    try:
        encounter = price_encounter(ctx.conn, requests)
    except FeeError as exc:   # e.g. an unknown place of service: price without it
        notes.append(str(exc))
        return None, notes
    ctx.priced_zip[id(claim)] = zip_code
    for line, price in zip(priced_lines, encounter.lines, strict=True):
        amounts[line.number] = price.amount
        if price.professional_amount is not None:
            ctx.professional[(id(claim), line.number)] = price.professional_amount
        if price.amount is None:
            notes.append(f"line {line.number} {line.code}: no amount ({price.explanation})")
        notes += [f"line {line.number} {line.code}: {note}" for note in price.encounter_notes]
        if price.status == "T" and price.amount:
            other = _pfs_service_on_another_claim(ctx, claim, line)
            if other is not None:
                amounts[line.number] = Decimal("0.00")
                notes.append(f"line {line.number} {line.code}: bundled: status T with "
                             f"{other[1].code} billed the same day by the same provider on "
                             f"claim {other[0].claim_id} is paid $0")
    ctx.line_amounts[id(claim)] = amounts
    known = [a for a in amounts.values() if a is not None]
    return (sum(known, Decimal(0)) if known else None), notes


def _pfs_service_on_another_claim(ctx: ScrubContext, claim: Claim, line: ServiceLine
                                  ) -> tuple[Claim, ServiceLine] | None:
    """A fee schedule service (status A, C, J, R) of the same patient, provider and day on
    another claim: status T is bundled into it (RVU read-me, Attachment A). The same claim's
    lines are priced together by price_encounter."""
    for other_claim, other in ctx.lines_on(*day_key(claim, line)):
        if other_claim is claim:
            continue
        release = ctx.release("pfs", other.dos)
        row = rvu_row(ctx.conn, release.name, other.code) if release else None
        if row is not None and row["status"] in OTHER_PFS_SERVICES:
            return other_claim, other
    return None


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
