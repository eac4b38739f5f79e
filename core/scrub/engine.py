"""Run every rule over a worklist: `scrub` returns the checked claims in order, reporting
progress (core.jobs) after each claim; raising Cancelled from it stops the scrub.

Streaming (`scrub_stream`, or `index_worklist` then `check_worklist`): the worklist is read
once into its index (core/scrub/worklist_index.py: what the cross-claim rules compare), then
read again and each claim is priced, checked and handed out in worklist order; the claims are
not held. `scrub` is the same over a list (the desktop app shows every result)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from itertools import islice

from core.claims.checked import CheckedClaim
from core.claims.finding import SEVERITIES, Finding, status_of
from core.claims.model import MINUTES, Claim, ServiceLine
from core.claims_io.stream import ReadAgain
from core.fees import FeeError, LineRequest, price_encounter
from core.fees.data import zip_locality
from core.fees.encounter import OTHER_PFS_SERVICES
from core.jobs import Progress, no_progress, share
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
from .worklist_index import LineRef, WorklistIndex

Rule = Callable[[ScrubContext, Claim], Iterable[Finding]]

RULE_FAMILIES: tuple[Rule, ...] = (
    rules_codes.check,
    rules_diagnoses.check,
    rules_lines.check,
    rules_modifiers.check,
    rules_global.check,
    rules_addon.check,
    rules_ncci_mue.check,
    rules_setting.check,
    rules_denial_history.check,
)
INDEX_SHARE = 0.1  # of the progress bar: reading the worklist into its index
PROGRESS_EVERY = 1000
KEEP_CLAIMS = 20_000  # a worklist up to this many claims is read once (index_worklist)
CHUNK = 256  # claims read ahead, whose reference data is read in a few queries
MEMO_ENTRIES = 100_000  # reference rows a command line scrub remembers (BoundedMemo), ~60 MB
# The garbage collector's thresholds for a command line scrub (gc.set_threshold): a scrub makes
# millions of small objects and almost no reference cycles, and with Python's defaults (700,
# 10, 10) the collector took 0.7 s of a 10,000-claim scrub (bench/bench_scrub_process.py),
# 0.25 s with these; its peak memory grew by 5 MB.
GC_THRESHOLDS = (100_000, 50, 1000)
# what the rule families read ahead for the next CHUNK claims (fewer, larger queries)
PREFETCH: tuple[Callable[[ScrubContext, Sequence[Claim]], None], ...] = (
    rules_codes.prefetch,
    rules_diagnoses.prefetch,
    rules_ncci_mue.prefetch,
)


# what the rule families build once per worklist (kept in ctx.indexes) at their first claim;
# core/scrub/parallel.py builds them before starting its workers, which share them
WORKLIST_INDEXES: tuple[Callable[[ScrubContext], object], ...] = (rules_global.index,)

ClaimSource = Callable[[], Iterable[Claim]]


def scrub(
    conn: sqlite3.Connection,
    claims: Iterable[Claim],
    as_of: date,
    payers: Iterable[PayerProfile] = (),
    progress: Progress | None = None,
    denial_history: DenialHistory | None = None,
) -> list[CheckedClaim]:
    """Check every claim; progress (core.jobs) after each claim, raising Cancelled from it
    stops the scrub. `payers`: the user's payer profiles (their type and filing limit);
    `denial_history` (core.remit.history.load_denial_history) turns on DENIAL-HISTORY. The
    caller reads both from the workspace: the engine never opens it."""
    worklist = tuple(claims)
    return list(
        scrub_stream(
            conn, lambda: worklist, as_of, payers, progress, denial_history, total=len(worklist)
        )
    )


def scrub_stream(
    conn: sqlite3.Connection,
    read: ClaimSource,
    as_of: date,
    payers: Iterable[PayerProfile] = (),
    progress: Progress | None = None,
    denial_history: DenialHistory | None = None,
    total: int | None = None,
) -> Iterator[CheckedClaim]:
    """The checked claims one by one, in worklist order, holding only the worklist index.

    `read()` gives the worklist's claims, the same each time it is called: once to index the
    lines the cross-claim rules compare (core/scrub/worklist_index.py), then again to check
    each claim against that index (index_worklist, check_worklist). Progress (with `total`,
    the number of claims, when known) as in scrub()."""
    report = progress or no_progress
    index = index_worklist(read, share(report, 0.0, INDEX_SHARE), total, keep=0)
    yield from check_worklist(
        conn, read, index, as_of, payers, share(report, INDEX_SHARE, 1.0), denial_history
    )


def index_worklist(
    read: ClaimSource,
    progress: Progress | None = None,
    total: int | None = None,
    keep: int = KEEP_CLAIMS,
) -> WorklistIndex:
    """Read the worklist once into its index (core/scrub/worklist_index.py). Up to `keep` claims
    are kept as read, so a worklist that small is read once (check_worklist uses them); past
    that they are let go and the check reads the worklist again. A reader that raises
    ReadAgain (a file to read another way) is read again from the start."""
    report = progress or no_progress
    while True:
        index = WorklistIndex()
        kept: list[Claim] | None = [] if keep else None
        try:
            for claim in read():
                index.add(claim)
                if kept is not None:
                    kept.append(claim)
                    if len(kept) > keep:
                        kept = None
                if total and index.claims % PROGRESS_EVERY == 0:
                    report(f"Indexed {index.claims} of {total} claims", index.claims / total)
        except ReadAgain:
            continue
        index.kept = kept
        report(f"Indexed {index.claims} claims", 1.0)
        return index


def check_worklist(
    conn: sqlite3.Connection,
    read: ClaimSource,
    index: WorklistIndex,
    as_of: date,
    payers: Iterable[PayerProfile] = (),
    progress: Progress | None = None,
    denial_history: DenialHistory | None = None,
) -> Iterator[CheckedClaim]:
    """Check each claim of the worklist against its index, in worklist order."""
    report = progress or no_progress
    ctx = ScrubContext(conn, as_of, index, profiles_by_name(payers), denial_history=denial_history)
    count = index.claims
    for start, chunk in indexed_chunks(read, index):
        for done, item in enumerate(check_chunk(ctx, start, chunk), start + 1):
            yield item
            report(f"Scrubbed {done} of {count} claims", done / count)


def indexed_chunks(read: ClaimSource, index: WorklistIndex) -> Iterator[tuple[int, list[Claim]]]:
    """The indexed worklist a chunk at a time, with the position of each chunk's first claim:
    the claims the index kept in memory, or else the worklist read again. WorklistChanged when
    it no longer holds the claims the index counted."""
    claims = index.kept if index.kept is not None else read()
    index.kept = None
    start = 0
    for chunk in chunks(claims, CHUNK):
        if start + len(chunk) > index.claims:
            raise WorklistChanged(index.claims)
        yield start, chunk
        start += len(chunk)
    if start != index.claims:
        raise WorklistChanged(index.claims)


def check_chunk(ctx: ScrubContext, start: int, chunk: Sequence[Claim]) -> Iterator[CheckedClaim]:
    """Check the claims at positions start, start + 1, ... of the worklist, after reading
    ahead the reference data they need (PREFETCH)."""
    ctx.per_chunk.clear()
    for prefetch in PREFETCH:
        prefetch(ctx, chunk)
    for ordinal, claim in enumerate(chunk, start):
        ctx.begin(ordinal)
        yield check_claim(ctx, claim)


def chunks(claims: Iterable[Claim], size: int) -> Iterator[list[Claim]]:
    chunk: list[Claim] = []
    for claim in claims:
        chunk.append(claim)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class BoundedMemo(dict[Hashable, object]):
    """A memo for a reference connection (core.db.memoized) that forgets its older half once it
    holds `limit` entries: what it holds is only remembered, never needed, so a scrub of
    millions of claims keeps what it remembers of the reference data (codes, their rows,
    statuses) to a fixed size instead of every code it met. The command line scrub sets it on
    a large worklist (`conn.memo = BoundedMemo()`); the desktop app keeps its plain memo."""

    def __init__(self, limit: int = MEMO_ENTRIES) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: Hashable, value: object) -> None:
        if len(self) >= self.limit:
            for old in list(islice(self, max(self.limit // 2, 1))):
                del self[old]
        super().__setitem__(key, value)


class WorklistChanged(Exception):
    """The claims read the second time are not the ones indexed (a file changed meanwhile)."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"the worklist changed while it was being checked (it had {count} "
            "claims when the check started): check it again"
        )


