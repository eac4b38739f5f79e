"""Match the remittance claims kept unmatched to the worklist again: when the worklist they
answer was opened after the 835 was imported (importing the file again adds nothing, so this is
the way). A claim newly matched takes the worklist claim's payer, ZIP and place of service, and
its lines' expected payments are worked out again, in the same transaction (a cancel leaves every
claim as it was)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable
from datetime import date

from core.claims.model import Claim
from core.db import transaction
from core.jobs import Progress

from .matching import Matcher, Wanted
from .reassess import reassess_within


def rematch(
    ws: sqlite3.Connection,
    ref: sqlite3.Connection,
    worklist: Iterable[Claim],
    progress: Progress | None = None,
    skip_remittances: Collection[int] = (),
) -> tuple[int, int]:
    """(claims matched now, claims still unmatched)."""
    matcher = Matcher(worklist)
    rows = [
        row
        for row in ws.execute(
            "SELECT id, remittance_id, claim_id, patient_id, patient_name, service_date "
            "FROM remit_claims WHERE matched_claim IS NULL ORDER BY id"
        )
        if row[1] not in skip_remittances
    ]
    if not rows or not matcher.claims:
        return 0, len(rows)
    services: dict[int, set[tuple[date | None, str]]] = {}
    for claim_ref, day, code in ws.execute(
        "SELECT l.claim_ref, l.service_date, l.code FROM remit_lines l JOIN remit_claims c "
        "ON c.id = l.claim_ref WHERE c.matched_claim IS NULL"
    ):
        services.setdefault(claim_ref, set()).add((date.fromisoformat(day) if day else None, code))
    matched, still = [], []
    for claim_ref, _, claim_id, patient_id, patient_name, day in rows:
        want = Wanted(
            claim_id,
            frozenset({patient_id.upper(), patient_name.upper()} - {""}),
            frozenset(services.get(claim_ref, ())),
            frozenset({date.fromisoformat(day)} if day else ()),
        )
        found = matcher.match_wanted(want)
        if found.claim is None:
            still.append((found.method, claim_ref))
        else:
            ours = found.claim
            matched.append(
                (ours.claim_id, found.method, ours.payer, ours.service_zip, ours.pos, claim_ref)
            )
    with transaction(ws):  # matched and priced, or (cancelled) neither
        ws.executemany(
            "UPDATE remit_claims SET matched_claim = ?, match_method = ?, "
            "claim_payer = ?, claim_zip = ?, claim_pos = ? WHERE id = ?",
            matched,
        )
        ws.executemany("UPDATE remit_claims SET match_method = ? WHERE id = ?", still)
        if matched:
            reassess_within(ws, ref, claim_refs={row[-1] for row in matched}, progress=progress)
    return len(matched), len(still)
