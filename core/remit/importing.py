"""Import 835 files into the workspace: read each remittance, match its claims to the worklist,
judge denials and underpayments, and store it, one transaction per remittance.

Idempotent: a remittance is known by its payer and trace number (TRN03, TRN02) and what it
says, so importing the same file again stores nothing. A complete copy replaces an incomplete
(truncated) one of the same trace; an incomplete one never replaces a complete one. Two different
remittances under one trace number are both kept, with a notice (a trace should name one payment).

Problems (what could not be read, amounts that do not add up, earlier copies) name the file and
the segment; what was read well is stored regardless, and nothing stored before is touched
except an incomplete copy being completed. Cancelling stops between two remittances: what was
stored stays stored, and the result says so."""

from __future__ import annotations

import gc
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from core.claims.model import Claim
from core.claims_io.problems import Problem
from core.db import transaction
from core.jobs import Cancelled, Progress, no_progress
from core.words import decimal_text
from core.workspace.payers import list_payers

from . import store
from .assessed import AssessedClaim, adjustment_dicts, assess, claim_dict
from .balance import balance_notices
from .contracts import load_contracts
from .expected import Expecter
from .matching import Matcher
from .model import RemitClaim, Remittance
from .x12_835 import iter_835

STORED, ALREADY, REPLACED, NOT_STORED = "stored", "already imported", "replaced", "not stored"
CHUNK = 2000
_SUFFIXES = {".835", ".txt", ".dat", ".edi", ".x12", ".era", ".rmt", ""}


@dataclass
class ImportedRemittance:
    remittance: Remittance  # without its claims when they were not kept
    outcome: str  # stored | already imported | replaced | not stored
    remittance_id: int | None
    claims: list[AssessedClaim]  # empty when not kept (keep_claims=False)
    claim_count: int = 0
    line_count: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    unmatched: int = 0  # claims matched to no worklist claim

    def to_dict(self) -> dict[str, object]:
        r = self.remittance
        return {
            "trace": r.trace_number,
            "payer": r.payer_name,
            "payer_id": r.payer_id,
            "paid": decimal_text(r.payment_amount),
            "payment_date": r.payment_date.isoformat() if r.payment_date else None,
            "file": r.file,
            "outcome": self.outcome,
            "complete": r.complete,
            "claims": [claim_dict(c) for c in self.claims],
            "provider_adjustments": [
                {
                    "reason": p.reason,
                    "identifier": p.identifier,
                    "amount": str(p.amount),
                    "segment": p.segment,
                }
                for p in r.provider_adjustments
            ],
        }


@dataclass
class ImportResult:
    remittances: list[ImportedRemittance] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    cancelled: bool = False
    rematched: int = 0  # earlier unmatched claims matched now (rematch.py)

    @property
    def stored(self) -> list[ImportedRemittance]:
        return [r for r in self.remittances if r.outcome in (STORED, REPLACED)]

    def claim_count(self, outcome: tuple[str, ...] = (STORED, REPLACED)) -> int:
        return sum(r.claim_count for r in self.remittances if r.outcome in outcome)

    def unmatched(self) -> list[AssessedClaim]:
        return [c for r in self.stored for c in r.claims if not c.match.matched]

    def to_dict(self) -> dict[str, object]:
        return {
            "remittances": [r.to_dict() for r in self.remittances],
            "problems": [p.to_dict() for p in self.problems],
            "files_read": self.files_read,
            "cancelled": self.cancelled,
        }

    def summary(self) -> str:
        stored = self.stored
        lines = sum(r.line_count for r in stored)
        said = [
            f"stored {_count(len(stored), 'remittance')}, "
            f"{_count(self.claim_count(), 'claim')}, {_count(lines, 'line')} from "
            f"{_count(len(self.files_read), 'file')}"
        ]
        again = [r for r in self.remittances if r.outcome == ALREADY]
        if again:
            said.append(f"{len(again)} already imported (nothing added)")
        unmatched = sum(r.unmatched for r in stored)
        if unmatched:
            said.append(f"{_count(unmatched, 'claim')} not matched to the worklist")
        if self.rematched:
            said.append(f"{_count(self.rematched, 'claim')} of earlier remittances matched now")
        if self.cancelled:
            said.append("cancelled: the remittances listed were stored, the rest not read")
        return "; ".join(said)


def _count(number: int, what: str) -> str:
    return f"{number:,} {what}{'' if number == 1 else 's'}"


