"""Remittances in the workspace database (tables in core/workspace/schema.sql): write one judged
remittance, find an earlier copy of it, delete one, update expectations and matches.

Money goes in as integer cents (exact). Rows get their ids here, in order, so a 100,000-claim
remittance is written with a few executemany calls. Callers hold the transaction."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from .assessed import AssessedClaim, AssessedLine
from .cents import to_cents
from .model import Remittance

CLAIM_COLUMNS = (
    "id",
    "remittance_id",
    "claim_id",
    "status_code",
    "status",
    "charge_cents",
    "paid_cents",
    "patient_cents",
    "filing_indicator",
    "payer_claim_number",
    "facility_code",
    "patient_name",
    "patient_id",
    "service_date",
    "remarks",
    "denial_reason",
    "denied_cents",
    "segment",
    "matched_claim",
    "match_method",
    "claim_payer",
    "claim_zip",
    "claim_pos",
)
LINE_COLUMNS = (
    "id",
    "claim_ref",
    "remittance_id",
    "payer",
    "paid_on",
    "line_number",
    "code",
    "modifiers",
    "paid_code",
    "paid_modifiers",
    "units",
    "charge_cents",
    "allowed_cents",
    "paid_cents",
    "service_date",
    "remarks",
    "control_number",
    "segment",
    "counted",
    "denied",
    "denial_reason",
    "denial_group",
    "denied_cents",
    "expected_cents",
    "expected_allowed_cents",
    "expected_basis",
    "underpaid_cents",
)
ADJUSTMENT_COLUMNS = (
    "claim_ref",
    "line_ref",
    "group_code",
    "reason",
    "amount_cents",
    "quantity",
    "segment",
)


def payer_key(remittance: Remittance) -> str:
    """Who numbers the trace: TRN03 (the payer's company id), else its id, else its name."""
    return (remittance.trace_originator or remittance.payer_id or remittance.payer_name).strip()


def fingerprint(remittance: Remittance) -> str:
    """A digest of what the remittance says: payment, claims and lines with their amounts."""
    digest = hashlib.blake2b(digest_size=16)
    head = (
        remittance.trace_number,
        remittance.payment_amount,
        remittance.payment_date,
        remittance.payer_name,
        len(remittance.claims),
    )
    digest.update(repr(head).encode())
    for claim in remittance.claims:
        digest.update(
            repr(
                (
                    claim.patient_control_number,
                    claim.status,
                    claim.charge,
                    claim.paid,
                    claim.payer_claim_number,
                    [(x.code, x.modifiers, x.charge, x.paid, x.service_date) for x in claim.lines],
                )
            ).encode()
        )
    for item in remittance.provider_adjustments:
        digest.update(repr((item.reason, item.identifier, item.amount)).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Earlier:
    """A remittance already stored under the same payer and trace number."""

    id: int
    fingerprint: str
    complete: bool
    file: str
    imported_at: str
    claims: int


def earlier_copies(conn: sqlite3.Connection, key: str, trace: str) -> list[Earlier]:
    return [
        Earlier(*row)
        for row in conn.execute(
            "SELECT r.id, r.fingerprint, r.complete, r.file, r.imported_at, "
            "(SELECT COUNT(*) FROM remit_claims c WHERE c.remittance_id = r.id) "
            "FROM remittances r WHERE r.payer_key = ? AND r.trace_number = ?",
            (key, trace),
        )
    ]


def delete_remittance(conn: sqlite3.Connection, remittance_id: int) -> None:
    claims = "SELECT id FROM remit_claims WHERE remittance_id = ?"
    conn.execute(f"DELETE FROM remit_adjustments WHERE claim_ref IN ({claims})", (remittance_id,))
    conn.execute("DELETE FROM remit_lines WHERE remittance_id = ?", (remittance_id,))
    conn.execute("DELETE FROM remit_claims WHERE remittance_id = ?", (remittance_id,))
    conn.execute("DELETE FROM remit_provider_adjustments WHERE remittance_id = ?", (remittance_id,))
    conn.execute("DELETE FROM remittances WHERE id = ?", (remittance_id,))


def insert_remittance(
    conn: sqlite3.Connection, remittance: Remittance, paid_on: date, imported_at: str, digest: str
) -> int:
    """The remittance itself and its provider adjustments; its claims go in with
    insert_claims (a chunk at a time)."""
    r = remittance
    remittance_id = conn.execute(
        "INSERT INTO remittances (payer_key, trace_number, fingerprint, complete, file, "
        "transaction_control_number, version, segment, payer_name, payer_id, payee_name, "
        "payee_npi, handling, payment_method, payment_cents, paid_on, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            payer_key(r),
            r.trace_number,
            digest,
            int(r.complete),
            r.file,
            r.transaction_control_number,
            r.version,
            r.segment,
            r.payer_name,
            r.payer_id,
            r.payee_name,
            r.payee_npi,
            r.handling,
            r.payment_method,
            to_cents(r.payment_amount),
            paid_on.isoformat(),
            imported_at,
        ),
    ).lastrowid
    assert remittance_id is not None
    conn.executemany(
        "INSERT INTO remit_provider_adjustments (remittance_id, provider_id, fiscal_period_end,"
        " reason, identifier, amount_cents, segment) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                remittance_id,
                p.provider_id,
                _iso(p.fiscal_period_end),
                p.reason,
                p.identifier,
                to_cents(p.amount),
                p.segment,
            )
            for p in r.provider_adjustments
        ],
    )
    return remittance_id


