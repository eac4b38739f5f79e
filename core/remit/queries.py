"""What the Remittances tab, the CLI and the export read back from the workspace: remittances by
payer and date, a remittance's claims, a claim's lines and adjustments, the lines to work
(denied and underpaid, by dollars), unmatched claims and the summary figures. Plain dataclasses;
money as Decimal (stored as cents)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .cents import dollars, from_cents

DENIED, UNDERPAID = "denied", "underpaid"
WORK_LIMIT = 5000


@dataclass(frozen=True)
class Period:
    """Which remittances to look at: by payer (the 835's name) and payment date, both ends in."""

    payer: str | None = None
    start: date | None = None
    end: date | None = None

    def where(self, table: str = "") -> tuple[str, list[object]]:
        prefix = f"{table}." if table else ""
        clauses: list[str] = ["1"]
        values: list[object] = []
        if self.payer:
            clauses.append(f"{prefix}{'payer_name' if table == 'r' else 'payer'} = ?")
            values.append(self.payer)
        if self.start:
            clauses.append(f"{prefix}paid_on >= ?")
            values.append(self.start.isoformat())
        if self.end:
            clauses.append(f"{prefix}paid_on <= ?")
            values.append(self.end.isoformat())
        return " AND ".join(clauses), values

    def describe(self) -> str:
        payer = self.payer or "every payer"
        if self.start and self.end:
            return f"{payer}, paid {self.start:%m/%d/%Y} to {self.end:%m/%d/%Y}"
        if self.start:
            return f"{payer}, paid from {self.start:%m/%d/%Y}"
        if self.end:
            return f"{payer}, paid until {self.end:%m/%d/%Y}"
        return f"{payer}, every date"


EVERYTHING = Period()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class RemittanceRow:
    id: int
    paid_on: date
    payer: str
    trace: str
    method: str
    payment: Decimal | None
    claims: int
    denied_claims: int
    file: str
    complete: bool


def remittances(conn: sqlite3.Connection, period: Period = EVERYTHING) -> list[RemittanceRow]:
    where, values = period.where("r")
    rows = conn.execute(
        "SELECT r.id, r.paid_on, r.payer_name, r.trace_number, r.payment_method, "
        "r.payment_cents, COUNT(c.id), COALESCE(SUM(c.status = 'denied'), 0), r.file, "
        f"r.complete FROM remittances r LEFT JOIN remit_claims c ON c.remittance_id = r.id "
        f"WHERE {where} GROUP BY r.id ORDER BY r.paid_on DESC, r.id DESC",
        values,
    )
    return [
        RemittanceRow(
            i, date.fromisoformat(d), p, t, m, from_cents(amount), n, denied, f, bool(complete)
        )
        for i, d, p, t, m, amount, n, denied, f, complete in rows
    ]


def payers(conn: sqlite3.Connection) -> list[str]:
    return [
        p
        for (p,) in conn.execute("SELECT DISTINCT payer_name FROM remittances ORDER BY payer_name")
    ]


@dataclass(frozen=True)
class ClaimRow:
    id: int
    claim_id: str
    patient: str
    service_date: date | None
    status: str
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal | None
    matched_claim: str | None
    match_method: str
    remarks: str
    segment: int


def claims(conn: sqlite3.Connection, remittance_id: int) -> list[ClaimRow]:
    rows = conn.execute(
        "SELECT id, claim_id, patient_name, service_date, status, charge_cents, paid_cents, "
        "patient_cents, matched_claim, match_method, remarks, segment FROM remit_claims "
        "WHERE remittance_id = ? ORDER BY id",
        (remittance_id,),
    )
    return [
        ClaimRow(i, c, p, _day(d), s, dollars(ch), dollars(pd), from_cents(pr), m, how, rm, seg)
        for i, c, p, d, s, ch, pd, pr, m, how, rm, seg in rows
    ]


@dataclass(frozen=True)
class AdjustmentRow:
    group: str
    reason: str
    amount: Decimal


@dataclass(frozen=True)
class LineRow:
    id: int
    number: int
    code: str
    modifiers: str
    units: str
    service_date: date | None
    charge: Decimal
    allowed: Decimal | None
    paid: Decimal
    denied: bool
    denial_reason: str
    expected: Decimal | None
    expected_basis: str
    underpaid: Decimal
    remarks: str
    segment: int
    adjustments: list[AdjustmentRow] = field(default_factory=list)


def claim_adjustments(conn: sqlite3.Connection, claim_ref: int) -> list[AdjustmentRow]:
    """The claim-level adjustments (CAS in loop 2100)."""
    return [
        AdjustmentRow(g, r, dollars(a))
        for g, r, a in conn.execute(
            "SELECT group_code, reason, amount_cents FROM remit_adjustments WHERE claim_ref = ? "
            "AND line_ref IS NULL ORDER BY rowid",
            (claim_ref,),
        )
    ]


def lines(conn: sqlite3.Connection, claim_ref: int) -> list[LineRow]:
    found = [
        LineRow(
            i,
            n,
            c,
            m,
            u,
            _day(d),
            dollars(ch),
            from_cents(al),
            dollars(pd),
            bool(dn),
            r,
            from_cents(ex),
            basis,
            dollars(up),
            rm,
            seg,
        )
        for i, n, c, m, u, d, ch, al, pd, dn, r, ex, basis, up, rm, seg in conn.execute(
            "SELECT id, line_number, code, modifiers, units, service_date, charge_cents, "
            "allowed_cents, paid_cents, denied, denial_reason, expected_cents, "
            "expected_basis, underpaid_cents, remarks, segment FROM remit_lines "
            "WHERE claim_ref = ? ORDER BY line_number",
            (claim_ref,),
        )
    ]
    by_id = {line.id: line for line in found}
    for line_ref, g, r, a in conn.execute(
        "SELECT line_ref, group_code, reason, amount_cents FROM remit_adjustments "
        "WHERE claim_ref = ? AND line_ref IS NOT NULL ORDER BY rowid",
        (claim_ref,),
    ):
        by_id[line_ref].adjustments.append(AdjustmentRow(g, r, dollars(a)))
    return found


@dataclass(frozen=True)
class WorkItem:
    """A line (or a claim without lines) to work: denied, or paid less than expected.
    `dollars` is what is at stake: a denied line's expected payment when it could be worked
    out, else the amount denied; an underpaid line's shortfall."""

    kind: str  # denied | underpaid
    dollars: Decimal  # at stake (sorts the list)
    payer: str
    paid_on: date
    claim_id: str
    patient: str
    service_date: date | None
    code: str
    modifiers: str
    reason: str  # the denying CARC ('' for an underpayment)
    remarks: str
    expected: Decimal | None
    paid: Decimal
    basis: str
    claim_ref: int
    remittance_id: int
    denied: Decimal  # the amount the payer's adjustments refused (0: underpaid)


def to_work(
    conn: sqlite3.Connection, period: Period = EVERYTHING, limit: int | None = WORK_LIMIT
) -> tuple[list[WorkItem], int]:
    """The lines to work, most dollars first (at most `limit`; None: all), and how many
    there are in all."""
    where, values = period.where("l")
    cwhere, cvalues = period.where("r")
    select = (
        "SELECT CASE WHEN l.denied THEN 'denied' ELSE 'underpaid' END, "
        "CASE WHEN l.denied THEN COALESCE(l.expected_cents, l.denied_cents) "
        "ELSE l.underpaid_cents END AS dollars, "
        "l.payer, l.paid_on, c.claim_id, c.patient_name, l.service_date, l.code, l.modifiers, "
        "l.denial_reason, l.remarks, l.expected_cents, l.paid_cents, l.expected_basis, c.id, "
        "l.remittance_id, l.denied_cents FROM remit_lines l "
        "JOIN remit_claims c ON c.id = l.claim_ref "
        f"WHERE (l.denied OR l.underpaid_cents > 0) AND {where} "
        "UNION ALL "
        "SELECT 'denied', c.denied_cents, r.payer_name, r.paid_on, c.claim_id, c.patient_name, "
        "c.service_date, '', '', c.denial_reason, c.remarks, NULL, c.paid_cents, '', c.id, r.id, "
        "c.denied_cents "
        "FROM remit_claims c JOIN remittances r ON r.id = c.remittance_id "
        f"WHERE c.denied_cents > 0 AND {cwhere}"
    )
    total = conn.execute(f"SELECT COUNT(*) FROM ({select})", values + cvalues).fetchone()[0]
    rows = conn.execute(
        f"{select} ORDER BY dollars DESC, 4 DESC LIMIT ?",
        [*values, *cvalues, -1 if limit is None else limit],
    )
    return [
        WorkItem(
            k,
            dollars(d),
            p,
            date.fromisoformat(on),
            cid,
            pat,
            _day(sd),
            code,
            mods,
            reason,
            rm,
            from_cents(ex),
            dollars(pd),
            basis,
            cref,
            rid,
            dollars(dn),
        )
        for k, d, p, on, cid, pat, sd, code, mods, reason, rm, ex, pd, basis, cref, rid, dn in rows
    ], total


@dataclass(frozen=True)
class UnmatchedClaim:
    claim_ref: int
    claim_id: str
    patient: str
    service_date: date | None
    payer: str
    paid_on: date
    status: str
    charge: Decimal
    paid: Decimal
    why: str


def unmatched(conn: sqlite3.Connection, period: Period = EVERYTHING) -> list[UnmatchedClaim]:
    where, values = period.where("r")
    rows = conn.execute(
        "SELECT c.id, c.claim_id, c.patient_name, c.service_date, r.payer_name, r.paid_on, "
        "c.status, c.charge_cents, c.paid_cents, c.match_method FROM remit_claims c "
        f"JOIN remittances r ON r.id = c.remittance_id WHERE c.matched_claim IS NULL AND "
        f"{where} ORDER BY r.paid_on DESC, c.id",
        values,
    )
    return [
        UnmatchedClaim(
            i, cid, p, _day(d), payer, date.fromisoformat(on), s, dollars(ch), dollars(pd), why
        )
        for i, cid, p, d, payer, on, s, ch, pd, why in rows
    ]
