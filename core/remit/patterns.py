"""Denial patterns: how often each payer denied each code and modifier set, by reason (CARC),
over a period, with the dollars denied; and the summary figures behind the charts (top reasons
by dollars, denial rate by payer). A line counts once, under the reason that denied it; the
rate is denied lines over billed lines of the same payer, code and modifiers (reversed and
pended claims count in neither)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from .cents import dollars
from .queries import EVERYTHING, Period


def rate(part: int, whole: int) -> Decimal:
    """A share as a percentage with one decimal (0 when nothing was billed)."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class PatternRow:
    payer: str
    code: str
    modifiers: str  # sorted, space separated; '' for none
    reason: str  # the CARC that denied the lines
    denied: int  # lines of this pattern denied for this reason
    billed: int  # lines of this payer, code and modifiers billed in the period
    dollars: Decimal  # denied with this reason

    @property
    def rate(self) -> Decimal:
        return rate(self.denied, self.billed)


def denial_patterns(conn: sqlite3.Connection, period: Period = EVERYTHING) -> list[PatternRow]:
    """Payer x code x modifiers x CARC, most dollars first."""
    where, values = period.where()
    rows = conn.execute(
        "WITH billed AS (SELECT payer, code, modifiers, COUNT(*) AS n FROM remit_lines "
        f"WHERE counted AND {where} GROUP BY payer, code, modifiers), "
        "denied AS (SELECT payer, code, modifiers, denial_reason, COUNT(*) AS n, "
        f"SUM(denied_cents) AS cents FROM remit_lines WHERE denied AND {where} "
        "GROUP BY payer, code, modifiers, denial_reason) "
        "SELECT d.payer, d.code, d.modifiers, d.denial_reason, d.n, b.n, d.cents FROM denied d "
        "JOIN billed b ON b.payer = d.payer AND b.code = d.code AND b.modifiers = d.modifiers "
        "ORDER BY d.cents DESC, d.n DESC, d.payer, d.code",
        values + values,
    )
    return [PatternRow(p, c, m, r, n, b, dollars(cents)) for p, c, m, r, n, b, cents in rows]


@dataclass(frozen=True)
class ReasonTotal:
    reason: str
    lines: int
    dollars: Decimal


@dataclass(frozen=True)
class PayerRate:
    payer: str
    billed: int
    denied: int
    dollars: Decimal

    @property
    def rate(self) -> Decimal:
        return rate(self.denied, self.billed)


@dataclass(frozen=True)
class Summary:
    period: Period
    remittances: int
    claims: int
    lines: int
    paid: Decimal
    denied_lines: int
    denied_dollars: Decimal
    underpaid_lines: int
    underpaid_dollars: Decimal
    unmatched_claims: int
    reasons: list[ReasonTotal]  # most dollars first
    payers: list[PayerRate]  # highest denial rate first

    @property
    def denial_rate(self) -> Decimal:
        return rate(self.denied_lines, sum(p.billed for p in self.payers))


def summary(conn: sqlite3.Connection, period: Period = EVERYTHING) -> Summary:
    where, values = period.where()
    rwhere, rvalues = period.where("r")
    remittance_count, claim_count, paid, unmatched = conn.execute(
        "SELECT COUNT(DISTINCT r.id), COUNT(c.id), COALESCE(SUM(c.paid_cents), 0), "
        "COALESCE(SUM(c.id IS NOT NULL AND c.matched_claim IS NULL), 0) FROM remittances r "
        f"LEFT JOIN remit_claims c ON c.remittance_id = r.id WHERE {rwhere}",
        rvalues,
    ).fetchone()
    line_count, denied, denied_cents, underpaid, underpaid_cents = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(denied), 0), COALESCE(SUM(denied_cents), 0), "
        "COALESCE(SUM(underpaid_cents > 0), 0), COALESCE(SUM(underpaid_cents), 0) "
        f"FROM remit_lines WHERE {where}",
        values,
    ).fetchone()
    reasons = [
        ReasonTotal(r, n, dollars(c))
        for r, n, c in conn.execute(
            "SELECT denial_reason, COUNT(*), SUM(denied_cents) FROM remit_lines "
            f"WHERE denied AND {where} GROUP BY denial_reason ORDER BY 3 DESC, 2 DESC",
            values,
        )
    ]
    payer_rates = [
        PayerRate(p, b, d, dollars(c))
        for p, b, d, c in conn.execute(
            "SELECT payer, COUNT(*), SUM(denied), SUM(denied_cents) FROM remit_lines "
            f"WHERE counted AND {where} GROUP BY payer",
            values,
        )
    ]
    payer_rates.sort(key=lambda p: (-p.rate, -p.dollars, p.payer))
    return Summary(
        period,
        remittance_count,
        claim_count,
        line_count,
        dollars(paid),
        denied,
        dollars(denied_cents),
        underpaid,
        dollars(underpaid_cents),
        unmatched,
        reasons,
        payer_rates,
    )