def insert_claims(
    conn: sqlite3.Connection,
    remittance_id: int,
    remittance: Remittance,
    paid_on: date,
    claims: Iterable[AssessedClaim],
) -> None:
    claim_id = _next_id(conn, "remit_claims")
    line_id = _next_id(conn, "remit_lines")
    claim_rows: list[tuple] = []
    line_rows: list[tuple] = []
    adjustment_rows: list[tuple] = []
    for item in claims:
        claim_rows.append(_claim_row(claim_id, remittance_id, item))
        adjustment_rows.extend(_adjustments(claim_id, None, item.claim.adjustments))
        for number, line in enumerate(item.lines, start=1):
            line_rows.append(
                _line_row(
                    line_id,
                    claim_id,
                    remittance_id,
                    remittance.payer_name,
                    paid_on,
                    number,
                    item,
                    line,
                )
            )
            adjustment_rows.extend(_adjustments(claim_id, line_id, line.line.adjustments))
            line_id += 1
        claim_id += 1
    conn.executemany(_insert("remit_claims", CLAIM_COLUMNS), claim_rows)
    conn.executemany(_insert("remit_lines", LINE_COLUMNS), line_rows)
    conn.executemany(_insert("remit_adjustments", ADJUSTMENT_COLUMNS), adjustment_rows)


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _claim_row(row_id: int, remittance_id: int, item: AssessedClaim) -> tuple:
    c, match = item.claim, item.match
    ours = match.claim
    denial = item.denial
    return (
        row_id,
        remittance_id,
        c.patient_control_number,
        c.status,
        item.status,
        to_cents(c.charge),
        to_cents(c.paid),
        to_cents(c.patient_responsibility),
        c.filing_indicator,
        c.payer_claim_number,
        c.facility_code,
        c.patient_name,
        c.patient_id,
        _iso(c.service_dates[0] if c.service_dates else None),
        " ".join(c.remarks),
        denial.reason if denial else "",
        to_cents(denial.amount) if denial else 0,
        c.segment,
        ours.claim_id if ours else None,
        match.method,
        ours.payer if ours else "",
        ours.service_zip if ours else "",
        ours.pos if ours else "",
    )


def _line_row(
    row_id: int,
    claim_id: int,
    remittance_id: int,
    payer: str,
    paid_on: date,
    number: int,
    item: AssessedClaim,
    assessed: AssessedLine,
) -> tuple:
    line, denial, expected = assessed.line, assessed.denial, assessed.expectation
    day = line.service_date or (item.claim.service_dates[0] if item.claim.service_dates else None)
    return (
        row_id,
        claim_id,
        remittance_id,
        payer,
        paid_on.isoformat(),
        number,
        line.billed_code,
        " ".join(sorted(assessed.billed_modifiers)),
        line.code,
        " ".join(line.modifiers),
        format(line.units, "f"),
        to_cents(line.charge),
        to_cents(line.allowed),
        to_cents(line.paid),
        _iso(day),
        " ".join(line.remarks),
        line.control_number,
        line.segment,
        int(item.counted),
        int(denial is not None),
        denial.reason if denial else "",
        denial.group if denial else "",
        to_cents(denial.amount) if denial else 0,
        to_cents(expected.paid),
        to_cents(expected.allowed),
        expected.basis,
        to_cents(expected.underpaid),
    )


def _adjustments(claim_id: int, line_id: int | None, adjustments: Iterable) -> Iterator[tuple]:
    for a in adjustments:
        yield (
            claim_id,
            line_id,
            a.group,
            a.reason,
            to_cents(a.amount),
            None if a.quantity is None else format(a.quantity, "f"),
            a.segment,
        )


def update_expectations(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, int | None, int | None, str, int]]
) -> None:
    """(line id, expected cents, expected allowed cents, basis, underpaid cents) rows."""
    conn.executemany(
        "UPDATE remit_lines SET expected_cents = ?, expected_allowed_cents = ?, "
        "expected_basis = ?, underpaid_cents = ? WHERE id = ?",
        ((e, a, b, u, i) for i, e, a, b, u in rows),
    )
