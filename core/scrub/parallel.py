"""Check a worklist on every core: the claims go in chunks (engine.CHUNK) to worker processes,
each holding the worklist index and a reference connection of its own, and the checked claims
come back in worklist order. A rule compares a claim only with the index (the context keeps
nothing else from one claim to the next: core/scrub/context.py), so what comes back is, claim
for claim, what check_worklist gives in one process. docs/scaling.md has the figures.

The command line scrub uses it (`--jobs`); the desktop app checks in one worker thread."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sqlite3
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from decimal import Decimal
from pathlib import Path

from core.claims.checked import CheckedClaim
from core.claims.finding import Finding
from core.claims.model import Claim
from core.db import database_path, open_readonly
from core.remit.history import DenialHistory
from core.workspace.payers import PayerProfile

from .context import ScrubContext
from .engine import (
    CHUNK,
    GC_THRESHOLDS,
    KEEP_CLAIMS,
    WORKLIST_INDEXES,
    BoundedMemo,
    ClaimSource,
    check_chunk,
    indexed_chunks,
)
from .payer import profiles_by_name
from .worklist_index import WorklistIndex

# Below this many claims one process is as quick: starting the workers and their reading of
# the reference data they need cost about what the second core saves (bench_scrub_process:
# 1,000 claims 0.8 s either way, 2,000 claims 1.0 s with 2 workers and 1.5 s in one process).
PROCESSES_FROM = 2_000
AHEAD = 2  # chunks sent ahead per worker: each has its next chunk while one is written out

_worker_context: ScrubContext | None = None
_worker_claims: list[Claim] | None = None


class WorkerFailed(Exception):
    """A worker process ended without finishing (killed, or out of memory)."""


def usable_cpus() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(claims: int, jobs: int | None) -> int:
    """How many worker processes to check `claims` with (0: check in this process): `jobs`,
    or by default one per usable core for a worklist kept in memory (engine.KEEP_CLAIMS).
    Past that size each worker adds ~130 MB at 100,000 claims and ~500 MB at a million (its
    memo of reference rows, and the pages of the index it copies), so a larger worklist is
    checked in one process unless `jobs` asks for more (docs/scaling.md)."""
    default = usable_cpus() if claims <= KEEP_CLAIMS else 1
    wanted = default if jobs is None else jobs
    if wanted <= 1 or claims < PROCESSES_FROM:
        return 0
    return min(wanted, -(-claims // CHUNK))


def check_worklist_in_processes(
    conn: sqlite3.Connection,
    read: ClaimSource,
    index: WorklistIndex,
    as_of: date,
    workers: int,
    payers: Iterable[PayerProfile] = (),
    denial_history: DenialHistory | None = None,
    method: str | None = None,
) -> Iterator[CheckedClaim]:
    """check_worklist's checked claims, in worklist order, checked by `workers` processes,
    each with its own connection to `conn`'s database. `method`: how workers start
    (multiprocessing's start methods); by default "fork" on Linux, "spawn" elsewhere."""
    kept = index.kept
    # fork: the workers share the index, and a worklist kept in memory, as they are in this
    # process's memory (nothing is copied to them); elsewhere (Windows, macOS) each worker is
    # sent the index, and every chunk its claims
    method = method or ("fork" if sys.platform.startswith("linux") else "spawn")
    fork = method == "fork"
    profiles = profiles_by_name(payers)
    # what is built once per worklist is built here and shared, not built again by each
    # worker (building the surgery index walks the whole worklist index, and a worker that
    # walks it copies the pages it reads)
    parent = ScrubContext(conn, as_of, index, profiles, denial_history=denial_history)
    for build in WORKLIST_INDEXES:
        build(parent)
    setup = (
        str(database_path(conn)),
        index,
        parent.indexes,
        kept if fork else None,
        as_of,
        profiles,
        denial_history,
        index.claims > KEEP_CLAIMS,
    )
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=setup,
    )
    pending: deque[tuple[list[Claim], Future[list[_Result]]]] = deque()
    try:
        for start, chunk in indexed_chunks(read, index):
            task = (start, len(chunk)) if fork and kept is not None else (start, chunk)
            pending.append((chunk, pool.submit(_check, *task)))
            if len(pending) > AHEAD * workers:
                yield from _checked(*pending.popleft())
        while pending:
            yield from _checked(*pending.popleft())
    except BrokenProcessPool as exc:  # from submit() or result(), whichever comes first
        raise WorkerFailed(
            "a process checking the claims stopped before it finished (killed, out of "
            "memory, or it could not open the reference database; see the messages "
            "above): check the worklist again, or with --jobs 1"
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# What a worker sends back for a claim: the CheckedClaim without the claim, which the parent
# still holds (sending it back would double what goes between the processes).
_Result = tuple[list[Finding], str, Decimal | None, list[str], dict[int, Decimal | None]]


def _checked(chunk: list[Claim], future: Future[list[_Result]]) -> Iterator[CheckedClaim]:
    for claim, result in zip(chunk, future.result(), strict=True):
        yield CheckedClaim(claim, *result)


def _start_worker(
    db_path: str,
    index: WorklistIndex,
    indexes: dict[str, object],
    kept: list[Claim] | None,
    as_of: date,
    payers: dict[str, PayerProfile],
    denial_history: DenialHistory | None,
    bounded_memo: bool,
) -> None:
    global _worker_context, _worker_claims
    # Ctrl+C is the parent's to handle: it stops the workers as it ends
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(*GC_THRESHOLDS)  # as the parent's (a spawned worker starts with Python's)
    conn = open_readonly(Path(db_path))
    if bounded_memo:
        conn.memo = BoundedMemo()  # type: ignore[attr-defined]
    _worker_context = ScrubContext(
        conn, as_of, index, payers, denial_history=denial_history, indexes=indexes
    )
    _worker_claims = kept


def _check(start: int, chunk: list[Claim] | int) -> list[_Result]:
    """Check the chunk of claims at `start` (given, or the `chunk` kept claims from there)."""
    assert _worker_context is not None, "the worker was not started"
    if isinstance(chunk, int):
        assert _worker_claims is not None
        chunk = _worker_claims[start : start + chunk]
    return [
        (c.findings, c.status, c.expected_amount, c.amount_notes, c.line_amounts)
        for c in check_chunk(_worker_context, start, chunk)
    ]
