"""Pieces every subcommand shares: the --db and --json options, progress on stderr."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from core.db import open_readonly
from core.paths import default_reference_db
from core.sources.ensure import ensure_reference_db


class UsageError(Exception):
    """Bad usage or bad input: printed as one line on stderr, exit status 2."""


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="reference database (default: the bundled one in your data folder)",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


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