def check_claim(ctx: ScrubContext, claim: Claim) -> CheckedClaim:
    """Price the claim's lines (rules use each line's amount at stake), then run every rule."""
    amount, amount_notes = _price(ctx, claim)
    findings = [f for family in RULE_FAMILIES for f in family(ctx, claim)]
    findings.sort(key=lambda f: (SEVERITIES.index(f.severity), f.line if f.line is not None else 0))
    return CheckedClaim(
        claim, findings, status_of(findings), amount, amount_notes, ctx.line_amounts
    )


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
        notes.append(
            "no ZIP5 file is loaded: national amounts (all GPCIs 1.000); import CMS's "
            "ZIP5 file for local amounts"
        )
    else:
        notes.append("no service ZIP on the claim: national amounts (all GPCIs 1.000)")
    priced_lines = [line for line in claim.lines if _service_units(line) is not None]
    requests = [
        LineRequest(
            code=line.code,
            modifiers=line.modifiers,
            units=_service_units(line) or 1,
            zip_code=zip_code,
            pos=claim.line_pos(line) or None,
            date_of_service=line.dos,
            provider=claim.line_rendering_npi(line),
        )
        for line in priced_lines
    ]
    amounts: dict[int, Decimal | None] = {line.number: None for line in claim.lines}
    try:
        encounter = price_encounter(ctx.conn, requests)
    except FeeError as exc:  # e.g. an unknown place of service: price without it
        notes.append(str(exc))
        return None, notes
    ctx.priced(zip_code)
    for line, price in zip(priced_lines, encounter.lines, strict=True):
        amounts[line.number] = price.amount
        if price.professional_amount is not None:
            ctx.professional[line.number] = price.professional_amount
        if price.amount is None:
            notes.append(f"line {line.number} {line.code}: no amount ({price.explanation})")
        notes += [f"line {line.number} {line.code}: {note}" for note in price.encounter_notes]
        if price.status == "T" and price.amount:
            other = _pfs_service_on_another_claim(ctx, claim, line)
            if other is not None:
                amounts[line.number] = Decimal("0.00")
                notes.append(
                    f"line {line.number} {line.code}: bundled: status T with "
                    f"{other.code} billed the same day by the same provider on "
                    f"claim {other.claim_id} is paid $0"
                )
    ctx.line_amounts = amounts
    known = [a for a in amounts.values() if a is not None]
    return (sum(known, Decimal(0)) if known else None), notes


def _pfs_service_on_another_claim(
    ctx: ScrubContext, claim: Claim, line: ServiceLine
) -> LineRef | None:
    """A fee schedule service (status A, C, J, R) of the same patient, provider and day on
    another claim: status T is bundled into it (RVU read-me, Attachment A). The same claim's
    lines are priced together by price_encounter."""
    for other in ctx.lines_on(*day_key(claim, line)):
        if ctx.is_current(other):
            continue
        release = ctx.release("pfs", other.dos)
        row = rvu_row(ctx.conn, release.name, other.code) if release else None
        if row is not None and row["status"] in OTHER_PFS_SERVICES:
            return other
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
