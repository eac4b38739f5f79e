"""Work out the stored remittance lines' expected payments again: after a payer profile or a
contract fee schedule changed, or a CMS release (a ZIP5 file, a new PFS quarter) was imported.
Reads what import stored (codes, units, dates, the patient's share and sequestration), prices
with expected.Expecter and updates the lines in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import date
from decimal import Decimal

from core.db import transaction
from core.jobs import Progress, no_progress
from core.workspace.payers import list_payers

from . import store
from .cents import dollars, to_cents
from .contracts import ContractFee, load_contracts, write_contract
from .expected import ClaimFacts, Expecter, LineFacts
from .judge import PENDED, REVERSED, SEQUESTRATION

CHUNK = 2000


def reassess(
    ws: sqlite3.Connection,
    ref: sqlite3.Connection,
    payer: str | None = None,
    progress: Progress | None = None,
    claim_refs: Collection[int] | None = None,
) -> int:
    """Recompute every line's expectation (or those of one payer: the worklist claim's payer or
    the 835's payer name; or of some claims), in one transaction; returns how many lines were
    updated. A cancel (raised by `progress`) leaves every line as it was."""
    with transaction(ws):
        return reassess_within(ws, ref, payer, progress, claim_refs)


def save_contract_and_reassess(
    ws: sqlite3.Connection,
    ref: sqlite3.Connection,
    payer: str,
    fees: list[ContractFee],
    file: str,
    progress: Progress | None = None,
) -> tuple[str, int]:
    """Keep a payer profile's contract fee schedule and work out its lines' expected payments
    again, in one transaction: (the profile's name, lines updated). PayerError when there is
    no such profile; a cancel leaves the earlier schedule and expectations as they were."""
    with transaction(ws):
        name = write_contract(ws, payer, fees, file)
        return name, reassess_within(ws, ref, name, progress)


def reassess_within(
    ws: sqlite3.Connection,
    ref: sqlite3.Connection,
    payer: str | None = None,
    progress: Progress | None = None,
    claim_refs: Collection[int] | None = None,
) -> int:
    """reassess() inside the caller's transaction."""
    report = progress or no_progress
    expecter = Expecter(ref, list_payers(ws), load_contracts(ws))
    where, values = "1", []
    if payer:
        where = "(c.claim_payer = ? COLLATE NOCASE OR r.payer_name = ? COLLATE NOCASE)"
        values = [payer, payer]
    claims = ws.execute(
        "SELECT c.id, c.claim_payer, r.payer_name, c.filing_indicator, c.claim_zip, "
        "COALESCE(NULLIF(c.claim_pos, ''), c.facility_code), c.status FROM remit_claims c "
        f"JOIN remittances r ON r.id = c.remittance_id WHERE {where} ORDER BY c.id",
        values,
    ).fetchall()
    if claim_refs is not None:
        claims = [row for row in claims if row[0] in claim_refs]
    updated = 0
    for start in range(0, len(claims), CHUNK):
        report(
            f"Checking expected payments: {start:,} of {len(claims):,} claims",
            start / max(len(claims), 1),
        )
        chunk = claims[start : start + CHUNK]
        lines = _lines(ws, chunk[0][0], chunk[-1][0])
        rows = []
        for claim_ref, claim_payer, payer_name, filing, zip_code, pos, status in chunk:
            found = lines.get(claim_ref, [])
            if not found:
                continue
            facts = ClaimFacts(
                (claim_payer, payer_name),
                filing,
                zip_code,
                pos if len(pos) == 2 and pos.isdigit() else "",
                status not in (REVERSED, PENDED),
                tuple(facts for _, facts in found),
            )
            for (line_id, _), expected in zip(found, expecter.claim(facts), strict=True):
                rows.append(
                    (
                        line_id,
                        to_cents(expected.paid),
                        to_cents(expected.allowed),
                        expected.basis,
                        to_cents(expected.underpaid) or 0,
                    )
                )
        store.update_expectations(ws, rows)
        updated += len(rows)
    report("Expected payments checked", 1.0)
    return updated


def _lines(ws: sqlite3.Connection, first: int, last: int) -> dict[int, list[tuple[int, LineFacts]]]:
    shares: dict[int, tuple[int, int]] = {}
    for line_ref, patient, sequestration in ws.execute(
        "SELECT line_ref, SUM(CASE WHEN group_code = 'PR' THEN amount_cents ELSE 0 END), "
        "SUM(CASE WHEN reason = ? THEN amount_cents ELSE 0 END) FROM remit_adjustments "
        "WHERE claim_ref BETWEEN ? AND ? AND line_ref IS NOT NULL GROUP BY line_ref",
        (SEQUESTRATION, first, last),
    ):
        shares[line_ref] = (patient, sequestration)
    found: dict[int, list[tuple[int, LineFacts]]] = {}
    for line_id, claim_ref, code, modifiers, units, day, paid, denied in ws.execute(
        "SELECT id, claim_ref, code, modifiers, units, service_date, paid_cents, denied "
        "FROM remit_lines WHERE claim_ref BETWEEN ? AND ? ORDER BY claim_ref, line_number",
        (first, last),
    ):
        patient, sequestration = shares.get(line_id, (0, 0))
        found.setdefault(claim_ref, []).append(
            (
                line_id,
                LineFacts(
                    code,
                    tuple(modifiers.split()),
                    Decimal(units),
                    date.fromisoformat(day) if day else None,
                    dollars(paid),
                    dollars(patient),
                    dollars(sequestration),
                    bool(denied),
                ),
            )
        )
    return found
