"""Command-line interface over the same core as the GUI: `python main.py SUBCOMMAND ...`
(`billing-assistant SUBCOMMAND ...` when installed).

Each cli module registers its subcommands with argparse only and imports what its command
needs inside the handler, so a lookup does not pay for openpyxl, the importers or Qt."""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Sequence

from core.db import DatabaseError
from core.logs import quiet_unraisable
from core.paths import program_name

from . import claims, fee, lookup, payer, reference, remit, scrub
from .common import UsageError
from .failures import bug, storage_problem


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name(),
        description="Billing assistant: code lookup, Medicare fees, claim scrubbing, "
        "remittances. "
        "Without a subcommand the desktop app opens.",
    )
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    reference.register(commands)
    lookup.register(commands)
    fee.register(commands)
    payer.register(commands)
    claims.register(commands)
    scrub.register(commands)
    remit.register(commands)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM (a logout, a shutdown, `kill`): the command stops as Ctrl+C stops it, rolling
    back what it was writing, instead of dying in the middle."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def run(argv: Sequence[str]) -> int:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    quiet_unraisable()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except (UsageError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        print("interrupted: nothing was written", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130  # 128 + SIGTERM / SIGINT
    except BrokenPipeError:
        return _reader_went_away()
    except (sqlite3.Error, OSError) as exc:
        print(f"error: {storage_problem(exc, args)}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one line here, the traceback in the log
        print(f"error: {bug(exc)}", file=sys.stderr)
        return 1


def _reader_went_away() -> int:
    """The output was piped into a program that stopped reading (`| head`): stop quietly, as
    other command-line tools do, without a traceback or a second error when Python exits and
    flushes stdout."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped this way
