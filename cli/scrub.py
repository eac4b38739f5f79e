"""`scrub`: load worklists and 837P files, run every scrub rule, print each claim's status,
expected Medicare allowed amount and findings. Exit 0 when it ran (even with findings), 2 on
bad usage or when no claim could be loaded. `-o OUT.xlsx` also writes the checked claims as a
workbook (Summary, Claims, Lines, Findings).

The worklist streams through: it is read once into the index the cross-claim rules need, then
each claim is read again, checked, printed (text, --json, --jsonl) and written to the workbook,
and let go (core/scrub/engine.py; docs/scaling.md)."""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .common import UsageError, add_worklist_inputs, day, open_reference, set_handler

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from core.claims.checked import CheckedClaim
    from core.claims_io.problems import Problem
    from core.remit.history import DenialHistory
    from core.workspace.payers import PayerProfile

    from .scrub_output import ScrubReport


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "scrub",
        help="check claims (.xlsx, .csv worklists, X12 837P) before they are sent",
        description="Run every scrub rule (codes, diagnoses, pointers, modifiers, NCCI, MUE, "
        "global surgery, dates, NPI, place of service, patient) over the claims of "
        "the given files, across the whole worklist. Exit status 0 when the check "
        "ran, even with findings; 2 on bad usage or when no claim could be read.",
    )
    add_worklist_inputs(parser)
    parser.add_argument(
        "--as-of",
        type=day,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the check is made (default today): drives timely filing "
        "and future dates of service",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="OUT.xlsx",
        help="also write the checked claims to an Excel workbook: Summary, "
        "Claims, Lines (loads again as a worklist) and Findings sheets",
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="leave out DENIAL-HISTORY (warnings from your own remittances)",
    )
    set_handler(parser, cmd_scrub, db=True, json=True)
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="print JSON lines: the input's problems, then one line per checked "
        "claim as it is checked, then a summary (for large worklists and "
        "pipelines; --json prints one document)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="check with N processes (1: in this process only). By default a worklist of "
        "2,000 to 20,000 claims is checked with one process per core, and the others in "
        "one process: past 20,000 claims each process adds memory (about 130 MB at "
        "100,000 claims), so give --jobs to use more cores on a larger worklist",
    )


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= 64:
        raise argparse.ArgumentTypeError(f"'{text}': give a number of processes from 1 to 64")
    return jobs


def cmd_scrub(args: argparse.Namespace) -> int:
    from core.claims_io.checked_workbook import EXCEL_ROWS
    from core.claims_io.stream import InputChanged, WorklistStream
    from core.refdata.coverage import release_summary
    from core.scrub.engine import (
        GC_THRESHOLDS,
        KEEP_CLAIMS,
        BoundedMemo,
        WorklistChanged,
        check_worklist,
        index_worklist,
    )
    from core.scrub.parallel import WorkerFailed, check_worklist_in_processes, worker_count

    if args.output is not None and args.output.suffix.lower() != ".xlsx":
        raise UsageError(
            f"-o {args.output}: the checked claims are written as an Excel workbook; name it .xlsx"
        )
    if args.json and args.jsonl:
        raise UsageError("--json and --jsonl: choose one")
    gc.set_threshold(*GC_THRESHOLDS)
    stream = WorklistStream(args.inputs)
    try:
        index = index_worklist(stream)
    except InputChanged as exc:
        raise UsageError(str(exc)) from exc
    # The index and the reference data remembered so far live until the command ends: out of
    # the garbage collector's way, it no longer walks them again and again (~10% of the time).
    gc.freeze()
    if not index.claims:
        reasons = "; ".join(str(p) for p in stream.problems) or "the files hold no claims"
        raise UsageError(f"no claims could be loaded ({reasons})")
    if args.output is not None and index.lines >= EXCEL_ROWS:
        raise UsageError(
            f"-o {args.output}: {index.lines:,} service lines do not fit in an "
            f"Excel sheet ({EXCEL_ROWS - 1:,} rows): use --jsonl for a worklist "
            "this large, or split it"
        )
    as_of = args.as_of or date.today()
    payers = _payer_profiles()
    history = None if args.no_history else _denial_history()
    conn = open_reference(args)
    if hasattr(conn, "memo") and index.claims > KEEP_CLAIMS:
        conn.memo = BoundedMemo()  # a small worklist remembers every code it meets
    workers = worker_count(index.claims, args.jobs)
    try:
        releases = release_summary(conn)
        if workers:
            checked = check_worklist_in_processes(
                conn, stream, index, as_of, workers, payers, history
            )
        else:
            checked = check_worklist(conn, stream, index, as_of, payers, denial_history=history)
        report = _report(args, as_of, index.claims, stream.problems)
        if args.output is not None:
            checked = _also_to_workbook(args.output, checked, releases)
        for item in checked:
            report.claim(item)
        report.end()
    except (InputChanged, WorklistChanged, WorkerFailed) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        conn.close()
    return 0


def _report(
    args: argparse.Namespace, as_of: date, count: int, problems: list[Problem]
) -> ScrubReport:
    from .scrub_output import JsonLinesReport, JsonReport, TextReport

    workbook = None if args.output is None else str(args.output)
    if args.json:
        return JsonReport(sys.stdout, as_of, workbook, problems)
    if args.jsonl:
        return JsonLinesReport(sys.stdout, as_of, workbook, problems)
    return TextReport(sys.stdout, as_of, count, workbook, problems)


def _also_to_workbook(
    path: Path, checked: Iterable[CheckedClaim], releases: str
) -> Iterator[CheckedClaim]:
    """The checked claims, written to the workbook as they pass (it is finished, then renamed
    into place, after the last one)."""
    from core.claims_io.checked_workbook import CheckedWorkbook
    from core.tabular import ExportError

    try:
        with CheckedWorkbook(path, releases, datetime.now()) as book:
            for item in checked:
                book.add(item)
                yield item
    except ExportError as exc:
        raise UsageError(str(exc)) from exc


def _from_workspace(read: Callable[[sqlite3.Connection], T], fallback: T, lost: str) -> T:
    """What the scrub needs from the user's workspace; `fallback` (and a line on stderr saying
    what the scrub goes without) when the workspace cannot be read: the scrub still runs."""
    from core.workspace import open_workspace

    try:
        with closing(open_workspace()) as workspace:
            return read(workspace)
    except (OSError, sqlite3.Error) as exc:
        print(f"note: your workspace could not be read ({exc}): {lost}", file=sys.stderr)
        return fallback


def _payer_profiles() -> list[PayerProfile]:
    """The saved payer profiles (type, filing limit) for the scrub."""
    from core.workspace.payers import list_payers

    return _from_workspace(
        list_payers, [], "payer types come from the claims' filing indicators and payer names only"
    )


def _denial_history() -> DenialHistory | None:
    """The practice's denial patterns (DENIAL-HISTORY)."""
    from core.remit.history import load_denial_history

    return _from_workspace(load_denial_history, None, "DENIAL-HISTORY is not checked")
