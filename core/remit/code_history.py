"""This practice's history for one code, from its own remittances: the billing tips of the code's
detail page. Times billed, paid and denied, the top denial reasons in words, and the average
paid against the average expected (over the paid lines whose expected payment could be worked
out). `describe()` gives the lines to show."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..words import plural
from .code_texts import code_words
from .patterns import rate

TOP_REASONS = 3
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    words: str
    lines: int
    dollars: Decimal


@dataclass(frozen=True)
class ModifierCount:
    modifiers: str
    billed: int
    denied: int


@dataclass(frozen=True)
class CodeHistory:
    code: str
    billed: int
    paid: int
    denied: int
    first: date | None
    last: date | None
    average_paid: Decimal | None  # over paid lines
    average_expected: Decimal | None  # over paid lines with an expected payment
    average_paid_compared: Decimal | None  # the paid average over those same lines
    compared: int
    top_reasons: list[ReasonCount] = field(default_factory=list)
    by_modifiers: list[ModifierCount] = field(default_factory=list)

    @property
    def denial_rate(self) -> Decimal:
        return rate(self.denied, self.billed)

    def describe(self) -> list[str]:
        if not self.billed:
            return [f"{self.code} is not on any remittance you imported yet."]
        assert self.first and self.last
        said = [
            f"Billed {self.billed} times on remittances paid {self.first:%m/%d/%Y} to "
            f"{self.last:%m/%d/%Y}: {self.paid} paid, {self.denied} denied "
            f"({self.denial_rate}%)."
        ]
        if self.top_reasons:
            said.append(
                "Top denial reasons: "
                + "; ".join(
                    f"CARC {r.words} ({r.lines}x, ${r.dollars:,.2f})" for r in self.top_reasons
                )
            )
        if self.average_paid is not None:
            line = f"Average paid ${self.average_paid:,.2f} a line"
            if self.average_expected is not None and self.average_paid_compared is not None:
                line += (
                    f"; where the expected payment is known "
                    f"({plural(self.compared, 'line')}): "
                    f"paid ${self.average_paid_compared:,.2f} against "
                    f"${self.average_expected:,.2f} expected"
                )
            said.append(line + ".")
        if len(self.by_modifiers) > 1:
            said.append(
                "By modifiers: "
                + "; ".join(
                    f"{m.modifiers or 'none'} {m.denied} of {m.billed} denied"
                    for m in self.by_modifiers
                )
            )
        return said


def _average(cents: int | None, count: int) -> Decimal | None:
    if not count or cents is None:
        return None
    return (Decimal(cents) / 100 / count).quantize(CENT, ROUND_HALF_UP)


def code_history(conn: sqlite3.Connection, code: str, payer: str | None = None) -> CodeHistory:
    """`payer`: only that payer's remittances (its 835 name)."""
    code = code.strip().upper()
    where, values = "code = ? AND counted", [code]
    if payer:
        where += " AND payer = ?"
        values.append(payer)
    billed, paid, denied, first, last, paid_cents = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(paid_cents > 0), 0), COALESCE(SUM(denied), 0), "
        "MIN(paid_on), MAX(paid_on), SUM(CASE WHEN paid_cents > 0 THEN paid_cents END) "
        f"FROM remit_lines WHERE {where}",
        values,
    ).fetchone()
    compared, compared_paid, compared_expected = conn.execute(
        "SELECT COUNT(*), SUM(paid_cents), SUM(expected_cents) FROM remit_lines "
        f"WHERE {where} AND paid_cents > 0 AND expected_cents IS NOT NULL",
        values,
    ).fetchone()
    words = code_words(conn)
    reasons = [
        ReasonCount(r, words.carc(r) if r else "none given", n, Decimal(c) / 100)
        for r, n, c in conn.execute(
            "SELECT denial_reason, COUNT(*), SUM(denied_cents) FROM remit_lines "
            f"WHERE {where} AND denied GROUP BY denial_reason ORDER BY 2 DESC, 3 DESC LIMIT ?",
            [*values, TOP_REASONS],
        )
    ]
    modifiers = [
        ModifierCount(m, b, d)
        for m, b, d in conn.execute(
            "SELECT modifiers, COUNT(*), SUM(denied) FROM remit_lines "
            f"WHERE {where} GROUP BY modifiers ORDER BY 2 DESC",
            values,
        )
    ]
    return CodeHistory(
        code,
        billed,
        paid,
        denied,
        date.fromisoformat(first) if first else None,
        date.fromisoformat(last) if last else None,
        _average(paid_cents, paid),
        _average(compared_expected, compared),
        _average(compared_paid, compared),
        compared,
        reasons,
        modifiers,
    )
