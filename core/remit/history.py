"""This practice's denial history, for the scrubber's DENIAL-HISTORY rule: the payer x code x
modifier patterns its own remittances show denied at least `min_denials` times at a rate of at
least `min_rate`, each with its top reason and, where a later claim for the same service was
paid, the change that got it paid ("paid after adding 26").

Loaded from the workspace once (`load_denial_history`) and handed to scrub(); the scrub engine
never opens the workspace. Payers are matched by the name the worklist claim gives (the 835's
payer name, or the name on worklist claims the remittances were matched to) or by payer id."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .cents import dollars
from .code_texts import code_words
from .patterns import rate

MIN_DENIALS = 3
MIN_RATE = Decimal(30)  # percent


@dataclass(frozen=True)
class PatternHistory:
    payer: str  # as the 835 names it
    code: str
    modifiers: tuple[str, ...]  # sorted
    billed: int
    denied: int
    dollars: Decimal
    top_reason: str  # CARC
    top_reason_words: str  # category, and X12's text when imported
    top_reason_count: int
    first: date
    last: date
    fix: str  # "paid after adding 26 (2 corrected claims)", or ""

    @property
    def rate(self) -> Decimal:
        return rate(self.denied, self.billed)


def modifier_key(modifiers: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(m.strip().upper() for m in modifiers if m.strip()))


@dataclass
class DenialHistory:
    patterns: dict[tuple[str, str, tuple[str, ...]], PatternHistory] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)  # name or id -> 835 payers
    min_denials: int = MIN_DENIALS
    min_rate: Decimal = MIN_RATE

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def find(
        self, payer_names: Iterable[str], code: str, modifiers: Iterable[str]
    ) -> PatternHistory | None:
        """The pattern a claim line of this payer matches, if its history is bad enough."""
        payers: set[str] = set()
        for name in payer_names:
            key = name.strip().casefold()
            if key:
                payers.add(key)
                payers |= self.aliases.get(key, set())
        found = [
            self.patterns.get((payer, code.strip().upper(), modifier_key(modifiers)))
            for payer in sorted(payers)
        ]
        hits = [p for p in found if p is not None]
        return max(hits, key=lambda p: (p.denied, p.dollars)) if hits else None


def load_denial_history(
    conn: sqlite3.Connection,
    *,
    min_denials: int = MIN_DENIALS,
    min_rate: Decimal = MIN_RATE,
    since: date | None = None,
) -> DenialHistory:
    start = since.isoformat() if since else ""
    history = DenialHistory(min_denials=min_denials, min_rate=min_rate, aliases=_aliases(conn))
    rows = conn.execute(
        "SELECT payer, code, modifiers, COUNT(*), SUM(denied), SUM(denied_cents), "
        "MIN(CASE WHEN denied THEN paid_on END), MAX(CASE WHEN denied THEN paid_on END) "
        "FROM remit_lines WHERE counted AND paid_on >= ? GROUP BY payer, code, modifiers "
        "HAVING SUM(denied) >= ?",
        (start, min_denials),
    ).fetchall()
    words = code_words(conn)
    for payer, code, modifiers, billed, denied, cents, first, last in rows:
        if rate(denied, billed) < min_rate:
            continue
        reason, count = _top_reason(conn, payer, code, modifiers, start)
        mods = tuple(modifiers.split())
        history.patterns[(payer.casefold(), code, mods)] = PatternHistory(
            payer,
            code,
            mods,
            billed,
            denied,
            dollars(cents),
            reason,
            words.reason(reason) if reason else "no reason code given",
            count,
            date.fromisoformat(first),
            date.fromisoformat(last),
            _fix(conn, payer, code, modifiers, first),
        )
    return history


def _aliases(conn: sqlite3.Connection) -> dict[str, set[str]]:
    aliases: dict[str, set[str]] = {}
    for claim_payer, payer_name, payer_id in conn.execute(
        "SELECT DISTINCT c.claim_payer, r.payer_name, r.payer_id FROM remit_claims c "
        "JOIN remittances r ON r.id = c.remittance_id"
    ):
        for name in (claim_payer, payer_id):
            if name and name.strip():
                aliases.setdefault(name.strip().casefold(), set()).add(payer_name.casefold())
    return aliases


def _top_reason(
    conn: sqlite3.Connection, payer: str, code: str, modifiers: str, start: str
) -> tuple[str, int]:
    row = conn.execute(
        "SELECT denial_reason, COUNT(*) FROM remit_lines WHERE denied AND payer = ? AND "
        "code = ? AND modifiers = ? AND paid_on >= ? GROUP BY denial_reason "
        "ORDER BY 2 DESC, SUM(denied_cents) DESC LIMIT 1",
        (payer, code, modifiers, start),
    ).fetchone()
    return (row[0], row[1]) if row else ("", 0)


def _fix(conn: sqlite3.Connection, payer: str, code: str, modifiers: str, first_denial: str) -> str:
    """What got the same service paid later: first a corrected claim (same patient, day and
    code paid after the denial), else the modifiers this payer paid the code with since."""
    corrected = dict(
        conn.execute(
            "SELECT p.modifiers, COUNT(DISTINCT d.id) FROM remit_lines d "
            "JOIN remit_claims dc ON dc.id = d.claim_ref "
            "JOIN remit_lines p ON p.code = d.code AND p.service_date = d.service_date "
            "AND p.payer = d.payer AND p.paid_cents > 0 AND p.counted "
            "AND (p.paid_on > d.paid_on OR (p.paid_on = d.paid_on AND p.id > d.id)) "
            "JOIN remit_claims pc ON pc.id = p.claim_ref AND pc.patient_id = dc.patient_id "
            "WHERE d.denied AND d.payer = ? AND d.code = ? AND d.modifiers = ? "
            "GROUP BY p.modifiers",
            (payer, code, modifiers),
        ).fetchall()
    )
    if corrected:
        paid_with, count = max(corrected.items(), key=lambda item: (item[1], item[0]))
        plural = "s" if count > 1 else ""
        return f"{_change(modifiers, paid_with)} ({count} corrected claim{plural})"
    row = conn.execute(
        "SELECT modifiers, COUNT(*) FROM remit_lines WHERE payer = ? AND code = ? AND "
        "modifiers != ? AND paid_cents > 0 AND counted AND paid_on >= ? GROUP BY modifiers "
        "ORDER BY 2 DESC LIMIT 1",
        (payer, code, modifiers, first_denial),
    ).fetchone()
    if row is None:
        return ""
    return (
        f"{_change(modifiers, row[0])} on other claims ({row[1]} paid line"
        f"{'s' if row[1] > 1 else ''})"
    )


def _change(denied: str, paid: str) -> str:
    before, after = set(denied.split()), set(paid.split())
    added, removed = sorted(after - before), sorted(before - after)
    if not added and not removed:
        return (
            "paid when billed again unchanged (the fix was not in the code or modifiers: "
            "check the diagnosis, documentation or authorization)"
        )
    parts = []
    if added:
        parts.append(f"adding {' and '.join(added)}")
    if removed:
        parts.append(f"removing {' and '.join(removed)}")
    return "paid after " + " and ".join(parts)
