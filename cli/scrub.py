"""`scrub`: load worklists and 837P files, run every scrub rule, print each claim's status,
expected Medicare allowed amount and findings. Exit 0 when it ran (even with findings), 2 on
bad usage or when no claim could be loaded. `-o OUT.xlsx` also writes the checked claims as a
workbook (Summary, Claims, Lines, Findings)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .common import UsageError, add_db_option, add_json_option, open_reference, print_json

T = TypeVar("T")

if TYPE_CHECKING:
    from core.claims.checked import CheckedClaim
    from core.remit.history import DenialHistory
    from core.workspace.payers import PayerProfile


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "scrub", help="check claims (.xlsx, .csv worklists, X12 837P) before they are sent",
        description="Run every scrub rule (codes, diagnoses, pointers, modifiers, NCCI, MUE, "
                    "global surgery, dates, NPI, place of service, patient) over the claims of "
                    "the given files, across the whole worklist. Exit status 0 when the check "
                    "ran, even with findings; 2 on bad usage or when no claim could be read.")
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    parser.add_argument("--as-of", type=_day, default=None, metavar="YYYY-MM-DD",
                        help="the day the check is made (default today): drives timely filing "
                             "and future dates of service")
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="OUT.xlsx",
                        help="also write the checked claims to an Excel workbook: Summary, "
                             "Claims, Lines (loads again as a worklist) and Findings sheets")
    parser.add_argument("--no-history", action="store_true",
                        help="leave out DENIAL-HISTORY (warnings from your own remittances)")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(handler=cmd_scrub)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def cmd_scrub(args: argparse.Namespace) -> int:
    from core.claims_io import load_worklist
    from core.refdata.coverage import release_summary
    from core.scrub.engine import scrub

    if args.output is not None and args.output.suffix.lower() != ".xlsx":
        raise UsageError(f"-o {args.output}: the checked claims are written as an Excel "
                         "workbook; name it .xlsx")
    loaded = load_worklist(args.inputs)
    if not loaded.claims:
        reasons = "; ".join(str(p) for p in loaded.problems) or "the files hold no claims"
        raise UsageError(f"no claims could be loaded ({reasons})")
    as_of = args.as_of or date.today()
    payers = _payer_profiles()
    history = None if args.no_history else _denial_history()
    conn = open_reference(args)
    try:
        checked = scrub(conn, loaded.claims, as_of, payers, denial_history=history)
        releases = release_summary(conn)
    finally:
        conn.close()
    if args.output is not None:
        from core.claims_io.checked_workbook import write_checked_workbook
        from core.tabular import ExportError

        try:
            write_checked_workbook(args.output, checked, releases, datetime.now())
        except ExportError as exc:
            raise UsageError(str(exc)) from exc
    if args.json:
        print_json({"as_of": as_of.isoformat(),
                    "workbook": None if args.output is None else str(args.output),
                    "claims": [c.to_dict() for c in checked],
                    "problems": [p.to_dict() for p in loaded.problems]})
        return 0
    _print_report(checked, as_of)
    if loaded.problems:
        print("\nproblems reading the input:")
        for problem in loaded.problems:
            print(f"  {problem}")
    if args.output is not None:
        print(f"\nwrote the checked claims to {args.output}")
    return 0


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

    return _from_workspace(list_payers, [], "payer types come from the claims' filing "
                           "indicators and payer names only")


def _denial_history() -> DenialHistory | None:
    """The practice's denial patterns (DENIAL-HISTORY)."""
    from core.remit.history import load_denial_history

    return _from_workspace(load_denial_history, None, "DENIAL-HISTORY is not checked")


def _print_report(checked: list[CheckedClaim], as_of: date) -> None:
    counts = {status: sum(c.status == status for c in checked)
              for status in ("clean", "warnings", "errors")}
    print(f"scrubbed {len(checked)} claims as of {as_of.isoformat()}: {counts['clean']} clean, "
          f"{counts['warnings']} with warnings, {counts['errors']} with errors")
    for item in checked:
        amount = "-" if item.expected_amount is None else f"${item.expected_amount}"
        print(f"\nclaim {item.claim.claim_id}: {item.status_text}; expected Medicare allowed "
              f"{amount}")
        for note in item.amount_notes:
            print(f"  note: {note}")
        for f in item.findings:
            where = f"line {f.line}" if f.line is not None else "claim"
            money = f" [at stake ${f.money_at_stake}]" if f.money_at_stake is not None else ""
            print(f"  {f.severity.upper():<7} {f.rule:<20} {where}: {f.message}{money}")
            print(f"          fix: {f.fix}")
            print(f"          source: {f.source}")
    sys.stdout.flush()