def expand(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Files as given; a folder gives its files that may be 835s (by suffix), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = [
                p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith(".")
            ]
            found.extend(p for p in inside if p.suffix.lower() in _SUFFIXES)
            skipped = [p.name for p in inside if p.suffix.lower() not in _SUFFIXES]
            if skipped:
                problems.append(
                    Problem(
                        path.name,
                        f"skipped {len(skipped)} file(s) that are "
                        f"not 835 remittances by their name: "
                        f"{', '.join(skipped[:5])}; give a file by name to "
                        "read it anyway",
                        kind="segment",
                    )
                )
        elif path.exists():
            found.append(path)
        else:
            problems.append(
                Problem(path.name, f"{path} does not exist: check the name", kind="segment")
            )
    return found


def import_remittances(
    ws: sqlite3.Connection,
    ref: sqlite3.Connection,
    paths: Sequence[Path],
    worklist: Iterable[Claim] = (),
    progress: Progress | None = None,
    keep_claims: bool = True,
    today: date | None = None,
) -> ImportResult:
    result = ImportResult()
    files = expand(paths, result.problems)
    matcher = Matcher(worklist)
    expecter = Expecter(ref, list_payers(ws), load_contracts(ws))
    report = progress or no_progress
    now = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with _no_cycle_collection():
            _import_files(
                ws,
                files,
                result,
                matcher,
                expecter,
                report,
                now,
                today or date.today(),
                keep_claims,
            )
        report("Import finished", 1.0)
    except (KeyboardInterrupt, Cancelled):
        result.cancelled = True
    return result


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A remittance is hundreds of thousands of small objects and none of them form cycles:
    the cyclic garbage collector would walk them all again and again while they are read and
    judged (a quarter of the import's time). Reference counting frees them as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_files(
    ws: sqlite3.Connection,
    files: list[Path],
    result: ImportResult,
    matcher: Matcher,
    expecter: Expecter,
    report: Progress,
    now: str,
    today: date,
    keep_claims: bool,
) -> None:
    for number, path in enumerate(files):
        report(f"Reading {path.name}", number / max(len(files), 1))
        problems: list[Problem] = []
        read_any = False
        try:
            for remittance in iter_835(path, problems):
                read_any = True
                tick = partial(_tick, report, path.name, number, len(files), len(remittance.claims))
                tick(0)
                problems.extend(balance_notices([remittance]))
                result.remittances.append(
                    _import_one(
                        ws, remittance, matcher, expecter, now, today, problems, keep_claims, tick
                    )
                )
                del remittance
        finally:
            problems.sort(key=lambda p: (p.row is not None, p.row or 0))
            result.problems.extend(problems)
        if read_any:
            result.files_read.append(path.name)


def _tick(report: Progress, name: str, number: int, files: int, total: int, stored: int) -> None:
    stored = min(stored, total)
    report(
        f"Storing the claims of {name}: {stored:,} of {total:,}",
        (number + 0.5 + 0.5 * stored / max(total, 1)) / files,
    )


def _import_one(
    ws: sqlite3.Connection,
    remittance: Remittance,
    matcher: Matcher,
    expecter: Expecter,
    now: str,
    today: date,
    problems: list[Problem],
    keep_claims: bool,
    tick: Callable[[int], None],
) -> ImportedRemittance:
    """Claims are judged and stored CHUNK at a time, so a 100,000-claim remittance never has
    every judged claim and row in memory at once; `tick` (progress) may cancel between two
    chunks, which rolls the whole remittance back."""
    digest = store.fingerprint(remittance)
    key = store.payer_key(remittance)
    paid_on = remittance.payment_date or remittance.production_date or today
    done = ImportedRemittance(
        remittance if keep_claims else replace(remittance, claims=()),
        NOT_STORED,
        None,
        [],
        len(remittance.claims),
        sum(len(c.lines) for c in remittance.claims),
    )
    statuses: Counter[str] = Counter()

    def judged(chunk: Sequence[RemitClaim]) -> list[AssessedClaim]:
        found = [assess(remittance, c, matcher.match(c), expecter) for c in chunk]
        statuses.update(c.status for c in found)
        done.unmatched += sum(1 for c in found if not c.match.matched)
        if keep_claims:
            done.claims.extend(found)
        return found

    with transaction(ws):
        earlier = store.earlier_copies(ws, key, remittance.trace_number)
        done.outcome, replaced = _decide(remittance, digest, earlier, problems)
        if done.outcome in (STORED, REPLACED):
            for old in replaced:
                store.delete_remittance(ws, old.id)
            done.remittance_id = store.insert_remittance(ws, remittance, paid_on, now, digest)
            for start in range(0, len(remittance.claims), CHUNK):
                store.insert_claims(
                    ws,
                    done.remittance_id,
                    remittance,
                    paid_on,
                    judged(remittance.claims[start : start + CHUNK]),
                )
                tick(start + CHUNK)
    if done.outcome not in (STORED, REPLACED) and keep_claims:
        judged(remittance.claims)
    done.statuses = dict(statuses)
    return done


def _decide(
    remittance: Remittance, digest: str, earlier: list[store.Earlier], problems: list[Problem]
) -> tuple[str, list[store.Earlier]]:
    """stored, already imported, replaced (with the incomplete copies it replaces) or not
    stored; notices say why."""
    r = remittance
    where = f"trace {r.trace_number} of {r.payer_name or 'the payer'}"

    def notice(message: str) -> None:
        problems.append(Problem(r.file, message, row=r.segment, column="TRN02", kind="segment"))

    same = [e for e in earlier if e.fingerprint == digest]
    if same:
        return ALREADY, []
    incomplete = [e for e in earlier if not e.complete]
    complete = [e for e in earlier if e.complete]
    if not r.complete and complete:
        notice(
            f"{where} was imported complete from {complete[0].file}: this cut-short copy "
            "is not stored"
        )
        return NOT_STORED, []
    if incomplete and (r.complete or len(r.claims) > max(e.claims for e in incomplete)):
        notice(
            f"{where}: replaces the incomplete copy imported from {incomplete[0].file} on "
            f"{incomplete[0].imported_at[:10]}"
        )
        return REPLACED, incomplete
    if incomplete:
        notice(
            f"{where}: an incomplete copy with as many claims was imported from "
            f"{incomplete[0].file}: this one is not stored; get the complete file"
        )
        return NOT_STORED, []
    if complete:
        notice(
            f"{where} was imported before from {complete[0].file} with other claims or "
            "amounts: both are kept. A trace number should name one payment: check with "
            "the payer that this is not the same payment sent twice"
        )
    return STORED, []


__all__ = ["ImportResult", "ImportedRemittance", "adjustment_dicts", "expand", "import_remittances"]
