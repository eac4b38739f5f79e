"""Pieces every subcommand shares: the --db, --json and --date options, a result printed as JSON
or as text, a saved payer profile, progress on stderr."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from core.db import open_readonly
from core.paths import default_reference_db
from core.sources.ensure import ensure_reference_db

if TYPE_CHECKING:
    from core.workspace.payers import PayerProfile


class UsageError(Exception):
    """Bad usage or bad input: printed as one line on stderr, exit status 2."""


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="reference database (default: the bundled one in your data folder)",
    )


def add_worklist_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="a worklist (.xlsx or .csv), an X12 837P file, or a folder of them; several "
        "are read as one worklist",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def set_handler(
    parser: argparse.ArgumentParser,
    handler: Callable[[argparse.Namespace], int],
    db: bool = False,
    json: bool = False,
) -> None:
    """The function the command runs, and the --db and --json options when it takes them."""
    if db:
        add_db_option(parser)
    if json:
        add_json_option(parser)
    parser.set_defaults(handler=handler)


def add_date_option(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument(
        "--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD", help=help
    )


def day(text: str) -> date:
    """An argparse type: a YYYY-MM-DD date, or an error that says how to write one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def resolve_db(args: argparse.Namespace) -> Path:
    """The database to use; the default one is built from the bundled sources when missing."""
    if args.db is not None:
        return args.db
    path = default_reference_db()
    warning = ensure_reference_db(path, progress=stderr_progress())
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    return path


def open_reference(args: argparse.Namespace) -> sqlite3.Connection:
    return open_readonly(resolve_db(args))


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, default=str))


def print_result(
    args: argparse.Namespace, data: Callable[[], object], text: Callable[[], None]
) -> int:
    """The result as JSON with --json (data() gives it), as text otherwise; exit status 0."""
    if args.json:
        print_json(data())
    else:
        text()
    return 0


def saved_payer(name: str) -> PayerProfile:
    """The payer profile saved under `name` in the user's workspace."""
    from core.workspace import open_workspace
    from core.workspace.payers import PayerError, find_payer

    try:
        workspace = open_workspace()
        try:
            return find_payer(workspace, name)
        finally:
            workspace.close()
    except PayerError as exc:
        raise UsageError(str(exc)) from exc


def stderr_progress():
    """A progress callback: a live percentage on a terminal, a line per 20% otherwise."""
    interactive = sys.stderr.isatty()
    last = {"step": -1}

    def report(message: str, fraction: float) -> None:
        if interactive:
            print(f"\r{message[:60]:<60} {fraction:4.0%}", end="", file=sys.stderr, flush=True)
            if fraction >= 1.0:
                print(file=sys.stderr)
            return
        step = int(fraction * 5)
        if step != last["step"]:
            last["step"] = step
            print(f"{message} ({fraction:.0%})", file=sys.stderr)

    return report
